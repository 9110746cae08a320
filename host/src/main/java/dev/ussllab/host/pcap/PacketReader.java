package dev.ussllab.host.pcap;

import dev.ussllab.profile.LabException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Streams packets out of a capture file, one at a time; never loads the whole file. */
public interface PacketReader extends AutoCloseable {

    /** The next packet, or null at the end of the file. Corrupt input: LabException BAD_INPUT. */
    Packet next();

    /** NSS key-log lines found so far in Decryption Secrets Blocks (pcapng only). */
    List<String> keyLogLines();

    /** The key-log lines found since the last call (each line is handed out once). */
    List<String> newKeyLogLines();

    /**
     * Null, or the warning for a file that ends inside its last packet (tcpdump killed): the
     * packets before the cut were returned and next() then returned null.
     */
    String cutOff();

    @Override
    void close();

    /** Opens a classic pcap or pcapng stream, recognised by its first four bytes. */
    static PacketReader open(InputStream in, String name) {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        CountingInput input = new CountingInput(buffered, name);
        byte[] magic = input.peek4();
        try {
            if (PcapngReader.isPcapng(magic)) {
                return new PcapngReader(input);
            }
            if (PcapReader.isPcap(magic)) {
                return new PcapReader(input);
            }
        } catch (CountingInput.CutShort e) {
            input.close();
            throw input.corrupt(e); // not even the file header is whole
        } catch (LabException e) {
            input.close();
            throw e;
        }
        try {
            in.close();
        } catch (IOException ignored) {
            // already failing
        }
        throw LabException.badInput(name + ": not a pcap or pcapng file (offset 0: expected magic a1b2c3d4, a1b23c4d"
                + " or 0a0d0d0a, found " + java.util.HexFormat.of().formatHex(magic) + ")",
                "give a capture written by tcpdump, tshark, Wireshark or ussl-lab");
    }
}
