package dev.ussllab.tools;

import dev.ussllab.host.keys.PemFiles;
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
            "key.pem is written with mode 0600; existing files are kept unless --force."})
public final class KeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out-dir", paramLabel = "DIR", defaultValue = ".", description = "Folder for both files (default: the current folder).")
    Path outDir;

    @Option(names = "--key", paramLabel = "FILE", defaultValue = "key.pem", description = "Key file name, relative to --out-dir (default: ${DEFAULT-VALUE}).")
    Path keyName;

    @Option(names = "--cert", paramLabel = "FILE", defaultValue = "cert.pem", description = "Certificate file name, relative to --out-dir (default: ${DEFAULT-VALUE}).")
    Path certName;

    @Option(names = "--bits", paramLabel = "N", defaultValue = "2048", description = "RSA key size (default: ${DEFAULT-VALUE}).")
    int bits;

    @Option(names = "--days", paramLabel = "N", defaultValue = "1825", description = "Validity in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--subject", paramLabel = "DN", defaultValue = SelfSignedCertificate.DEFAULT_SUBJECT,
            description = "Subject and issuer, e.g. CN=localhost,O=lab or /CN=localhost (default: ${DEFAULT-VALUE}).")
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
        SelfSignedCertificate cert = SelfSignedCertificate.builder()
                .rsa(bits).validityDays(days).subject(subject)
                .altNames(SubjectAltNames.parse(san, apAddress))
                .build();
        Path key = outDir.resolve(keyName).normalize();
        Path certFile = outDir.resolve(certName).normalize();
        PemFiles.write(cert, key, certFile, force);
        PrintWriter out = spec.commandLine().getOut();
        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(cert.certificate().getEncoded());
        out.println("wrote " + key + " (RSA " + bits + ", mode 0600) and " + certFile);
        out.println("  subject " + cert.certificate().getSubject() + ", names " + SubjectAltNames.parse(san, apAddress)
                + ", valid until " + cert.certificate().getNotAfter().toInstant().atOffset(ZoneOffset.UTC).toLocalDate());
        out.println("  SHA-256 fingerprint " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256));
        if (bits < SelfSignedCertificate.DEFAULT_BITS) {
            // OpenSSL 3's default security level 2 wants 2048 bits (found by the host tests).
            out.println("warning: OpenSSL 3 and Python clients refuse RSA keys under 2048 bits (\"EE certificate key too weak\")");
        }
        return UsslLab.EXIT_OK;
    }
}
