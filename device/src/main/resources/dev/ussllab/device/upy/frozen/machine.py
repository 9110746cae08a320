# machine of the emulated ESP8266: pins hold their value; reset() reboots the board.
import _board
import time as _time


class Pin:
    IN = 0
    OUT = 1
    OPEN_DRAIN = 2
    PULL_UP = 1
    IRQ_RISING = 1
    IRQ_FALLING = 2

    def __init__(self, id, mode=-1, pull=-1, value=None):
        self._id = id
        if value is not None:
            self.value(value)

    def init(self, mode=-1, pull=-1, value=None):
        if value is not None:
            self.value(value)

    def value(self, v=None):
        if v is None:
            return _board.pin(self._id, -1)
        _board.pin(self._id, 1 if v else 0)

    def __call__(self, v=None):
        return self.value(v)

    def on(self):
        self.value(1)

    def off(self):
        self.value(0)

    def irq(self, handler=None, trigger=3):
        return None

    def __repr__(self):
        return 'Pin(%d)' % self._id


def reset():
    _board.reset(True)


def soft_reset():
    _board.reset(False)


def freq(f=None):
    return 80000000 if f is None else None


def unique_id():
    return b'\x01\x00\x00\x00'


def idle():
    pass


def reset_cause():
    return 4  # SOFT_RESET


def disable_irq():
    return 0


def enable_irq(state=0):
    pass


def time_pulse_us(pin, level, timeout_us=1000000):
    return -1


PWRON_RESET = 0
WDT_RESET = 1
SOFT_RESET = 4
DEEPSLEEP_RESET = 5
HARD_RESET = 6
DEEPSLEEP = 4
