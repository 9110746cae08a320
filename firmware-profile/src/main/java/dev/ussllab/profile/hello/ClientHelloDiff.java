package dev.ussllab.profile.hello;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The fields in which two ClientHellos differ, ignoring what is fresh on every connection: the
 * random, the key_share public keys (only the groups are compared) and the padding length (it
 * depends on the rest of the hello). Used to confirm an emulated client against a real capture.
 */
public final class ClientHelloDiff {

    private static final int PADDING = 21;
    private static final int KEY_SHARE = 51;
    private static final int PRE_SHARED_KEY = 41;

    private ClientHelloDiff() {}

    /** One line per differing field, "field: expected X, found Y"; empty when they match. */
    public static List<String> differences(ClientHello expected, ClientHello found) {
        List<String> out = new ArrayList<>();
        if (expected.recordVersion() != ClientHello.NO_RECORD && found.recordVersion() != ClientHello.NO_RECORD) {
            compare(out, "record version", hex4(expected.recordVersion()), hex4(found.recordVersion()));
        }
        compare(out, "client_version", hex4(expected.clientVersion()), hex4(found.clientVersion()));
        compare(out, "session id length", String.valueOf(expected.sessionId().length),
                String.valueOf(found.sessionId().length));
        compare(out, "cipher suites", codes(expected.cipherSuites()), codes(found.cipherSuites()));
        compare(out, "compression methods", expected.compressionMethods().toString(),
                found.compressionMethods().toString());
        compare(out, "extensions", names(expected), names(found));
        for (Extension e : expected.extensions()) {
            found.extension(e.type()).ifPresent(f -> {
                String a = comparable(e);
                String b = comparable(f);
                if (!a.equals(b)) {
                    out.add("extension " + e.name() + " (" + e.type() + "): expected " + a + ", found " + b);
                }
            });
        }
        return out;
    }

    private static String comparable(Extension e) {
        return switch (e.type()) {
            case PADDING -> "padding";
            case KEY_SHARE -> e.describe().replaceAll(" \\(\\d+-byte key\\)", "");
            case PRE_SHARED_KEY -> "psk";
            default -> e.describe() + (e.length() == 0 ? "" : " [" + HexFormat.of().formatHex(e.data()) + "]");
        };
    }

    private static void compare(List<String> out, String field, String expected, String found) {
        if (!Objects.equals(expected, found)) {
            out.add(field + ": expected " + expected + ", found " + found);
        }
    }

    private static String hex4(int v) {
        return String.format("0x%04x", v);
    }

    private static String codes(List<Integer> codes) {
        return codes.stream().map(ClientHelloDiff::hex4).collect(Collectors.joining(" "));
    }

    private static String names(ClientHello h) {
        return h.extensions().stream().map(e -> e.name() + "(" + e.type() + ")").collect(Collectors.joining(" "));
    }
}
