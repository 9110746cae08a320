class BoardError(Exception):
    pass

def deep(n):
    if n == 0:
        raise BoardError('bottom')
    return deep(n - 1)

try:
    deep(30)
except BoardError as e:
    print('caught', e.args)

try:
    try:
        1 / 0
    finally:
        print('finally runs')
except ZeroDivisionError as e:
    print(type(e).__name__, e)

try:
    {}['k']
except KeyError as e:
    print(repr(e))

try:
    raise ValueError('x') from None
except ValueError:
    print('ok')
else:
    print('not here')
