import struct, binascii
p = struct.pack('<HIb', 513, 1, -1)
print(p, struct.unpack('<HIb', p), struct.calcsize('>HI'))
print(struct.pack('!H', 8883))
print(binascii.hexlify(b'\x01\xab'), binascii.unhexlify('0aff'))
print(binascii.b2a_base64(b'hello'), binascii.a2b_base64('aGVsbG8='))
print(hex(binascii.crc32(b'esp8266')))
