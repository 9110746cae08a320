package dev.ussllab.tools.flash;

import static org.junit.jupiter.api.Assertions.*;

import dev.ussllab.testsupport.Peers;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real esptool-family peer: Espressif's esptool-js 0.7.0 (npm) in node, over TCP, against
 * the board emulator process. esptool itself (Python) cannot be installed here (no PyPI), so
 * esptool-js stands in for it: with its RAM stub (its default, and esptool's) it uploads the stub,
 * gets OHAI, changes the baud rate and then uses the stub's commands; with --no-stub it talks to
 * the ROM as `esptool --no-stub` does. Always no_reset (a TCP bridge has no modem lines).
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

    /** Runs esptool-js against a fresh emulated board on TCP; returns its log (RESULT lines and esptool-js's own). */
    static String runEsptoolJs(Path dir, Path flash, List<String> boardArgs, String... jsArgs) throws Exception {
        String node = Peers.require("node");
        Path home = esptoolJs(Peers.require("npm"));
        Path script = Path.of("src/test/resources/esptool-js/esptool-js-peer.mjs").toAbsolutePath();
        List<String> b = new ArrayList<>(List.of("--flash", flash.toString()));
        b.addAll(boardArgs);
        Path log = Files.createTempFile(dir, "js", ".log");
        try (BoardProcess board = BoardProcess.tcp(dir, b.toArray(String[]::new))) {
            List<String> cmd = new ArrayList<>(List.of(node, script.toString(), home.toString(), String.valueOf(board.tcpPort)));
            cmd.addAll(List.of(jsArgs));
            Process js = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                assertTrue(js.waitFor(120, TimeUnit.SECONDS), "esptool-js hung");
            } finally {
                js.destroyForcibly();
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            System.out.println("esptool-js: " + String.join(" | ", out.lines().filter(l -> l.startsWith("RESULT")).toList()));
            assertEquals(0, js.exitValue(), out);
            return out;
        }
    }

    @Test
    void esptoolJsWithoutTheStubWritesThroughTheRom() throws Exception {
        Path flash = dir.resolve("flash.bin");
        byte[] image = new byte[100_000];
        new Random(31).nextBytes(image);
        Path img = Files.write(dir.resolve("img.bin"), image);
        String log = runEsptoolJs(dir, flash, List.of("--mac", "5c:cf:7f:01:02:03"), "--no-stub", "write:0x10000:" + img);
        assertTrue(log.contains("RESULT chip ESP8266EX"), log);
        assertTrue(log.contains("RESULT stub false"), log);
        assertTrue(log.contains("RESULT mac 5c:cf:7f:01:02:03"), log);
        assertTrue(log.contains("RESULT wrote 100000"), log);
        byte[] all = Files.readAllBytes(flash);
        assertArrayEquals(image, Arrays.copyOfRange(all, 0x10000, 0x10000 + image.length));
    }

    /**
     * esptool-js's default path, as esptool's: stub upload, OHAI, CHANGE_BAUDRATE to 460800 (the
     * board paces its line at 115200, then at the new rate), a zlib-compressed write checked with
     * SPI_FLASH_MD5 ("Hash of data verified."), READ_FLASH back, ERASE_REGION, ERASE_FLASH.
     */
    @Test
    void esptoolJsWithItsStubWritesVerifiesReadsBackAndErases() throws Exception {
        Path flash = dir.resolve("flash.bin");
        byte[] image = new byte[150_000];
        new Random(32).nextBytes(image);
        Arrays.fill(image, 60_000, 90_000, (byte) 0x5A); // something for zlib to compress
        Path img = Files.write(dir.resolve("img.bin"), image);
        Path back = dir.resolve("back.bin");
        String log = runEsptoolJs(dir, flash, List.of("--baud", "115200"), "--baud", "460800",
                "write:0x10000:" + img, "md5:0x10000:150000", "read:0x10000:150000:" + back, "erase-region:0x20000:0x2000");
        assertTrue(log.contains("Uploading stub..."), log);
        assertTrue(log.contains("RESULT stub true"), log);
        assertTrue(log.contains("Crystal is 26MHz"), log);
        assertTrue(log.contains("Changing baudrate to 460800"), log);
        assertTrue(log.contains("Hash of data verified."), log);
        String md5 = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(image));
        assertTrue(log.contains("RESULT md5 " + md5), log);
        assertTrue(log.contains("RESULT read 150000 md5 " + md5), log);
        assertArrayEquals(image, Files.readAllBytes(back));
        byte[] all = Files.readAllBytes(flash);
        byte[] expected = image.clone();
        Arrays.fill(expected, 0x10000, 0x12000, (byte) 0xFF); // 0x20000..0x22000 in flash
        assertArrayEquals(expected, Arrays.copyOfRange(all, 0x10000, 0x10000 + image.length));

        String erased = runEsptoolJs(dir, flash, List.of(), "erase-all");
        assertTrue(erased.contains("Chip erase completed successfully"), erased);
        byte[] blank = new byte[(int) Files.size(flash)];
        Arrays.fill(blank, (byte) 0xFF);
        assertArrayEquals(blank, Files.readAllBytes(flash));
    }

}
