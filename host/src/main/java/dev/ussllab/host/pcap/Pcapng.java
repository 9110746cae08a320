package dev.ussllab.host.pcap;

/** Block types and option codes from the pcapng specification (draft-ietf-opsawg-pcapng). */
final class Pcapng {
    static final int SECTION_HEADER = 0x0A0D0D0A;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int INTERFACE_DESCRIPTION = 0x00000001;
    static final int SIMPLE_PACKET = 0x00000003;
    static final int ENHANCED_PACKET = 0x00000006;
    static final int DECRYPTION_SECRETS = 0x0000000A;
    /** Secrets type "TLSK": NSS key-log lines (spec section 4.7 / Wireshark's DSB support). */
    static final int SECRETS_TLS_KEY_LOG = 0x544c534b;
    static final int OPT_END = 0;
    /** if_tsresol: one byte; MSB 0 -> 10^-n s, MSB 1 -> 2^-n s; default 10^-6. */
    static final int OPT_IF_TSRESOL = 9;
    static final int MICROS = 6;
    static final int NANOS = 9;
    /** Block type + total length before the body, total length again after it. */
    static final int BLOCK_OVERHEAD = 12;
    /** Overhead + byte-order magic (4) + major/minor version (2+2) + section length (8). */
    static final int MIN_SECTION_HEADER = 28;
    /** Refuse absurd block lengths rather than allocating them (corrupt files). */
    static final int MAX_BLOCK = 64 << 20;

    private Pcapng() {}

    static int pad4(int n) {
        return (n + 3) & ~3;
    }
}
