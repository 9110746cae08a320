package dev.ussllab.device.repl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's half of mpremote's mount protocol, request by request, with the bytes the board's
 * hook sends and the exact answers (mpremote's PyboardCommand layouts: s8 result, u32 fields,
 * s32-length-prefixed bytes, all little-endian).
 */
class RemoteFsServerTest {

    @TempDir
    Path dir;

    /** The board's side of one request: its arguments, in wire order. */
    private static RemoteFsServer.Source args(Object... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                byte[] u = s.getBytes(StandardCharsets.UTF_8);
                b.writeBytes(le(u.length));
                b.writeBytes(u);
            } else if (p instanceof Byte x) {
                b.write(x);
            } else {
                b.writeBytes(le((Integer) p));
            }
        }
        byte[] all = b.toByteArray();
        int[] pos = {0};
        return n -> {
            if (pos[0] + n > all.length) {
                throw new IOException("the test's request ran out");
            }
            byte[] r = Arrays.copyOfRange(all, pos[0], pos[0] + n);
            pos[0] += n;
            return r;
        };
    }

    private static byte[] le(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void openReadReadlineSeekCloseAnswerInMpremotesLayout() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "one\ntwo\n");
        RemoteFsServer s = new RemoteFsServer(dir, false);
        assertEquals("00", hex(s.serve(RemoteFsServer.CMD_OPEN, args("/a.txt", "rb"))), "fd 0");
        assertEquals("04000000" + "6f6e650a", hex(s.serve(RemoteFsServer.CMD_READLINE, args((byte) 0))));
        assertEquals("02000000" + "7477", hex(s.serve(RemoteFsServer.CMD_READ, args((byte) 0, 2))));
        assertEquals("01000000", hex(s.serve(RemoteFsServer.CMD_SEEK, args((byte) 0, 1, (byte) 0))), "SEEK_SET 1 answers the position");
        assertEquals("07000000" + "6e650a74776f0a", hex(s.serve(RemoteFsServer.CMD_READ, args((byte) 0, -1))), "-1 reads to the end");
        assertEquals("00000000", hex(s.serve(RemoteFsServer.CMD_READ, args((byte) 0, 10))), "at the end: empty bytes");
        assertEquals("", hex(s.serve(RemoteFsServer.CMD_CLOSE, args((byte) 0))), "CLOSE has no answer");
        assertEquals("00000000", hex(s.serve(RemoteFsServer.CMD_READ, args((byte) 0, 1))), "a closed handle reads nothing");
    }

    @Test
    void statAndListdirAndErrorsAsNegativeErrno() throws Exception {
        Files.write(dir.resolve("b.bin"), new byte[300]);
        Files.createDirectory(dir.resolve("sub"));
        RemoteFsServer s = new RemoteFsServer(dir, false);
        byte[] st = s.serve(RemoteFsServer.CMD_STAT, args("/b.bin"));
        assertEquals(21, st.length, "s8 result + five u32");
        assertEquals(0, st[0]);
        ByteBuffer bb = ByteBuffer.wrap(st, 1, 20).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x8000, bb.getInt() & 0xf000, "a regular file");
        assertEquals(300, bb.getInt());
        assertEquals("fe", hex(s.serve(RemoteFsServer.CMD_STAT, args("/nope"))), "-ENOENT");
        assertEquals("ff", hex(s.serve(RemoteFsServer.CMD_STAT, args("/../etc"))), "-EPERM outside the folder");
        assertEquals("00", hex(s.serve(RemoteFsServer.CMD_ILISTDIR_START, args("/"))));
        assertEquals("05000000" + hex("b.bin".getBytes()) + "00800000", hex(s.serve(RemoteFsServer.CMD_ILISTDIR_NEXT, args())));
        assertEquals("03000000" + hex("sub".getBytes()) + "00400000", hex(s.serve(RemoteFsServer.CMD_ILISTDIR_NEXT, args())));
        assertEquals("00000000", hex(s.serve(RemoteFsServer.CMD_ILISTDIR_NEXT, args())), "an empty name ends the listing");
        assertEquals("fe", hex(s.serve(RemoteFsServer.CMD_OPEN, args("/missing.py", "r"))));
        assertEquals("eb", hex(s.serve(RemoteFsServer.CMD_OPEN, args("/sub", "r"))), "-EISDIR");
    }

    @Test
    void writesRenameMkdirRemoveRmdir() throws Exception {
        RemoteFsServer s = new RemoteFsServer(dir, false);
        assertEquals("00", hex(s.serve(RemoteFsServer.CMD_OPEN, args("/w.txt", "w"))));
        assertEquals("03000000", hex(s.serve(RemoteFsServer.CMD_WRITE, args((byte) 0, "h\u00e9"))), "UTF-8 bytes written");
        s.serve(RemoteFsServer.CMD_CLOSE, args((byte) 0));
        assertEquals("h\u00e9", Files.readString(dir.resolve("w.txt")));
        assertEquals("00000000", hex(s.serve(RemoteFsServer.CMD_RENAME, args("/w.txt", "/v.txt"))));
        assertEquals("00000000", hex(s.serve(RemoteFsServer.CMD_MKDIR, args("/d"))));
        assertEquals("efffffff", hex(s.serve(RemoteFsServer.CMD_MKDIR, args("/d"))), "-EEXIST");
        assertEquals("00000000", hex(s.serve(RemoteFsServer.CMD_REMOVE, args("/v.txt"))));
        assertEquals("00000000", hex(s.serve(RemoteFsServer.CMD_RMDIR, args("/d"))));
        assertEquals(0, Files.list(dir).count());
    }

    @Test
    void aTextReadNeverSplitsAUtf8Character() throws Exception {
        Files.writeString(dir.resolve("t.txt"), "a\u00e9b");
        RemoteFsServer s = new RemoteFsServer(dir, false);
        s.serve(RemoteFsServer.CMD_OPEN, args("/t.txt", "r"));
        assertArrayEquals(new byte[] {3, 0, 0, 0, 'a', (byte) 0xc3, (byte) 0xa9}, s.serve(RemoteFsServer.CMD_READ, args((byte) 0, 2)));
        assertEquals(0, RemoteFsServer.utf8Missing("a\u20ac".getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, RemoteFsServer.utf8Missing(new byte[] {'a', (byte) 0xe2}));
    }
}
