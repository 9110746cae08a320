package dev.ussllab.profile.hello;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One ClientHello extension as it was on the wire: its type and its raw content. The decoded
 * content comes from {@link ExtensionDecoder}, so an unknown extension keeps its bytes intact.
 */
public record Extension(int type, byte[] data) {

    public Extension {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public int length() {
        return data.length;
    }

    /** The IANA name, "GREASE", or "unknown". */
    public String name() {
        return TlsNames.extension(type);
    }

    /** The content in words, e.g. "host_name=example.com" or "x25519, secp256r1"; hex if unknown. */
    public String describe() {
        return ExtensionDecoder.describe(this, 0);
    }

    public String hex() {
        return HexFormat.of().formatHex(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Extension e && e.type == type && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return name() + "(" + type + ")=" + hex();
    }
}
