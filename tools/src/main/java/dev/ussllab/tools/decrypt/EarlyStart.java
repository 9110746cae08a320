package dev.ussllab.tools.decrypt;

import dev.ussllab.host.crypto.RsaProvider;
import dev.ussllab.host.decrypt.KeyLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What decrypt can start before picocli has built its command: loading the native provider (about
 * 0.3 s, mostly its library and self-tests) and reading the key log, each on its own thread,
 * beside the 0.2 s picocli takes to build the command from its annotations on a fresh JVM under
 * the quick JIT (tools/BENCHMARKS.md). main() hands over the raw arguments; the command then takes
 * what was started only where its own parsed options ask for the same thing, else starts or reads
 * it itself, so a guess from the raw arguments never changes what the command does, only when.
 */
final class EarlyStart {

    private static volatile CompletableFuture<RsaProvider> crypto;
    private static volatile List<Path> keyLogFiles;
    private static volatile CompletableFuture<KeyLog> keyLog;

    private EarlyStart() {}

    /**
     * From main(), before the command line is parsed: {@code args[0]} is "decrypt". Reads the
     * options the way picocli will for the usual spellings (--key FILE, --key=FILE, --keylog FILE,
     * --keylog=FILE); anything unusual (help, an @file) starts nothing.
     */
    static void start(String[] args) {
        boolean key = false;
        List<Path> logs = new ArrayList<>();
        long captureBytes = 0;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--key") || a.equals("--keylog") || a.equals("--threads")) {
                if (++i >= args.length) {
                    return;
                }
                key |= a.equals("--key");
                if (a.equals("--keylog")) {
                    logs.add(Path.of(args[i]));
                }
            } else if (a.startsWith("--key=")) {
                key = true;
            } else if (a.startsWith("--keylog=")) {
                logs.add(Path.of(a.substring("--keylog=".length())));
            } else if (a.equals("--json") || a.equals("--no-capture-secrets") || a.startsWith("--threads=")) {
                continue;
            } else if (a.startsWith("-") || a.startsWith("@")) {
                return; // --help, --version, a typo, an argument file: leave it all to picocli
            } else {
                captureBytes += size(a);
            }
        }
        if (key || captureBytes >= DecryptCommand.NATIVE_RECORDS_FROM) {
            crypto = loadCryptoProvider();
        }
        if (!logs.isEmpty()) {
            List<Path> files = List.copyOf(logs);
            keyLogFiles = files;
            keyLog = CompletableFuture.supplyAsync(() -> KeyLog.load(files), r -> {
                Thread t = new Thread(r, "key-log");
                t.setDaemon(true);
                t.start();
            });
        }
    }

    private static long size(String file) {
        try {
            Path p = Path.of(file);
            return Files.isRegularFile(p) ? Files.size(p) : 0;
        } catch (IOException | RuntimeException e) {
            return 0; // the command reports it
        }
    }

    /** The native provider, loading since main() or from now on its own thread. */
    static CompletableFuture<RsaProvider> cryptoProvider() {
        CompletableFuture<RsaProvider> started = crypto;
        return started != null ? started : loadCryptoProvider();
    }

    /**
     * The key log of these files: the one read since main() if it was these files, else read now.
     * Errors are the same either way (KeyLog.load's one-line LabException).
     */
    static KeyLog keyLog(List<Path> files) {
        CompletableFuture<KeyLog> started = keyLog;
        if (started == null || !files.equals(keyLogFiles)) {
            return KeyLog.load(files);
        }
        try {
            return started.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * The native provider takes a moment to load, so it loads beside the rest rather than before
     * it. The RSA key waits for it on the workers; records use the JDK's until it is there (the
     * same bytes).
     */
    private static CompletableFuture<RsaProvider> loadCryptoProvider() {
        CompletableFuture<RsaProvider> loaded = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                loaded.complete(RsaProvider.get());
            } catch (RuntimeException | LinkageError e) {
                loaded.complete(RsaProvider.jdk());
            } catch (Throwable e) {
                loaded.completeExceptionally(e); // the workers waiting for it fail rather than wait forever
                throw e;
            }
        }, "crypto-provider");
        t.setDaemon(true);
        t.start();
        return loaded;
    }
}
