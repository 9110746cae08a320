package dev.ussllab.device.micropython;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** A file opened with open(): text (str) or binary (bytes), with the methods tools send. */
final class PyFile implements PyObject, Iterable<Object> {

    private final RandomAccessFile raf;
    private final boolean binary;
    private final boolean readable;
    private final boolean writable;
    private final Board board;
    private boolean closed;

    private PyFile(RandomAccessFile raf, boolean binary, boolean readable, boolean writable, Board board) {
        this.raf = raf;
        this.binary = binary;
        this.readable = readable;
        this.writable = writable;
        this.board = board;
    }

    static Object open(Board board, List<Object> args, Map<String, Object> kw) {
        Object path = args.isEmpty() ? kw.get("file") : args.get(0);
        Object modeArg = args.size() > 1 ? args.get(1) : kw.getOrDefault("mode", "r");
        if (path == null) {
            throw PyException.type("TypeError", "function missing 1 required positional arguments");
        }
        String mode = Py.str(modeArg);
        if (!mode.matches("[rwaxbt+]+") || mode.replaceAll("[bt+]", "").length() != 1) {
            throw PyException.type("ValueError", "invalid mode");
        }
        char kind = mode.replaceAll("[bt+]", "").charAt(0);
        boolean plus = mode.contains("+");
        Path p = OsModule.resolve(board, path);
        if (Files.isDirectory(p)) {
            throw PyException.oserror(Errno.EISDIR);
        }
        if ((kind == 'r' || plus && kind == 'r') && !Files.exists(p)) {
            throw PyException.oserror(Errno.ENOENT);
        }
        if (kind == 'x' && Files.exists(p)) {
            throw PyException.oserror(Errno.EEXIST);
        }
        if (kind != 'r' && !Files.isDirectory(p.getParent())) {
            throw PyException.oserror(Errno.ENOENT);
        }
        try {
            RandomAccessFile raf = new RandomAccessFile(p.toFile(), kind == 'r' && !plus ? "r" : "rw");
            if (kind == 'w' || kind == 'x') {
                raf.setLength(0);
            } else if (kind == 'a') {
                raf.seek(raf.length());
            }
            PyFile f = new PyFile(raf, mode.contains("b"), kind == 'r' || plus, kind != 'r' || plus, board);
            board.track(raf);
            return f;
        } catch (IOException e) {
            throw PyException.oserror(Errno.EIO);
        }
    }

    @Override
    public String typeName() {
        return binary ? "FileIO" : "TextIOWrapper";
    }

    @Override
    public Object getAttr(String name) {
        return switch (name) {
            case "read" -> Builtin.positional("read", 0, 1, a -> read(a.isEmpty() || a.get(0) == Py.NONE ? -1 : Ops.toLong(a.get(0))));
            case "readinto" -> Builtin.positional("readinto", 1, 1, a -> readInto(PyMemoryView.of(a.get(0))));
            case "readline" -> Builtin.positional("readline", 0, 1, a -> wrap(readLine()));
            case "readlines" -> Builtin.positional("readlines", 0, 0, a -> new PyList(Iter.toList(this)));
            case "write" -> Builtin.positional("write", 1, 1, a -> write(a.get(0)));
            case "close" -> Builtin.positional("close", 0, 0, a -> close());
            case "flush" -> Builtin.positional("flush", 0, 0, a -> Py.NONE);
            case "tell" -> Builtin.positional("tell", 0, 0, a -> io(raf::getFilePointer));
            case "seek" -> Builtin.positional("seek", 1, 2, a -> seek(Ops.toLong(a.get(0)), a.size() > 1 ? Ops.toLong(a.get(1)) : 0));
            case "__enter__" -> Builtin.positional("__enter__", 0, 0, a -> this);
            case "__exit__" -> new Builtin("__exit__", (a, kw) -> close());
            default -> null;
        };
    }

    interface IoCall<T> {
        T call() throws IOException;
    }

    private <T> T io(IoCall<T> c) {
        if (closed) {
            throw PyException.oserror(Errno.EBADF);
        }
        try {
            return c.call();
        } catch (IOException e) {
            throw PyException.oserror(Errno.EIO);
        }
    }

    private Object wrap(byte[] b) {
        return binary ? new PyBytes(b) : new String(b, StandardCharsets.UTF_8);
    }

    private Object read(long n) {
        if (!readable) {
            throw PyException.oserror(Errno.EBADF);
        }
        return io(() -> {
            long left = raf.length() - raf.getFilePointer();
            long want = n < 0 ? left : Math.min(n, left);
            if (want > Board.HEAP_BYTES - SysModules.used(board)) {
                // A real ESP8266 cannot hold it either: reading a big file at once fails like this.
                throw PyException.type("MemoryError", "memory allocation failed, allocating " + want + " bytes");
            }
            byte[] b = new byte[(int) Math.max(0, want)];
            raf.readFully(b);
            return wrap(b);
        });
    }

    private Object readInto(PyMemoryView buf) {
        if (!readable) {
            throw PyException.oserror(Errno.EBADF);
        }
        return io(() -> {
            byte[] b = new byte[buf.length];
            int n = Math.max(0, raf.read(b));
            return (long) buf.fill(b, n);
        });
    }

    private byte[] readLine() {
        return io(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int c;
            while ((c = raf.read()) >= 0) {
                out.write(c);
                if (c == '\n') {
                    break;
                }
            }
            return out.toByteArray();
        });
    }

    private Object write(Object v) {
        if (!writable) {
            throw PyException.oserror(Errno.EBADF);
        }
        byte[] b = v instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : Builtins.bytesOf(v);
        return io(() -> {
            raf.write(b);
            return (long) b.length;
        });
    }

    private Object seek(long offset, long whence) {
        return io(() -> {
            long base = whence == 0 ? 0 : whence == 1 ? raf.getFilePointer() : raf.length();
            raf.seek(Math.max(0, base + offset));
            return raf.getFilePointer();
        });
    }

    private Object close() {
        if (!closed) {
            closed = true;
            try {
                raf.close();
            } catch (IOException e) {
                throw PyException.oserror(Errno.EIO);
            }
        }
        return Py.NONE;
    }

    @Override
    public Iterator<Object> iterator() {
        return new Iterator<>() {
            byte[] next = readLine();

            @Override
            public boolean hasNext() {
                return next.length > 0;
            }

            @Override
            public Object next() {
                byte[] cur = next;
                next = readLine();
                return wrap(cur);
            }
        };
    }
}
