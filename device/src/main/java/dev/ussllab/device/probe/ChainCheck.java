package dev.ussllab.device.probe;

import dev.ussllab.device.probe.ProbeReport.CertInfo;
import dev.ussllab.device.probe.ProbeReport.ChainResult;
import dev.ussllab.device.tls.HandshakeTrace;
import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The certificate chain as the server sends it, each certificate's subject, key, signature and
 * DER length, and the Certificate message's length set against the board's record buffer (the
 * limit {@code device} enforces: the profile's receiveRecordLimit, 5115 bytes on the ESP8266).
 */
final class ChainCheck {

    private ChainCheck() {}

    /**
     * @param boardTrace the board's handshake, preferred when it got the certificate
     * @param modern a modern client's look, for a server that refused the board before its certificate
     */
    static ChainResult run(HandshakeTrace boardTrace, ProbeClient.Seen modern, int recordLimit) {
        List<byte[]> ders;
        String seenBy;
        if (boardTrace != null && !boardTrace.serverChain().isEmpty()) {
            ders = boardTrace.serverChain();
            seenBy = "the board's handshake";
        } else {
            ders = modern.chain;
            seenBy = "a modern client (the server sent the board no certificate)";
        }
        List<CertInfo> certs = new ArrayList<>();
        int body = 3;
        for (byte[] der : ders) {
            certs.add(info(der));
            body += 3 + der.length;
        }
        return new ChainResult(certs, ders.isEmpty() ? 0 : 4 + body, recordLimit, seenBy);
    }

    static CertInfo info(byte[] der) {
        try {
            X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            PublicKey k = c.getPublicKey();
            String type = k instanceof RSAPublicKey ? "RSA" : k instanceof ECPublicKey ? "ECDSA" : k.getAlgorithm();
            int bits = k instanceof RSAPublicKey r ? r.getModulus().bitLength()
                    : k instanceof ECPublicKey e ? e.getParams().getCurve().getField().getFieldSize() : 0;
            return new CertInfo(c.getSubjectX500Principal().getName(), type, bits, c.getSigAlgName(), der.length);
        } catch (CertificateException | RuntimeException e) {
            return new CertInfo("(unparsable certificate)", "?", 0, "?", der.length);
        }
    }
}
