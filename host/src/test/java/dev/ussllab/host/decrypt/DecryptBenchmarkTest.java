package dev.ussllab.host.decrypt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ussllab.host.capture.CaptureFile;
import dev.ussllab.host.pcap.TcpConnection;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decrypt throughput and peak heap on a large capture (~200 MB): TLS 1.3 sessions of full 16 KiB
 * records both ways, written by our own CaptureFile with their secrets. Figures are printed, not
 * asserted; what is asserted is that every byte comes back.
 */
@Tag("long")
class DecryptBenchmarkTest {

    static final int SESSIONS = 40;
    static final int RECORDS_PER_DIRECTION = 150;
    static final int RECORD = 16 * 1024;

    @TempDir
    Path dir;

    @Test
    void throughputAndPeakHeap() throws Exception {
        Path file = dir.resolve("big.pcapng");
        long plaintext = write(file);
        long size = Files.size(file);
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long[] bytes = {0};
        int[] decrypted = {0};
        long t0 = System.nanoTime();
        scan(file, 2, r -> {
            decrypted[0] += r.decrypted() ? 1 : 0;
            r.records().forEach(d -> bytes[0] += d.data().length);
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf("decrypt benchmark: %d MB capture, %d sessions, %.2f s, %.0f MB/s of capture, "
                + "%.0f MB/s plaintext, peak heap %d MB (max heap %d MB)%n", size >> 20, SESSIONS, seconds,
                size / 1e6 / seconds, plaintext / 1e6 / seconds, peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
        assertEquals(SESSIONS, decrypted[0]);
        assertEquals(plaintext, bytes[0]);

        // The bound itself: the same file decrypted in a JVM whose whole heap is a fraction of it.
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + CHILD_HEAP_MB + "m", "-cp", System.getProperty("java.class.path"),
                ScanMain.class.getName(), file.toString()).redirectErrorStream(true).start();
        try {
            String out = new String(child.getInputStream().readAllBytes()).trim();
            org.junit.jupiter.api.Assertions.assertTrue(child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(SESSIONS + " " + plaintext, out, "with -Xmx" + CHILD_HEAP_MB + "m");
            System.out.printf("decrypt benchmark: the %d MB capture also decrypts with -Xmx%dm%n", size >> 20, CHILD_HEAP_MB);
        } finally {
            child.destroyForcibly();
        }
    }

    /** A heap a third of the capture: enough for one 5 MB session and its copies, not for the file. */
    static final int CHILD_HEAP_MB = 64;

    /** Scans a capture and prints "decrypted-sessions plaintext-bytes". */
    public static final class ScanMain {
        public static void main(String[] args) {
            long[] bytes = {0};
            int[] decrypted = {0};
            scan(Path.of(args[0]), 2, r -> {
                decrypted[0] += r.decrypted() ? 1 : 0;
                r.records().forEach(d -> bytes[0] += d.data().length);
            });
            System.out.println(decrypted[0] + " " + bytes[0]);
        }
    }

    static void scan(Path file, int threads, java.util.function.Consumer<SessionReport> out) {
        new CaptureDecryptor(new CaptureDecryptor.Options(null, new KeyLog(), true, threads)).run(List.of(file),
                new CaptureDecryptor.Listener<Void>() {
                    @Override
                    public void session(SessionReport report, Void rendered) {
                        out.accept(report);
                    }

                    @Override
                    public void warning(String message) {
                        throw new AssertionError(message);
                    }
                });
    }

    /** Writes the capture; returns the plaintext byte count. */
    private static long write(Path file) throws Exception {
        CipherSuite suite = CipherSuite.byId(0x1301);
        SecureRandom random = new SecureRandom();
        byte[] plain = new byte[RECORD];
        random.nextBytes(plain);
        long total = 0;
        long t = 1_700_000_000_000_000_000L;
        try (CaptureFile capture = CaptureFile.open(file)) {
            for (int s = 0; s < SESSIONS; s++) {
                byte[] clientRandom = new byte[32];
                byte[] cSecret = new byte[32];
                byte[] sSecret = new byte[32];
                random.nextBytes(clientRandom);
                random.nextBytes(cSecret);
                random.nextBytes(sSecret);
                List<TcpConnection.Chunk> chunks = new ArrayList<>();
                chunks.add(new TcpConnection.Chunk(t, true, clientHello(clientRandom)));
                chunks.add(new TcpConnection.Chunk(t + 1000, false, serverHello()));
                Sealer c = new Sealer(suite, cSecret);
                Sealer sv = new Sealer(suite, sSecret);
                for (int i = 0; i < RECORDS_PER_DIRECTION; i++) {
                    chunks.add(new TcpConnection.Chunk(t + 2000 + i * 10L, true, c.seal(plain)));
                    chunks.add(new TcpConnection.Chunk(t + 2005 + i * 10L, false, sv.seal(plain)));
                    total += 2L * plain.length;
                }
                String cr = HexFormat.of().formatHex(clientRandom);
                capture.writeSession(new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000 + s),
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 8443), t, t + 10_000_000, chunks,
                        List.of("CLIENT_TRAFFIC_SECRET_0 " + cr + " " + HexFormat.of().formatHex(cSecret),
                                "SERVER_TRAFFIC_SECRET_0 " + cr + " " + HexFormat.of().formatHex(sSecret)));
                if (capture.failure() != null) {
                    throw capture.failure();
                }
                t += 20_000_000;
            }
        }
        return total;
    }

    /** TLS 1.3 record sealing, the mirror of Tls13RecordCipher (RFC 8446 5.2). */
    static final class Sealer {
        final SecretKeySpec key;
        final byte[] iv;
        long seq;

        Sealer(CipherSuite suite, byte[] secret) throws Exception {
            key = new SecretKeySpec(Tls13RecordCipher.expandLabel("HmacSHA256", secret, "key", new byte[0], 16), "AES");
            iv = Tls13RecordCipher.expandLabel("HmacSHA256", secret, "iv", new byte[0], 12);
        }

        byte[] seal(byte[] data) throws Exception {
            int length = data.length + 1 + 16;
            byte[] header = {TlsRecord.APPLICATION_DATA, 3, 3, (byte) (length >> 8), (byte) length};
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, Tls13RecordCipher.xorSequence(iv, seq++)));
            c.updateAAD(header);
            byte[] inner = java.util.Arrays.copyOf(data, data.length + 1);
            inner[data.length] = TlsRecord.APPLICATION_DATA; // TLSInnerPlaintext: content, then its type
            byte[] body = c.doFinal(inner);
            return ByteBuffer.allocate(5 + body.length).put(header).put(body).array();
        }
    }

    static byte[] clientHello(byte[] random) {
        // client_version 0303, random, empty session id, one suite (1301), null compression, no extensions
        ByteBuffer body = ByteBuffer.allocate(2 + 32 + 1 + 4 + 2 + 2).putShort((short) 0x0303).put(random).put((byte) 0)
                .putShort((short) 2).putShort((short) 0x1301).put((byte) 1).put((byte) 0).putShort((short) 0);
        return record(TlsRecord.HANDSHAKE, 0x0301, handshake(Handshake.CLIENT_HELLO, body.array()));
    }

    private static byte[] serverHello() {
        // legacy version 0303, random, empty session id, 1301, null compression, supported_versions = 0304
        byte[] random = new byte[32];
        random[0] = 1;
        ByteBuffer body = ByteBuffer.allocate(2 + 32 + 1 + 2 + 1 + 2 + 6).putShort((short) 0x0303).put(random)
                .put((byte) 0).putShort((short) 0x1301).put((byte) 0).putShort((short) 6)
                .putShort((short) Handshake.EXT_SUPPORTED_VERSIONS).putShort((short) 2).putShort((short) Handshake.TLS13);
        return record(TlsRecord.HANDSHAKE, 0x0303, handshake(Handshake.SERVER_HELLO, body.array()));
    }

    private static byte[] handshake(int type, byte[] body) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(type);
        b.write(body.length >> 16);
        b.write(body.length >> 8);
        b.write(body.length);
        b.writeBytes(body);
        return b.toByteArray();
    }

    private static byte[] record(int type, int version, byte[] fragment) {
        return ByteBuffer.allocate(5 + fragment.length).put((byte) type).putShort((short) version)
                .putShort((short) fragment.length).put(fragment).array();
    }
}
