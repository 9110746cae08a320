from sys import *
platform = 'esp8266'
version = '3.4.0; MicroPython v1.22.2 on 2024-02-22'
