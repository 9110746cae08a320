package dev.ussllab.host.decrypt;

import dev.ussllab.profile.LabException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the user named on the command line, as capture files in reading order: files as given, a
 * folder as the captures directly inside it (recognised by their magic, whatever their names, so
 * tcpdump's rotations -C/-G are found), in natural name order (cap.pcap2 before cap.pcap10).
 */
public final class CaptureFiles {

    private CaptureFiles() {}

    /** The captures to read, and a warning per folder entry that was skipped (or none). */
    public record Found(List<Path> files, List<String> skipped) {}

    public static Found expand(List<Path> named) {
        List<Path> files = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path p : named) {
            if (Files.isDirectory(p)) {
                List<Path> inside = captures(p, skipped);
                if (inside.isEmpty()) {
                    throw LabException.badInput("folder " + p + " holds no pcap or pcapng file",
                            "give the folder the captures are in, or the files themselves");
                }
                files.addAll(inside);
            } else if (!Files.exists(p)) {
                throw LabException.badInput("capture " + p + " does not exist", "check the path");
            } else {
                files.add(p);
            }
        }
        return new Found(files, skipped);
    }

    private static List<Path> captures(Path dir, List<String> skipped) {
        List<Path> out = new ArrayList<>();
        int others = 0;
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.sorted(Comparator.comparing(q -> q.getFileName().toString(), CaptureFiles::natural))
                    .toList()) {
                if (Files.isRegularFile(p) && isCapture(p)) {
                    out.add(p);
                } else if (Files.isRegularFile(p)) {
                    others++;
                }
            }
        } catch (NoSuchFileException e) {
            throw LabException.badInput("folder " + dir + " does not exist", "check the path");
        } catch (IOException e) {
            throw LabException.badInput("cannot list folder " + dir + ": " + e.getMessage(), "check its permissions");
        }
        if (others > 0) {
            skipped.add(dir + ": skipped " + others + " file(s) that are not pcap or pcapng captures");
        }
        return out;
    }

    private static boolean isCapture(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] m = in.readNBytes(4);
            return m.length == 4 && (m[0] == 0x0a && m[1] == 0x0d && m[2] == 0x0d && m[3] == 0x0a
                    || (m[0] & 0xff) == 0xa1 && (m[1] & 0xff) == 0xb2 || (m[0] & 0xff) == 0xd4 && (m[1] & 0xff) == 0xc3
                    || (m[0] & 0xff) == 0x4d && (m[1] & 0xff) == 0x3c);
        } catch (IOException e) {
            return false;
        }
    }

    /** Names compared with their digit runs as numbers. */
    static int natural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
