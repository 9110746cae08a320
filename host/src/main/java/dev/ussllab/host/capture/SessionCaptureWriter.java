package dev.ussllab.host.capture;

import dev.ussllab.host.ConnectionObserver;
import dev.ussllab.host.ConnectionRecord;
import dev.ussllab.profile.keylog.KeyLogFile;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records every session the host serves into a pcapng {@link CaptureFile}: it is the host's
 * per-connection byte tap (ConnectionObserver.Factory) and a key-log sink, so each session is
 * written when it ends with a Decryption Secrets Block holding exactly that session's secrets.
 * Chain the user's own key log through {@link #keyLogSink(KeyLogSink)}.
 */
public final class SessionCaptureWriter implements ConnectionObserver.Factory, AutoCloseable {

    private final CaptureFile file;
    /** Secrets by client random until their session ends; a failed handshake's are dropped at close. */
    private final Map<String, List<String>> secrets = new ConcurrentHashMap<>();

    public SessionCaptureWriter(CaptureFile file) {
        this.file = file;
    }

    public CaptureFile file() {
        return file;
    }

    /** The sink to give the host: records secrets for the capture, and also passes them to next. */
    public KeyLogSink keyLogSink(KeyLogSink next) {
        return (label, clientRandom, secret) -> {
            secrets.computeIfAbsent(HexFormat.of().formatHex(clientRandom), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add(KeyLogFile.line(label, clientRandom, secret));
            next.log(label, clientRandom, secret);
        };
    }

    @Override
    public ConnectionObserver open(InetSocketAddress client, InetSocketAddress server) {
        SessionRecording recording = new SessionRecording();
        return new ConnectionObserver() {
            @Override
            public void onBytes(Direction direction, byte[] bytes, int offset, int length) {
                recording.add(direction == Direction.IN, bytes, offset, length);
            }

            @Override
            public void onClose(ConnectionRecord record) {
                String random = recording.clientRandom();
                List<String> lines = random == null ? null : secrets.remove(random);
                file.writeSession(client, server, recording.startNanos, CaptureFile.nowNanos(), recording.chunks(),
                        lines == null ? List.of() : lines);
            }
        };
    }

    @Override
    public void close() {
        file.close();
    }
}
