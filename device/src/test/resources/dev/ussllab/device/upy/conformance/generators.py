def count(n):
    i = 0
    while i < n:
        yield i
        i += 1

print(list(count(4)))
g = (x * x for x in range(5) if x % 2)
print(list(g))

def echo():
    got = yield 'ready'
    while True:
        got = yield got * 2

e = echo()
print(next(e), e.send(3), e.send(5))

def delegate():
    r = yield from count(2)
    yield 'done'

print(list(delegate()))
