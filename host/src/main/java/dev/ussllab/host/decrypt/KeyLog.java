package dev.ussllab.host.decrypt;

import dev.ussllab.profile.LabException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** NSS key-log lines indexed by client random, from files and/or a capture's secrets blocks. */
public final class KeyLog {

    /** Concurrent: a capture's secrets blocks are added while worker threads look sessions up. */
    private final Map<String, Map<String, byte[]>> byRandom = new ConcurrentHashMap<>();

    public KeyLog() {}

    public static KeyLog load(Path file) {
        return load(file == null ? List.of() : List.of(file));
    }

    /** Every file's lines in one log (a key log per client, say). */
    public static KeyLog load(List<Path> files) {
        KeyLog log = new KeyLog();
        for (Path file : files) {
            log.read(file);
        }
        return log;
    }

    private void read(Path file) {
        KeyLog log = this;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            int lineNumber = 0;
            int good = 0;
            for (String line; (line = r.readLine()) != null; ) {
                lineNumber++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (!log.add(line)) {
                    throw LabException.badInput("key log " + file + " line " + lineNumber
                            + " is not 'LABEL <client random hex> <secret hex>'",
                            "give an NSS key log (SSLKEYLOGFILE / --keylog / openssl -keylogfile)");
                }
                good++;
            }
            if (good == 0) {
                throw LabException.badInput("key log " + file + " has no key-log lines",
                        "give an NSS key log (SSLKEYLOGFILE / --keylog / openssl -keylogfile)");
            }
        } catch (NoSuchFileException e) {
            throw LabException.badInput("key log " + file + " does not exist", "check the --keylog path");
        } catch (IOException e) {
            throw LabException.badInput("cannot read key log " + file + ": " + e.getMessage(), "check the --keylog path");
        }
    }

    void addAll(List<String> lines) {
        for (String l : lines) {
            add(l);
        }
    }

    boolean add(String line) {
        String[] f = fields(line.trim());
        // Labels other than the client-random ones (openssl's "RSA <8-byte prefix> <premaster>")
        // are valid NSS lines that this tool does not need; they are kept but never looked up.
        if (f == null || f[1].isEmpty()) {
            return false;
        }
        try {
            byte[] secret = HexFormat.of().parseHex(f[2]);
            HexFormat.of().parseHex(f[1]);
            byRandom.computeIfAbsent(f[1].toLowerCase(), k -> new ConcurrentHashMap<>()).put(f[0], secret);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The three fields of a trimmed line split at runs of whitespace, as split("\\s+") splits it,
     * or null when there are not exactly three. split compiled its pattern again for every line:
     * 0.1 s of CPU before the first packet for a key log of 4,000 lines under the quick JIT.
     */
    static String[] fields(String line) {
        String[] f = new String[3];
        int n = 0;
        int i = 0;
        int length = line.length();
        while (i < length) {
            int start = i;
            while (i < length && !space(line.charAt(i))) {
                i++;
            }
            if (n == 3) {
                return null;
            }
            f[n++] = line.substring(start, i);
            while (i < length && space(line.charAt(i))) {
                i++;
            }
        }
        return n == 3 ? f : null;
    }

    /** What the regex \\s matches: space, tab, newline, vertical tab, form feed, carriage return. */
    private static boolean space(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    /** The secret with this label for the session with this client random, or null. */
    byte[] secret(byte[] clientRandom, String label) {
        Map<String, byte[]> m = byRandom.get(HexFormat.of().formatHex(clientRandom));
        return m == null ? null : m.get(label);
    }

    boolean isEmpty() {
        return byRandom.isEmpty();
    }
}
