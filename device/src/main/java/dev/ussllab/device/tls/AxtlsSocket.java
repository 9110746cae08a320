package dev.ussllab.device.tls;

/** The board's wrapped socket: a TLS connection whose failures are raised as the board raises them. */
final class AxtlsSocket implements UsslSocket {

    private final TlsConnection connection;
    private final HandshakeTrace trace;

    AxtlsSocket(TlsConnection connection, HandshakeTrace trace) {
        this.connection = connection;
        this.trace = trace;
    }

    @Override
    public HandshakeTrace trace() {
        return trace;
    }

    @Override
    public void write(byte[] data) throws AxtlsException {
        try {
            connection.write(data);
        } catch (java.io.IOException e) {
            throw AxtlsErrors.map(e, connection.peer(), connection.timeoutMs(), trace);
        }
    }

    @Override
    public byte[] read(int n) throws AxtlsException {
        try {
            return connection.read(n);
        } catch (java.io.IOException e) {
            throw AxtlsErrors.map(e, connection.peer(), connection.timeoutMs(), trace);
        }
    }

    @Override
    public byte[] readline() throws AxtlsException {
        try {
            return connection.readline();
        } catch (java.io.IOException e) {
            throw AxtlsErrors.map(e, connection.peer(), connection.timeoutMs(), trace);
        }
    }

    @Override
    public int available() {
        return connection.available();
    }

    @Override
    public String protocol() {
        return connection.protocol();
    }

    @Override
    public String cipherSuite() {
        return connection.cipherSuite();
    }

    @Override
    public void close() {
        connection.close();
    }
}
