# ussl-lab board mount: the board's half of mpremote's remote filesystem. It speaks mpremote's wire
# protocol (transport_serial.py): a request is 0x18 and a command number on stdout, the host answers
# 0x18, then the arguments go out and the answer comes back on stdin; integers are little-endian,
# strings and bytes a signed 32-bit length then the bytes. Ctrl-C is switched off during a request,
# since the host's answer may hold 0x03 bytes.
import os, io, struct, micropython

SEEK_SET = 0


class RemoteCommand:
    def __init__(self):
        import select, sys
        self.b4 = bytearray(4)
        self.fin = sys.stdin.buffer
        self.fout = sys.stdout.buffer
        self.poller = select.poll()
        self.poller.register(self.fin, select.POLLIN)

    def _await(self):
        # The host answers at once; a silent host is gone, and the board must not wait forever.
        if not self.poller.poll(1000):
            self.end()
            raise OSError(110)

    def rinto(self, buf, n):
        mv = memoryview(buf)
        got = 0
        while got < n:
            self._await()
            got += self.fin.readinto(mv[got:n])

    def begin(self, cmd):
        micropython.kbd_intr(-1)
        b = self.b4
        b[0] = 0x18
        b[1] = cmd
        self.fout.write(b, 2)
        for _ in range(30):
            if self.poller.poll(1000) and self.fin.read(1) == b'\x18':
                return
        self.end()
        raise OSError(110)

    def end(self):
        micropython.kbd_intr(3)

    def rs8(self):
        self.rinto(self.b4, 1)
        n = self.b4[0]
        return n - 0x100 if n & 0x80 else n

    def rs32(self):
        self.rinto(self.b4, 4)
        return struct.unpack('<i', self.b4)[0]

    def ru32(self):
        self.rinto(self.b4, 4)
        return struct.unpack('<I', self.b4)[0]

    def rbytes(self, buf=None):
        n = self.rs32()
        if buf is None:
            buf = bytearray(n)
            self.rinto(buf, n)
            return buf
        self.rinto(buf, n)
        return n

    def rstr(self):
        n = self.rs32()
        if n == 0:
            return ''
        b = bytearray(n)
        self.rinto(b, n)
        return str(b, 'utf8')

    def ws8(self, i):
        self.b4[0] = i & 0xff
        self.fout.write(self.b4, 1)

    def ws32(self, i):
        struct.pack_into('<i', self.b4, 0, i)
        self.fout.write(self.b4)

    def wbytes(self, b):
        if isinstance(b, str):
            b = b.encode()
        self.ws32(len(b))
        self.fout.write(b)

    wstr = wbytes


class RemoteFile(io.IOBase):
    def __init__(self, cmd, fd, is_text):
        self.cmd = cmd
        self.fd = fd
        self.is_text = is_text

    def __enter__(self):
        return self

    def __exit__(self, a, b, c):
        self.close()

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def ioctl(self, req, arg):
        if req == 1:  # MP_STREAM_FLUSH
            return 0
        if req == 2:  # MP_STREAM_SEEK: arg points at {mp_off_t offset; int whence}
            import uctypes
            s = uctypes.struct(arg, {'off': uctypes.INT32 | 0, 'whence': uctypes.INT32 | 4})
            s.off = self.seek(s.off, s.whence)
            return 0
        if req == 4:  # MP_STREAM_CLOSE
            self.close()
            return 0
        if req == 11:  # MP_STREAM_GET_BUFFER_SIZE: import reads in chunks of this size
            return 249
        return -1

    def flush(self):
        pass

    def close(self):
        if self.fd is None:
            return
        c = self.cmd
        c.begin(5)
        c.ws8(self.fd)
        c.end()
        self.fd = None

    def _got(self, data):
        return str(data, 'utf8') if self.is_text else bytes(data)

    def read(self, n=-1):
        c = self.cmd
        c.begin(6)
        c.ws8(self.fd)
        c.ws32(n)
        data = c.rbytes()
        c.end()
        return self._got(data)

    def readinto(self, buf):
        c = self.cmd
        c.begin(6)
        c.ws8(self.fd)
        c.ws32(len(buf))
        n = c.rbytes(buf)
        c.end()
        return n

    def readline(self):
        c = self.cmd
        c.begin(7)
        c.ws8(self.fd)
        data = c.rbytes()
        c.end()
        return self._got(data)

    def readlines(self):
        return [line for line in self]

    def write(self, buf):
        c = self.cmd
        c.begin(8)
        c.ws8(self.fd)
        c.wbytes(buf)
        n = c.rs32()
        c.end()
        if n < 0:
            raise OSError(-n)
        return n

    def seek(self, n, whence=SEEK_SET):
        c = self.cmd
        c.begin(9)
        c.ws8(self.fd)
        c.ws32(n)
        c.ws8(whence)
        n = c.rs32()
        c.end()
        if n < 0:
            raise OSError(-n)
        return n

    def tell(self):
        return self.seek(0, 1)


class RemoteFS:
    def __init__(self, cmd):
        self.cmd = cmd
        self.path = '/'

    def _abspath(self, path):
        return path if path.startswith('/') else self.path + path

    def mount(self, readonly, mkfs):
        pass

    def umount(self):
        pass

    def chdir(self, path):
        if not path.startswith('/'):
            path = self.path + path
        if not path.endswith('/'):
            path += '/'
        if path != '/':
            self.stat(path)
        self.path = path

    def getcwd(self):
        return self.path

    def _call(self, cmd, *paths):
        c = self.cmd
        c.begin(cmd)
        for p in paths:
            c.wstr(self._abspath(p))
        res = c.rs32()
        c.end()
        if res < 0:
            raise OSError(-res)

    def remove(self, path):
        self._call(10, path)

    def rename(self, old, new):
        self._call(11, old, new)

    def mkdir(self, path):
        self._call(12, path)

    def rmdir(self, path):
        self._call(13, path)

    def stat(self, path):
        c = self.cmd
        c.begin(1)
        c.wstr(self._abspath(path))
        res = c.rs8()
        if res < 0:
            c.end()
            raise OSError(-res)
        mode = c.ru32()
        size = c.ru32()
        atime = c.ru32()
        mtime = c.ru32()
        ctime = c.ru32()
        c.end()
        return mode, 0, 0, 0, 0, 0, size, atime, mtime, ctime

    def ilistdir(self, path):
        c = self.cmd
        c.begin(2)
        c.wstr(self._abspath(path))
        res = c.rs8()
        c.end()
        if res < 0:
            raise OSError(-res)

        def entries():
            while True:
                c.begin(3)
                name = c.rstr()
                if not name:
                    c.end()
                    return
                kind = c.ru32()
                c.end()
                yield (name, kind, 0)

        return entries()

    def open(self, path, mode):
        c = self.cmd
        c.begin(4)
        c.wstr(self._abspath(path))
        c.wstr(mode)
        fd = c.rs8()
        c.end()
        if fd < 0:
            raise OSError(-fd)
        return RemoteFile(c, fd, mode.find('b') == -1)


def __mount():
    os.mount(RemoteFS(RemoteCommand()), '/remote')
    os.chdir('/remote')
