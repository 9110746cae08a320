x = 2 ** 100
print(x)
print(x // 3, x % 7, -x >> 90)
print(12345678901234567890 * 98765432109876543210)
print(hex(2 ** 64 - 1), int('ffffffffffffffffff', 16))
print((1 << 70).to_bytes(9, 'big'))
