from os import *
import collections as _c

_uname = _c.namedtuple('uname_result', ('sysname', 'nodename', 'release', 'version', 'machine'))(
    'esp8266', 'esp8266', '2.2.0-dev(9422289)', 'v1.22.2 on 2024-02-22', 'ESP module with ESP8266')


def uname():
    return _uname


def urandom(n):
    import random
    return bytes(random.getrandbits(8) for _ in range(n))


def dupterm(stream=None, index=0):
    return None


import os as _os


def ilistdir(path=''):
    # The ESP8266's FAT filesystem answers (name, type, inode 0, size); the VM's posix one has no size.
    base = path if path else _os.getcwd()
    for e in _os.ilistdir(path) if path else _os.ilistdir():
        size = 0
        if e[1] != 0x4000:
            try:
                size = _os.stat((base.rstrip('/') + '/' + e[0]) if base else e[0])[6]
            except OSError:
                pass
        yield (e[0], e[1], 0, size)


def stat(path):
    st = _os.stat(path)
    # FAT on the ESP8266: the type bits only, no permissions, inode or links.
    return (st[0] & 0xf000, 0, 0, 0, 0, 0, st[6], st[7], st[8], st[9])
