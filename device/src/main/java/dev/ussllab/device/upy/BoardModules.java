package dev.ussllab.device.upy;

import dev.ussllab.device.micropython.TlsWrap;
import dev.ussllab.device.tls.BoardCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The Java half of the board's own modules (socket, ssl, network, machine, time hooks): the
 * module "_board" the frozen Python wrappers call. Functions take and return ints and strings;
 * buffers cross as addresses in the VM's memory (uctypes.addressof). A failure is returned, not
 * thrown (a Java exception must not unwind MicroPython's frames): the string "\0E" + errno
 * [+ ":" + name], which the wrapper raises as OSError; "\0EKI" means Ctrl-C arrived.
 *
 * <p>Errno numbers are the ESP8266 firmware's: MicroPython's (Linux) values that modlwip maps lwIP
 * errors to (extmod/modlwip.c error_lookup_table): a refused connection is ECONNRESET (104), a
 * timeout ETIMEDOUT (110), a failed DNS lookup OSError(-2).
 */
public final class BoardModules implements Bridge.HostObject {

    static final int EAGAIN = 11;
    static final int EBADF = 9;
    static final int EINVAL = 22;
    static final int ENOTCONN = 107;
    static final int ECONNRESET = 104;
    static final int ECONNABORTED = 103;
    static final int ETIMEDOUT = 110;
    static final int EHOSTUNREACH = 113;
    static final int EADDRINUSE = 98;
    static final int EIO = 5;
    /** lwIP's ERR_BUF-style failure modlwip raises for a name that does not resolve. */
    static final int DNS_FAILED = -2;
    /** How often a blocking call looks for Ctrl-C. */
    private static final int POLL_MS = 50;
    // MP_STREAM_POLL flags (py/stream.h).
    private static final int POLL_RD = 1;
    private static final int POLL_WR = 4;
    private static final int POLL_HUP = 0x10;

    /** machine.reset() / soft reset asked for: unwinds the VM, which is then thrown away. */
    public static final class ResetRequest extends RuntimeException {
        private final boolean hard;

        ResetRequest(boolean hard) {
            super(null, null, false, false);
            this.hard = hard;
        }

        public boolean hard() {
            return hard;
        }
    }

    /** A failure as the board reports it. */
    static final class Fail extends Exception {
        final String code;

        Fail(int errno) {
            super(null, null, false, false);
            this.code = Integer.toString(errno);
        }

        Fail(long errno, String name) {
            super(null, null, false, false);
            this.code = name == null ? Long.toString(errno) : errno + ":" + name;
        }

        Fail(String code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    private static final class Sock {
        final int type;
        Socket tcp;
        ServerSocket server;
        DatagramSocket udp;
        InputStream in;
        OutputStream out;
        TlsWrap.Conn tls;
        /** -1 blocking, 0 non-blocking, else milliseconds. */
        long timeoutMs = -1;
        boolean peerClosed;

        Sock(int type) {
            this.type = type;
        }
    }

    private final Map<String, Object> attrs = new HashMap<>();
    private final Map<Integer, Sock> socks = new HashMap<>();
    private int nextSock = 1;
    private final TlsWrap tls;
    private MicroPythonVm vm;
    private volatile boolean interrupted;
    private volatile Sock blockedIn;
    private volatile String pendingSource = "";
    private boolean wlanActive;
    private boolean wlanConnected;
    private final Map<Integer, Integer> pins = new HashMap<>();
    private final Map<Integer, java.security.MessageDigest> hashes = new HashMap<>();
    private int nextHash = 1;

    public BoardModules(TlsWrap tls) {
        this.tls = tls;
        fn("src", a -> pendingSource);
        fn("sleep_ms", a -> sleepMs(num(a[0])));
        fn("reset", a -> {
            throw new ResetRequest(truth(a[0]));
        });
        fn("getaddrinfo", a -> getaddrinfo((String) a[0]));
        fn("sock_new", a -> sockNew(num(a[0])));
        fn("sock_close", a -> sockClose(num(a[0])));
        fn("sock_settimeout", a -> {
            sock(num(a[0])).timeoutMs = num(a[1]);
            return null;
        });
        fn("sock_connect", a -> connect(num(a[0]), (String) a[1], num(a[2])));
        fn("sock_bind", a -> bind(num(a[0]), (String) a[1], num(a[2])));
        fn("sock_listen", a -> listen(num(a[0]), num(a[1])));
        fn("sock_accept", a -> accept(num(a[0])));
        fn("sock_send", a -> send(num(a[0]), num(a[1]), num(a[2])));
        fn("sock_recv_into", a -> recvInto(num(a[0]), num(a[1]), num(a[2]), false));
        fn("sock_read_into", a -> recvInto(num(a[0]), num(a[1]), num(a[2]), true));
        fn("sock_readline", a -> readline(num(a[0])));
        fn("sock_sendto", a -> sendto(num(a[0]), num(a[1]), num(a[2]), (String) a[3], num(a[4])));
        fn("sock_recvfrom_into", a -> recvfrom(num(a[0]), num(a[1]), num(a[2])));
        fn("sock_poll", a -> poll(num(a[0])));
        fn("sock_local", a -> local(num(a[0])));
        fn("tls_wrap", a -> tlsWrap(num(a[0]), (String) a[1], num(a[2]), num(a[3]), num(a[4]), num(a[5])));
        fn("wlan", a -> wlan((String) a[0], a.length > 1 ? a[1] : null));
        fn("pin", a -> pin(num(a[0]), num(a[1])));
        fn("hash_new", a -> {
            int id = nextHash++;
            hashes.put(id, java.security.MessageDigest.getInstance((String) a[0]));
            return id;
        });
        fn("hash_update", a -> {
            hashes.get(num(a[0])).update(vm.memory().readBytes(num(a[1]), num(a[2])));
            return null;
        });
        fn("hash_digest", a -> latin1(((java.security.MessageDigest) hashes.get(num(a[0])).clone()).digest()));
        // sys.stdout.buffer: bytes to the UART as they are (only the text stream turns "\n" into "\r\n").
        fn("stdout_raw", a -> {
            vm.consoleRaw(vm.memory().readBytes(num(a[0]), num(a[1])));
            return null;
        });
        fn("kbd_intr", a -> {
            vm.uart().interruptChar(num(a[0]));
            return null;
        });
        fn("print_raw", a -> {
            vm.console(((String) a[0]).getBytes(StandardCharsets.UTF_8));
            return null;
        });
    }

    void attach(MicroPythonVm vm) {
        this.vm = vm;
    }

    /** The source the next wrapped exec compiles (see {@link MicroPythonVm#execNamed}). */
    void pendingSource(String s) {
        pendingSource = s;
    }

    /** Ctrl-C: blocking calls return "\0EKI" within {@link #POLL_MS}. */
    public void interrupt() {
        interrupted = true;
        Sock s = blockedIn;
        if (s != null && s.tcp != null) {
            try {
                s.tcp.close(); // breaks a TLS read blocked mid-record, as the old firmware did
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    void clearInterrupt() {
        interrupted = false;
    }

    /** A soft or hard reset: every socket the program held closes, as the firmware's reset does. */
    public void closeAll() {
        for (Sock s : socks.values()) {
            closeQuietly(s);
        }
        socks.clear();
    }

    @Override
    public Object get(String name) {
        Object v = attrs.get(name);
        return v == null ? Bridge.MISSING : v;
    }

    private interface Body {
        Object run(Object[] a) throws Exception;
    }

    private void fn(String name, Body body) {
        attrs.put(name, (Bridge.HostFunction) args -> {
            try {
                return body.run(args);
            } catch (Fail f) {
                return "\u0000E" + f.code;
            } catch (IOException e) {
                return "\u0000E" + EIO;
            } catch (ResetRequest e) {
                throw e;
            } catch (Exception e) {
                return "\u0000E" + EINVAL;
            }
        });
    }

    private static int num(Object o) {
        if (o instanceof Number n) {
            return n.intValue();
        }
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        throw new IllegalArgumentException("not a number: " + o);
    }

    private static boolean truth(Object o) {
        return o instanceof Boolean b ? b : o instanceof Number n && n.intValue() != 0;
    }

    private void checkInterrupt() throws Fail {
        if (interrupted) {
            interrupted = false;
            throw new Fail("KI");
        }
    }

    private Object sleepMs(int ms) throws Fail {
        long end = System.nanoTime() + ms * 1_000_000L;
        while (true) {
            checkInterrupt();
            long leftNs = end - System.nanoTime();
            if (leftNs <= 0) {
                return null; // never early: a sub-millisecond remainder is slept too (ticks_diff >= ms, as on the board)
            }
            try {
                Thread.sleep(Math.min((leftNs + 999_999L) / 1_000_000L, POLL_MS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Fail("KI");
            }
        }
    }

    private Object getaddrinfo(String host) throws Fail {
        try {
            InetAddress a = InetAddress.getByName(host);
            if (!(a instanceof java.net.Inet4Address)) {
                for (InetAddress x : InetAddress.getAllByName(host)) {
                    if (x instanceof java.net.Inet4Address) {
                        a = x;
                        break;
                    }
                }
            }
            return a.getHostAddress();
        } catch (UnknownHostException e) {
            throw new Fail(DNS_FAILED);
        }
    }

    private Sock sock(int id) throws Fail {
        Sock s = socks.get(id);
        if (s == null) {
            throw new Fail(EBADF);
        }
        return s;
    }

    private Object sockNew(int type) {
        int id = nextSock++;
        socks.put(id, new Sock(type));
        return id;
    }

    private Object sockClose(int id) {
        Sock s = socks.remove(id);
        if (s != null) {
            closeQuietly(s);
        }
        return null;
    }

    private static void closeQuietly(Sock s) {
        try {
            if (s.tls != null) {
                s.tls.close();
            }
            if (s.tcp != null) {
                s.tcp.close();
            }
            if (s.server != null) {
                s.server.close();
            }
            if (s.udp != null) {
                s.udp.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
    }

    private Object connect(int id, String host, int port) throws Fail, IOException {
        Sock s = sock(id);
        if (s.type == 2) {
            udp(s).connect(new InetSocketAddress(host, port));
            return null;
        }
        if (s.tcp != null) {
            throw new Fail(106); // EISCONN
        }
        Socket t = new Socket();
        long deadline = s.timeoutMs > 0 ? System.nanoTime() + s.timeoutMs * 1_000_000L : Long.MAX_VALUE;
        InetSocketAddress to = new InetSocketAddress(host, port);
        while (true) {
            checkInterrupt();
            try {
                long left = deadline == Long.MAX_VALUE ? POLL_MS * 20 : (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    t.close();
                    throw new Fail(ETIMEDOUT);
                }
                t.connect(to, (int) Math.max(1, Math.min(left, POLL_MS * 20L)));
                break;
            } catch (SocketTimeoutException e) {
                t.close();
                t = new Socket();
            } catch (ConnectException e) {
                t.close();
                throw new Fail(ECONNRESET);
            } catch (NoRouteToHostException e) {
                t.close();
                throw new Fail(EHOSTUNREACH);
            }
        }
        t.setTcpNoDelay(true);
        s.tcp = t;
        s.in = t.getInputStream();
        s.out = t.getOutputStream();
        return null;
    }

    private DatagramSocket udp(Sock s) throws IOException {
        if (s.udp == null) {
            s.udp = new DatagramSocket(null);
            s.udp.setReuseAddress(true);
        }
        return s.udp;
    }

    private Object bind(int id, String host, int port) throws Fail, IOException {
        Sock s = sock(id);
        InetSocketAddress at = new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, port);
        try {
            if (s.type == 2) {
                udp(s).bind(at);
            } else {
                s.server = new ServerSocket();
                s.server.setReuseAddress(true);
                s.server.bind(at);
            }
        } catch (java.net.BindException e) {
            throw new Fail(EADDRINUSE);
        }
        return null;
    }

    private Object listen(int id, int backlog) throws Fail {
        if (sock(id).server == null) {
            throw new Fail(EINVAL);
        }
        return null;
    }

    private Object accept(int id) throws Fail, IOException {
        Sock s = sock(id);
        if (s.server == null) {
            throw new Fail(EINVAL);
        }
        long deadline = deadline(s);
        while (true) {
            checkInterrupt();
            s.server.setSoTimeout(slice(s, deadline));
            try {
                Socket c = s.server.accept();
                int nid = (int) sockNew(1);
                Sock n = socks.get(nid);
                n.tcp = c;
                n.in = c.getInputStream();
                n.out = c.getOutputStream();
                InetSocketAddress r = (InetSocketAddress) c.getRemoteSocketAddress();
                return nid + " " + r.getAddress().getHostAddress() + " " + r.getPort();
            } catch (SocketTimeoutException e) {
                expired(s, deadline);
            }
        }
    }

    private long deadline(Sock s) {
        return s.timeoutMs > 0 ? System.nanoTime() + s.timeoutMs * 1_000_000L : Long.MAX_VALUE;
    }

    private static int slice(Sock s, long deadline) {
        if (s.timeoutMs == 0) {
            return 1;
        }
        if (deadline == Long.MAX_VALUE) {
            return POLL_MS;
        }
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        return (int) Math.max(1, Math.min(left, POLL_MS));
    }

    private static void expired(Sock s, long deadline) throws Fail {
        if (s.timeoutMs == 0) {
            throw new Fail(EAGAIN);
        }
        if (deadline != Long.MAX_VALUE && System.nanoTime() >= deadline) {
            throw new Fail(ETIMEDOUT);
        }
    }

    private Object send(int id, int addr, int len) throws Fail, IOException {
        Sock s = sock(id);
        byte[] data = vm.memory().readBytes(addr, len);
        if (s.tls != null) {
            try {
                s.tls.write(data);
            } catch (TlsWrap.BoardError e) {
                throw boardFail(e);
            }
            return len;
        }
        if (s.type == 2) {
            DatagramSocket u = udp(s);
            if (!u.isConnected()) {
                throw new Fail(ENOTCONN);
            }
            u.send(new DatagramPacket(data, len));
            return len;
        }
        if (s.out == null) {
            throw new Fail(ENOTCONN);
        }
        try {
            s.out.write(data);
            s.out.flush();
        } catch (SocketException e) {
            throw new Fail(ECONNRESET);
        }
        return len;
    }

    private Fail boardFail(TlsWrap.BoardError e) {
        if (e.consoleLine() != null) {
            vm.console((e.consoleLine() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return new Fail(e.code(), e.symbol());
    }

    /**
     * recv (at most n, whatever arrived first) or, with full, the stream read (n bytes or up to the
     * peer's close); writes into the VM at addr and returns the count.
     */
    private Object recvInto(int id, int addr, int n, boolean full) throws Fail, IOException {
        Sock s = sock(id);
        if (s.tls != null) {
            awaitTls(s);
            blockedIn = s;
            try {
                byte[] b = s.tls.read(n);
                vm.memory().write(addr, b);
                return b.length;
            } catch (TlsWrap.BoardError e) {
                checkInterrupt();
                throw boardFail(e);
            } finally {
                blockedIn = null;
            }
        }
        if (s.type == 2) {
            Object r = recvfrom(id, addr, n);
            return Integer.parseInt(((String) r).split(" ")[0]);
        }
        if (s.in == null) {
            throw new Fail(ENOTCONN);
        }
        long deadline = deadline(s);
        byte[] buf = new byte[n];
        int got = 0;
        while (got < n) {
            checkInterrupt();
            s.tcp.setSoTimeout(slice(s, deadline));
            try {
                int r = s.in.read(buf, got, n - got);
                if (r < 0) {
                    break;
                }
                got += r;
                if (!full) {
                    break;
                }
            } catch (SocketTimeoutException e) {
                if (got > 0 && s.timeoutMs == 0) {
                    break;
                }
                expired(s, deadline);
            } catch (SocketException e) {
                if (got > 0) {
                    break;
                }
                throw new Fail(ECONNRESET);
            }
        }
        vm.memory().write(addr, java.util.Arrays.copyOf(buf, got));
        return got;
    }

    /**
     * With a timeout or non-blocking, waits for the first byte of TLS data (EAGAIN at once when
     * non-blocking, else ETIMEDOUT), watching for Ctrl-C; the read itself then blocks as axTLS's
     * does. A peer that closed meanwhile looks like no data here (Java cannot peek at end of stream).
     */
    private void awaitTls(Sock s) throws Fail, IOException {
        if (s.timeoutMs < 0) {
            return; // blocking: the read returns at the peer's close too; Ctrl-C closes the socket
        }
        long deadline = deadline(s);
        while (s.tls.available() <= 0 && s.in.available() <= 0) {
            checkInterrupt();
            if (s.tcp.isClosed()) {
                return;
            }
            if (s.timeoutMs == 0) {
                throw new Fail(EAGAIN);
            }
            if (deadline != Long.MAX_VALUE && System.nanoTime() >= deadline) {
                throw new Fail(ETIMEDOUT);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Fail("KI");
            }
        }
    }

    private Object readline(int id) throws Fail, IOException {
        Sock s = sock(id);
        if (s.tls != null) {
            awaitTls(s);
            blockedIn = s;
            try {
                return latin1(s.tls.readline());
            } catch (TlsWrap.BoardError e) {
                checkInterrupt();
                throw boardFail(e);
            } finally {
                blockedIn = null;
            }
        }
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        int addr = vm.alloc(1);
        try {
            while (true) {
                int r = (int) recvInto(id, addr, 1, true);
                if (r == 0) {
                    break;
                }
                byte b = vm.memory().read(addr);
                line.write(b);
                if (b == '\n') {
                    break;
                }
            }
        } finally {
            vm.freeMem(addr);
        }
        return latin1(line.toByteArray());
    }

    /** Bytes as a str of code points 0-255; the wrapper turns it back into bytes. */
    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private Object sendto(int id, int addr, int len, String host, int port) throws Fail, IOException {
        Sock s = sock(id);
        byte[] data = vm.memory().readBytes(addr, len);
        udp(s).send(new DatagramPacket(data, len, new InetSocketAddress(host, port)));
        return len;
    }

    private Object recvfrom(int id, int addr, int n) throws Fail, IOException {
        Sock s = sock(id);
        DatagramSocket u = udp(s);
        long deadline = deadline(s);
        DatagramPacket p = new DatagramPacket(new byte[Math.max(n, 1)], Math.max(n, 1));
        while (true) {
            checkInterrupt();
            u.setSoTimeout(slice(s, deadline));
            try {
                u.receive(p);
                vm.memory().write(addr, java.util.Arrays.copyOf(p.getData(), Math.min(n, p.getLength())));
                return Math.min(n, p.getLength()) + " " + p.getAddress().getHostAddress() + " " + p.getPort();
            } catch (SocketTimeoutException e) {
                expired(s, deadline);
            }
        }
    }

    private Object poll(int id) throws IOException {
        Sock s = socks.get(id);
        if (s == null) {
            return POLL_HUP;
        }
        int flags = POLL_WR;
        if (s.tcp != null) {
            if (s.in.available() > 0) {
                flags |= POLL_RD;
            } else {
                // Peek for close without consuming: a 1 ms read would take a byte, so ask the socket.
                if (s.tcp.isInputShutdown() || s.tcp.isClosed()) {
                    flags |= POLL_HUP;
                }
            }
        } else if (s.server != null) {
            flags = 0;
        } else if (s.udp != null) {
            flags = POLL_WR;
        }
        return flags;
    }

    private Object local(int id) throws Fail {
        Sock s = sock(id);
        InetSocketAddress a = s.tcp != null ? (InetSocketAddress) s.tcp.getLocalSocketAddress()
                : s.server != null ? (InetSocketAddress) s.server.getLocalSocketAddress()
                : s.udp != null ? (InetSocketAddress) s.udp.getLocalSocketAddress() : null;
        if (a == null) {
            return "0.0.0.0 0";
        }
        return a.getAddress().getHostAddress() + " " + a.getPort();
    }

    /**
     * ussl.wrap_socket: the handshake of the emulated ESP8266 client. key= and cert= (length -1: not
     * given) are loaded as modssl_axtls.c (v1.22) does: the key first ("invalid key"), then the cert
     * ("invalid cert"), each a ValueError; without a key the built-in certificate answers a request.
     */
    private Object tlsWrap(int id, String serverHostname, int keyAddr, int keyLen, int certAddr, int certLen)
            throws Fail, IOException {
        Sock s = sock(id);
        if (s.tcp == null) {
            throw new Fail(ENOTCONN);
        }
        if (tls == null) {
            throw new Fail(EINVAL);
        }
        BoardCredentials credentials = null;
        if (keyLen >= 0) {
            byte[] key = vm.memory().readBytes(keyAddr, keyLen);
            try {
                BoardCredentials.fromFirmwareBytes(key, null);
            } catch (BoardCredentials.InvalidCredentials e) {
                if (e.firmwareMessage().equals("invalid key")) {
                    throw new Fail("V:" + e.firmwareMessage());
                }
            }
            byte[] cert = certLen >= 0 ? vm.memory().readBytes(certAddr, certLen) : null;
            try {
                credentials = BoardCredentials.fromFirmwareBytes(key, cert);
            } catch (BoardCredentials.InvalidCredentials e) {
                throw new Fail("V:" + e.firmwareMessage());
            }
        }
        blockedIn = s;
        try {
            s.tls = tls.wrap(s.tcp, serverHostname, credentials);
        } catch (IOException e) {
            checkInterrupt(); // Ctrl-C closed the socket under the handshake
            if (e instanceof TlsWrap.BoardError be) {
                throw boardFail(be);
            }
            throw e;
        } finally {
            blockedIn = null;
        }
        return null;
    }

    /** network.WLAN: the station joins "the laptop's loopback" at once. */
    private Object wlan(String op, Object arg) {
        switch (op) {
            case "active" -> {
                if (arg != null) {
                    wlanActive = truth(arg);
                    if (!wlanActive) {
                        wlanConnected = false;
                    }
                }
                return wlanActive;
            }
            case "connect" -> {
                wlanActive = true;
                wlanConnected = true;
                return null;
            }
            case "disconnect" -> {
                wlanConnected = false;
                return null;
            }
            case "isconnected" -> {
                return wlanConnected;
            }
            default -> {
                return null;
            }
        }
    }

    private Object pin(int id, int value) {
        if (value >= 0) {
            pins.put(id, value);
            return null;
        }
        return pins.getOrDefault(id, 0);
    }
}
