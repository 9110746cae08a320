import io
from collections import namedtuple, OrderedDict, deque
s = io.StringIO()
s.write('line1\n')
print('x', file=s)
print(repr(s.getvalue()))
b = io.BytesIO(b'ab\ncd')
print(b.readline(), b.read())
P = namedtuple('P', ('x', 'y'))
p = P(1, y=2)
print(p, p.x + p.y)
d = OrderedDict()
d['z'] = 1
d['a'] = 2
print(list(d.keys()))
q = deque((), 3)
q.append(1)
q.append(2)
print(q.popleft(), len(q))
