package dev.ussllab.host.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyLogTailTest {

    @TempDir
    Path dir;

    private static String r(char c) {
        return String.valueOf(c).repeat(64);
    }

    private void append(Path f, String text) throws Exception {
        Files.writeString(f, text, StandardOpenOption.APPEND);
    }

    @Test
    void findsWhatThePeerAppendsByClientRandomAndWaitsForAHalfWrittenLine() throws Exception {
        Path f = Files.writeString(dir.resolve("keys.log"), "CLIENT_RANDOM " + r('a') + " 01\n"); // before the tap
        KeyLogTail tail = new KeyLogTail(f);
        append(f, "# a comment\nCLIENT_HANDSHAKE_TRAFFIC_SECRET " + r('b') + " 02\nCLIENT_RANDOM " + r('c') + " 03\n"
                + "SERVER_HANDSHAKE_TRAFFIC_SECRET " + r('b') + " 04\nCLIENT_TRAFFIC_SECRET_0 " + r('d'));
        assertEquals(List.of("CLIENT_HANDSHAKE_TRAFFIC_SECRET " + r('b') + " 02", "SERVER_HANDSHAKE_TRAFFIC_SECRET " + r('b') + " 04"),
                tail.take(r('b').toUpperCase()));
        assertEquals(List.of(), tail.take(r('b')), "taken once");
        assertEquals(List.of(), tail.take(r('a')), "written before the tap started: no relayed session's");
        assertEquals(List.of(), tail.take(r('d')), "the peer is still writing that line");
        append(f, " 05\n");
        assertEquals(List.of("CLIENT_TRAFFIC_SECRET_0 " + r('d') + " 05"), tail.take(r('d')));
        assertEquals(List.of("CLIENT_RANDOM " + r('c') + " 03"), tail.take(r('c')));
    }

    @Test
    void aTruncatedOrReplacedLogIsReadFromItsStart() throws Exception {
        Path f = Files.writeString(dir.resolve("keys.log"), ("CLIENT_RANDOM " + r('a') + " 01\n").repeat(10));
        KeyLogTail tail = new KeyLogTail(f);
        Files.writeString(f, "CLIENT_RANDOM " + r('e') + " 06\n");
        assertEquals(List.of("CLIENT_RANDOM " + r('e') + " 06"), tail.take(r('e')));
    }
}
