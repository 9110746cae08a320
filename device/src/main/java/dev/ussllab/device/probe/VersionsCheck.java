package dev.ussllab.device.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.tls.ProtocolVersion;

/** TLS 1.0, 1.1, 1.2, 1.3: one ClientHello offering only that version each, yes if the server picks it. */
final class VersionsCheck {

    private VersionsCheck() {}

    static Map<String, Boolean> run(InetSocketAddress address, int timeoutMs, String sni) throws IOException {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (ProtocolVersion v : new ProtocolVersion[] {ProtocolVersion.TLSv10, ProtocolVersion.TLSv11,
                ProtocolVersion.TLSv12, ProtocolVersion.TLSv13}) {
            ProbeClient.Seen seen = ProbeClient.look(address, timeoutMs, v.only(), ProbeClient.BROAD, sni, false,
                    ProbeClient.StopAt.SERVER_HELLO);
            out.put(ProbeClient.versionName(v), v.equals(seen.version));
        }
        return out;
    }
}
