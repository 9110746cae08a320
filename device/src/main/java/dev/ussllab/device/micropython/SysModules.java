package dev.ussllab.device.micropython;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The small built-in modules: sys, time, gc, machine, network, binascii, hashlib, errno. */
final class SysModules {

    /** What the v1.22.2 ESP8266 build reports (py/mpconfig.h, ports/esp8266/mpconfigport.h). */
    static final String VERSION = "v1.22.2";
    static final String BUILD_DATE = "2024-02-22";
    static final String MACHINE = "ESP module with ESP8266";
    /**
     * sys.implementation._mpy: .mpy version 6, sub-version 2 (v1.22), native arch XTENSA (9) in
     * bits 10+ (py/persistentcode.h), which tools use to pick compiled files for the board.
     */
    static final long MPY_FLAGS = 6 | 2 << 8 | 9 << 10;
    /** ticks_ms() wraps at 2**30: MICROPY_PY_TIME_TICKS_PERIOD is the small-int range. */
    static final long TICKS_PERIOD = 1L << 30;
    /** The ESP8266 runs at 80 MHz unless machine.freq(160000000) asks for more. */
    static final long CPU_FREQ = 80_000_000L;
    /** The emulated station's address: the seed article's access-point network (nominal, no radio here). */
    static final List<Object> STA_IFCONFIG = List.of("192.168.11.2", "255.255.255.0", "192.168.11.1", "192.168.11.1");

    private SysModules() {}

    static PyModule sys(Board board) {
        PyModule m = new PyModule("sys");
        m.put("platform", "esp8266");
        m.put("version", "3.4.0; MicroPython " + VERSION + " on " + BUILD_DATE);
        m.put("version_info", PyTuple.of(3L, 4L, 0L));
        m.put("implementation", new Attrs("implementation", true).put("name", "micropython")
                .put("version", PyTuple.of(1L, 22L, 2L, "")).put("_machine", MACHINE).put("_mpy", MPY_FLAGS));
        m.put("byteorder", "little");
        m.put("maxsize", 2147483647L);
        m.put("path", new PyList(List.of("", ".frozen", "/lib")));
        m.put("argv", new PyList());
        m.put("modules", new PyDict());
        Attrs stdout = new Attrs("FileIO");
        stdout.fn("write", 1, 1, a -> {
            Object v = a.get(0);
            if (v instanceof PyBytes b) {
                board.write(b.data);
                return (long) b.data.length;
            }
            String s = Py.str(v);
            board.out(s);
            return (long) s.length();
        });
        m.put("stdout", stdout);
        m.put("stderr", stdout);
        m.fn("exit", 0, 1, a -> {
            throw new PyException(new PyExc(ExcType.get("SystemExit"), new java.util.ArrayList<>(a)));
        });
        m.fn("print_exception", 1, 2, a -> {
            if (a.get(0) instanceof PyExc e) {
                board.out(e.format());
            }
            return Py.NONE;
        });
        return m;
    }

    static PyModule time(Board board) {
        PyModule m = new PyModule("time");
        m.fn("sleep", 1, 1, a -> {
            board.sleepMs((long) (Ops.toDouble(a.get(0)) * 1000));
            return Py.NONE;
        });
        m.fn("sleep_ms", 1, 1, a -> {
            board.sleepMs(Ops.toLong(a.get(0)));
            return Py.NONE;
        });
        m.fn("sleep_us", 1, 1, a -> {
            board.sleepMs(Ops.toLong(a.get(0)) / 1000);
            return Py.NONE;
        });
        m.fn("ticks_ms", 0, 0, a -> board.ticksMs() % TICKS_PERIOD);
        m.fn("ticks_us", 0, 0, a -> (board.ticksMs() * 1000) % TICKS_PERIOD);
        m.fn("ticks_cpu", 0, 0, a -> (board.ticksMs() * 1000) % TICKS_PERIOD);
        m.fn("ticks_add", 2, 2, a -> Math.floorMod(Ops.toLong(a.get(0)) + Ops.toLong(a.get(1)), TICKS_PERIOD));
        m.fn("ticks_diff", 2, 2, a -> {
            long half = TICKS_PERIOD / 2;
            return Math.floorMod(Ops.toLong(a.get(0)) - Ops.toLong(a.get(1)) + half, TICKS_PERIOD) - half;
        });
        // Without NTP the ESP8266's RTC counts from boot, so time() is seconds since boot.
        m.fn("time", 0, 0, a -> board.ticksMs() / 1000);
        return m;
    }

