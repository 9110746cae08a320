package dev.ussllab.device.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * One established TLS connection over an already connected socket, whatever stack carries it.
 * The read/write rules (record size, read(n) blocking until n or close, readline) live here once.
 */
abstract class TlsConnection implements AutoCloseable {

    protected final Socket socket;
    private final int writeRecordSize;

    TlsConnection(Socket socket, int writeRecordSize) {
        this.socket = socket;
        this.writeRecordSize = writeRecordSize;
    }

    abstract InputStream in() throws IOException;

    abstract OutputStream out() throws IOException;

    abstract String protocol();

    abstract String cipherSuite();

    /** Closes the TLS layer (close_notify, best effort) and the socket. */
    abstract void closeTls();

    InetSocketAddress peer() {
        return socket.getRemoteSocketAddress() instanceof InetSocketAddress a ? a : null;
    }

    int timeoutMs() {
        try {
            return socket.getSoTimeout();
        } catch (IOException e) {
            return 0;
        }
    }

    /** What a failure means, with anything the stack itself could not say (default: as is). */
    IOException explain(Exception e) {
        return e instanceof IOException io ? io : new IOException(e.toString(), e);
    }

    void write(byte[] data) throws IOException {
        try {
            OutputStream out = out();
            // One write call per record: both stacks put each call of <= 16 KiB into one record.
            for (int off = 0; off < data.length; off += writeRecordSize) {
                out.write(data, off, Math.min(writeRecordSize, data.length - off));
            }
            out.flush();
        } catch (IOException | RuntimeException e) {
            throw explain(e);
        }
    }

    byte[] read(int n) throws IOException {
        try {
            return readUpTo(n);
        } catch (IOException | RuntimeException e) {
            throw explain(e);
        }
    }

    /** Plaintext bytes already decrypted and waiting (a read of that many would not block). */
    int available() {
        try {
            return in().available();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** One read call, like a socket's recv(n): returns as soon as some data arrived (empty at close). */
    byte[] recv(int max) throws IOException {
        try {
            byte[] buf = new byte[max];
            int n = in().read(buf, 0, max);
            return n <= 0 ? new byte[0] : java.util.Arrays.copyOf(buf, n);
        } catch (IOException | RuntimeException e) {
            throw explain(e);
        }
    }

    byte[] readline() throws IOException {
        try {
            return readToNewline();
        } catch (IOException | RuntimeException e) {
            throw explain(e);
        }
    }

    private byte[] readUpTo(int n) throws IOException {
        InputStream in = in();
        byte[] buf = new byte[n];
        int got = 0;
        while (got < n) {
            int r;
            try {
                r = in.read(buf, got, n - got);
            } catch (java.net.SocketTimeoutException e) {
                if (got > 0) {
                    throw new PartialReadTimeout(got, n, e);
                }
                throw e;
            }
            if (r < 0) {
                break;
            }
            got += r;
        }
        return got == n ? buf : java.util.Arrays.copyOf(buf, got);
    }

    private byte[] readToNewline() throws IOException {
        InputStream in = in();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.toByteArray();
    }

    @Override
    public void close() {
        closeTls();
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing left to do
        }
    }
}
