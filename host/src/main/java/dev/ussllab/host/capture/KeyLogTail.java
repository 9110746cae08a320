package dev.ussllab.host.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lines a peer appends to its key log (SSLKEYLOGFILE) while the tap runs, found by client
 * random. Only what was appended since the last look is read: a shared key log of a browser can be
 * hundreds of megabytes, and re-reading it whole for every session made each session cost the
 * file. A relayed session's secrets are written during its handshake, so reading starts at the
 * file's end when the tap starts.
 */
final class KeyLogTail {

    /** Client randoms whose lines wait for their session (the peer may serve other clients too). */
    static final int MAX_WAITING = 4096;

    private final Path file;
    private long offset;
    private final Map<String, List<String>> waiting = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
            return size() > MAX_WAITING;
        }
    };

    KeyLogTail(Path file) throws IOException {
        this.file = file;
        this.offset = Files.size(file);
    }

    /** The lines for this client random (hex) appended so far, removed from the waiting ones. */
    synchronized List<String> take(String clientRandom) throws IOException {
        readAppended();
        List<String> lines = waiting.remove(clientRandom.toLowerCase(Locale.ROOT));
        return lines == null ? List.of() : lines;
    }

    private void readAppended() throws IOException {
        byte[] added;
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            if (size < offset) {
                offset = 0; // truncated or replaced: its lines are all new
            }
            in.skipNBytes(offset);
            added = in.readAllBytes();
        }
        int end = lastNewline(added);
        if (end < 0) {
            return; // nothing, or a line the peer is still writing
        }
        offset += end + 1;
        for (String line : new String(added, 0, end, StandardCharsets.US_ASCII).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) {
                waiting.computeIfAbsent(f[1].toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(line.trim());
            }
        }
    }

    private static int lastNewline(byte[] b) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
