package dev.ussllab.host.bridge;

import dev.ussllab.host.capture.CaptureFile;
import dev.ussllab.host.keys.KeyMaterial;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@link Bridge} runs: where boards connect, the upstream server it relays to and how that
 * server is trusted, the board side's key and certificate (the same files the host uses), an
 * optional client certificate for the upstream, and what it records.
 */
public final class BridgeOptions {

    /** An ESP8266 at 80 MHz needs ~1-2 s for its RSA-2048 handshake; a far upstream a few RTTs more. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * A relayed session with no byte either way for this long is ended. MQTT's default keep-alive
     * is 60 s (a PINGREQ at least every 60 s), so a quiet broker session survives 1.5 of them.
     */
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(90);
    /** Sessions relayed at once; past it a new board is closed at accept with a log line. */
    public static final int DEFAULT_MAX_SESSIONS = 256;

    private InetSocketAddress listen;
    private InetSocketAddress upstream;
    private String upstreamName;
    private String sni;
    private UpstreamTrust trust;
    private KeyMaterial boardKeys;
    private KeyMaterial clientKeys;
    private KeyLogSink keyLog = KeyLogSink.NONE;
    private CaptureFile capture;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration idle = DEFAULT_IDLE;
    private int maxSessions = DEFAULT_MAX_SESSIONS;
    private Consumer<SessionRecord> listener = r -> {};

    public BridgeOptions listen(InetSocketAddress address) {
        this.listen = Objects.requireNonNull(address);
        return this;
    }

    /**
     * The upstream server: name is what the user typed (host name or address), used for SNI and
     * certificate name checks unless {@link #sni} says otherwise; address is where to connect.
     */
    public BridgeOptions upstream(String name, InetSocketAddress address) {
        this.upstreamName = Objects.requireNonNull(name);
        this.upstream = Objects.requireNonNull(address);
        return this;
    }

    /** SNI and the name the upstream certificate must carry; null: the upstream host name. */
    public BridgeOptions sni(String name) {
        this.sni = name;
        return this;
    }

    public BridgeOptions trust(UpstreamTrust trust) {
        this.trust = Objects.requireNonNull(trust);
        return this;
    }

    public BridgeOptions boardKeys(KeyMaterial keys) {
        this.boardKeys = Objects.requireNonNull(keys);
        return this;
    }

    /** Key and certificate the bridge presents when the upstream asks for one; null: none. */
    public BridgeOptions clientKeys(KeyMaterial keys) {
        this.clientKeys = keys;
        return this;
    }

    public BridgeOptions keyLog(KeyLogSink sink) {
        this.keyLog = Objects.requireNonNull(sink);
        return this;
    }

    /** Both legs of every session go here, each with its own secrets; null: no capture. */
    public BridgeOptions capture(CaptureFile file) {
        this.capture = file;
        return this;
    }

    public BridgeOptions timeout(Duration timeout) {
        this.timeout = positive(timeout, "--timeout");
        return this;
    }

    public BridgeOptions idle(Duration idle) {
        this.idle = positive(idle, "--idle");
        return this;
    }

    public BridgeOptions maxSessions(int n) {
        if (n < 1 || n > 65536) {
            throw LabException.badInput("--max-sessions " + n + " is out of range", "give 1 to 65536");
        }
        this.maxSessions = n;
        return this;
    }

    /** Receives one record per session, on the bridge's thread (keep it quick). */
    public BridgeOptions listener(Consumer<SessionRecord> listener) {
        this.listener = Objects.requireNonNull(listener);
        return this;
    }

    private static Duration positive(Duration d, String option) {
        if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw LabException.badInput(option + " " + d.toMillis() / 1000.0 + " s is not usable", "give at least 1 second");
        }
        return d;
    }

    void check() {
        if (listen == null || upstream == null || trust == null || boardKeys == null) {
            throw new IllegalStateException("listen, upstream, trust and boardKeys are required");
        }
    }

    public InetSocketAddress listen() { return listen; }
    public InetSocketAddress upstream() { return upstream; }
    public String upstreamName() { return upstreamName; }
    /** The name sent as SNI and checked in the certificate. */
    public String serverName() { return sni != null ? sni : upstreamName; }
    public UpstreamTrust trust() { return trust; }
    public KeyMaterial boardKeys() { return boardKeys; }
    public KeyMaterial clientKeys() { return clientKeys; }
    public KeyLogSink keyLog() { return keyLog; }
    public CaptureFile capture() { return capture; }
    public Duration timeout() { return timeout; }
    public Duration idle() { return idle; }
    public int maxSessions() { return maxSessions; }
    Consumer<SessionRecord> listener() { return listener; }
}
