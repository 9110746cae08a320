package dev.ussllab.host.decrypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ussllab.host.pcap.LinkType;
import dev.ussllab.host.pcap.PcapWriter;
import dev.ussllab.host.pcap.PcapngWriter;
import dev.ussllab.profile.LabException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder of captures as tcpdump's rotations leave it. */
class CaptureFilesTest {

    @TempDir
    Path dir;

    private Path pcap(String name) throws Exception {
        Path p = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(p)) {
            new PcapWriter(out, LinkType.ETHERNET, false).write(0, new byte[20]);
        }
        return p;
    }

    /** tcpdump -C 1 -w cap.pcap writes cap.pcap, cap.pcap1, cap.pcap2 ... cap.pcap10: in that order. */
    @Test
    void rotationsAreReadInNumberOrderWhateverTheirNames() throws Exception {
        Path a = pcap("cap.pcap");
        Path c = pcap("cap.pcap10");
        Path b = pcap("cap.pcap2");
        Path ng = dir.resolve("other");
        try (OutputStream out = Files.newOutputStream(ng)) {
            new PcapngWriter(out, LinkType.ETHERNET, false).flush();
        }
        Files.writeString(dir.resolve("README"), "notes");
        CaptureFiles.Found f = CaptureFiles.expand(List.of(dir));
        assertEquals(List.of(a, b, c, ng), f.files());
        assertEquals(List.of(dir + ": skipped 1 file(s) that are not pcap or pcapng captures"), f.skipped());
    }

    @Test
    void naturalOrder() {
        assertTrue(CaptureFiles.natural("x2", "x10") < 0);
        assertTrue(CaptureFiles.natural("x010", "x9") > 0);
        assertTrue(CaptureFiles.natural("a", "b") < 0);
        assertEquals(0, CaptureFiles.natural("x007", "x7"));
    }

    @Test
    void missingThingsAreNamed() {
        LabException e = assertThrows(LabException.class, () -> CaptureFiles.expand(List.of(dir.resolve("none.pcap"))));
        assertEquals("capture " + dir.resolve("none.pcap") + " does not exist", e.getMessage());
        e = assertThrows(LabException.class, () -> CaptureFiles.expand(List.of(dir)));
        assertEquals("folder " + dir + " holds no pcap or pcapng file", e.getMessage());
    }
}
