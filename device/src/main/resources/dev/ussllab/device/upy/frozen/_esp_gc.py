from gc import *
import gc as _gc

# The ESP8266 port's MicroPython heap (esp8266/main.c): about 38 KB after boot. The VM here grows its
# heap within the board's memory cap, so report what a real board would have left.
_HEAP = 38 * 1024 + 3 * 1024


def mem_free():
    return max(0, _HEAP - _gc.mem_alloc())
