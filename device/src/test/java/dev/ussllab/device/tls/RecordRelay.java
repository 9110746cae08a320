package dev.ussllab.device.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay between one client and a server that notes the header of every TLS record
 * the client sends (type, version, length), to check record sizes and versions on the wire.
 */
final class RecordRelay implements AutoCloseable {

    record Header(int type, int version, int length) {}

    private final ServerSocket listener;
    private final int serverPort;
    private final List<Header> fromClient = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    RecordRelay(int serverPort) throws IOException {
        this.serverPort = serverPort;
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::relayOne, "record-relay");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    List<Header> clientRecords() {
        return List.copyOf(fromClient);
    }

    private void relayOne() {
        try {
            Socket client = listener.accept();
            Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
            sockets.add(client);
            sockets.add(server);
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            Thread back = new Thread(() -> pump(server, client, false), "relay-back");
            back.setDaemon(true);
            back.start();
            pump(client, server, true);
        } catch (IOException e) {
            // closed by the test
        }
    }

    private void pump(Socket from, Socket to, boolean parse) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            while (true) {
                byte[] header = in.readNBytes(5);
                if (header.length < 5) {
                    out.write(header);
                    break;
                }
                int length = (header[3] & 0xff) << 8 | header[4] & 0xff;
                if (parse) {
                    fromClient.add(new Header(header[0] & 0xff, (header[1] & 0xff) << 8 | header[2] & 0xff, length));
                }
                out.write(header);
                out.write(in.readNBytes(length));
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
