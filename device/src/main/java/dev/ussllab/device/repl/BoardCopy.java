package dev.ussllab.device.repl;

import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * mpremote's {@code fs cp} (commands.py do_filesystem_cp and do_filesystem_recursive_cp): a path
 * starting with ':' is on the board, any other is here; a destination that is a directory (or ends
 * in '/') receives the source's name; with several sources the destination must be a directory;
 * {@code -r} copies folders, creating the destination if missing and copying into it if present;
 * unless forced, a board file whose SHA-256 already matches is skipped ("Up to date: x").
 * Board files are written through {@link BoardFiles#put} (temporary name, size and SHA-256
 * checked, then renamed) and read through {@link BoardFiles#get} (checked against the board).
 */
public final class BoardCopy {

    private final BoardFiles board;
    private final boolean force;
    private final Consumer<String> say;

    public BoardCopy(BoardFiles board, boolean force, Consumer<String> say) {
        this.board = board;
        this.force = force;
        this.say = say;
    }

    public static boolean remote(String p) {
        return p.startsWith(":");
    }

    /** Copies each source to dest, as {@code cp [-r] SRC... DEST}. */
    public void copy(List<String> sources, String dest, boolean recursive) {
        for (String src : sources) {
            copy(src, dest, recursive, sources.size() > 1);
        }
    }

    /** One source of {@code cp SRC... DEST}; {@code multiple} when there are several. */
    public void copy(String src, String dest, boolean recursive, boolean multiple) {
        if (recursive) {
            copyRecursive(src, dest, multiple);
        } else {
            copyOne(src, dest, multiple);
        }
    }

    void copyOne(String src, String dest, boolean multiple) {
        boolean destExists;
        boolean destIsDir;
        if (remote(dest)) {
            String noSlash = stripSlashes(dest);
            BoardFiles.Entry e = board.stat(boardPath(noSlash));
            destExists = e != null;
            destIsDir = destExists && e.dir();
            if (!dest.equals(noSlash)) {
                if (!destIsDir) {
                    throw LabException.failure("cp: destination " + dest + " is not a directory on the board", "create it first with `board mkdir " + noSlash + "`");
                }
                dest = noSlash;
            }
        } else {
            destExists = Files.exists(Path.of(dest));
            destIsDir = destExists && Files.isDirectory(Path.of(dest));
        }
        if (multiple) {
            if (!destExists) {
                throw LabException.badInput("cp: destination " + dest + " does not exist", "several sources need an existing directory");
            }
            if (!destIsDir) {
                throw LabException.badInput("cp: destination " + dest + " is not a directory", "several sources need a directory");
            }
        }
        byte[] data;
        String filename;
        if (remote(src)) {
            String path = boardPath(src);
            BoardFiles.Entry e = board.stat(path);
            if (e == null) {
                throw LabException.failure("cp: no such file on the board: " + src, "list the board's files with `board ls`");
            }
            if (e.dir()) {
                throw LabException.badInput("cp: " + src + " is a directory (-r not specified; omitting directory)", "add -r to copy a directory");
            }
            data = board.get(path);
            filename = basename(path);
        } else {
            Path p = Path.of(src);
            if (Files.isDirectory(p)) {
                throw LabException.badInput("cp: " + src + " is a directory (-r not specified; omitting directory)", "add -r to copy a directory");
            }
            try {
                data = Files.readAllBytes(p);
            } catch (NoSuchFileException e) {
                throw LabException.badInput("cp: no such file " + src, "give the path of a local file, or ':' before a board path");
            } catch (IOException e) {
                throw LabException.badInput("cp: cannot read " + src + ": " + e.getMessage(), "check the path and its permissions");
            }
            filename = p.getFileName() == null ? src : p.getFileName().toString();
        }
        if (remote(dest)) {
            String path = boardPath(dest);
            if (destIsDir) {
                path = join(path, filename);
            }
            if (!force) {
                BoardFiles.Entry existing = board.stat(path);
                if (existing != null && !existing.dir() && existing.size() == data.length && sha256(data).equals(board.sha256(path))) {
                    say.accept("Up to date: " + path);
                    return;
                }
            }
            board.put(data, path);
        } else {
            Path target = Path.of(dest);
            if (destIsDir) {
                target = target.resolve(filename);
            }
            writeLocal(target, data);
        }
    }

    private void copyRecursive(String src, String dest, boolean multiple) {
        src = stripSlashes(src);
        dest = stripSlashes(dest);
        boolean destExists = remote(dest) ? board.stat(boardPath(dest)) != null : Files.exists(Path.of(dest));
        List<List<String>> dirs = new ArrayList<>();
        List<Object[]> files = new ArrayList<>(); // {dest parts, source path}
        String base = remote(src) ? boardPath(src) : src;
        String name = remote(src) ? basename(base) : (Path.of(src).getFileName() == null ? src : Path.of(src).getFileName().toString());
        List<String> start = new ArrayList<>(List.of(name));
        walk(remote(src), remote(src) ? dirname(base) : parentOf(src), start, destExists ? new ArrayList<>(start) : new ArrayList<>(), dirs, files);
        if (dirs.isEmpty()) {
            copyOne(src, dest, multiple);
            return;
        }
        if (!destExists) {
            mkdir(dest, List.of());
        }
        for (List<String> d : dirs) {
            mkdir(dest, d);
        }
        files.sort((a, b) -> String.join("/", asList(a[0])).compareTo(String.join("/", asList(b[0]))));
        for (Object[] f : files) {
            String from = (remote(src) ? ":" : "") + f[1];
            String to = remote(dest) ? ":" + join(boardPath(dest), String.join("/", asList(f[0])))
                    : Path.of(dest, asList(f[0]).toArray(new String[0])).toString();
            copyOne(from, to, false);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> asList(Object o) {
        return (List<String>) o;
    }

    private void walk(boolean fromBoard, String base, List<String> srcParts, List<String> destParts,
            List<List<String>> dirs, List<Object[]> files) {
        String joined = fromBoard ? join(base, String.join("/", srcParts)) : Path.of(base, srcParts.toArray(new String[0])).toString();
        boolean isDir = fromBoard ? board.isDir(joined) : Files.isDirectory(Path.of(joined));
        if (isDir) {
            if (!destParts.isEmpty()) {
                dirs.add(destParts);
            }
            List<String> entries = new ArrayList<>();
            if (fromBoard) {
                board.ls(joined).forEach(e -> entries.add(e.name()));
            } else {
                try (Stream<Path> s = Files.list(Path.of(joined))) {
                    s.forEach(p -> entries.add(p.getFileName().toString()));
                } catch (IOException e) {
                    throw LabException.badInput("cp: cannot list " + joined + ": " + e.getMessage(), "check the folder's permissions");
                }
            }
            for (String entry : entries) {
                List<String> s2 = new ArrayList<>(srcParts);
                s2.add(entry);
                List<String> d2 = new ArrayList<>(destParts);
                d2.add(entry);
                walk(fromBoard, base, s2, d2, dirs, files);
            }
        } else {
            files.add(new Object[] {destParts, joined});
        }
    }

    private void mkdir(String dest, List<String> parts) {
        if (remote(dest)) {
            String path = join(boardPath(dest), String.join("/", parts));
            if (board.stat(path) == null) {
                board.mkdir(path);
            }
        } else {
            try {
                Files.createDirectories(Path.of(dest, parts.toArray(new String[0])));
            } catch (IOException e) {
                throw LabException.failure("cp: cannot create " + Path.of(dest, parts.toArray(new String[0])) + ": " + e.getMessage(),
                        "check the folder's permissions and free space");
            }
        }
    }

    /** Written beside the target and moved into place: never a half-written file under the name. */
    static void writeLocal(Path target, byte[] data) {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw LabException.badInput("cp: no such directory " + dir, "create it first or give another destination");
        }
        try {
            Path temp = Files.createTempFile(dir, ".ussl-cp-", ".part");
            try {
                Files.write(temp, data);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw LabException.failure("cp: cannot write " + target + ": " + e.getMessage(), "check the directory's permissions and free space");
        }
    }

    /** ":main.py" -> "main.py"; ":" -> "" (the board's current directory). */
    public static String boardPath(String p) {
        return remote(p) ? p.substring(1) : p;
    }

    private static String stripSlashes(String p) {
        String s = p;
        while (s.length() > 1 && s.endsWith("/") && !s.equals(":/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** mpremote's _remote_path_join: "" means the current directory. */
    static String join(String a, String b) {
        if (b.isEmpty()) {
            return a;
        }
        String r = a.isEmpty() ? "." : a;
        while (r.endsWith("/") && r.length() > 1) {
            r = r.substring(0, r.length() - 1);
        }
        return (r.equals("/") ? "" : r) + "/" + b.replaceAll("^/+|/+$", "");
    }

    static String basename(String p) {
        return p.substring(p.lastIndexOf('/') + 1);
    }

    static String dirname(String p) {
        int i = p.lastIndexOf('/');
        return i < 0 ? "" : p.substring(0, i);
    }

    private static String parentOf(String local) {
        Path parent = Path.of(local).getParent();
        return parent == null ? "" : parent.toString();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
