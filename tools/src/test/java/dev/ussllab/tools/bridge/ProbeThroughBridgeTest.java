package dev.ussllab.tools.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.host.bridge.UpstreamTrust;
import dev.ussllab.testsupport.peers.RealServer;
import dev.ussllab.testsupport.peers.RealServers;
import dev.ussllab.tools.UsslLab;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README "My board can't connect to my server", step 4: probe refuses nginx with Mozilla's
 * intermediate settings and names the bridge; probe against that bridge says the board connects.
 */
class ProbeThroughBridgeTest {

    @TempDir
    Path dir;

    @Test
    void probeSaysNoToTheServerAndYesToTheBridgeInFrontOfIt() throws Exception {
        try (RealServer nginx = RealServers.nginx(java.nio.file.Files.createDirectories(dir.resolve("nginx")),
                RealServers.Nginx.INTERMEDIATE)) {
            String[] alone = probe("127.0.0.1:" + nginx.port());
            assertEquals("1", alone[0], alone[1]);
            assertTrue(alone[1].contains("ussl-lab bridge --listen 0.0.0.0:" + nginx.port() + " --upstream 127.0.0.1:"
                    + nginx.port()), alone[1]);
            try (BridgeHarness bridge = BridgeHarness.start(dir, nginx.port(), UpstreamTrust.fromCaFile(nginx.caCert()), null)) {
                String[] through = probe("127.0.0.1:" + bridge.port());
                assertEquals("0", through[0], through[1]);
                assertTrue(through[1].contains("Verdict: the board connects (TLSv1.2, TLS_RSA_WITH_"), through[1]);
            }
        }
    }

    private static String[] probe(String target) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = UsslLab.commandLine(new PrintWriter(out), new PrintWriter(err)).execute("probe", target);
        return new String[] {String.valueOf(code), out + err.toString()};
    }
}
