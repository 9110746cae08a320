# esp of the emulated ESP8266.
import gc as _gc

SLEEP_NONE = 0
SLEEP_LIGHT = 1
SLEEP_MODEM = 2


def osdebug(level):
    pass


def sleep_type(t=None):
    return SLEEP_NONE if t is None else None


def flash_id():
    return 1458400


def flash_size():
    return 4194304


def flash_user_start():
    return 1019904


def freemem():
    return _gc.mem_free()


def check_fw():
    return True


def deepsleep(us=0):
    import machine
    machine.reset()
