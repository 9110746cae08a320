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
