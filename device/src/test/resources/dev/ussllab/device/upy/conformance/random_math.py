import random, math
random.seed(1)
r = [random.randint(1, 6) for _ in range(50)]
print(min(r) >= 1, max(r) <= 6, len(r))
print(0 <= random.random() < 1, random.choice('x'))
print(math.sqrt(16), math.pi > 3.14, math.floor(-2.5), math.ceil(2.1))
print(round(math.sin(0), 3), math.isclose(math.exp(1), math.e), int(math.log(1024, 2) + 0.5))
