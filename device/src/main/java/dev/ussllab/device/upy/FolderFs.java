package dev.ussllab.device.upy;

import com.dylibso.chicory.runtime.Memory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The emscripten file calls (__syscall_openat, fd_read, getdents64, ...) over the board's --fs
 * folder: MicroPython's open() and os reach the board's files through them. The folder is the
 * root "/"; ".." stops at it and a path whose real location (symlinks resolved) is outside it is
 * refused, so a program never reaches the laptop's other files. "/.board" (unlisted) holds the board's own
 * Python modules, read-only, from this jar. Errno values are MicroPython's (ENOENT is 2, as on the ESP8266), not emscripten's (44).
 */
final class FolderFs {

    // The errno numbers the VM's errno module and OSError printing use: MicroPython's own
    // (py/mperrno.h, the Linux values), which are also what the ESP8266 firmware raises.
    static final int EACCES = 13;
    static final int EBADF = 9;
    static final int EEXIST = 17;
    static final int EINVAL = 22;
    static final int EIO = 5;
    static final int EISDIR = 21;
    static final int ENOENT = 2;
    static final int ENOTDIR = 20;
    static final int ENOTEMPTY = 39;
    static final int EROFS = 30;
    static final int ESPIPE = 29;
    static final int ERANGE = 34;
    /**
     * EINTR as the VM's C library numbers it (WASI's __WASI_ERRNO_INTR): its read() retry loop
     * compares errno with that value, not with MicroPython's.
     */
    static final int WASI_EINTR = 27;
    /** How long poll() on stdin waits for a byte before answering "not ready": select.poll's loop spins on it. */
    private static final int STDIN_POLL_WAIT_MS = 1;
    private static final short POLLIN = 1;

    // open flags (musl, wasm32)
    private static final int O_ACCMODE = 3;
    private static final int O_WRONLY = 1;
    private static final int O_RDWR = 2;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_TRUNC = 01000;
    private static final int O_APPEND = 02000;
    private static final int O_DIRECTORY = 0200000;
    private static final int AT_FDCWD = -100;
    private static final int AT_REMOVEDIR = 0x200;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int DIRENT_SIZE = 280;
    /** Files 0-2 are the console. */
    private static final int FIRST_FD = 3;
    /** Not ".frozen": MicroPython resolves that sys.path entry itself and never asks the filesystem. */
    static final String FROZEN = "/.board";

    private final Path root;
    private final Path realRoot;
    private final Map<Integer, Open> open = new HashMap<>();
    private String cwd = "/";

    private static final class Open {
        final String path;
        FileChannel channel;
        byte[] frozen;
        long position;
        List<String> dir;
        int dirIndex;

        Open(String path) {
            this.path = path;
        }
    }

    FolderFs(Path root) throws IOException {
        this.root = root;
        this.realRoot = root.toRealPath();
    }

    void closeAll() {
        for (Open o : open.values()) {
            close(o);
        }
        open.clear();
    }

    private static void close(Open o) {
        if (o.channel != null) {
            try {
                o.channel.close();
            } catch (IOException e) {
                // nothing more to release
            }
        }
    }

