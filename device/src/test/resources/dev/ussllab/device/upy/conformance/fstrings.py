name = 'esp'
n = 3.14159
print(f'{name}:{n:.2f}:{n!r}:{{}}')
print(f'{1 + 2}|{name.upper():>6}|{255:#x}|{7:03d}')
print('{} {:5}|{:<4}|'.format('a', 12, 'b'))
print('%s %5.1f %x' % ('z', 2.31, 255))
