import json
s = json.dumps({'a': [1, 2.5, None, True]})
print(s)
print(json.loads('{"x": [1, {"y": "z"}], "f": false}')['x'][1]['y'])
try:
    json.loads('{bad')
except ValueError as e:
    print('ValueError')
