package dev.ussllab.device.upy;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ValType;
import dev.ussllab.device.upy.wasm.MicroPythonWasm;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One boot of MicroPython's own VM (its WebAssembly port, compiled to JVM bytecode at build time)
 * with the emulated ESP8266 around it: stdout to the UART, the emscripten file calls over the
 * board's --fs folder, the board modules behind the Java-object bridge, a memory cap.
 *
 * <p>Not thread-safe: one thread runs the VM; only {@link #interrupt()} may come from another.
 */
public final class MicroPythonVm implements AutoCloseable {

    /** Words of Python stack (mp_js_init's first argument; the npm loader's default). */
    private static final int PYSTACK_WORDS = 2048;
    /** The first GC heap block; the split heap grows from there up to the memory cap. */
    private static final int INITIAL_HEAP_BYTES = 256 * 1024;
    /** Default cap on the VM's whole linear memory: a board is not a laptop. */
    public static final long DEFAULT_MEMORY_CAP = 32L << 20;

    /** The parsed module (code stripped: the functions are compiled classes), shared by all boots. */
    private static volatile WasmModule module;

    /** setjmp/longjmp (nlr): _emscripten_throw_longjmp throws it, the nearest invoke_* catches it. */
    static final class Longjmp extends RuntimeException {
        Longjmp() {
            super(null, null, false, false);
        }
    }

    private final Instance instance;
    private final Memory memory;
    private final OutputStream console;
    private final long memoryCap;
    private final ExportFunction malloc;
    private final ExportFunction free;
    private final ExportFunction doExec;
    private final ExportFunction stackSave;
    private final ExportFunction stackRestore;
    private final ExportFunction setThrew;
    private final ExportFunction keyboardInterrupt;
    private final FolderFs fs;
    private final UartInput uart;
    private final Bridge bridge;
    private BoardModules board;
    private final long bootNanos = System.nanoTime();
    private final SecureRandom random = new SecureRandom();
    private int lastOutByte = -1;
    private volatile boolean broken;

    /**
     * Boots the VM: emscripten's start-up order (stack, constructors), mp_js_init, proxy_c_init.
     *
     * @param console the UART: print() output, "\n" sent as "\r\n" as the ESP8266 port does
     * @param fsRoot the board's files; nothing outside it is reachable
     * @param memoryCap bytes of linear memory the VM may grow to; beyond it MemoryError
     */
    public MicroPythonVm(OutputStream console, Path fsRoot, long memoryCap, BoardModules boardModules) throws IOException {
        this(console, UartInput.NONE, fsRoot, memoryCap, boardModules);
    }

    /**
     * Boots the VM with a serial line to read: {@code sys.stdin} reads what arrives on it while a
     * program runs.
     */
    public MicroPythonVm(OutputStream console, UartInput uart, Path fsRoot, long memoryCap, BoardModules boardModules)
            throws IOException {
        this.console = console;
        this.uart = uart;
        this.memoryCap = memoryCap;
        this.fs = new FolderFs(fsRoot);
        WasmModule m = loadModule();
        this.bridge = new Bridge(this);
        ImportValues.Builder imports = ImportValues.builder();
        Map<String, Handler> handlers = handlers();
        for (int i = 0; i < m.importSection().importCount(); i++) {
            Import imp = m.importSection().getImport(i);
            if (imp.importType() != ExternalType.FUNCTION) {
                continue;
            }
            FunctionType type = m.typeSection().getType(((FunctionImport) imp).typeIndex());
            Handler h = handlers.get(imp.name());
            if (h == null) {
                h = bridge.handler(imp.name());
            }
            if (h == null) {
                h = unsupported(imp.module() + "." + imp.name(), type);
            }
            Handler fh = h;
            imports.addFunction(new HostFunction(imp.module(), imp.name(), type, (inst, args) -> fh.call(args)));
        }
        this.instance = Instance.builder(m)
                .withImportValues(imports.build())
                .withMachineFactory(MicroPythonWasm::create)
                .withStart(false)
                .build();
        this.memory = instance.memory();
        this.malloc = instance.export("malloc");
        this.free = instance.export("free");
        this.doExec = instance.export("mp_js_do_exec");
        this.stackSave = instance.export("emscripten_stack_get_current");
        this.stackRestore = instance.export("_emscripten_stack_restore");
        this.setThrew = instance.export("setThrew");
        this.keyboardInterrupt = instance.export("mp_sched_keyboard_interrupt");
        instance.export("emscripten_stack_init").apply();
        instance.export("__wasm_call_ctors").apply();
        instance.export("mp_js_init").apply(PYSTACK_WORDS, INITIAL_HEAP_BYTES);
        instance.export("proxy_c_init").apply();
        this.board = boardModules;
        if (boardModules != null) {
            boardModules.attach(this);
            registerModule("_board", boardModules);
            String tb = exec(BOOT);
            if (tb != null) {
                throw new IllegalStateException("board modules failed to load: " + tb);
            }
        }
    }

    /**
     * Puts the board's modules in place of the port's where the names clash (sys, os, time, gc,
     * errno stay the VM's objects with the ESP8266's details on top), before any user code runs.
     * _boot ends by setting the ESP8266's sys.path, which takes '/.board' off it again.
     */
    private static final String BOOT = "import sys\nsys.path.append('/.board')\nimport _boot\ndel sys, _boot\n";

    /**
     * Runs source under a file name (tracebacks say "main.py", not "<stdin>"), as a file or, with
     * single, as one REPL entry whose expression value is printed.
     */
    public String execNamed(String source, String fileName, boolean single) {
        board.pendingSource(source);
        String tb = exec("exec(compile(__import__('_board').src(),'" + fileName + "','" + (single ? "single" : "exec") + "'))");
        board.pendingSource("");
        return tb == null ? null : dropBoardFrames(dropWrapperFrame(tb));
    }

    /**
     * The traceback without frames in the board's own modules (/.board): on a real ESP8266 those
     * modules are C, so a traceback stops at the user's call.
     */
    static String dropBoardFrames(String tb) {
        StringBuilder sb = new StringBuilder(tb.length());
        for (String line : tb.split("\n", -1)) {
            if (!line.startsWith("  File \"" + FolderFs.FROZEN + "/")) {
                sb.append(line).append('\n');
            }
        }
        return sb.substring(0, sb.length() - 1);
    }

    /** The traceback without its first frame, the one-line wrapper of {@link #execNamed}. */
    static String dropWrapperFrame(String tb) {
        String head = "Traceback (most recent call last):\n";
        if (!tb.startsWith(head)) {
            return tb;
        }
        int end = tb.indexOf('\n', head.length());
        if (end < 0 || !tb.startsWith("  File \"<stdin>\", line 1, in <module>", head.length())) {
            return tb;
        }
        return head + tb.substring(end + 1);
    }

    /**
     * Loads the parsed module and the compiled VM's classes (the largest part of a first boot) on
     * a background thread, so the board is at its prompt sooner when the first boot comes.
     */
    public static void preload() {
        Thread t = new Thread(() -> {
            try {
                loadModule();
                Class.forName("dev.ussllab.device.upy.wasm.MicroPythonWasmMachine", true, MicroPythonVm.class.getClassLoader());
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // the first boot loads them itself and reports what fails
            }
        }, "micropython-preload");
        t.setDaemon(true);
        t.start();
    }

    private static WasmModule loadModule() {
        WasmModule m = module;
        if (m == null) {
            synchronized (MicroPythonVm.class) {
                m = module;
                if (m == null) {
                    m = MicroPythonWasm.load();
                    module = m;
                }
            }
        }
        return m;
    }

    /** Makes `import name` give a module whose attributes are the host object's. */
    public void registerModule(String name, Bridge.HostObject value) {
        int nameBuf = cString(name);
        int v = alloc(12);
        bridge.writeJsValue(v, value);
        instance.export("mp_js_register_js_module").apply(nameBuf, v);
        freeMem(v);
        freeMem(nameBuf);
    }

    /**
     * Runs source as a file (MP_PARSE_FILE_INPUT) in __main__.
     *
     * @return null when it ran to the end, else the traceback text MicroPython prints
     */
    public String exec(String source) {
        byte[] src = source.getBytes(StandardCharsets.UTF_8);
        int buf = alloc(src.length + 1);
        memory.write(buf, src);
        memory.writeByte(buf + src.length, (byte) 0);
        int out = alloc(12);
        long sp = stackSave.apply()[0];
        try {
            try {
                doExec.apply(buf, src.length, out);
            } catch (StackOverflowError | com.dylibso.chicory.wasm.ChicoryException trap) {
                return trapped(trap, sp);
            }
            int kind = memory.readInt(out);
            if (kind == -1) {
                int len = memory.readInt(out + 4);
                int ptr = memory.readInt(out + 8);
                String text = new String(memory.readBytes(ptr, len), StandardCharsets.UTF_8);
                freeMem(ptr);
                int sep = text.indexOf('\u0004');
                return sep >= 0 ? text.substring(sep + 1) : text;
            }
            return null;
        } finally {
            if (!broken) {
                freeMem(out);
                freeMem(buf);
            }
        }
    }

    /**
     * MicroPython's compiler recurses without a stack check (upstream, as its regex compiler did
     * until 2026), so a deeply nested program (thousands of brackets, which the real board's 38 KB
     * heap never gets to compile) runs the VM's 64 KB C stack out: the wasm traps, below address
     * 0, or the JVM thread's stack ends first. What the VM held is then in an unknown state: it is
     * marked {@link #broken()} (the board boots a fresh one before the next program) and the
     * program gets the error MicroPython's stack check raises, as a traceback.
     */
    private String trapped(Throwable trap, long sp) {
        broken = true;
        try {
            stackRestore.apply(sp);
        } catch (RuntimeException | StackOverflowError e) {
            // the VM is discarded anyway
        }
        boolean stack = trap instanceof StackOverflowError
                || String.valueOf(trap.getMessage()).contains("attempted to access address: -");
        return "Traceback (most recent call last):\n" + (stack ? "RuntimeError: maximum recursion depth exceeded\n"
                : "RuntimeError: emulated MicroPython VM failed: " + trap.getMessage() + "\n");
    }

    /** Whether a program made the VM trap (see {@link #trapped}): it must not run another. */
    public boolean broken() {
        return broken;
    }

    /** Raises KeyboardInterrupt in the running program (mp_sched_keyboard_interrupt); any thread. */
    public void interrupt() {
        keyboardInterrupt.apply();
        if (board != null) {
            board.interrupt();
        }
    }

    /** Milliseconds since this boot (time.ticks_ms). */
    long ticksMs() {
        return (System.nanoTime() - bootNanos) / 1_000_000L;
    }

    FolderFs fs() {
        return fs;
    }

    UartInput uart() {
        return uart;
    }

    Bridge bridge() {
        return bridge;
    }

    Memory memory() {
        return memory;
    }

    int alloc(int n) {
        int p = (int) malloc.apply(n)[0];
        if (p == 0) {
            throw new IllegalStateException("MicroPython VM out of memory");
        }
        return p;
    }

    void freeMem(int p) {
        free.apply(p);
    }

    int cString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int p = alloc(b.length + 1);
        memory.write(p, b);
        memory.writeByte(p + b.length, (byte) 0);
        return p;
    }

    String readCString(int p) {
        int end = p;
        while (memory.read(end) != 0) {
            end++;
        }
        return new String(memory.readBytes(p, end - p), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        fs.closeAll();
        bridge.closeAll();
    }

    // ---------------- the imports ----------------

    /** One wasm import implemented in Java. */
    @FunctionalInterface
    interface Handler {
        long[] call(long[] args);
    }

    private Map<String, Handler> handlers() {
        Map<String, Handler> h = new HashMap<>();
        for (String name : List.of("invoke_i", "invoke_ii", "invoke_iii", "invoke_iiii", "invoke_iiiii", "invoke_iiiiii",
                "invoke_v", "invoke_vi", "invoke_vii", "invoke_viii", "invoke_viiii")) {
            boolean returns = name.charAt(7) == 'i';
            h.put(name, args -> invoke(args, returns));
        }
        h.put("_emscripten_throw_longjmp", args -> {
            throw new Longjmp();
        });
        h.put("_abort_js", args -> {
            throw new IllegalStateException("MicroPython VM aborted");
        });
        h.put("emscripten_resize_heap", args -> new long[] {resizeHeap(args[0] & 0xffffffffL) ? 1 : 0});
        h.put("mp_js_ticks_ms", args -> new long[] {(int) ticksMs()});
        h.put("mp_js_time_ms", args -> new long[] {Double.doubleToRawLongBits((double) System.currentTimeMillis())});
        h.put("mp_js_random_u32", args -> new long[] {random.nextInt()});
        h.put("fd_write", this::fdWrite);
        fs.handlers(this, h);
        return h;
    }

    private long[] invoke(long[] args, boolean returns) {
        long sp = stackSave.apply()[0];
        int fn = instance.table(0).requiredRef((int) args[0]);
        long[] rest = new long[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        try {
            long[] r = instance.getMachine().call(fn, rest);
            return returns ? new long[] {r == null || r.length == 0 ? 0 : r[0]} : null;
        } catch (Longjmp e) {
            stackRestore.apply(sp);
            setThrew.apply(1, 0);
            return returns ? new long[] {0} : null;
        }
    }

    private boolean resizeHeap(long requested) {
        if (requested > memoryCap) {
            return false;
        }
        int have = memory.pages();
        int want = (int) ((requested + Memory.PAGE_SIZE - 1) / Memory.PAGE_SIZE);
        // Grow by 1/8 more than asked (emscripten grows geometrically too), within the cap.
        int generous = (int) Math.min(memoryCap / Memory.PAGE_SIZE, want + want / 8L);
        int target = Math.max(want, generous);
        return target <= have || memory.grow(target - have) >= 0;
    }

    private long[] fdWrite(long[] args) {
        int fd = (int) args[0];
        int iov = (int) args[1];
        int iovcnt = (int) args[2];
        int pnum = (int) args[3];
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < iovcnt; i++) {
            int ptr = memory.readInt(iov + 8 * i);
            int len = memory.readInt(iov + 8 * i + 4);
            data.write(memory.readBytes(ptr, len), 0, len);
        }
        byte[] b = data.toByteArray();
        if (fd == 1 || fd == 2) {
            console(b);
            memory.writeI32(pnum, b.length);
            return new long[] {0};
        }
        int r = fs.write(fd, b);
        if (r < 0) {
            return new long[] {-r};
        }
        memory.writeI32(pnum, r);
        return new long[] {0};
    }

    /** The UART, cooked as mp_hal_stdout_tx_strn_cooked does: "\n" goes out as "\r\n". */
    void console(byte[] b) {
        java.io.ByteArrayOutputStream cooked = new java.io.ByteArrayOutputStream(b.length + 8);
        for (byte x : b) {
            if (x == '\n' && lastOutByte != '\r') {
                cooked.write('\r');
            }
            cooked.write(x);
            lastOutByte = x;
        }
        try {
            console.write(cooked.toByteArray());
            console.flush();
        } catch (IOException e) {
            // The serial line went away; the program keeps running as a board would.
        }
    }

    /** Raw bytes to the UART (the REPL's own protocol bytes), not cooked. */
    public void consoleRaw(byte[] b) {
        try {
            console.write(b);
            console.flush();
        } catch (IOException e) {
            // as above
        }
        if (b.length > 0) {
            lastOutByte = b[b.length - 1];
        }
    }

    private static Handler unsupported(String name, FunctionType type) {
        List<ValType> returns = type.returns();
        return args -> {
            if (returns.isEmpty()) {
                return null;
            }
            long[] r = new long[returns.size()];
            return r;
        };
    }

    /** The Python sources of the board modules (socket, ssl, network, ...), from this jar. */
    static InputStream frozen(String name) {
        return MicroPythonVm.class.getResourceAsStream("frozen/" + name);
    }

    static List<String> frozenNames() {
        List<String> names = new ArrayList<>();
        try (InputStream in = frozen("INDEX")) {
            if (in != null) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) {
                        names.add(line.trim());
                    }
                }
            }
        } catch (IOException e) {
            // no frozen modules
        }
        return names;
    }
}
