package dev.ussllab.tools;

import dev.ussllab.host.capture.CaptureFile;
import dev.ussllab.host.capture.SessionCaptureWriter;
import dev.ussllab.profile.LabException;
import dev.ussllab.profile.keylog.KeyLogFile;
import dev.ussllab.profile.keylog.KeyLogSink;
import dev.ussllab.host.decrypt.Decryption;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The demo's capture and key log (fresh each run in the working folder), and what decrypting the
 * capture shows: each client's session with key.pem alone (RSA key exchange) or only with the
 * key log (forward secret). The capture's own secrets blocks are ignored for this verdict.
 */
final class DemoCapture implements AutoCloseable {

    static final String CAPTURE = "demo.pcapng";
    static final String KEY_LOG = "demo-keys.log";
    /** The board whose session the demo decrypts with key.pem alone. */
    static final String BOARD = "esp8266-micropython";

    private final Path capturePath;
    private final Path keyLogPath;
    private final SessionCaptureWriter writer;
    private final KeyLogFile keyLog;

    private DemoCapture(Path capturePath, Path keyLogPath, SessionCaptureWriter writer, KeyLogFile keyLog) {
        this.capturePath = capturePath;
        this.keyLogPath = keyLogPath;
        this.writer = writer;
        this.keyLog = keyLog;
    }

    static DemoCapture open(Path dir) {
        Path capture = dir.resolve(CAPTURE);
        Path keys = dir.resolve(KEY_LOG);
        try {
            Files.deleteIfExists(keys); // a key log appends; the demo's describes this run only
        } catch (IOException e) {
            throw LabException.failure("cannot replace " + keys + ": " + e.getMessage(), "remove it and run the demo again");
        }
        SessionCaptureWriter writer = new SessionCaptureWriter(CaptureFile.open(capture));
        return new DemoCapture(capture, keys, writer, KeyLogFile.open(keys));
    }

    SessionCaptureWriter writer() {
        return writer;
    }

    KeyLogSink keyLogSink() {
        return writer.keyLogSink(keyLog);
    }

    /** Decrypts the finished capture twice (key alone, key log alone) and prints a verdict per client. */
    void reportDecryption(PrintWriter out, Path key, Map<String, Integer> clientPorts) {
        close();
        if (writer.file().failure() != null) {
            throw writer.file().failure();
        }
        List<Decryption.Session> withKey = Decryption.run(capturePath, key, null, false);
        List<Decryption.Session> withLog = Decryption.run(capturePath, null, keyLogPath, false);
        out.println();
        out.println("== capture " + capturePath + " (" + writer.file().sessions() + " sessions, each with its secrets;"
                + " Wireshark and tshark decrypt it with no settings), key log " + keyLogPath);
        for (Map.Entry<String, Integer> client : clientPorts.entrySet()) {
            Decryption.Session byKey = find(withKey, client.getValue());
            Decryption.Session byLog = find(withLog, client.getValue());
            String verdict = byKey == null ? "not in the capture"
                    : byKey.decrypted() ? "decryptable with key.pem alone (RSA key exchange)"
                    : byLog != null && byLog.decrypted() ? "only with the key log (" + byKey.reason() + ")"
                    : "not decryptable: " + byKey.reason();
            out.println(client.getKey() + ": " + verdict);
            if (client.getKey().equals(BOARD)) {
                if (byKey == null || !byKey.decrypted()) {
                    throw LabException.failure("the ESP8266 session in " + capturePath + " did not decrypt with " + key,
                            "run: ussl-lab decrypt " + capturePath + " --key " + key + " --no-capture-secrets");
                }
                for (String r : byKey.records()) {
                    out.println("  " + r);
                }
            }
        }
        out.flush();
    }

    private static Decryption.Session find(List<Decryption.Session> sessions, int clientPort) {
        return sessions.stream().filter(s -> s.clientPort() == clientPort).findFirst().orElse(null);
    }

    @Override
    public void close() {
        writer.close();
        keyLog.close();
    }
}
