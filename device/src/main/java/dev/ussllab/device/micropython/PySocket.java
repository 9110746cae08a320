package dev.ussllab.device.micropython;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A TCP socket (lwIP on the board, a java.net.Socket here), blocking unless told otherwise. */
final class PySocket implements PyObject {

    /** How long connect() waits before ETIMEDOUT (lwIP gives up on SYN retries in about this). */
    static final int CONNECT_TIMEOUT_MS = 20_000;
    /** Blocking reads wake this often to notice Ctrl-C. */
    static final int POLL_MS = 100;

    private final Board board;
    private Socket socket;
    private long timeoutMs = -1;
    private boolean closed;

    PySocket(Board board) {
        this.board = board;
    }

    @Override
    public String typeName() {
        return "socket";
    }

    Socket connected() {
        if (socket == null || !socket.isConnected() || closed) {
            throw PyException.oserror(Errno.ENOTCONN);
        }
        return socket;
    }

    @Override
    public Object getAttr(String name) {
        return switch (name) {
            case "connect" -> Builtin.positional("connect", 1, 1, a -> connect(a.get(0)));
            case "send", "write" -> Builtin.positional(name, 1, 1, a -> write(Builtins.bytesOf(a.get(0))));
            case "sendall" -> Builtin.positional(name, 1, 1, a -> {
                write(Builtins.bytesOf(a.get(0)));
                return Py.NONE;
            });
            case "recv" -> Builtin.positional("recv", 1, 1, a -> new PyBytes(read((int) Ops.toLong(a.get(0)), false)));
            case "read" -> Builtin.positional("read", 0, 1, a -> new PyBytes(read(a.isEmpty() ? Integer.MAX_VALUE : (int) Ops.toLong(a.get(0)), true)));
            case "readline" -> Builtin.positional("readline", 0, 0, a -> new PyBytes(readline()));
            case "settimeout" -> Builtin.positional("settimeout", 1, 1, a -> {
                timeoutMs = a.get(0) == Py.NONE ? -1 : (long) (Ops.toDouble(a.get(0)) * 1000);
                return Py.NONE;
            });
            case "setblocking" -> Builtin.positional("setblocking", 1, 1, a -> {
                timeoutMs = Py.truthy(a.get(0)) ? -1 : 0;
                return Py.NONE;
            });
            case "setsockopt" -> Builtin.positional("setsockopt", 3, 3, a -> Py.NONE);
            case "close" -> Builtin.positional("close", 0, 0, a -> close());
            case "bind", "listen", "accept" -> throw PyException.notInSubset("socket." + name + " (the emulated board is a client)");
            case "__enter__" -> Builtin.positional("__enter__", 0, 0, a -> this);
            case "__exit__" -> new Builtin("__exit__", (a, kw) -> close());
            default -> null;
        };
    }

    private Object connect(Object addr) {
        if (!(addr instanceof PyTuple t) || t.items().size() != 2) {
            throw PyException.type("TypeError", "address must be a (host, port) tuple");
        }
        String host = SocketModule.resolve(Py.str(t.items().get(0)));
        int port = (int) Ops.toLong(t.items().get(1));
        if (socket != null) {
            throw PyException.oserror(Errno.EALREADY);
        }
        socket = new Socket();
        board.track(socket);
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
        } catch (SocketTimeoutException e) {
            throw PyException.oserror(Errno.ETIMEDOUT);
        } catch (ConnectException e) {
            // lwIP reports the peer's RST on a SYN as a reset connection.
            throw PyException.oserror(Errno.ECONNRESET);
        } catch (IOException e) {
            throw PyException.oserror(Errno.EHOSTUNREACH);
        }
        return Py.NONE;
    }

    private Object write(byte[] b) {
        try {
            connected().getOutputStream().write(b);
            return (long) b.length;
        } catch (IOException e) {
            throw PyException.oserror(Errno.ECONNRESET);
        }
    }

    /** Reads up to n bytes; with full=true keeps reading until n bytes or EOF, as stream read() does. */
    private byte[] read(int n, boolean full) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[Math.min(Math.max(n, 1), 4096)];
        long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMs * 1_000_000L;
        try {
            Socket s = connected();
            InputStream in = s.getInputStream();
            while (out.size() < n) {
                s.setSoTimeout(POLL_MS);
                int r;
                try {
                    r = in.read(buf, 0, Math.min(buf.length, n - out.size()));
                } catch (SocketTimeoutException e) {
                    board.checkInterrupt();
                    if (System.nanoTime() > deadline) {
                        if (out.size() > 0) {
                            break;
                        }
                        throw PyException.oserror(timeoutMs == 0 ? Errno.EAGAIN : Errno.ETIMEDOUT);
                    }
                    continue;
                }
                if (r < 0) {
                    break;
                }
                out.write(buf, 0, r);
                if (!full) {
                    break;
                }
            }
        } catch (IOException e) {
            throw PyException.oserror(Errno.ECONNRESET);
        }
        return out.toByteArray();
    }

    private byte[] readline() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            byte[] b = read(1, true);
            if (b.length == 0) {
                break;
            }
            out.write(b[0]);
            if (b[0] == '\n') {
                break;
            }
        }
        return out.toByteArray();
    }

    Object close() {
        closed = true;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing twice or after a reset is harmless, as on the board
            }
        }
        return Py.NONE;
    }
}
