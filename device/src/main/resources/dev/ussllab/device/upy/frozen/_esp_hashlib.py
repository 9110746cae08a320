# hashlib of the ESP8266 firmware: sha256 (the VM's), sha1 and md5 (axTLS's on the board; here Java's).
from hashlib import *
import _board
from uctypes import addressof as _addr


class _Java:
    def __init__(self, algo, data=None):
        self._h = _board.hash_new(algo)
        if data:
            self.update(data)

    def update(self, data):
        _board.hash_update(self._h, _addr(data), len(data))

    def digest(self):
        s = _board.hash_digest(self._h)
        return bytes(ord(c) for c in s)


def sha1(data=None):
    return _Java('SHA-1', data)


def md5(data=None):
    return _Java('MD5', data)
