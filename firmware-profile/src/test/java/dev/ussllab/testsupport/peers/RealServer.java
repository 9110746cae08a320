package dev.ussllab.testsupport.peers;

import java.nio.file.Path;

/**
 * A real server from Debian's packages (nginx, mosquitto, stunnel4, openssl s_server, python3)
 * running on 127.0.0.1 for a test, with the certificates it was given. close() stops it.
 *
 * @param name      what it is, e.g. "nginx-intermediate" (used in test names and messages)
 * @param port      where it listens on 127.0.0.1
 * @param dir       its working folder: configuration, logs
 * @param caCert    the test CA (PEM) that signed serverCert and clientCert: what a client trusts
 * @param serverCert the certificate file the server was configured with (may hold a chain)
 * @param serverKey its private key (RSA, or EC for the ECDSA configurations)
 * @param clientCert a client certificate signed by caCert (PEM), for servers that ask for one
 * @param clientKey  its RSA 2048 key, PKCS#1 PEM ("BEGIN RSA PRIVATE KEY"), as a board takes it
 */
public record RealServer(String name, int port, Path dir, Path caCert, Path serverCert, Path serverKey,
        Path clientCert, Path clientKey, PeerProcess process) implements AutoCloseable {

    /** Everything the server printed so far (stdout and stderr), plus its log files where it has them. */
    public String log() {
        StringBuilder out = new StringBuilder(process.output());
        for (String file : new String[] {"error.log", "stunnel.log"}) {
            Path p = dir.resolve(file);
            try {
                if (java.nio.file.Files.exists(p)) {
                    out.append('\n').append(java.nio.file.Files.readString(p));
                }
            } catch (java.io.IOException e) {
                out.append("\n(").append(file).append(" unreadable: ").append(e.getMessage()).append(')');
            }
        }
        return out.toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }

    @Override
    public String toString() {
        return name + " on 127.0.0.1:" + port;
    }
}
