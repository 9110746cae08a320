package dev.ussllab.tools;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A loopback TCP peer that is not a TLS server: it hangs, or answers like a plain HTTP server. */
final class RawServer implements AutoCloseable {

    enum Behaviour { HANG, HTTP_400 }

    private final ServerSocket server;
    private final CountDownLatch done = new CountDownLatch(1);

    RawServer(Behaviour behaviour) throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> serve(behaviour), "raw-server");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** A loopback port nobody listens on (bound, then released). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void serve(Behaviour behaviour) {
        try (Socket s = server.accept()) {
            s.setSoTimeout(10_000);
            if (behaviour == Behaviour.HTTP_400) {
                s.getInputStream().read(new byte[4096]);
                OutputStream out = s.getOutputStream();
                out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            // HANG: accept, say nothing, until the client gives up or the test ends.
            done.await(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            // the test is over
        }
    }

    @Override
    public void close() throws IOException {
        done.countDown();
        server.close();
    }
}
