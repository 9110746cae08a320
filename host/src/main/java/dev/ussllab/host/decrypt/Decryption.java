package dev.ussllab.host.decrypt;

import dev.ussllab.host.keys.KeyMaterial;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The decryptor for other commands (the demo): every TLS session of a capture, summarised. */
public final class Decryption {

    private Decryption() {}

    /**
     * One session: endpoints as "addr:port", how it was decrypted (null if not) or why not, and
     * its application data as "client -> server: text" lines.
     */
    public record Session(String client, int clientPort, String server, String protocol, String cipherSuite,
            String method, String reason, List<String> records) {
        public boolean decrypted() {
            return reason == null;
        }
    }

    /**
     * @param rsaKey the server's key.pem, or null
     * @param keyLog an NSS key log, or null
     * @param useCaptureSecrets whether the capture's own secrets blocks count (false shows what
     *     the key and key log alone can do)
     */
    public static List<Session> run(Path capture, Path rsaKey, Path keyLog, boolean useCaptureSecrets) {
        KeyLog log = KeyLog.load(keyLog);
        RsaPremaster rsa = rsaKey == null ? null : new RsaPremaster(KeyMaterial.loadRsaKey(rsaKey), null);
        List<Session> out = new ArrayList<>();
        new CaptureDecryptor(new CaptureDecryptor.Options(rsa, log, useCaptureSecrets, 1)).run(List.of(capture),
                new CaptureDecryptor.Listener<Void>() {
            @Override
            public void session(SessionReport r, Void rendered) {
                add(out, r);
            }

            @Override
            public void warning(String message) {
                // the demo's own capture, written whole
            }
        });
        return out;
    }

    private static void add(List<Session> out, SessionReport r) {
        List<String> records = new ArrayList<>();
        for (SessionReport.AppData d : r.records()) {
            String text = Plaintext.text(d.data());
            records.add((d.fromClient() ? "client -> server: " : "server -> client: ")
                    + (text != null ? Plaintext.escape(text, false) : java.util.HexFormat.of().formatHex(d.data())));
        }
        out.add(new Session(Plaintext.endpoint(r.client()), r.client().getPort(), Plaintext.endpoint(r.server()),
                r.protocol(), r.cipherSuite(), r.method(), r.reason(), records));
    }
}
