package dev.ussllab.host.pcap;

/** The Internet checksum (RFC 1071): ones' complement of the ones' complement sum of 16-bit words. */
final class Checksum {

    private Checksum() {}

    static int sum(byte[] d, int from, int to, int initial) {
        long sum = initial;
        int i = from;
        for (; i + 1 < to; i += 2) {
            sum += ((d[i] & 0xff) << 8) | (d[i + 1] & 0xff);
        }
        if (i < to) {
            sum += (d[i] & 0xff) << 8; // odd length: pad with a zero byte
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) sum;
    }

    static int finish(int sum) {
        return ~sum & 0xffff;
    }
}
