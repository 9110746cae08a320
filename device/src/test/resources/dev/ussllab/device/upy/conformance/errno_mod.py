import errno
print(errno.ENOENT, errno.EAGAIN, errno.ETIMEDOUT, errno.ECONNRESET, errno.EINPROGRESS)
print(errno.errorcode[errno.ENOENT])
try:
    open('no-such-file')
except OSError as e:
    print(e.errno == errno.ENOENT, e)
