package dev.ussllab.device.repl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The host's half of mpremote's remote filesystem ({@code mpremote mount}; transport_serial.py's
 * PyboardCommand): answers the board's hook ({@code remote_fs_hook.py}) from a local folder. Each
 * request's arguments are read from the board and the whole answer is written back at once.
 * Paths stay inside the folder, links followed, unless unsafe links were asked for (mpremote's
 * {@code --unsafe-links}); errors go back as negative errno numbers, which the board raises as OSError.
 */
public final class RemoteFsServer {

    // The command numbers (mpremote's fs_hook_cmds).
    static final int CMD_STAT = 1;
    static final int CMD_ILISTDIR_START = 2;
    static final int CMD_ILISTDIR_NEXT = 3;
    static final int CMD_OPEN = 4;
    static final int CMD_CLOSE = 5;
    static final int CMD_READ = 6;
    static final int CMD_READLINE = 7;
    static final int CMD_WRITE = 8;
    static final int CMD_SEEK = 9;
    static final int CMD_REMOVE = 10;
    static final int CMD_RENAME = 11;
    static final int CMD_MKDIR = 12;
    static final int CMD_RMDIR = 13;

    // The errno numbers the board raises (MicroPython's, the Linux values).
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EIO = 5;
    static final int EBADF = 9;
    static final int EACCES = 13;
    static final int EEXIST = 17;
    static final int ENOTDIR = 20;
    static final int EISDIR = 21;
    static final int EINVAL = 22;
    static final int ENOTEMPTY = 39;

    /** The mode bits the board's ilistdir reports (S_IFDIR, S_IFREG: what mpremote masks with 0xC000). */
    private static final int S_IFDIR = 0x4000;
    private static final int S_IFREG = 0x8000;
    /** File handles are a signed byte on the wire. */
    private static final int MAX_FILES = 127;

    /** Where the board's arguments come from: exactly n bytes, or an IOException. */
    public interface Source {
        byte[] read(int n) throws IOException;
    }

    private final Path root;
    private final Path realRoot;
    private final boolean unsafeLinks;
    private final List<Handle> files = new ArrayList<>();
    private final List<String> listing = new ArrayList<>();
    private Path listed;

    private record Handle(FileChannel channel, boolean text) { }

