package dev.ussllab.host.hello;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Copies bytes both ways between a client and a server until both directions have ended. A
 * direction ends at EOF (passed on as a half-close) or when it stays silent for the socket's
 * read timeout, which bounds how long an abandoned connection holds its threads.
 */
final class Relay {

    private static final int BUFFER = 16 * 1024;

    private Relay() {}

    /** Runs server-to-client on the pool and client-to-server on the calling thread. */
    static void run(Socket client, Socket server, ExecutorService pool) {
        Future<?> back = pool.submit(() -> pump(server, client));
        pump(client, server);
        try {
            back.get();
        } catch (Exception e) {
            // the sockets are closed below either way
        } finally {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private static void pump(Socket from, Socket to) {
        byte[] buf = new byte[BUFFER];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // a reset or a timeout ends both directions
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }
}
