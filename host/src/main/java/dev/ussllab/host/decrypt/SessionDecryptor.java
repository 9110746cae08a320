package dev.ussllab.host.decrypt;

import dev.ussllab.host.crypto.RsaProvider;
import dev.ussllab.host.pcap.TcpConnection;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Decides whether a TLS session in a reassembled connection can be decrypted, with what, and
 * decrypts it: the key log first (any version, any key exchange), else the RSA key for TLS 1.2
 * RSA key exchange, the way Wireshark does it. Every refusal carries its reason in plain words.
 */
public final class SessionDecryptor {

    public static final String FORWARD_SECRET = " key exchange is forward secret: the RSA key cannot decrypt it; supply a key log";
    public static final String TLS13_FORWARD_SECRET = "TLS 1.3 is always forward secret: the RSA key cannot decrypt it; supply a key log";
    public static final String RESUMED = "resumed session: the full handshake is not in this capture";
    public static final String KEY_MISMATCH = "the key does not match the server certificate";
    public static final String MID_SESSION = "the handshake is not in this capture (it starts mid-session): without the"
            + " ClientHello and ServerHello nothing can be decrypted";
    public static final String NOTHING_GIVEN = "no key or key log given: pass --key with the server's RSA key or --keylog FILE";

    private final KeyLog keyLog;
    private final RsaPremaster rsaKey;
    private final Supplier<RsaProvider> recordCrypto;

    /** @param rsaKey the server's key, or null */
    SessionDecryptor(KeyLog keyLog, RsaPremaster rsaKey) {
        this(keyLog, rsaKey, () -> null);
    }

    /**
     * @param recordCrypto asked once per session for who runs the records' AES and HMAC: null for the
     *     JDK's (the native provider may still be loading: the results are the same)
     */
    SessionDecryptor(KeyLog keyLog, RsaPremaster rsaKey, Supplier<RsaProvider> recordCrypto) {
        this.keyLog = keyLog;
        this.rsaKey = rsaKey;
        this.recordCrypto = recordCrypto;
    }

    /** The report, or null when the connection is not TLS. */
    SessionReport analyze(TcpConnection conn) {
        if (!RecordSplitter.looksLikeTls(conn.chunks())) {
            return RecordSplitter.looksLikeTlsRecords(conn.chunks())
                    ? new Builder(conn, new Handshake()).refuse(MID_SESSION) : null;
        }
        List<TlsRecord> records = new ArrayList<>(RecordSplitter.split(conn.chunks(), true));
        records.addAll(RecordSplitter.split(conn.chunks(), false));
        records.sort(Comparator.comparingInt(TlsRecord::order));
        Handshake hs = readPlainHandshake(records);
        Builder b = new Builder(conn, hs);
        if (hs.clientRandom == null) {
            return b.refuse("the ClientHello could not be parsed");
        }
        if (hs.serverRandom == null) {
            return b.refuse("no ServerHello in this capture: the server never answered");
        }
        CipherSuite suite = CipherSuite.byId(hs.cipherSuite);
        if (hs.version < Handshake.TLS12) {
            return b.refuse(b.protocol + " is not supported by this decryptor (TLS 1.2 and 1.3 are)");
        }
        if (suite == null) {
            return b.refuse("cipher suite " + b.suite + " is not supported by this decryptor");
        }
        try {
            return hs.version == Handshake.TLS13 ? tls13(b, suite, hs, records) : tls12(b, suite, hs, records);
        } catch (GeneralSecurityException e) {
            return b.refuse("the JDK cannot run " + suite.name() + ": " + e.getMessage());
        }
    }

    private static Handshake readPlainHandshake(List<TlsRecord> records) {
        Handshake hs = new Handshake();
        ByteArrayOutputStream[] pending = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        boolean[] ccs = new boolean[2];
        for (TlsRecord r : records) {
            int side = r.fromClient() ? 0 : 1;
            if (r.type() == TlsRecord.CHANGE_CIPHER_SPEC) {
                ccs[side] = true;
            } else if (r.type() == TlsRecord.HANDSHAKE && (!ccs[side] || hs.version == Handshake.TLS13)) {
                pending[side].writeBytes(r.fragment());
                byte[] buffered = pending[side].toByteArray();
                int used = Handshake.splitMessages(buffered, hs::message);
                pending[side].reset();
                pending[side].write(buffered, used, buffered.length - used);
            }
        }
        return hs;
    }

    private SessionReport tls12(Builder b, CipherSuite suite, Handshake hs, List<TlsRecord> records)
            throws GeneralSecurityException {
        byte[] master = keyLog.secret(hs.clientRandom, "CLIENT_RANDOM");
        String method = "key log";
        RsaProvider crypto = null;
        javax.crypto.Mac prf = null;
        if (master == null) {
            String why = whyNoRsa(suite, hs);
            if (why != null) {
                return b.refuse(why);
            }
            byte[] premaster = rsaKey.decrypt(hs.encryptedPremaster);
            if (premaster == null) {
                return b.refuse(KEY_MISMATCH);
            }
            crypto = recordCrypto.get(); // asked after the RSA operation, which waited for the provider to load
            prf = Tls12Keys.hmac(suite, crypto);
            master = Tls12Keys.masterSecret(prf, suite, premaster, hs, crypto);
            method = "RSA key";
        } else {
            crypto = recordCrypto.get();
        }
        Tls12Keys.KeyBlock k = Tls12Keys.keyBlock(prf != null ? prf : Tls12Keys.hmac(suite, crypto), suite, master,
                hs.clientRandom, hs.serverRandom);
        RecordCipher[] ciphers = {
            new Tls12RecordCipher(suite, k.clientMac(), k.clientKey(), k.clientIv(), hs.encryptThenMac, crypto),
            new Tls12RecordCipher(suite, k.serverMac(), k.serverKey(), k.serverIv(), hs.encryptThenMac, crypto)};
        boolean[] active = new boolean[2];
        for (TlsRecord r : records) {
            int side = r.fromClient() ? 0 : 1;
            if (r.type() == TlsRecord.CHANGE_CIPHER_SPEC) {
                active[side] = true;
                continue;
            }
            if (!active[side]) {
                continue;
            }
            RecordCipher.Plain p;
            try {
                p = ciphers[side].decrypt(r);
            } catch (GeneralSecurityException e) {
                return b.failed(method, r, e);
            }
            if (p.type() == TlsRecord.APPLICATION_DATA) {
                b.appData(r, p.data());
            }
        }
        return b.done(method);
    }

