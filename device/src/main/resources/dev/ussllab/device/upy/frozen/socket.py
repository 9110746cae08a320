# socket/usocket of the emulated ESP8266: the calls go to the laptop's network (java.net) with
# lwIP's errors as the firmware maps them (ECONNRESET for a refused connection, OSError(-2) for a
# name that does not resolve).
import _board
import io
from uctypes import addressof as _addr

AF_INET = 2
AF_INET6 = 10
SOCK_STREAM = 1
SOCK_DGRAM = 2
SOCK_RAW = 3
SOL_SOCKET = 1
SO_REUSEADDR = 4
IPPROTO_IP = 0
IPPROTO_TCP = 6
IPPROTO_UDP = 17
IP_ADD_MEMBERSHIP = 1024

_MP_STREAM_POLL = 3


def _c(r):
    if type(r) is str and r[:2] == '\x00E':
        code = r[2:]
        if code == 'KI':
            while True:  # Ctrl-C: the VM raises KeyboardInterrupt at this jump
                pass
        if code[:2] == 'V:':
            raise ValueError(code[2:])
        n, _, name = code.partition(':')
        if name:
            raise OSError(int(n), name)
        raise OSError(int(n))
    return r


def _nb(r):
    # Streams answer EAGAIN with None, as MicroPython's stream read does.
    if type(r) is str and r == '\x00E11':
        return None
    return _c(r)


def getaddrinfo(host, port, af=0, type=0, proto=0, flags=0):
    ip = _c(_board.getaddrinfo(str(host)))
    return [(AF_INET, SOCK_STREAM if type != SOCK_DGRAM else SOCK_DGRAM, IPPROTO_TCP if type != SOCK_DGRAM else IPPROTO_UDP, '', (ip, port))]


def _ip(addr):
    if isinstance(addr, (tuple, list)):
        return str(addr[0]), int(addr[1])
    raise TypeError('address must be a tuple')


class socket(io.IOBase):
    def __init__(self, af=AF_INET, type=SOCK_STREAM, proto=0, _id=None):
        self._type = type
        self._id = _c(_board.sock_new(type)) if _id is None else _id

    def _fileno(self):
        if self._id is None:
            raise OSError(9)
        return self._id

    def close(self):
        if self._id is not None:
            _board.sock_close(self._id)
            self._id = None

    def connect(self, addr):
        host, port = _ip(addr)
        _c(_board.sock_connect(self._fileno(), host, port))

    def bind(self, addr):
        host, port = _ip(addr)
        _c(_board.sock_bind(self._fileno(), host, port))

    def listen(self, backlog=2):
        _c(_board.sock_listen(self._fileno(), backlog))

    def accept(self):
        r = _c(_board.sock_accept(self._fileno())).split(' ')
        return socket(AF_INET, SOCK_STREAM, 0, int(r[0])), (r[1], int(r[2]))

    def setsockopt(self, level, opt, value):
        pass

    def settimeout(self, t):
        _board.sock_settimeout(self._fileno(), -1 if t is None else int(t * 1000))

    def setblocking(self, flag):
        _board.sock_settimeout(self._fileno(), -1 if flag else 0)

    def getsockname(self):
        r = _board.sock_local(self._fileno()).split(' ')
        return (r[0], int(r[1]))

    def send(self, buf):
        return _c(_board.sock_send(self._fileno(), _addr(buf), len(buf)))

    def sendall(self, buf):
        self.send(buf)

    def write(self, buf, n=None):
        if isinstance(buf, str):
            buf = buf.encode()
        if n is not None:
            buf = memoryview(buf)[:n]
        return _c(_board.sock_send(self._fileno(), _addr(buf), len(buf)))

    def recv(self, n):
        b = bytearray(n)
        k = _c(_board.sock_recv_into(self._fileno(), _addr(b), n))
        return bytes(b[:k])

    def read(self, n=-1):
        # Stream reads: n bytes or up to the peer's close; None when non-blocking and nothing came.
        if n is None or n < 0:
            out = b''
            while True:
                d = self.read(1024)
                if not d:
                    return out
                out += d
        b = bytearray(n)
        k = _nb(_board.sock_read_into(self._fileno(), _addr(b), n))
        if k is None:
            return None
        return bytes(b[:k])

    def readinto(self, buf, n=None):
        if n is None:
            n = len(buf)
        return _nb(_board.sock_recv_into(self._fileno(), _addr(buf), n))

    def readline(self):
        r = _nb(_board.sock_readline(self._fileno()))
        if r is None:
            return None
        return bytes(ord(ch) for ch in r)

    def sendto(self, buf, addr):
        host, port = _ip(addr)
        return _c(_board.sock_sendto(self._fileno(), _addr(buf), len(buf), host, port))

    def recvfrom(self, n):
        b = bytearray(n)
        r = _c(_board.sock_recvfrom_into(self._fileno(), _addr(b), n)).split(' ')
        return bytes(b[:int(r[0])]), (r[1], int(r[2]))

    def makefile(self, mode='rb', buffering=0):
        return self

    def ioctl(self, req, arg):
        if req == _MP_STREAM_POLL:
            if self._id is None:
                return 0x20 & arg
            return _board.sock_poll(self._id) & (arg | 0x18)
        return 0

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.close()