    static PyModule gc(Board board) {
        PyModule m = new PyModule("gc");
        m.fn("collect", 0, 0, a -> Py.NONE);
        m.fn("enable", 0, 0, a -> Py.NONE);
        m.fn("disable", 0, 0, a -> Py.NONE);
        m.fn("isenabled", 0, 0, a -> true);
        m.fn("mem_alloc", 0, 0, a -> used(board));
        m.fn("mem_free", 0, 0, a -> Math.max(0, Board.HEAP_BYTES - used(board)));
        m.fn("threshold", 0, 1, a -> -1L);
        return m;
    }

    static long used(Board board) {
        return Board.HEAP_AT_BOOT + HeapEstimate.of(board.globals());
    }

    static PyModule machine(Board board) {
        PyModule m = new PyModule("machine");
        m.fn("reset", 0, 0, a -> {
            throw new Board.ResetSignal(true);
        });
        m.fn("soft_reset", 0, 0, a -> {
            throw new Board.ResetSignal(false);
        });
        // The ESP8266's chip id is 4 bytes (system_get_chip_id); this one is fixed for the emulator.
        m.fn("unique_id", 0, 0, a -> new PyBytes(new byte[] {(byte) 0xa4, (byte) 0xcf, 0x12, 0x3b}));
        m.fn("freq", 0, 1, a -> a.isEmpty() ? CPU_FREQ : Py.NONE);
        m.fn("reset_cause", 0, 0, a -> 4L); // SOFT_RESET
        m.fn("idle", 0, 0, a -> Py.NONE);
        m.put("PWRON_RESET", 0L).put("HARD_RESET", 6L).put("SOFT_RESET", 4L).put("DEEPSLEEP_RESET", 5L);
        return m;
    }

    static PyModule network(Board board) {
        PyModule m = new PyModule("network");
        m.put("STA_IF", 0L).put("AP_IF", 1L).put("STAT_IDLE", 0L).put("STAT_CONNECTING", 1L)
                .put("STAT_GOT_IP", 5L);
        m.fn("WLAN", 0, 1, a -> wlan(a.isEmpty() ? 0 : Ops.toLong(a.get(0))));
        return m;
    }

    private static Attrs wlan(long iface) {
        boolean[] active = {iface == 0};
        Attrs w = new Attrs("WLAN");
        w.fn("active", 0, 1, a -> {
            if (a.isEmpty()) {
                return active[0];
            }
            active[0] = Py.truthy(a.get(0));
            return Py.NONE;
        });
        w.fn("isconnected", 0, 0, a -> iface == 0 && active[0]);
        w.fn("connect", 0, 2, a -> Py.NONE);
        w.fn("disconnect", 0, 0, a -> Py.NONE);
        w.fn("status", 0, 1, a -> iface == 0 && active[0] ? 5L : 0L);
        w.fn("ifconfig", 0, 1, a -> iface == 0 ? new PyTuple(STA_IFCONFIG)
                : PyTuple.of("192.168.4.1", "255.255.255.0", "192.168.4.1", "208.67.222.222"));
        w.put("config", new Builtin("config", (a, kw) -> {
            if (a.size() == 1 && "mac".equals(a.get(0))) {
                return new PyBytes(new byte[] {0x5c, (byte) 0xcf, 0x7f, 0x12, 0x3b, (byte) 0xa4});
            }
            if (a.size() == 1 && "essid".equals(a.get(0))) {
                return "ussl-lab";
            }
            return Py.NONE;
        }));
        return w;
    }

