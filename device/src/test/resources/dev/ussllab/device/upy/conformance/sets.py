a = {1, 2, 3}
b = {3, 4}
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(a ^ b))
a.add(5)
a.discard(1)
print(sorted(a), 5 in a, 1 in a, len(a))
print(sorted({x % 3 for x in range(10)}))
print(set() == set(), frozenset([1]) == {1})
