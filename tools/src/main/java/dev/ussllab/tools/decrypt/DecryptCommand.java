package dev.ussllab.tools.decrypt;

import dev.ussllab.host.decrypt.CaptureDecryptor;
import dev.ussllab.host.decrypt.CaptureFiles;
import dev.ussllab.host.decrypt.KeyLog;
import dev.ussllab.host.decrypt.RsaPremaster;
import dev.ussllab.host.decrypt.SessionReport;
import dev.ussllab.host.decrypt.TextBuffer;
import dev.ussllab.host.crypto.RsaProvider;
import dev.ussllab.host.keys.KeyMaterial;
import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ussl-lab decrypt}: every TLS session in captures, decrypted where the keys allow, with reasons. */
@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = "Find the TLS sessions in pcap or pcapng captures (any port) and print their application data."
                + " TLS 1.2 RSA key exchange is decrypted with the server's RSA key (--key); any TLS 1.2 or 1.3 session"
                + " with a key log (--keylog, or the capture's own Decryption Secrets Blocks). Sessions that cannot be"
                + " decrypted say why. Several files, or a folder of captures, are read in order as one capture."
                + " Exit 1 when TLS sessions were found and none could be decrypted.")
public final class DecryptCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "FILE|DIR",
            description = "captures: classic pcap (tcpdump) or pcapng files, or folders of them")
    List<Path> files;

    @Option(names = "--key", paramLabel = "key.pem", description = "the server's RSA private key (PEM, PKCS#8 or PKCS#1)")
    Path key;

    @Option(names = "--keylog", paramLabel = "FILE", description = "NSS key log (SSLKEYLOGFILE format); may be repeated")
    List<Path> keyLogFiles = new ArrayList<>();

    @Option(names = "--json", description = "print the sessions as one JSON document")
    boolean json;

    @Option(names = "--no-capture-secrets",
            description = "ignore the capture's own Decryption Secrets Blocks (shows what --key or --keylog alone decrypts)")
    boolean noCaptureSecrets;

    @Option(names = "--threads", paramLabel = "N",
            description = "sessions decrypted at once (default: the number of cores)")
    Integer threads;

    @Override
    public Integer call() {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw LabException.badInput("--threads " + n + " is not a number of threads", "give 1 or more");
        }
        CaptureFiles.Found found = CaptureFiles.expand(files);
        CompletableFuture<RsaProvider> crypto = key != null || bytes(found.files()) >= NATIVE_RECORDS_FROM
                ? EarlyStart.cryptoProvider() : CompletableFuture.completedFuture(null);
        // The reading does not wait for the provider: the first session that needs the key does.
        RsaPremaster rsa = key == null ? null : RsaPremaster.loading(KeyMaterial.loadRsaKey(key), crypto);
        KeyLog keyLog = EarlyStart.keyLog(keyLogFiles);
        PrintWriter err = spec.commandLine().getErr();
        found.skipped().forEach(w -> warn(err, w));
        ReportPrinter printer = new ReportPrinter(spec.commandLine().getOut(), json);
        CaptureDecryptor.Summary s = new CaptureDecryptor(new CaptureDecryptor.Options(rsa, keyLog, !noCaptureSecrets, n,
                crypto::join))
                .run(found.files(), new CaptureDecryptor.Listener<TextBuffer>() {
                    @Override
                    public TextBuffer render(SessionReport report) {
                        return printer.render(report); // on the worker thread
                    }

                    @Override
                    public void session(SessionReport report, TextBuffer rendered) {
                        printer.print(rendered);
                    }

                    @Override
                    public void warning(String message) {
                        warn(err, message);
                    }
                });
        printer.finish(s.tcpConnections(), rsa == null ? null : rsa.providerName());
        if (s.tlsSessions() > 0 && s.decrypted() == 0) {
            throw LabException.failure("none of the " + s.tlsSessions() + " TLS session(s) could be decrypted",
                    "each session above says why");
        }
        return 0;
    }

    /**
     * Started by main() before the command line is built: see {@link EarlyStart}.
     */
    public static void startEarly(String[] args) {
        try {
            EarlyStart.start(args);
        } catch (RuntimeException e) {
            // a path the platform refuses, say: the command itself reports what is wrong
        }
    }

    /**
     * Capture bytes from which the native provider is loaded for the records when no RSA key needs
     * it anyway. Loading it (its library, its self-tests) costs 0.2-0.4 s of
     * CPU here; it saves about 18 ms per MB of AES-CBC + HMAC records against the JDK's under the
     * quick JIT (0.95 s against 0.1 s for 48 MB, measured on this project's 2-core machine), so
     * it pays back from about 20 MB on.
     */
    static final long NATIVE_RECORDS_FROM = 20L << 20;

    private static long bytes(List<Path> files) {
        long n = 0;
        for (Path f : files) {
            try {
                n += Files.size(f);
            } catch (IOException e) {
                // the reader reports it, with the file's name
            }
        }
        return n;
    }

    private static void warn(PrintWriter err, String message) {
        err.println("warning: " + message);
        err.flush();
    }
}
