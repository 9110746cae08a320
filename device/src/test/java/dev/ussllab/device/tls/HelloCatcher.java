package dev.ussllab.device.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A plain TCP listener on loopback that keeps the first TLS record a client sends (its
 * ClientHello) and then closes the connection.
 */
final class HelloCatcher implements AutoCloseable {

    private final ServerSocket server;
    private final CompletableFuture<byte[]> record = new CompletableFuture<>();

    HelloCatcher() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::catchOne, "hello-catcher");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port());
        s.setSoTimeout(5000);
        return s;
    }

    /** The whole first record (header included). */
    byte[] firstRecord() throws Exception {
        return record.get(5, TimeUnit.SECONDS);
    }

    private void catchOne() {
        try (Socket s = server.accept()) {
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            byte[] header = in.readNBytes(5);
            int length = (header[3] & 0xff) << 8 | header[4] & 0xff;
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(header);
            all.writeBytes(in.readNBytes(length));
            record.complete(all.toByteArray());
        } catch (IOException | RuntimeException e) {
            record.completeExceptionally(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