    static PyModule binascii(Board board) {
        PyModule m = new PyModule("binascii");
        m.fn("hexlify", 1, 2, a -> {
            String hex = HexFormat.of().formatHex(Builtins.bytesOf(a.get(0)));
            if (a.size() == 2) {
                String sep = Py.str(a.get(1) instanceof PyBytes b ? new String(b.data, StandardCharsets.ISO_8859_1) : a.get(1));
                hex = String.join(sep, hex.split("(?<=\\G..)"));
            }
            return new PyBytes(hex.getBytes(StandardCharsets.ISO_8859_1));
        });
        m.fn("unhexlify", 1, 1, a -> {
            try {
                return new PyBytes(HexFormat.of().parseHex(new String(Builtins.bytesOf(a.get(0)), StandardCharsets.ISO_8859_1)));
            } catch (IllegalArgumentException e) {
                throw PyException.type("ValueError", "odd-length string");
            }
        });
        m.fn("b2a_base64", 1, 1, a -> new PyBytes((java.util.Base64.getEncoder().encodeToString(Builtins.bytesOf(a.get(0))) + "\n").getBytes(StandardCharsets.ISO_8859_1)));
        m.fn("a2b_base64", 1, 1, a -> {
            try {
                return new PyBytes(java.util.Base64.getMimeDecoder().decode(Builtins.bytesOf(a.get(0))));
            } catch (IllegalArgumentException e) {
                throw PyException.type("ValueError", "incorrect padding");
            }
        });
        return m;
    }

    /** hashlib as the ESP8266 build has it: sha256 and sha1 (axTLS provides both). */
    static PyModule hashlib(Board board) {
        PyModule m = new PyModule("hashlib");
        m.fn("sha256", 0, 1, a -> hash("SHA-256", "sha256", a));
        m.fn("sha1", 0, 1, a -> hash("SHA-1", "sha1", a));
        return m;
    }

    private static Attrs hash(String alg, String type, List<Object> a) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Attrs h = new Attrs(type);
        h.fn("update", 1, 1, x -> {
            md.update(Builtins.bytesOf(x.get(0)));
            return Py.NONE;
        });
        h.fn("digest", 0, 0, x -> new PyBytes(md.digest()));
        if (!a.isEmpty()) {
            md.update(Builtins.bytesOf(a.get(0)));
        }
        return h;
    }

    static PyModule errno(Board board) {
        PyModule m = new PyModule("errno");
        PyDict codes = new PyDict();
        for (Map.Entry<Long, String> e : Errno.all().entrySet()) {
            m.put(e.getValue(), e.getKey());
            codes.put(e.getKey(), e.getValue());
        }
        m.put("errorcode", codes);
        return m;
    }

    static PyModule micropython(Board board) {
        PyModule m = new PyModule("micropython");
        m.fn("const", 1, 1, a -> a.get(0));
        m.fn("mem_info", 0, 1, a -> {
            long used = used(board);
            board.out("stack: 2112 out of 8192\nGC: total: " + Board.HEAP_BYTES + ", used: " + used
                    + ", free: " + (Board.HEAP_BYTES - used) + "\n");
            return Py.NONE;
        });
        m.fn("kbd_intr", 1, 1, a -> Py.NONE);
        m.fn("opt_level", 0, 1, a -> 0L);
        return m;
    }

    static PyModule esp(Board board) {
        PyModule m = new PyModule("esp");
        m.fn("flash_size", 0, 0, a -> 4L * 1024 * 1024);
        m.fn("freemem", 0, 0, a -> Math.max(0, Board.HEAP_BYTES - used(board)));
        m.fn("osdebug", 1, 1, a -> Py.NONE);
        return m;
    }
}
