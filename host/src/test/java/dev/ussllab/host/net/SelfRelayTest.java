package dev.ussllab.host.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which forward targets reach a relay's own listener: the kernel's answer is the expected one. */
class SelfRelayTest {

    private static final List<String> LISTENERS = List.of("0.0.0.0", "::", "127.0.0.1", "::1");
    private static final List<String> TARGETS = List.of("127.0.0.1", "127.0.0.2", "::1", "0.0.0.0", "::",
            "::ffff:127.0.0.1", "localhost");

    /**
     * For each listener (bound as the tap and the bridge bind, with Java's dual-stack sockets) and
     * each target on its port, reaches() must say what a real connect from a SocketChannel says: the loop the check
     * prevents is exactly "the connect lands on our own listener".
     */
    @Test
    void reachesIsWhatTheKernelDoes() throws Exception {
        List<String> checked = new ArrayList<>();
        for (String listen : LISTENERS) {
            try (ServerSocketChannel s = ServerSocketChannel.open()) {
                try {
                    s.bind(new InetSocketAddress(InetAddress.getByName(listen), 0));
                } catch (IOException noIpv6) {
                    continue; // a machine without IPv6 loopback: those pairs cannot happen there either
                }
                int port = s.socket().getLocalPort();
                InetSocketAddress listening = new InetSocketAddress(InetAddress.getByName(listen), port);
                for (String target : TARGETS) {
                    InetSocketAddress to = new InetSocketAddress(InetAddress.getByName(target), port);
                    boolean connects;
                    // As the tap and the bridge connect (java.net.Socket takes :: to 127.0.0.1, a channel to ::1).
                    try (SocketChannel c = SocketChannel.open()) {
                        c.connect(to); // loopback: accepted or refused at once
                        connects = true;
                    } catch (IOException e) {
                        connects = false;
                    }
                    assertEquals(connects, SelfRelay.reaches(to, listening), target + " -> listener on " + listen);
                    checked.add(listen + "<-" + target + (connects ? " reached" : " not reached"));
                }
            }
        }
        assertTrue(checked.contains("0.0.0.0<-127.0.0.2 reached"), checked.toString());
        assertTrue(checked.contains("127.0.0.1<-127.0.0.2 not reached"), checked.toString());
        assertTrue(checked.contains("127.0.0.1<-0.0.0.0 reached"), checked.toString());
    }

    @Test
    void anotherPortIsNeverItself() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        assertEquals(false, SelfRelay.reaches(new InetSocketAddress(lo, 8443), new InetSocketAddress(lo, 8444)));
        assertEquals(false, SelfRelay.reaches(new InetSocketAddress(lo, 8443), new InetSocketAddress(lo, 0)));
        assertEquals(false, SelfRelay.reaches(InetSocketAddress.createUnresolved("example.invalid", 8443),
                new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 8443)));
    }

    @Test
    void refusalNamesBothAndWhatToDo() throws Exception {
        LabException e = assertThrows(LabException.class, () -> SelfRelay.refuse(
                new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 8443),
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8443), "--listen", "--forward", "the capture"));
        assertEquals(LabException.Kind.BAD_INPUT, e.kind());
        assertEquals("--forward 127.0.0.1:8443 is the capture's own listening address (--listen 0.0.0.0:8443):"
                + " it would relay every connection to itself", e.getMessage());
        assertTrue(e.hint().contains("--listen another port"), e.hint());
    }
}
