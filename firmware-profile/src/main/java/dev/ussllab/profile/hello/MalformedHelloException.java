package dev.ussllab.profile.hello;

import dev.ussllab.profile.LabException;

/**
 * Bytes that are not a well-formed ClientHello. The message names the field that does not fit
 * and the offset where it starts, so a user can find it in a hex dump or in Wireshark.
 */
public final class MalformedHelloException extends LabException {

    private final String field;
    private final int offset;

    public MalformedHelloException(String field, int offset, String problem) {
        super(Kind.BAD_INPUT, "malformed ClientHello: " + field + " at offset " + offset + ": " + problem,
                "the bytes are not a complete TLS ClientHello; check the capture or hex you gave");
        this.field = field;
        this.offset = offset;
    }

    /** The field that did not parse, e.g. "cipher_suites length" or "extension server_name (0)". */
    public String field() {
        return field;
    }

    /** Where that field starts: in the input for the record layer, in the handshake message otherwise. */
    public int offset() {
        return offset;
    }
}