    /** Null when the RSA key can be tried, else why not. */
    private String whyNoRsa(CipherSuite suite, Handshake hs) {
        if (hs.resumed()) {
            return RESUMED;
        }
        if (suite.keyExchange() != CipherSuite.KeyExchange.RSA) {
            return suite.keyExchange() + FORWARD_SECRET;
        }
        if (rsaKey == null) {
            return keyLog.isEmpty() ? NOTHING_GIVEN : noSecrets(hs);
        }
        if (hs.serverCertificate != null && !rsaKey.matches(hs.serverCertificate)) {
            return KEY_MISMATCH;
        }
        if (hs.encryptedPremaster == null) {
            return "the ClientKeyExchange is not in this capture";
        }
        return null;
    }

    private static String noSecrets(Handshake hs) {
        return "the key log has no secrets for this session (client random "
                + HexFormat.of().formatHex(hs.clientRandom).substring(0, 16) + "...)";
    }

    private SessionReport tls13(Builder b, CipherSuite suite, Handshake hs, List<TlsRecord> records)
            throws GeneralSecurityException {
        byte[][] app = {keyLog.secret(hs.clientRandom, "CLIENT_TRAFFIC_SECRET_0"),
            keyLog.secret(hs.clientRandom, "SERVER_TRAFFIC_SECRET_0")};
        if (app[0] == null || app[1] == null) {
            if (!keyLog.isEmpty()) {
                return b.refuse(noSecrets(hs));
            }
            return b.refuse(rsaKey != null ? TLS13_FORWARD_SECRET
                    : "no key log given: TLS 1.3 can only be decrypted with one (--keylog FILE or a capture with secrets)");
        }
        byte[][] handshake = {keyLog.secret(hs.clientRandom, "CLIENT_HANDSHAKE_TRAFFIC_SECRET"),
            keyLog.secret(hs.clientRandom, "SERVER_HANDSHAKE_TRAFFIC_SECRET")};
        Tls13Direction[] dirs = {new Tls13Direction(suite, handshake[0], app[0]),
            new Tls13Direction(suite, handshake[1], app[1])};
        for (TlsRecord r : records) {
            if (r.type() != TlsRecord.APPLICATION_DATA) {
                continue; // ClientHello, ServerHello, compatibility ChangeCipherSpec: plaintext
            }
            byte[] data;
            try {
                data = dirs[r.fromClient() ? 0 : 1].decrypt(r);
            } catch (GeneralSecurityException e) {
                return b.failed("key log", r, e);
            }
            if (data != null) {
                b.appData(r, data);
            }
        }
        return b.done("key log");
    }

    /** Collects the report while decrypting. */
    private static final class Builder {
        final TcpConnection conn;
        final String protocol;
        final String suite;
        final String sni;
        final List<SessionReport.AppData> data = new ArrayList<>();

        Builder(TcpConnection conn, Handshake hs) {
            this.conn = conn;
            this.protocol = switch (hs.version) {
                case Handshake.TLS13 -> "TLSv1.3";
                case Handshake.TLS12 -> "TLSv1.2";
                case 0x0302 -> "TLSv1.1";
                case 0x0301 -> "TLSv1.0";
                case 0 -> "unknown";
                default -> String.format("0x%04X", hs.version);
            };
            this.suite = hs.cipherSuite < 0 ? "unknown" : CipherSuite.describe(hs.cipherSuite);
            this.sni = hs.sni;
        }

        void appData(TlsRecord r, byte[] plain) {
            data.add(new SessionReport.AppData(r.fromClient(), r.timeNanos(), plain));
        }

        SessionReport refuse(String reason) {
            return new SessionReport(conn.client(), conn.server(), conn.startNanos(), protocol, suite, sni, null, reason,
                    List.of(), conn.missingBytes());
        }

        SessionReport failed(String method, TlsRecord r, GeneralSecurityException e) {
            String who = r.fromClient() ? "client" : "server";
            String what = "RSA key".equals(method) ? "the keys derived from the RSA key" : "the key log's secrets";
            return new SessionReport(conn.client(), conn.server(), conn.startNanos(), protocol, suite, sni, null,
                    what + " do not decrypt this session (" + who + " record " + (data.size() + 1) + ": "
                            + e.getMessage() + ")", List.copyOf(data), conn.missingBytes());
        }

        SessionReport done(String method) {
            return new SessionReport(conn.client(), conn.server(), conn.startNanos(), protocol, suite, sni, method, null,
                    List.copyOf(data), conn.missingBytes());
        }
    }
}
