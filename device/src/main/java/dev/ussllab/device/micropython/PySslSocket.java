package dev.ussllab.device.micropython;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What ussl.wrap_socket returns on the ESP8266: read/readline/write/close, no send/recv. */
final class PySslSocket implements PyObject {

    private final Board board;
    private final TlsWrap.Conn conn;
    private final PySocket plain;

    PySslSocket(Board board, TlsWrap.Conn conn, PySocket plain) {
        this.board = board;
        this.conn = conn;
        this.plain = plain;
    }

    @Override
    public String typeName() {
        return "SSLSocket";
    }

    /** Turns a TLS failure into the OSError the board raises. */
    static PyException boardError(Board board, IOException e) {
        board.checkInterrupt();
        if (e instanceof TlsWrap.BoardError be) {
            if (be.consoleLine() != null) {
                board.out(be.consoleLine() + "\n");
            }
            List<Object> args = new ArrayList<>();
            args.add(be.code());
            if (be.symbol() != null) {
                args.add(be.symbol());
            }
            return new PyException(new PyExc(ExcType.get("OSError"), args));
        }
        return PyException.oserror(Errno.ECONNRESET);
    }

    @Override
    public Object getAttr(String name) {
        return switch (name) {
            case "write" -> Builtin.positional("write", 1, 1, a -> {
                byte[] b = Builtins.bytesOf(a.get(0));
                io(() -> {
                    conn.write(b);
                    return null;
                });
                return (long) b.length;
            });
            case "read" -> Builtin.positional("read", 0, 1, a -> new PyBytes(io(() -> conn.read(
                    a.isEmpty() ? Integer.MAX_VALUE : (int) Ops.toLong(a.get(0))))));
            case "readline" -> Builtin.positional("readline", 0, 0, a -> new PyBytes(io(conn::readline)));
            case "setblocking" -> Builtin.positional("setblocking", 1, 1, a -> Py.NONE);
            case "close" -> Builtin.positional("close", 0, 0, a -> {
                try {
                    conn.close();
                } catch (IOException e) {
                    // the board ignores errors while closing
                }
                return plain.close();
            });
            case "__enter__" -> Builtin.positional("__enter__", 0, 0, a -> this);
            case "__exit__" -> new Builtin("__exit__", (a, kw) -> {
                try {
                    conn.close();
                } catch (IOException e) {
                    // as close()
                }
                return plain.close();
            });
            default -> null;
        };
    }

    interface IoCall<T> {
        T call() throws IOException;
    }

    private <T> T io(IoCall<T> c) {
        board.checkInterrupt();
        board.blockingOn(plain::close);
        try {
            return c.call();
        } catch (IOException e) {
            throw boardError(board, e);
        } finally {
            board.blockingOn(null);
        }
    }
}
