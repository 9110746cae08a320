package dev.ussllab.device.micropython;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The module registry (sys.modules): built-in modules made on first import, then .py files from
 * the board's filesystem. "u"-prefixed names are aliases, as MicroPython's weak links make them.
 */
final class Modules {

    private final Board board;
    private final Map<String, PyModule> loaded = new HashMap<>();
    private final Map<String, Function<Board, PyModule>> builtin = new HashMap<>();
    private Interp interp;

    Modules(Board board) {
        this.board = board;
        builtin.put("sys", SysModules::sys);
        builtin.put("time", SysModules::time);
        builtin.put("gc", SysModules::gc);
        builtin.put("machine", SysModules::machine);
        builtin.put("network", SysModules::network);
        builtin.put("binascii", SysModules::binascii);
        builtin.put("hashlib", SysModules::hashlib);
        builtin.put("errno", SysModules::errno);
        builtin.put("micropython", SysModules::micropython);
        builtin.put("os", OsModule::create);
        builtin.put("socket", SocketModule::socket);
        builtin.put("ssl", SocketModule::ssl);
        builtin.put("esp", SysModules::esp);
    }

    void attach(Interp interp) {
        this.interp = interp;
    }

    /** What `import name` gives, or ImportError as MicroPython words it. */
    PyModule load(String name) {
        PyModule m = loaded.get(name);
        if (m != null) {
            return m;
        }
        String base = name.startsWith("u") && builtin.containsKey(name.substring(1)) ? name.substring(1) : name;
        m = loaded.get(base);
        if (m == null && builtin.containsKey(base)) {
            m = builtin.get(base).apply(board);
            loaded.put(base, m);
        }
        if (m == null) {
            m = fromFilesystem(name);
        }
        loaded.put(name, m);
        return m;
    }

    private PyModule fromFilesystem(String name) {
        String rel = name.replace('.', '/');
        for (String dir : List.of("", "lib/")) {
            var file = board.fsRoot().resolve(dir + rel + ".py");
            if (Files.isRegularFile(file) && OsModule.insideRoot(board.fsRoot(), file)) {
                PyModule m = new PyModule(name);
                loaded.put(name, m);
                try {
                    interp.exec(Files.readString(file, StandardCharsets.UTF_8), dir + rel + ".py", m.attrs);
                } catch (java.io.IOException e) {
                    loaded.remove(name);
                    throw PyException.oserror(Errno.EIO);
                } catch (PyException e) {
                    loaded.remove(name);
                    throw e;
                }
                return m;
            }
        }
        throw PyException.type("ImportError", "no module named '" + name + "'");
    }

    Map<String, PyModule> loaded() {
        return loaded;
    }

    Interp interp() {
        return interp;
    }
}
