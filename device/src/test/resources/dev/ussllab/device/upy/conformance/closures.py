def counter():
    n = 0
    def inc(step=1):
        nonlocal n
        n += step
        return n
    return inc

c = counter()
c()
c(5)
print(c())
adders = [lambda x, k=k: x + k for k in range(3)]
print([f(10) for f in adders])
