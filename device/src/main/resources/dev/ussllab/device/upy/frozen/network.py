# network of the emulated ESP8266: the station "joins" the laptop's loopback.
import _board

STA_IF = 0
AP_IF = 1
STAT_IDLE = 0
STAT_CONNECTING = 1
STAT_WRONG_PASSWORD = 2
STAT_NO_AP_FOUND = 3
STAT_CONNECT_FAIL = 4
STAT_GOT_IP = 5
MODE_11B = 1
MODE_11G = 2
MODE_11N = 3
AUTH_OPEN = 0
AUTH_WEP = 1
AUTH_WPA_PSK = 2
AUTH_WPA2_PSK = 3
AUTH_WPA_WPA2_PSK = 4


class WLAN:
    def __init__(self, interface_id=STA_IF):
        self._if = interface_id
        self._cfg = {'essid': '', 'mac': b'\x5c\xcf\x7f\x00\x00\x01', 'hostname': 'ESP-000001'}

    def active(self, *a):
        return _board.wlan('active', *a)

    def connect(self, ssid=None, key=None, **kw):
        if ssid is not None:
            self._cfg['essid'] = ssid
        _board.wlan('connect')

    def disconnect(self):
        _board.wlan('disconnect')

    def isconnected(self):
        return bool(_board.wlan('isconnected')) if self._if == STA_IF else False

    def status(self, *a):
        if a:
            return 0
        return STAT_GOT_IP if self.isconnected() else STAT_IDLE

    def ifconfig(self, *a):
        if a:
            return None
        if self._if == STA_IF and self.isconnected():
            return ('127.0.0.1', '255.0.0.0', '127.0.0.1', '127.0.0.1')
        return ('0.0.0.0', '0.0.0.0', '0.0.0.0', '0.0.0.0')

    def config(self, *a, **kw):
        if kw:
            self._cfg.update(kw)
            return None
        return self._cfg.get(a[0])

    def scan(self):
        return []


def hostname(name=None):
    return None if name is not None else 'ESP-000001'
