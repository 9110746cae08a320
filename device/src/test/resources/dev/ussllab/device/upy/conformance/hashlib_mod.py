import hashlib, binascii
print(binascii.hexlify(hashlib.sha256(b'abc').digest()))
h = hashlib.sha1()
h.update(b'a')
h.update(b'bc')
print(binascii.hexlify(h.digest()))
