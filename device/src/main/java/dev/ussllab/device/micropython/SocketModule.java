package dev.ussllab.device.micropython;

import dev.ussllab.device.tls.BoardCredentials;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** usocket/socket and ussl/ssl as the ESP8266 build (lwIP + axTLS) presents them. */
final class SocketModule {

    static final long AF_INET = 2;
    static final long SOCK_STREAM = 1;
    static final long SOCK_DGRAM = 2;
    static final long SOCK_RAW = 3;
    static final long IPPROTO_TCP = 6;
    static final long IPPROTO_UDP = 17;
    static final long SOL_SOCKET = 1;
    static final long SO_REUSEADDR = 4;
    /** esp8266 modlwip's getaddrinfo reports a failed DNS lookup as OSError -2. */
    static final long DNS_FAILED = -2;
    /** The keywords wrap_socket parses (extmod/modssl_axtls.c, v1.22); any other is refused. */
    static final Set<String> WRAP_KEYWORDS = Set.of("key", "cert", "server_side", "server_hostname", "do_handshake");

    private SocketModule() {}

    static PyModule socket(Board board) {
        PyModule m = new PyModule("socket");
        m.put("AF_INET", AF_INET).put("SOCK_STREAM", SOCK_STREAM).put("SOCK_DGRAM", SOCK_DGRAM)
                .put("SOCK_RAW", SOCK_RAW).put("IPPROTO_TCP", IPPROTO_TCP).put("IPPROTO_UDP", IPPROTO_UDP)
                .put("SOL_SOCKET", SOL_SOCKET).put("SO_REUSEADDR", SO_REUSEADDR);
        m.fn("socket", 0, 3, a -> {
            long af = a.isEmpty() ? AF_INET : Ops.toLong(a.get(0));
            long type = a.size() < 2 ? SOCK_STREAM : Ops.toLong(a.get(1));
            if (af != AF_INET) {
                throw PyException.oserror(Errno.EINVAL);
            }
            if (type != SOCK_STREAM) {
                throw PyException.notInSubset("UDP and raw sockets");
            }
            return new PySocket(board);
        });
        m.put("getaddrinfo", new Builtin("getaddrinfo", (a, kw) -> {
            Builtin.checkArgs("getaddrinfo", a, 2, 6);
            String host = Py.str(a.get(0));
            long port = Ops.toLong(a.get(1));
            return new PyList(List.of(PyTuple.of(AF_INET, SOCK_STREAM, IPPROTO_TCP, "",
                    PyTuple.of(resolve(host), port))));
        }));
        return m;
    }

    /** IPv4 only, like lwIP on the ESP8266. */
    static String resolve(String host) {
        try {
            for (InetAddress addr : InetAddress.getAllByName(host)) {
                if (addr instanceof Inet4Address) {
                    return addr.getHostAddress();
                }
            }
        } catch (UnknownHostException e) {
            // falls through to the board's error
        }
        throw PyException.oserror(DNS_FAILED);
    }

    static PyModule ssl(Board board) {
        PyModule m = new PyModule("ssl");
        m.put("wrap_socket", new Builtin("wrap_socket", (a, kw) -> wrap(board, a, kw)));
        m.put("CERT_NONE", 0L);
        return m;
    }

    private static Object wrap(Board board, List<Object> a, Map<String, Object> kw) {
        if (a.size() != 1) {
            throw PyException.type("TypeError", "function takes 1 positional arguments but " + a.size() + " were given");
        }
        for (String k : kw.keySet()) {
            if (!WRAP_KEYWORDS.contains(k)) {
                throw PyException.type("TypeError", "extra keyword arguments given");
            }
        }
        if (!(a.get(0) instanceof PySocket sock)) {
            throw PyException.type("TypeError", "'" + Py.typeName(a.get(0)) + "' object isn't a socket");
        }
        if (Py.truthy(kw.getOrDefault("server_side", false))) {
            throw PyException.notInSubset("wrap_socket(server_side=True)");
        }
        if (kw.containsKey("do_handshake") && !Py.truthy(kw.get("do_handshake"))) {
            throw PyException.notInSubset("wrap_socket(do_handshake=False)");
        }
        Object sni = kw.getOrDefault("server_hostname", Py.NONE);
        if (board.tls() == null) {
            throw PyException.type("ImportError", "no module named 'ssl'");
        }
        BoardCredentials credentials = credentials(kw.getOrDefault("key", Py.NONE), kw.getOrDefault("cert", Py.NONE));
        board.blockingOn(sock::close);
        try {
            TlsWrap.Conn conn = board.tls().wrap(sock.connected(), sni == Py.NONE ? null : Py.str(sni), credentials);
            return new PySslSocket(board, conn, sock);
        } catch (IOException e) {
            throw PySslSocket.boardError(board, e);
        } finally {
            board.blockingOn(null);
        }
    }

    /**
     * key= and cert= as modssl_axtls.c (v1.22) takes them: only when key is not None, first the
     * key (mp_obj_str_get_data, then ssl_obj_memory_load SSL_OBJ_RSA_KEY: "invalid key"), then the
     * cert the same way ("invalid cert"). A cert without a key is ignored, as there.
     */
    static BoardCredentials credentials(Object key, Object cert) {
        if (key == Py.NONE) {
            return null;
        }
        byte[] k = strData(key);
        try {
            BoardCredentials.fromFirmwareBytes(k, null);
        } catch (BoardCredentials.InvalidCredentials e) {
            if (e.firmwareMessage().equals("invalid key")) {
                throw PyException.type("ValueError", e.firmwareMessage());
            }
        }
        byte[] c = strData(cert);
        try {
            return BoardCredentials.fromFirmwareBytes(k, c);
        } catch (BoardCredentials.InvalidCredentials e) {
            throw PyException.type("ValueError", e.firmwareMessage());
        }
    }

    /** mp_obj_str_get_data: str or bytes, else MicroPython's implicit-conversion TypeError. */
    private static byte[] strData(Object v) {
        if (v instanceof PyBytes || v instanceof String) {
            return Builtins.bytesOf(v);
        }
        throw PyException.type("TypeError", "can't convert '" + Py.typeName(v) + "' object to str implicitly");
    }
}
