package dev.ussllab.tools.flash;

import static org.junit.jupiter.api.Assertions.*;

import dev.ussllab.testsupport.Peers;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second real ROM-loader client: Espressif's esptool-js 0.7.0 (npm) in node, over TCP, against
 * the board emulator process. esptool itself (Python) cannot be installed here (no PyPI).
 * esptool-js runs without its RAM stub and with no_reset, as the issue asks of esptool.
 */
@Timeout(300)
class EsptoolJsPeerTest {

    static final String VERSION = "0.7.0";

    @TempDir
    Path dir;

    /** Installs esptool-js once into target/ (the npm registry is reachable here and in CI). */
    private static Path esptoolJs(String npm) throws Exception {
        Path home = Path.of("target", "esptool-js").toAbsolutePath();
        if (Files.exists(home.resolve("node_modules/esptool-js/lib/index.js"))) {
            return home;
        }
        Files.createDirectories(home);
        Process p = new ProcessBuilder(npm, "install", "--no-audit", "--no-fund", "--prefix", home.toString(), "esptool-js@" + VERSION)
                .redirectErrorStream(true).redirectOutput(home.resolve("npm.log").toFile()).start();
        try {
            if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
                String why = "npm could not install esptool-js@" + VERSION + ": " + Files.readString(home.resolve("npm.log"));
                if (Peers.required()) {
                    fail(why);
                }
                org.junit.jupiter.api.Assumptions.assumeTrue(false, why);
            }
        } finally {
            p.destroyForcibly();
        }
        return home;
    }

    @Test
    void esptoolJsDetectsReadsTheMacAndWritesFlash() throws Exception {
        String node = Peers.require("node");
        Path home = esptoolJs(Peers.require("npm"));
        Path script = Path.of("src/test/resources/esptool-js/esptool-js-peer.mjs").toAbsolutePath();
        Path flash = dir.resolve("flash.bin");
        byte[] image = new byte[100_000];
        new Random(31).nextBytes(image);
        Path img = Files.write(dir.resolve("img.bin"), image);
        try (BoardProcess board = BoardProcess.tcp(dir, "--flash", flash.toString(), "--mac", "5c:cf:7f:01:02:03")) {
            Process js = new ProcessBuilder(node, script.toString(), home.toString(), String.valueOf(board.tcpPort), img.toString(), "0x10000")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("js.log").toFile()).start();
            try {
                assertTrue(js.waitFor(120, TimeUnit.SECONDS), "esptool-js hung");
            } finally {
                js.destroyForcibly();
            }
            String log = Files.readString(dir.resolve("js.log"), StandardCharsets.UTF_8);
            System.out.println("esptool-js: " + String.join(" | ", log.lines().filter(l -> l.startsWith("RESULT")).toList()));
            assertTrue(log.contains("RESULT chip ESP8266EX"), log);
            assertTrue(log.contains("RESULT mac 5c:cf:7f:01:02:03"), log);
            assertTrue(log.contains("RESULT wrote 100000"), log);
            assertEquals(0, js.exitValue(), log);
            byte[] all = Files.readAllBytes(flash);
            assertArrayEquals(image, Arrays.copyOfRange(all, 0x10000, 0x10000 + image.length));
        }
    }

}
