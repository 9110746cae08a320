b = b'esp8266'
print(b[1:4], b.upper(), b.find(b'82'), list(b[:2]))
ba = bytearray(b'abc')
ba[0] = 65
ba.extend(b'de')
print(ba, len(ba))
mv = memoryview(ba)
mv[1:3] = b'XY'
print(bytes(mv[:3]), ba)
print(b'%s=%d' % (b'n', 5), bytes([1, 255]), b'\x00\x01'.hex())
