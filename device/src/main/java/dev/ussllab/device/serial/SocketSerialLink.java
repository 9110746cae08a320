package dev.ussllab.device.serial;

import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * A raw TCP serial bridge, {@code socket://HOST:PORT} (ser2net in raw mode, ESP-Link, or our own
 * board emulator's --tcp). No modem lines and no baud rate control travel over a raw socket
 * (RFC 2217 would carry them; raw mode does not), so the board must already be in its bootloader.
 */
public final class SocketSerialLink implements SerialLink {

    /** How long connecting may take before we say nothing answers. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String name;
    private int baud;

    private SocketSerialLink(Socket socket, String name, int baud) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.name = name;
        this.baud = baud;
    }

    public static SocketSerialLink open(String host, int port, int baud) {
        String name = "socket://" + host + ":" + port;
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            return new SocketSerialLink(s, name, baud);
        } catch (UnknownHostException e) {
            close(s);
            throw LabException.badInput("unknown host in " + name, "check the bridge's address");
        } catch (ConnectException e) {
            close(s);
            throw LabException.failure("nothing accepts connections at " + name,
                    "start the bridge (ser2net, ESP-Link) or `ussl-lab board-emulator --tcp " + port + "`");
        } catch (SocketTimeoutException e) {
            close(s);
            throw LabException.failure(name + " did not answer within " + CONNECT_TIMEOUT.toSeconds() + " s",
                    "check the bridge's address and that it is on this network");
        } catch (IOException e) {
            close(s);
            throw LabException.failure("cannot connect to " + name + ": " + e.getMessage(), "check the bridge's address");
        }
    }

    @Override
    public int read(byte[] buf, int off, int len, Duration timeout) throws IOException {
        int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        socket.setSoTimeout(ms);
        try {
            int n = in.read(buf, off, len);
            if (n < 0) {
                throw new IOException(name + " closed the connection");
            }
            return n;
        } catch (SocketTimeoutException e) {
            return 0;
        } catch (IOException e) {
            throw broken(e);
        }
    }

    @Override
    public void write(byte[] data) throws IOException {
        try {
            out.write(data);
            out.flush();
        } catch (IOException e) {
            throw broken(e);
        }
    }

    private IOException broken(IOException e) {
        return new IOException(name + " stopped working (" + e.getMessage() + "): was the bridge or the board stopped?", e);
    }

    @Override
    public void flushInput() throws IOException {
        byte[] sink = new byte[4096];
        while (in.available() > 0) {
            if (in.read(sink, 0, Math.min(sink.length, in.available())) < 0) {
                throw new IOException(name + " closed the connection");
            }
        }
    }

    @Override
    public void setModemLines(boolean dtr, boolean rts) {
        throw new NoModemLinesException(name, "a raw TCP bridge carries no DTR/RTS");
    }

    /** The bridge's own port fixes the line speed; we only remember the figure for timing. */
    @Override
    public boolean controlsBaud() {
        return false;
    }

    @Override
    public void setBaud(int newBaud) {
        baud = newBaud;
    }

    @Override
    public int baud() {
        return baud;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Never connected: nothing to release.
        }
    }
}
