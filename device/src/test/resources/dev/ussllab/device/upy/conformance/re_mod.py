import re
m = re.match(r'(\w+)=(\d+)', 'temp=21;')
print(m.group(0), m.group(1), int(m.group(2)))
print(re.sub(r'\s+', ' ', 'a   b \t c'))
print(re.compile(',').split('a,b,,c'))
print(re.search('[0-9]+', 'abc123def').group(0))