    /**
     * @param root the folder the board sees as /remote
     * @param unsafeLinks follow links that lead out of the folder (mpremote's -l)
     */
    public RemoteFsServer(Path root, boolean unsafeLinks) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = root.toRealPath();
        this.unsafeLinks = unsafeLinks;
    }

    public Path root() {
        return root;
    }

    /** Serves one request whose command byte was {@code cmd}; returns the answer to send. */
    public byte[] serve(int cmd, Source in) throws IOException {
        Answer a = new Answer();
        switch (cmd) {
            case CMD_STAT -> stat(str(in), a);
            case CMD_ILISTDIR_START -> a.s8(listStart(str(in)));
            case CMD_ILISTDIR_NEXT -> listNext(a);
            case CMD_OPEN -> {
                String path = str(in);
                a.s8(open(path, str(in)));
            }
            case CMD_CLOSE -> close(s8(in));
            case CMD_READ -> {
                int fd = s8(in);
                a.bytes(read(fd, s32(in)));
            }
            case CMD_READLINE -> a.bytes(readline(s8(in)));
            case CMD_WRITE -> {
                int fd = s8(in);
                a.s32(write(fd, in.read(s32(in))));
            }
            case CMD_SEEK -> {
                int fd = s8(in);
                int offset = s32(in);
                a.s32(seek(fd, offset, s8(in)));
            }
            case CMD_REMOVE -> a.s32(change(str(in), p -> {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException(new Errno(EISDIR));
                }
                Files.delete(p);
            }));
            case CMD_RENAME -> {
                String from = str(in);
                String to = str(in);
                a.s32(rename(from, to));
            }
            case CMD_MKDIR -> a.s32(change(str(in), Files::createDirectory));
            case CMD_RMDIR -> a.s32(change(str(in), p -> {
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new NotDirectoryException(p.toString());
                }
                Files.delete(p);
            }));
            default -> throw new IOException("the board asked for mount command " + cmd + ", which mpremote's protocol does not have");
        }
        return a.toByteArray();
    }

    /** Closes every file the board left open (the mount ends). */
    public void closeAll() {
        for (Handle h : files) {
            if (h != null) {
                try {
                    h.channel.close();
                } catch (IOException e) {
                    // nothing more to release
                }
            }
        }
        files.clear();
    }

    // ---------------- the commands ----------------

    private void stat(String boardPath, Answer a) {
        try {
            Path p = local(boardPath);
            BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class);
            a.s8(0);
            a.u32(mode(p, attrs));
            a.u32(attrs.size());
            a.u32(attrs.lastAccessTime().toMillis() / 1000);
            a.u32(attrs.lastModifiedTime().toMillis() / 1000);
            a.u32(attrs.creationTime().toMillis() / 1000);
        } catch (IOException e) {
            a.s8(-errno(e));
        }
    }

    /** st_mode as os.stat gives it on the host (type and permission bits). */
    private static long mode(Path p, BasicFileAttributes attrs) {
        long type = attrs.isDirectory() ? S_IFDIR : S_IFREG;
        try {
            PosixFileAttributes px = Files.readAttributes(p, PosixFileAttributes.class);
            long perms = 0;
            for (var perm : px.permissions()) {
                perms |= 0400 >> perm.ordinal();
            }
            return type | perms;
        } catch (IOException | UnsupportedOperationException e) {
            return type;
        }
    }

    private int listStart(String boardPath) {
        try {
            Path dir = local(boardPath);
            List<String> names = new ArrayList<>();
            try (Stream<Path> s = Files.list(dir)) {
                s.forEach(p -> names.add(p.getFileName().toString()));
            }
            names.sort(null);
            listing.clear();
            listing.addAll(names);
            listed = dir;
            return 0;
        } catch (IOException e) {
            return -errno(e);
        }
    }

    private void listNext(Answer a) {
        if (listing.isEmpty()) {
            a.str("");
            return;
        }
        String name = listing.remove(0);
        Path p = listed.resolve(name);
        // lstat, as mpremote: a link is listed as a file whatever it leads to.
        long type = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? S_IFDIR
                : Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? S_IFREG : 0;
        a.str(name);
        a.u32(type);
    }

    private int open(String boardPath, String mode) {
        try {
            Path p = local(boardPath);
            Set<StandardOpenOption> options = EnumSet.noneOf(StandardOpenOption.class);
            boolean plus = mode.contains("+");
            if (mode.contains("r")) {
                options.add(StandardOpenOption.READ);
                if (plus) {
                    options.add(StandardOpenOption.WRITE);
                }
            } else if (mode.contains("w")) {
                options.addAll(List.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING));
            } else if (mode.contains("a")) {
                options.addAll(List.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
            } else if (mode.contains("x")) {
                options.addAll(List.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW));
            } else {
                return -EINVAL;
            }
            if (plus && !options.contains(StandardOpenOption.READ)) {
                options.add(StandardOpenOption.READ);
            }
            if (Files.isDirectory(p)) {
                return -EISDIR;
            }
            FileChannel ch = FileChannel.open(p, options);
            Handle h = new Handle(ch, !mode.contains("b"));
            int fd = files.indexOf(null);
            if (fd < 0) {
                if (files.size() >= MAX_FILES) {
                    ch.close();
                    return -EINVAL;
                }
                files.add(h);
                fd = files.size() - 1;
            } else {
                files.set(fd, h);
            }
            return fd;
        } catch (IOException e) {
            return -errno(e);
        }
    }

    private Handle handle(int fd) throws IOException {
        if (fd < 0 || fd >= files.size() || files.get(fd) == null) {
            throw new IOException(new Errno(EBADF));
        }
        return files.get(fd);
    }

    private void close(int fd) {
        try {
            Handle h = handle(fd);
            files.set(fd, null);
            h.channel.close();
        } catch (IOException e) {
            // closing a handle the board does not have: nothing to answer (CLOSE has no answer)
        }
    }

    /** n bytes (n < 0: to the end); in text mode a UTF-8 character is never split. */
    private byte[] read(int fd, int n) {
        try {
            Handle h = handle(fd);
            FileChannel ch = h.channel;
            long left = Math.max(0, ch.size() - ch.position());
            int want = (int) Math.min(n < 0 ? left : n, Math.min(left, Integer.MAX_VALUE - 8));
            ByteBuffer bb = ByteBuffer.allocate(want);
            while (bb.hasRemaining() && ch.read(bb) > 0) {
                // until the count or the end of the file
            }
            byte[] b = java.util.Arrays.copyOf(bb.array(), bb.position());
            if (h.text) {
                b = completeUtf8(ch, b);
            }
            return b;
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static byte[] completeUtf8(FileChannel ch, byte[] b) throws IOException {
        int missing = utf8Missing(b);
        if (missing == 0) {
            return b;
        }
        ByteBuffer more = ByteBuffer.allocate(missing);
        ch.read(more);
        byte[] out = java.util.Arrays.copyOf(b, b.length + more.position());
        System.arraycopy(more.array(), 0, out, b.length, more.position());
        return out;
    }

    /** How many continuation bytes the last character of b still needs. */
    static int utf8Missing(byte[] b) {
        for (int back = 1; back <= Math.min(4, b.length); back++) {
            int c = b[b.length - back] & 0xff;
            if ((c & 0xc0) == 0x80) {
                continue;
            }
            int len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
            return Math.max(0, len - back);
        }
        return 0;
    }

    private byte[] readline(int fd) {
        try {
            FileChannel ch = handle(fd).channel;
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            ByteBuffer one = ByteBuffer.allocate(256);
            long pos = ch.position();
            outer:
            while (true) {
                one.clear();
                int n = ch.read(one, pos);
                if (n <= 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    line.write(one.get(i));
                    pos++;
                    if (one.get(i) == '\n') {
                        break outer;
                    }
                }
            }
            ch.position(pos);
            return line.toByteArray();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private int write(int fd, byte[] data) {
        try {
            FileChannel ch = handle(fd).channel;
            ByteBuffer bb = ByteBuffer.wrap(data);
            while (bb.hasRemaining()) {
                ch.write(bb);
            }
            return data.length;
        } catch (IOException e) {
            return -errno(e);
        }
    }

    private int seek(int fd, int offset, int whence) {
        try {
            FileChannel ch = handle(fd).channel;
            long base = switch (whence) {
                case 0 -> 0;
                case 1 -> ch.position();
                case 2 -> ch.size();
                default -> throw new IOException(new Errno(EINVAL));
            };
            long to = base + offset;
            if (to < 0 || to > Integer.MAX_VALUE) {
                return -EINVAL;
            }
            ch.position(to);
            return (int) to;
        } catch (IOException e) {
            return -errno(e);
        }
    }

    private interface Change {
        void apply(Path p) throws IOException;
    }

    private int change(String boardPath, Change c) {
        try {
            c.apply(local(boardPath));
            return 0;
        } catch (IOException e) {
            return -errno(e);
        }
    }

    private int rename(String from, String to) {
        try {
            Path a = local(from);
            Path b = local(to);
            Files.move(a, b, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return 0;
        } catch (IOException e) {
            return -errno(e);
        }
    }

    // ---------------- paths and errors ----------------

    /**
     * The local file for a board path ("/lib/x.py" under /remote); EPERM when it lies outside the
     * folder, links followed (unless unsafe links), as mpremote's path_check.
     */
    Path local(String boardPath) throws IOException {
        Path p = root.resolve(boardPath.replaceFirst("^/+", "")).normalize();
        if (!p.startsWith(root)) {
            throw new IOException(new Errno(EPERM));
        }
        if (!unsafeLinks) {
            Path real = realOf(p);
            if (!real.startsWith(realRoot)) {
                throw new IOException(new Errno(EPERM));
            }
        }
        return p;
    }

    /** The real location of p, or of its nearest existing parent with the rest appended (a file to create). */
    private static Path realOf(Path p) throws IOException {
        Path existing = p;
        Path rest = null;
        while (existing != null && !Files.exists(existing)) {
            Path name = existing.getFileName();
            rest = rest == null ? name : name.resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            return p;
        }
        Path real = existing.toRealPath();
        return rest == null ? real : real.resolve(rest).normalize();
    }

    /** An errno carried as an IOException's cause. */
    private static final class Errno extends Exception {
        final int code;

        Errno(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    static int errno(IOException e) {
        if (e.getCause() instanceof Errno n) {
            return n.code;
        }
        if (e instanceof NoSuchFileException) {
            return ENOENT;
        }
        if (e instanceof FileAlreadyExistsException) {
            return EEXIST;
        }
        if (e instanceof DirectoryNotEmptyException) {
            return ENOTEMPTY;
        }
        if (e instanceof NotDirectoryException) {
            return ENOTDIR;
        }
        if (e instanceof AccessDeniedException) {
            return EACCES;
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null && f.getReason().contains("Not a directory")) {
            return ENOTDIR;
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null && f.getReason().contains("Is a directory")) {
            return EISDIR;
        }
        return EIO;
    }

    // ---------------- the wire ----------------

    private static int s8(Source in) throws IOException {
        return in.read(1)[0];
    }

    private static int s32(Source in) throws IOException {
        return ByteBuffer.wrap(in.read(4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static String str(Source in) throws IOException {
        int n = s32(in);
        if (n < 0 || n > 4096) {
            throw new IOException("the board sent a path of " + n + " bytes during a mount request (the line is out of step)");
        }
        return new String(in.read(n), StandardCharsets.UTF_8);
    }

    /** An answer, little-endian as the hook's struct.unpack('<i') reads it. */
    private static final class Answer extends ByteArrayOutputStream {
        void s8(int v) {
            write(v);
        }

        void s32(long v) {
            write((int) v);
            write((int) (v >> 8));
            write((int) (v >> 16));
            write((int) (v >> 24));
        }

        void u32(long v) {
            s32(v);
        }

        void bytes(byte[] b) {
            s32(b.length);
            writeBytes(b);
        }

        void str(String s) {
            bytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The hook the board runs before {@code __mount()}: the board's half of the protocol. */
    public static String hookCode() {
        try (InputStream in = RemoteFsServer.class.getResourceAsStream("remote_fs_hook.py")) {
            if (in == null) {
                throw new IllegalStateException("remote_fs_hook.py is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("remote_fs_hook.py could not be read from the jar", e);
        }
    }
}
