package dev.ussllab.device.tls;

/** The board's wrapped socket: a TLS connection whose failures are raised as the board raises them. */
final class AxtlsSocket implements UsslSocket {

    private final TlsConnection connection;

    AxtlsSocket(TlsConnection connection) {
        this.connection = connection;
    }

    @Override
    public void write(byte[] data) throws AxtlsException {
        try {
            connection.write(data);
        } catch (java.io.IOException e) {
            throw AxtlsErrors.map(e, connection.peer(), connection.timeoutMs());
        }
    }

    @Override
    public byte[] read(int n) throws AxtlsException {
        try {
            return connection.read(n);
        } catch (java.io.IOException e) {
            throw AxtlsErrors.map(e, connection.peer(), connection.timeoutMs());
        }
    }

    @Override
    public byte[] readline() throws AxtlsException {
        try {
            return connection.readline();
        } catch (java.io.IOException e) {
            throw AxtlsErrors.map(e, connection.peer(), connection.timeoutMs());
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
