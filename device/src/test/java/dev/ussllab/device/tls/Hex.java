package dev.ussllab.device.tls;

import java.util.HexFormat;

final class Hex {
    private Hex() {}

    /** Hex with spaces and comments allowed ("# ..." to the end of a line). */
    static byte[] parse(String text) {
        StringBuilder clean = new StringBuilder();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            clean.append((hash >= 0 ? line.substring(0, hash) : line).replaceAll("\\s", ""));
        }
        return HexFormat.of().parseHex(clean);
    }

    static String of(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }
}
