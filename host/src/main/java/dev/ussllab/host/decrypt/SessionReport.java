package dev.ussllab.host.decrypt;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * What the decryptor found about one TLS session.
 *
 * @param method how it was decrypted ("RSA key", "key log"), or null
 * @param reason why it was not decrypted, in plain words, or null
 * @param missingBytes TCP payload bytes the capture lost: records after such a gap are not shown
 */
public record SessionReport(InetSocketAddress client, InetSocketAddress server, long startNanos, String protocol,
        String cipherSuite, String sni, String method, String reason, List<AppData> records, long missingBytes) {

    public boolean decrypted() {
        return reason == null;
    }

    /** One application-data record's plaintext. */
    public record AppData(boolean fromClient, long timeNanos, byte[] data) {}
}
