from sys import *
# The VM's own list, the one import searches (an attribute that "import *" does not copy), so
# sys.path.insert/append/remove work as on the board; _boot gives it the ESP8266's entries.
from sys import path
platform = 'esp8266'
version = '3.4.0; MicroPython v1.22.2 on 2024-02-22'


class _Implementation:
    # sys.implementation of the ESP8266 v1.22.2 firmware (an attrtuple there): mpremote and mip read it.
    name = 'micropython'
    version = (1, 22, 2, '')
    _machine = 'ESP module with ESP8266'
    _mpy = 6 | 2 << 8 | 9 << 10

    def __repr__(self):
        return "(name='micropython', version=(1, 22, 2, ''), _machine='ESP module with ESP8266', _mpy=%d)" % self._mpy


implementation = _Implementation()


# On the ESP8266 the text stream sys.stdout sends "\n" as "\r\n", while sys.stdout.buffer sends bytes
# as they are (shared/runtime/sys_stdio_mphal.c); the VM has one stream for both, so the buffer is ours.
import uio as _io
import _board
from uctypes import addressof as _addr


class _StdoutBuffer(_io.IOBase):
    def write(self, b, *n):
        if isinstance(b, str):
            b = b.encode()
        mv = memoryview(b)
        if len(n) == 1:
            mv = mv[:n[0]]
        elif len(n) == 2:
            mv = mv[n[0]:n[0] + n[1]]
        if len(mv):
            _board.stdout_raw(_addr(mv), len(mv))
        return len(mv)

    def flush(self):
        pass


class _Stdout(_io.IOBase):
    def __init__(self, text):
        self._text = text
        self.buffer = _StdoutBuffer()

    def write(self, s, *n):
        return self._text.write(s, *n)

    def flush(self):
        pass


stdout = _Stdout(stdout)
del _StdoutBuffer, _Stdout
