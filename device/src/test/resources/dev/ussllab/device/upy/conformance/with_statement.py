class Ctx:
    def __enter__(self):
        print('enter')
        return self

    def __exit__(self, t, v, tb):
        print('exit', t.__name__ if t else None)
        return True

with Ctx() as c:
    print('body')
with Ctx():
    raise OSError(5)
print('after')
