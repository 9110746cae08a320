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


    /**
     * Issue 12: the same image written by esptool-js (the real esptool-family client, with its stub
     * and compression) and by `flash` (ROM only) onto two emulated boards gives byte-identical flash,
     * for every --flash-size, every --flash-mode and the frequencies. esptool-js 0.7.0 cannot run
     * "detect" on an ESP8266 (it reads the flash id through SPI_MISO_DLEN, a register the ESP8266
     * lacks, and gets 0xef), so for detect it is given what the chip reports (4MB) while `flash`
     * detects it.
     */
    @Test
    void esptoolJsAndFlashWriteByteIdenticalFlashForEverySizeAndMode() throws Exception {
        Random rnd = new Random(33);
        byte[] iram = new byte[30_000];
        byte[] dram = new byte[2_000];
        byte[] irom = new byte[40_000];
        rnd.nextBytes(iram);
        rnd.nextBytes(dram);
        rnd.nextBytes(irom);
        byte[] fw = dev.ussllab.device.rom.Esp8266Image.build(0, 0x20, 0x40100004L,
                new long[] {0x40100000L, 0x3FFE8000L}, new byte[][] {iram, dram});
        byte[] image = Arrays.copyOf(fw, fw.length + irom.length + 1); // odd length: both pad to 4 with 0xFF
        System.arraycopy(irom, 0, image, fw.length, irom.length);
        Path img = Files.write(dir.resolve("fw.bin"), image);
        byte[] broken = image.clone();
        broken[1] = 17; // 17 segments: esptool's verify() refuses it, so the header is left alone (a bad checksum alone is patched)
        Path bad = Files.write(dir.resolve("bad.bin"), broken);
        List<String[]> cases = new ArrayList<>();
        for (String size : List.of("keep", "detect", "256KB", "512KB", "1MB", "2MB", "4MB", "2MB-c1", "4MB-c1", "8MB", "16MB")) {
            cases.add(new String[] {"keep", size, "keep"});
        }
        for (String mode : List.of("qio", "qout", "dio", "dout")) {
            cases.add(new String[] {mode, "keep", "keep"});
        }
        for (String freq : List.of("80m", "26m", "20m", "40m")) {
            cases.add(new String[] {"dout", "4MB", freq});
        }
        cases.add(new String[] {"dio", "4MB", "80m", "17 segments"});
        Path jsDir = Files.createDirectory(dir.resolve("js"));
        Path oursDir = Files.createDirectory(dir.resolve("ours"));
        Path jsFlash = jsDir.resolve("flash.bin");
        Path oursFlash = oursDir.resolve("flash.bin");
        // esptool-js: one session (one stub upload), each write followed by a snapshot of the board's flash.
        List<String> ops = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            String[] c = cases.get(i);
            String jsSize = c[1].equals("detect") ? "4MB" : c[1];
            ops.add("write:0x0:" + (c.length > 3 ? bad : img) + ":" + c[0] + ":" + jsSize + ":" + c[2]);
            ops.add("copy:" + jsFlash + ":" + jsDir.resolve("after" + i + ".bin"));
        }
        String out = runEsptoolJs(jsDir, jsFlash, List.of(), ops.toArray(String[]::new));
        assertEquals(cases.size(), out.lines().filter(l -> l.equals("Hash of data verified.")).count(), out);
        try (BoardProcess ours = BoardProcess.pty(oursDir, "--flash", oursFlash.toString())) {
            for (int i = 0; i < cases.size(); i++) {
                String[] c = cases.get(i);
                Path file = c.length > 3 ? bad : img;
                dev.ussllab.tools.Cli w = dev.ussllab.tools.Cli.run("flash", "-p", ours.port.toString(), "--before", "no_reset", "--after", "no_reset",
                        "--timeout", "30", "write_flash", "--flash_mode", c[0], "--flash_size", c[1], "--flash_freq", c[2], "--verify", "none",
                        "0x0", file.toString());
                assertEquals(0, w.exitCode, w.toString());
                String what = "-fm " + c[0] + " -fs " + c[1] + " -ff " + c[2] + (c.length > 3 ? " (" + c[3] + ")" : "");
                if (c.length > 3) {
                    assertTrue(w.err.contains("is not a valid ESP8266 image, so not changing any flash settings"), w.err);
                    assertArrayEquals(broken, Arrays.copyOf(Files.readAllBytes(oursFlash), broken.length));
                }
                byte[] a = Files.readAllBytes(jsDir.resolve("after" + i + ".bin"));
                byte[] b = Files.readAllBytes(oursFlash);
                assertArrayEquals(a, b, what + ": flash differs; flash said " + w.err.lines().filter(l -> l.startsWith("Flash params")).toList());
                System.out.printf("%-28s header %02x %02x %02x %02x: identical%n", what, a[0], a[1], a[2], a[3]);
            }
        }
    }
}
