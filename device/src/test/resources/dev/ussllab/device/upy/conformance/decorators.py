def tag(name, times=1):
    def wrap(f):
        def inner(*a, **kw):
            return '<%s>' % name + f(*a, **kw) * times + '</%s>' % name
        return inner
    return wrap

@tag('b', times=2)
def word(w):
    return w

print(word('hi'))

class C:
    @staticmethod
    def s():
        return 'static'

    @classmethod
    def c(cls):
        return cls.__name__

    @property
    def p(self):
        return 42

print(C.s(), C.c(), C().p)