    void handlers(MicroPythonVm vm, Map<String, MicroPythonVm.Handler> h) {
        h.put("__syscall_openat", a -> r(openat((int) a[0], str(vm, a[1]), (int) a[2], (int) a[3])));
        h.put("fd_close", a -> r(fdClose((int) a[0])));
        h.put("fd_read", a -> r(fdRead(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3])));
        h.put("fd_seek", a -> r(fdSeek(vm, (int) a[0], a[1], (int) a[2], (int) a[3])));
        h.put("fd_sync", a -> r(0));
        h.put("__syscall_fstat64", a -> r(fstat(vm, (int) a[0], (int) a[1])));
        h.put("__syscall_stat64", a -> r(stat(vm, at(AT_FDCWD, str(vm, a[0])), (int) a[1])));
        h.put("__syscall_lstat64", a -> r(stat(vm, at(AT_FDCWD, str(vm, a[0])), (int) a[1])));
        h.put("__syscall_newfstatat", a -> r(stat(vm, at((int) a[0], str(vm, a[1])), (int) a[2])));
        h.put("__syscall_getdents64", a -> r(getdents(vm, (int) a[0], (int) a[1], (int) a[2])));
        h.put("__syscall_mkdirat", a -> r(mkdir(at((int) a[0], str(vm, a[1])))));
        h.put("__syscall_unlinkat", a -> r(unlink(at((int) a[0], str(vm, a[1])), ((int) a[2] & AT_REMOVEDIR) != 0)));
        h.put("__syscall_rmdir", a -> r(unlink(at(AT_FDCWD, str(vm, a[0])), true)));
        h.put("__syscall_renameat", a -> r(rename(at((int) a[0], str(vm, a[1])), at((int) a[2], str(vm, a[3])))));
        h.put("__syscall_chdir", a -> r(chdir(at(AT_FDCWD, str(vm, a[0])))));
        h.put("__syscall_getcwd", a -> r(getcwd(vm, (int) a[0], (int) a[1])));
        h.put("__syscall_statfs64", a -> r(statfs(vm, (int) a[2])));
        h.put("__syscall_poll", a -> r(poll(vm, (int) a[0], (int) a[1])));
    }

    private static long[] r(int v) {
        return new long[] {v};
    }

    private static String str(MicroPythonVm vm, long p) {
        return vm.readCString((int) p);
    }

    /** The absolute, normalised board path ("/a/b"); ".." never climbs above "/". */
    private String at(int dirfd, String path) {
        String base = cwd;
        if (dirfd != AT_FDCWD && open.containsKey(dirfd)) {
            base = open.get(dirfd).path;
        }
        String full = path.startsWith("/") ? path : base + "/" + path;
        List<String> parts = new ArrayList<>();
        for (String p : full.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(p);
        }
        return "/" + String.join("/", parts);
    }

    /**
     * The host path of a board path, or null when its real location (every symlink resolved, or
     * its parent's for a file not there yet) lies outside the folder.
     */
    private Path host(String boardPath) {
        Path p = boardPath.equals("/") ? root : root.resolve(boardPath.substring(1));
        try {
            Path probe = p;
            while (probe != null && !Files.exists(probe, LinkOption.NOFOLLOW_LINKS)) {
                probe = probe.getParent();
            }
            if (probe == null) {
                return null;
            }
            if (Files.isSymbolicLink(probe) && !Files.exists(probe)) {
                return null; // a dangling link: where it points is not ours to create
            }
            Path real = probe.toRealPath();
            return real.startsWith(realRoot) ? p : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean frozen(String boardPath) {
        return boardPath.equals(FROZEN) || boardPath.startsWith(FROZEN + "/");
    }

    private static byte[] frozenBytes(String boardPath) {
        if (boardPath.length() <= FROZEN.length() + 1) {
            return null;
        }
        String name = boardPath.substring(FROZEN.length() + 1);
        if (!MicroPythonVm.frozenNames().contains(name)) {
            return null;
        }
        try (InputStream in = MicroPythonVm.frozen(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    private int newFd(Open o) {
        int fd = FIRST_FD;
        while (open.containsKey(fd)) {
            fd++;
        }
        open.put(fd, o);
        return fd;
    }

    private int openat(int dirfd, String path, int flags, int varargs) {
        String bp = at(dirfd, path);
        Open o = new Open(bp);
        if (frozen(bp)) {
            if ((flags & O_ACCMODE) != 0 || (flags & O_CREAT) != 0) {
                return -EROFS;
            }
            if (bp.equals(FROZEN)) {
                o.dir = new ArrayList<>(MicroPythonVm.frozenNames());
                return newFd(o);
            }
            o.frozen = frozenBytes(bp);
            return o.frozen == null ? -ENOENT : newFd(o);
        }
        Path p = host(bp);
        if (p == null) {
            return -ENOENT; // outside the folder: no file of the board's (its FAT volume has no links)
        }
        if (Files.isDirectory(p)) {
            if ((flags & O_ACCMODE) != 0) {
                return -EISDIR;
            }
            try (Stream<Path> s = Files.list(p)) {
                String prefix = bp.equals("/") ? "/" : bp + "/";
                o.dir = new ArrayList<>(s.map(x -> x.getFileName().toString()).sorted()
                        .filter(n -> host(prefix + n) != null).toList());
            } catch (IOException e) {
                return -EIO;
            }
            return newFd(o);
        }
        if ((flags & O_DIRECTORY) != 0) {
            return Files.exists(p) ? -ENOTDIR : -ENOENT;
        }
        Set<OpenOption> opts = new HashSet<>();
        int acc = flags & O_ACCMODE;
        opts.add(StandardOpenOption.READ);
        if (acc == O_WRONLY || acc == O_RDWR) {
            opts.add(StandardOpenOption.WRITE);
        }
        if ((flags & O_CREAT) != 0) {
            opts.add((flags & O_EXCL) != 0 ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
        }
        if ((flags & O_TRUNC) != 0) {
            opts.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        try {
            o.channel = FileChannel.open(p, opts);
            if ((flags & O_APPEND) != 0) {
                o.position = o.channel.size();
            }
            return newFd(o);
        } catch (NoSuchFileException e) {
            return -ENOENT;
        } catch (FileAlreadyExistsException e) {
            return -EEXIST;
        } catch (AccessDeniedException e) {
            return -ENOENT; // outside the folder: no file of the board's (its FAT volume has no links)
        } catch (IOException e) {
            return -EIO;
        }
    }

    private int fdClose(int fd) {
        Open o = open.remove(fd);
        if (o == null) {
            return EBADF;
        }
        close(o);
        return 0;
    }

    private int fdRead(MicroPythonVm vm, int fd, int iov, int iovcnt, int pnum) {
        Memory m = vm.memory();
        if (fd == 0) {
            return readStdin(vm, iov, iovcnt, pnum);
        }
        Open o = open.get(fd);
        if (o == null) {
            return EBADF;
        }
        if (o.dir != null) {
            return EISDIR;
        }
        int total = 0;
        try {
            for (int i = 0; i < iovcnt; i++) {
                int ptr = m.readInt(iov + 8 * i);
                int len = m.readInt(iov + 8 * i + 4);
                byte[] b;
                if (o.frozen != null) {
                    int n = (int) Math.max(0, Math.min(len, o.frozen.length - o.position));
                    b = java.util.Arrays.copyOfRange(o.frozen, (int) o.position, (int) o.position + n);
                } else {
                    ByteBuffer bb = ByteBuffer.allocate(len);
                    int n = o.channel.read(bb, o.position);
                    b = java.util.Arrays.copyOf(bb.array(), Math.max(n, 0));
                }
                m.write(ptr, b);
                o.position += b.length;
                total += b.length;
                if (b.length < len) {
                    break;
                }
            }
        } catch (IOException e) {
            return EIO;
        }
        m.writeI32(pnum, total);
        return 0;
    }

    /**
     * sys.stdin: waits for the serial line as mp_hal_stdin_rx_chr does on the board, then hands
     * over what has arrived (MicroPython's stream layer reads again until it has what it asked for).
     * Ctrl-C during the wait answers EINTR, on which the VM's read retries after raising the
     * pending KeyboardInterrupt (MP_HAL_RETRY_SYSCALL).
     */
    private static int readStdin(MicroPythonVm vm, int iov, int iovcnt, int pnum) {
        Memory m = vm.memory();
        for (int i = 0; i < iovcnt; i++) {
            int ptr = m.readInt(iov + 8 * i);
            int len = m.readInt(iov + 8 * i + 4);
            if (len <= 0) {
                continue;
            }
            byte[] b = new byte[len];
            int n = vm.uart().read(b, len);
            if (n == UartInput.INTERRUPTED) {
                return WASI_EINTR;
            }
            m.write(ptr, java.util.Arrays.copyOf(b, n));
            m.writeI32(pnum, n);
            return 0;
        }
        m.writeI32(pnum, 0);
        return 0;
    }

    /** Writes to an open file; the count, or -errno. */
    int write(int fd, byte[] b) {
        Open o = open.get(fd);
        if (o == null) {
            return -EBADF;
        }
        if (o.channel == null) {
            return o.frozen != null ? -EBADF : -EISDIR;
        }
        try {
            int n = o.channel.write(ByteBuffer.wrap(b), o.position);
            o.position += n;
            return n;
        } catch (java.nio.channels.NonWritableChannelException e) {
            return -EBADF;
        } catch (IOException e) {
            return -EIO;
        }
    }

    private int fdSeek(MicroPythonVm vm, int fd, long offset, int whence, int newOffset) {
        Open o = open.get(fd);
        if (o == null) {
            return fd <= 2 ? ESPIPE : EBADF;
        }
        long size;
        try {
            size = o.channel != null ? o.channel.size() : o.frozen != null ? o.frozen.length : 0;
        } catch (IOException e) {
            return EIO;
        }
        long pos = switch (whence) {
            case 0 -> offset;
            case 1 -> o.position + offset;
            case 2 -> size + offset;
            default -> -1;
        };
        if (pos < 0) {
            return EINVAL;
        }
        o.position = pos;
        if (o.dir != null && pos == 0) {
            o.dirIndex = 0;
        }
        vm.memory().writeLong(newOffset, pos);
        return 0;
    }

    private int fstat(MicroPythonVm vm, int fd, int buf) {
        if (fd <= 2) {
            writeStat(vm.memory(), buf, 0020000, 0, 0);
            return 0;
        }
        Open o = open.get(fd);
        if (o == null) {
            return -EBADF;
        }
        return stat(vm, o.path, buf);
    }

    private int stat(MicroPythonVm vm, String bp, int buf) {
        if (frozen(bp)) {
            if (bp.equals(FROZEN)) {
                writeStat(vm.memory(), buf, S_IFDIR | 0555, 0, 0);
                return 0;
            }
            byte[] b = frozenBytes(bp);
            if (b == null) {
                return -ENOENT;
            }
            writeStat(vm.memory(), buf, S_IFREG | 0444, b.length, 0);
            return 0;
        }
        Path p = host(bp);
        if (p == null) {
            return -ENOENT; // outside the folder: no file of the board's (its FAT volume has no links)
        }
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            int mode = a.isDirectory() ? S_IFDIR | 0755 : S_IFREG | 0644;
            writeStat(vm.memory(), buf, mode, a.isDirectory() ? 0 : a.size(), a.lastModifiedTime().toMillis() / 1000);
            return 0;
        } catch (NoSuchFileException e) {
            return -ENOENT;
        } catch (IOException e) {
            return -EIO;
        }
    }

    /** struct stat as emscripten lays it out (SYSCALLS.writeStat). */
    private static void writeStat(Memory m, int buf, int mode, long size, long mtime) {
        m.fill((byte) 0, buf, buf + 96);
        m.writeI32(buf + 4, mode);
        m.writeI32(buf + 8, 1);
        m.writeLong(buf + 24, size);
        m.writeI32(buf + 32, 4096);
        m.writeI32(buf + 36, (int) ((size + 511) / 512));
        m.writeLong(buf + 40, mtime);
        m.writeLong(buf + 56, mtime);
        m.writeLong(buf + 72, mtime);
    }

    private int getdents(MicroPythonVm vm, int fd, int dirp, int count) {
        Open o = open.get(fd);
        if (o == null) {
            return -EBADF;
        }
        if (o.dir == null) {
            return -ENOTDIR;
        }
        Memory m = vm.memory();
        int pos = 0;
        while (o.dirIndex < o.dir.size() && pos + DIRENT_SIZE <= count) {
            String name = o.dir.get(o.dirIndex);
            byte[] nb = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (nb.length > 255) {
                o.dirIndex++;
                continue;
            }
            String child = o.path.equals("/") ? "/" + name : o.path + "/" + name;
            boolean dir = frozen(child) ? child.equals(FROZEN) : Files.isDirectory(root.resolve(child.substring(1)));
            m.fill((byte) 0, dirp + pos, dirp + pos + DIRENT_SIZE);
            m.writeLong(dirp + pos, o.dirIndex + 1L);
            m.writeLong(dirp + pos + 8, (o.dirIndex + 1L) * DIRENT_SIZE);
            m.writeShort(dirp + pos + 16, (short) DIRENT_SIZE);
            m.writeByte(dirp + pos + 18, (byte) (dir ? 4 : 8));
            m.write(dirp + pos + 19, nb);
            pos += DIRENT_SIZE;
            o.dirIndex++;
        }
        return pos;
    }

    private int mkdir(String bp) {
        if (frozen(bp)) {
            return -EROFS;
        }
        Path p = host(bp);
        if (p == null) {
            return -ENOENT; // outside the folder: no file of the board's (its FAT volume has no links)
        }
        try {
            Files.createDirectory(p);
            return 0;
        } catch (FileAlreadyExistsException e) {
            return -EEXIST;
        } catch (NoSuchFileException e) {
            return -ENOENT;
        } catch (IOException e) {
            return -EIO;
        }
    }

    private int unlink(String bp, boolean dir) {
        if (frozen(bp)) {
            return -EROFS;
        }
        Path p = host(bp);
        if (p == null) {
            return -ENOENT; // outside the folder: no file of the board's (its FAT volume has no links)
        }
        if (bp.equals("/")) {
            return -EACCES;
        }
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return -ENOENT;
        }
        if (dir != Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return dir ? -ENOTDIR : -EISDIR;
        }
        try {
            Files.delete(p);
            return 0;
        } catch (DirectoryNotEmptyException e) {
            return -ENOTEMPTY;
        } catch (IOException e) {
            return -EIO;
        }
    }

    private int rename(String from, String to) {
        if (frozen(from) || frozen(to)) {
            return -EROFS;
        }
        Path a = host(from);
        Path b = host(to);
        if (a == null || b == null) {
            return -ENOENT; // outside the folder: no file of the board's (its FAT volume has no links)
        }
        try {
            Files.move(a, b, StandardCopyOption.REPLACE_EXISTING);
            return 0;
        } catch (NoSuchFileException e) {
            return -ENOENT;
        } catch (DirectoryNotEmptyException e) {
            return -ENOTEMPTY;
        } catch (IOException e) {
            return -EIO;
        }
    }

    private int chdir(String bp) {
        if (!bp.equals(FROZEN)) {
            Path p = host(bp);
            if (p == null) {
                return -ENOENT; // outside the folder: no file of the board's (its FAT volume has no links)
            }
            if (!Files.exists(p)) {
                return -ENOENT;
            }
            if (!Files.isDirectory(p)) {
                return -ENOTDIR;
            }
        }
        cwd = bp;
        return 0;
    }

    private int getcwd(MicroPythonVm vm, int buf, int size) {
        byte[] b = cwd.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (size < b.length + 1) {
            return -ERANGE;
        }
        vm.memory().write(buf, b);
        vm.memory().writeByte(buf + b.length, (byte) 0);
        return b.length + 1;
    }

    /** The ESP8266's 4 MB flash layout: a FAT volume of 758 blocks of 4 KB (os.statvfs, mpremote df). */
    static final long BLOCK = 4096;
    static final long BLOCKS = 758;

    /** statvfs: the board's volume, used as far as the folder's files fill it. */
    private int statfs(MicroPythonVm vm, int buf) {
        Memory m = vm.memory();
        long used = 0;
        try (Stream<Path> s = Files.walk(root)) {
            used = s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return (Files.size(p) + BLOCK - 1) / BLOCK;
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            used = 0;
        }
        long free = Math.max(0, BLOCKS - used);
        m.fill((byte) 0, buf, buf + 88);
        m.writeI32(buf + 4, (int) BLOCK);
        m.writeI32(buf + 60, (int) BLOCK);
        m.writeLong(buf + 8, BLOCKS);
        m.writeLong(buf + 16, free);
        m.writeLong(buf + 24, free);
        m.writeI32(buf + 56, 255);
        return 0;
    }

    /**
     * poll(2): files are always ready, as emscripten's default stream poll says; stdin is readable
     * when a byte has arrived on the serial line (waiting a moment for one, since select.poll's
     * timeout is a loop of polls that return at once).
     */
    private int poll(MicroPythonVm vm, int fds, int nfds) {
        Memory m = vm.memory();
        int ready = 0;
        for (int i = 0; i < nfds; i++) {
            int p = fds + 8 * i;
            short events = m.readShort(p + 4);
            int fd = m.readInt(p);
            int mask = open.containsKey(fd) || fd <= 2 ? 5 : 32;
            if (fd == 0 && (events & POLLIN) != 0 && !vm.uart().ready(STDIN_POLL_WAIT_MS)) {
                mask &= ~POLLIN;
            }
            mask &= 24 | events;
            if (mask != 0) {
                ready++;
            }
            m.writeShort(p + 6, (short) mask);
        }
        return ready;
    }
}
