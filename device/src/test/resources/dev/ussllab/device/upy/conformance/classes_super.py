class Base:
    def __init__(self, name):
        self.name = name

    def hello(self):
        return 'Base ' + self.name

class Child(Base):
    def __init__(self, name, n):
        super().__init__(name)
        self.n = n

    def hello(self):
        return super().hello() + ' x%d' % self.n

    def __repr__(self):
        return 'Child(%r)' % self.name

c = Child('esp', 3)
print(c.hello())
print(c, isinstance(c, Base), issubclass(Child, Base))
