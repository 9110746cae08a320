# ssl/ussl of the emulated ESP8266: the handshake and records are ussl-lab's axTLS profile (the
# firmware's exact ClientHello, its 5115-byte record limit, its OSError numbers).
import _board
import socket as _socket
from uctypes import addressof as _addr

CERT_NONE = 0
CERT_OPTIONAL = 1
CERT_REQUIRED = 2
PROTOCOL_TLS_CLIENT = 0
PROTOCOL_TLS_SERVER = 1
MBEDTLS_VERSION = None


def _data(x):
    # mp_obj_str_get_data: str or bytes (the firmware takes key/cert as DER bytes).
    if isinstance(x, str):
        return x.encode()
    if isinstance(x, bytes):
        return x
    raise TypeError("can't convert '%s' object to str implicitly" % type(x).__name__)


class SSLSocket(_socket.socket):
    # ussl's socket: read/readline/write/close over TLS (the ESP8266 has no send/recv on it).
    pass


def wrap_socket(sock, server_side=False, key=None, cert=None, cert_reqs=CERT_NONE,
                cadata=None, server_hostname=None, do_handshake=True):
    if server_side:
        raise OSError(95)  # EOPNOTSUPP: the board is a client here
    if key is not None:
        k = _data(key)
        c = _data(cert)
        _socket._c(_board.tls_wrap(sock._fileno(), server_hostname, _addr(k), len(k), _addr(c), len(c)))
    else:
        _socket._c(_board.tls_wrap(sock._fileno(), server_hostname, 0, -1, 0, -1))
    s = SSLSocket(_socket.AF_INET, _socket.SOCK_STREAM, 0, sock._id)
    sock._id = None
    return s


class SSLContext:
    def __init__(self, protocol=PROTOCOL_TLS_CLIENT):
        self._key = None
        self._cert = None
        self.verify_mode = CERT_NONE

    def load_cert_chain(self, certfile, keyfile):
        self._cert = certfile
        self._key = keyfile

    def load_verify_locations(self, cafile=None, cadata=None):
        pass

    def wrap_socket(self, sock, server_side=False, do_handshake_on_connect=True, server_hostname=None):
        return wrap_socket(sock, server_side, self._key, self._cert, server_hostname=server_hostname)
