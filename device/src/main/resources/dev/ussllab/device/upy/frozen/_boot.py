# ussl-lab: run once at every boot of the emulated ESP8266, before boot.py.
# The VM's own sys/os/time/gc stay underneath; the ESP8266 firmware's details go on top.
import sys
import _esp_sys, _esp_os, _esp_time, _esp_gc, _esp_micropython
for _n, _m in (('sys', _esp_sys), ('os', _esp_os), ('time', _esp_time), ('gc', _esp_gc)):
    sys.modules[_n] = _m
    sys.modules['u' + _n] = _m
sys.modules['micropython'] = _esp_micropython
del _n, _m, _esp_sys, _esp_os, _esp_time, _esp_gc, _esp_micropython


# The board's own modules load now, as frozen modules are there from power-on; u-names alias them.
import socket, ssl, network, machine, esp
for _n, _m in (('socket', socket), ('ssl', ssl)):
    sys.modules['u' + _n] = _m
del _n, _m

# The port freezes micropython-lib's pure-Python binascii/collections/io over its C modules; the
# ESP8266 firmware has only the C ones.
for _n in ('binascii', 'collections', 'io', 'json', 'struct', 're', 'select', 'errno', 'random', 'heapq', 'array'):
    sys.modules[_n] = sys.modules['u' + _n] = __import__('u' + _n)
import _esp_hashlib
sys.modules['hashlib'] = sys.modules['uhashlib'] = _esp_hashlib
del _n, _esp_hashlib


# input() on the ESP8266 reads a line from the UART with readline: keys echoed, backspace erases,
# Enter ends it, Ctrl-C raises KeyboardInterrupt, Ctrl-D on an empty line EOFError. The port's own
# input() waits on a console it does not have (forever, deaf to Ctrl-C), so it reads sys.stdin here.
def _input(prompt=None):
    import sys
    if prompt is not None:
        sys.stdout.write(str(prompt))
    out = sys.stdout.buffer
    read = sys.stdin.buffer.read
    line = bytearray()
    while True:
        c = read(1)
        if not c:
            raise EOFError
        b = c[0]
        if b == 13 or b == 10:
            out.write(b'\r\n')
            return str(line, 'utf8')
        if b == 3:
            raise KeyboardInterrupt
        if b == 4 and not line:
            raise EOFError
        if b == 8 or b == 127:
            if line:
                # a whole UTF-8 character goes
                end = len(line) - 1
                while end > 0 and line[end] & 0xc0 == 0x80:
                    end -= 1
                line = line[:end]
                out.write(b'\x08 \x08')
        elif b >= 32:
            line.append(b)
            out.write(c)


import builtins
builtins.input = _input
del builtins, _input


# sys.path as the ESP8266 firmware has it: py/runtime.c's mp_init makes ['', '.frozen'] and
# ports/esp8266/main.c (mp_reset) appends '/lib' and '/'. In place, as it is the list import
# searches; this also takes away '/.board', on it only while the board's modules above loaded.
sys.path[:] = ['', '.frozen', '/lib', '/']
