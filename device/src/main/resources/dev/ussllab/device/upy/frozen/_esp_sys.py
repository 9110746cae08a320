from sys import *
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
