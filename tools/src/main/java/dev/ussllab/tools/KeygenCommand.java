package dev.ussllab.tools;

import dev.ussllab.host.keys.KeyMaterial;
import dev.ussllab.host.keys.PemFiles;
import dev.ussllab.profile.LabException;
import dev.ussllab.host.keys.SelfSignedCertificate;
import dev.ussllab.host.keys.SubjectAltNames;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** ussl-lab keygen: the seed's `openssl req -x509 -newkey rsa:2048 -days 1825 -nodes` in one step. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Create key.pem and a self-signed cert.pem for the host, like "
                + "`openssl req -x509 -newkey rsa:2048 -days 1825 -nodes -out cert.pem -keyout key.pem`.",
            "key.pem is written with mode 0600; existing files are kept unless --force.",
            "Mutual TLS without openssl: --ca makes a CA (ca-key.pem, ca.pem); --ca-key/--ca-cert make a key and",
            "certificate signed by that CA (client-key.pem in PKCS#1, client-cert.pem, and .der copies of both for",
            "a board's ssl.wrap_socket(key=..., cert=...))."})
public final class KeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out-dir", paramLabel = "DIR", defaultValue = ".", description = "Folder for both files (default: the current folder).")
    Path outDir;

    @Option(names = "--key", paramLabel = "FILE", description = "Key file name, relative to --out-dir (default: key.pem; ca-key.pem with --ca; client-key.pem with --ca-key).")
    Path keyName;

    @Option(names = "--cert", paramLabel = "FILE", description = "Certificate file name, relative to --out-dir (default: cert.pem; ca.pem with --ca; client-cert.pem with --ca-key).")
    Path certName;

    @Option(names = "--ca", description = "Make a CA (CA:TRUE, keyCertSign) to sign client certificates with --ca-key/--ca-cert.")
    boolean ca;

    @Option(names = "--ca-key", paramLabel = "FILE", description = "Sign the new certificate with this CA key (with --ca-cert) instead of self-signing.")
    Path caKey;

    @Option(names = "--ca-cert", paramLabel = "FILE", description = "The CA certificate that goes with --ca-key.")
    Path caCert;

    @Option(names = "--bits", paramLabel = "N", defaultValue = "2048", description = "RSA key size (default: ${DEFAULT-VALUE}).")
    int bits;

    @Option(names = "--days", paramLabel = "N", defaultValue = "1825", description = "Validity in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--subject", paramLabel = "DN",
            description = "Subject, e.g. CN=localhost,O=lab or /CN=localhost (default: CN=localhost; CN=ussl-lab CA with --ca; CN=board with --ca-key).")
    String subject;

    @Option(names = "--san", paramLabel = "LIST", defaultValue = "DNS:localhost,IP:127.0.0.1",
            description = "Subject alternative names, DNS:name and IP:address, comma-separated (default: ${DEFAULT-VALUE}).")
    String san;

    @Option(names = "--ap-address", paramLabel = "ADDR",
            description = "Also name this address (the access point the board connects to, e.g. 192.168.4.1).")
    String apAddress;

    @Option(names = "--force", description = "Replace existing files.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if ((caKey == null) != (caCert == null)) {
            throw LabException.badInput(caKey == null ? "--ca-cert needs --ca-key" : "--ca-key needs --ca-cert",
                    "give the CA's key and certificate together (ussl-lab keygen --ca makes them)");
        }
        if (ca && caKey != null) {
            throw LabException.badInput("--ca and --ca-key together", "make the CA first with --ca, then sign with --ca-key/--ca-cert");
        }
        boolean signed = caKey != null;
        SelfSignedCertificate.Builder builder = SelfSignedCertificate.builder()
                .rsa(bits).validityDays(days)
                .subject(subject != null ? subject : ca ? "CN=ussl-lab CA" : signed ? "CN=board" : SelfSignedCertificate.DEFAULT_SUBJECT)
                .altNames(ca ? SubjectAltNames.parse("", null) : SubjectAltNames.parse(san, apAddress));
        if (ca) {
            builder.ca();
        }
        if (signed) {
            KeyMaterial issuer = KeyMaterial.load(caKey, caCert);
            builder.signedBy(issuer.privateKey(), issuer.chain().get(0));
        }
        SelfSignedCertificate cert = builder.build();
        Path key = outDir.resolve(keyName != null ? keyName : Path.of(ca ? "ca-key.pem" : signed ? "client-key.pem" : "key.pem")).normalize();
        Path certFile = outDir.resolve(certName != null ? certName : Path.of(ca ? "ca.pem" : signed ? "client-cert.pem" : "cert.pem")).normalize();
        PrintWriter out = spec.commandLine().getOut();
        if (signed) {
            Path[] der = PemFiles.writeForBoard(cert, key, certFile, force);
            out.println("wrote " + key + " (RSA " + bits + ", PKCS#1, mode 0600) and " + certFile + ", signed by "
                    + cert.certificate().getIssuer() + " from " + caCert);
            out.println("  for a board: " + der[0] + " and " + der[1] + " (DER, ssl.wrap_socket(sock, key=..., cert=...))");
        } else {
            PemFiles.write(cert, key, certFile, force);
            out.println("wrote " + key + " (RSA " + bits + ", mode 0600) and " + certFile + (ca ? " (a CA: sign with --ca-key "
                    + key + " --ca-cert " + certFile + "; trust with host --require-client-cert " + certFile + ")" : ""));
        }
        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(cert.certificate().getEncoded());
        out.println("  subject " + cert.certificate().getSubject() + ", names " + (ca ? "none (a CA)" : SubjectAltNames.parse(san, apAddress))
                + ", valid until " + cert.certificate().getNotAfter().toInstant().atOffset(ZoneOffset.UTC).toLocalDate());
        out.println("  SHA-256 fingerprint " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256));
        if (bits < SelfSignedCertificate.DEFAULT_BITS) {
            // OpenSSL 3's default security level 2 wants 2048 bits (found by the host tests).
            out.println("warning: OpenSSL 3 and Python clients refuse RSA keys under 2048 bits (\"EE certificate key too weak\")");
        }
        return UsslLab.EXIT_OK;
    }
}
