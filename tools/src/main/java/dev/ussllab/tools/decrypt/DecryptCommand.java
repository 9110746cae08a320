package dev.ussllab.tools.decrypt;

import dev.ussllab.host.decrypt.CaptureScan;
import dev.ussllab.host.decrypt.KeyLog;
import dev.ussllab.host.keys.KeyMaterial;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ussl-lab decrypt}: every TLS session in a capture, decrypted where the keys allow, with reasons. */
@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = "Find the TLS sessions in a pcap or pcapng capture (any port) and print their application data."
                + " TLS 1.2 RSA key exchange is decrypted with the server's RSA key (--key); any TLS 1.2 or 1.3 session"
                + " with a key log (--keylog, or the capture's own Decryption Secrets Blocks). Sessions that cannot be"
                + " decrypted say why.")
public final class DecryptCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "capture: classic pcap (tcpdump) or pcapng")
    Path file;

    @Option(names = "--key", paramLabel = "key.pem", description = "the server's RSA private key (PEM, PKCS#8 or PKCS#1)")
    Path key;

    @Option(names = "--keylog", paramLabel = "FILE", description = "NSS key log (SSLKEYLOGFILE format)")
    Path keyLogFile;

    @Option(names = "--json", description = "print the sessions as one JSON document")
    boolean json;

    @Option(names = "--no-capture-secrets",
            description = "ignore the capture's own Decryption Secrets Blocks (shows what --key or --keylog alone decrypts)")
    boolean noCaptureSecrets;

    @Override
    public Integer call() {
        RSAPrivateKey rsa = key == null ? null : KeyMaterial.loadRsaKey(key);
        KeyLog keyLog = KeyLog.load(keyLogFile);
        ReportPrinter printer = new ReportPrinter(spec.commandLine().getOut(), json);
        long connections = CaptureScan.scan(file, keyLog, rsa, !noCaptureSecrets, printer::print);
        printer.finish(connections);
        return 0;
    }
}
