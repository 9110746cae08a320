package dev.ussllab.device.probe;

import dev.ussllab.device.probe.ProbeReport.SuiteResult;
import dev.ussllab.profile.client.CipherSuiteNames;
import dev.ussllab.profile.client.Profiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.tls.ProtocolVersion;

/** Each of the board's four suites offered alone at TLS 1.2: does the server pick it? */
final class BoardSuitesCheck {

    private BoardSuitesCheck() {}

    static List<SuiteResult> run(InetSocketAddress address, int timeoutMs, String sni) throws IOException {
        List<SuiteResult> out = new ArrayList<>();
        for (int suite : Profiles.esp8266().cipherSuites()) {
            ProbeClient.Seen seen = ProbeClient.look(address, timeoutMs, ProtocolVersion.TLSv12.only(), new int[] {suite},
                    sni, false, ProbeClient.StopAt.SERVER_HELLO);
            out.add(new SuiteResult(CipherSuiteNames.name(suite), OpenSslNames.of(suite), seen.suite == suite));
        }
        return out;
    }
}
