from time import *
import _board


def _check(r):
    if r is not None:
        while True:  # Ctrl-C: the VM raises KeyboardInterrupt at this jump
            pass


def sleep_ms(ms):
    _check(_board.sleep_ms(int(ms)))


def sleep(s):
    _check(_board.sleep_ms(int(s * 1000)))


def sleep_us(us):
    if us >= 1000:
        _check(_board.sleep_ms(us // 1000))
