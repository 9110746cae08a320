package dev.ussllab.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionRecordTest {

    @Test
    void addressesPrintAsUsersWriteThem() throws Exception {
        assertEquals("127.0.0.1:12345", ConnectionRecord.hostPort(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 12345)));
        assertEquals("[::1]:443", ConnectionRecord.hostPort(new InetSocketAddress(InetAddress.getByName("::1"), 443)));
        assertEquals("[fe80::1:2]:1", ConnectionRecord.hostPort(new InetSocketAddress(InetAddress.getByName("fe80:0:0:0:0:0:1:2"), 1)));
        assertEquals("[2001:db8::]:1", ConnectionRecord.hostPort(new InetSocketAddress(InetAddress.getByName("2001:db8::"), 1)));
    }

    /** The log line's fields, in order; the ESP8266's four suites as the reference writes them. */
    @Test
    void logLineHasEveryFieldInOrder() throws Exception {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        ConnectionRecord r = new ConnectionRecord(new InetSocketAddress(InetAddress.getByName("192.168.4.2"), 50000),
                new InetSocketAddress(InetAddress.getByName("192.168.4.1"), 12345), "TLSv1.2", 0x002f,
                List.of(0x002f, 0x003c, 0x0035, 0x003d), null, "0123456789abcdef0123456789abcdef", "771,47-60-53-61,13,,",
                new byte[] {1, 0, 0, 0}, 499, 1114, ConnectionRecord.Outcome.OK, "", new byte[0], t0, t0, t0.plusMillis(42));
        assertEquals("192.168.4.2:50000 TLSv1.2 TLS_RSA_WITH_AES_128_CBC_SHA offered=[002f 003c 0035 003d] sni=-"
                + " ja3=0123456789abcdef0123456789abcdef in=499 out=1114 ok (42 ms)", r.logLine());
    }
}
