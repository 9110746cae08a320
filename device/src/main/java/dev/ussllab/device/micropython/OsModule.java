package dev.ussllab.device.micropython;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * os/uos over the board's filesystem, which is a folder on the laptop. Paths are resolved inside
 * that folder only ("/.." stays at the root, as on the board's FAT volume).
 */
final class OsModule {

    /** st_mode / ilistdir type values MicroPython's VFS reports (S_IFDIR, S_IFREG). */
    static final long S_IFDIR = 0x4000;
    static final long S_IFREG = 0x8000;
    /** The ESP8266 FAT volume: 4 KB blocks; a 4 MB flash leaves about 3 MB for files. */
    static final long BLOCK = 4096;
    static final long BLOCKS = 758;

    private OsModule() {}

    static PyModule create(Board board) {
        PyModule m = new PyModule("os");
        m.fn("listdir", 0, 1, a -> {
            PyList r = new PyList();
            entries(board, a).forEach(e -> r.add(e.items().get(0)));
            return r;
        });
        m.fn("ilistdir", 0, 1, a -> new PyIter(new ArrayList<Object>(entries(board, a)).iterator()));
        m.fn("stat", 1, 1, a -> stat(resolve(board, a.get(0))));
        m.fn("remove", 1, 1, a -> {
            Path p = existing(board, a.get(0));
            if (Files.isDirectory(p)) {
                throw PyException.oserror(Errno.EISDIR);
            }
            io(() -> Files.delete(p));
            return Py.NONE;
        });
        m.fn("mkdir", 1, 1, a -> {
            Path p = resolve(board, a.get(0));
            if (Files.exists(p)) {
                throw PyException.oserror(Errno.EEXIST);
            }
            io(() -> Files.createDirectory(p));
            return Py.NONE;
        });
        m.fn("rmdir", 1, 1, a -> {
            Path p = existing(board, a.get(0));
            if (!Files.isDirectory(p) || p.equals(board.fsRoot())) {
                throw PyException.oserror(Errno.EINVAL);
            }
            io(() -> Files.delete(p));
            return Py.NONE;
        });
        m.fn("rename", 2, 2, a -> {
            Path from = existing(board, a.get(0));
            Path to = resolve(board, a.get(1));
            if (Files.isDirectory(to)) {
                throw PyException.oserror(Errno.EEXIST);
            }
            // VfsFat.rename replaces an existing file (it removes it and retries on FR_EXIST).
            io(() -> Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE));
            return Py.NONE;
        });
        m.fn("getcwd", 0, 0, a -> "/" + board.cwd());
        m.fn("chdir", 1, 1, a -> {
            Path p = existing(board, a.get(0));
            if (!Files.isDirectory(p)) {
                throw PyException.oserror(Errno.ENOENT);
            }
            board.cwd(board.fsRoot().relativize(p).toString().replace('\\', '/'));
            return Py.NONE;
        });
        m.fn("uname", 0, 0, a -> new Attrs("uname_result", true).put("sysname", "esp8266").put("nodename", "esp8266")
                .put("release", "2.2.0-dev(9422289)").put("version", SysModules.VERSION + " on " + SysModules.BUILD_DATE)
                .put("machine", SysModules.MACHINE));
        m.fn("statvfs", 1, 1, a -> {
            long used = usedBlocks(board.fsRoot());
            long free = Math.max(0, BLOCKS - used);
            return PyTuple.of(BLOCK, BLOCK, BLOCKS, free, free, 0L, 0L, 0L, 0L, 255L);
        });
        m.fn("sync", 0, 0, a -> Py.NONE);
        m.fn("urandom", 1, 1, a -> {
            byte[] b = new byte[(int) Ops.toLong(a.get(0))];
            new SecureRandom().nextBytes(b);
            return new PyBytes(b);
        });
        m.fn("dupterm", 1, 2, a -> Py.NONE);
        m.put("sep", "/");
        return m;
    }

    interface IoAction {
        void run() throws IOException;
    }

    static void io(IoAction action) {
        try {
            action.run();
        } catch (NoSuchFileException e) {
            throw PyException.oserror(Errno.ENOENT);
        } catch (FileAlreadyExistsException e) {
            throw PyException.oserror(Errno.EEXIST);
        } catch (DirectoryNotEmptyException e) {
            throw PyException.oserror(Errno.EACCES);
        } catch (IOException e) {
            throw PyException.oserror(Errno.EIO);
        }
    }

    /** Maps a board path (absolute or relative to the cwd) into the folder, never outside it. */
    static Path resolve(Board board, Object pathArg) {
        if (!(pathArg instanceof String path)) {
            throw PyException.type("TypeError", "can't convert '" + Py.typeName(pathArg) + "' object to str implicitly");
        }
        List<String> parts = new ArrayList<>();
        String full = path.startsWith("/") ? path : board.cwd() + "/" + path;
        for (String part : full.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(part);
        }
        Path p = board.fsRoot();
        for (String part : parts) {
            p = p.resolve(part);
        }
        if (!insideRoot(board.fsRoot(), p)) {
            // The board's FAT volume has no links: a name that leads out of the folder is no file of the board's.
            throw PyException.oserror(Errno.ENOENT);
        }
        return p;
    }

    /**
     * Whether {@code p} stays inside {@code root} once links are followed: the real path of its
     * longest existing ancestor (itself if it exists) must lie under the root's real path. A
     * symlink inside the --fs folder must not lead reads or writes to the laptop's other files.
     */
    static boolean insideRoot(Path root, Path p) {
        try {
            Path realRoot = root.toRealPath();
            Path existing = p;
            while (existing != null && !Files.exists(existing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return false;
            }
            if (!Files.exists(existing)) {
                return false; // a dangling link: following it could create a file anywhere
            }
            return existing.toRealPath().startsWith(realRoot);
        } catch (IOException e) {
            return false;
        }
    }

    static Path existing(Board board, Object path) {
        Path p = resolve(board, path);
        if (!Files.exists(p)) {
            throw PyException.oserror(Errno.ENOENT);
        }
        return p;
    }

    private static List<PyTuple> entries(Board board, List<Object> a) {
        Path dir = existing(board, a.isEmpty() ? "" : a.get(0));
        if (!Files.isDirectory(dir)) {
            throw PyException.oserror(Errno.ENOENT);
        }
        List<PyTuple> r = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> insideRoot(board.fsRoot(), p)).sorted().forEach(p -> {
                boolean isDir = Files.isDirectory(p);
                long size = 0;
                try {
                    size = isDir ? 0 : Files.size(p);
                } catch (IOException e) {
                    // listed a moment ago; report size 0 as the VFS does for unreadable entries
                }
                r.add(PyTuple.of(p.getFileName().toString(), isDir ? S_IFDIR : S_IFREG, 0L, size));
            });
        } catch (IOException e) {
            throw PyException.oserror(Errno.EIO);
        }
        return r;
    }

    private static PyTuple stat(Path p) {
        if (!Files.exists(p)) {
            throw PyException.oserror(Errno.ENOENT);
        }
        boolean dir = Files.isDirectory(p);
        long size = 0;
        long mtime = 0;
        try {
            size = dir ? 0 : Files.size(p);
            // The board's clock epoch is 2000-01-01; FAT stores local time.
            mtime = Math.max(0, Files.getLastModifiedTime(p).toMillis() / 1000 - 946_684_800L);
        } catch (IOException e) {
            throw PyException.oserror(Errno.EIO);
        }
        return PyTuple.of(dir ? S_IFDIR : S_IFREG, 0L, 0L, 0L, 0L, 0L, size, mtime, mtime, mtime);
    }

    private static long usedBlocks(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return (Files.size(p) + BLOCK - 1) / BLOCK;
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
