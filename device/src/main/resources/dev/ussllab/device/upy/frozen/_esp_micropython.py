# ussl-lab: the VM's micropython module, with kbd_intr reaching the emulated UART: the byte it
# names (Ctrl-C unless changed; -1 for none) interrupts a running program instead of being read
# from sys.stdin, as mp_hal_set_interrupt_char arranges on the ESP8266.
from micropython import *
import micropython as _m
import _board


def kbd_intr(c):
    _m.kbd_intr(c)
    _board.kbd_intr(c)
