package dev.ussllab.tools.flash;

import dev.ussllab.profile.LabException;
import java.util.Locale;

/** Offsets and sizes as esptool users type them: 0x1000, 4096, 4MB, 512KB, 1M. */
final class Numbers {

    private Numbers() {}

    static long parse(String text, String what) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("MB") || t.endsWith("M")) {
            unit = 1024 * 1024;
            t = t.substring(0, t.length() - (t.endsWith("MB") ? 2 : 1));
        } else if (t.endsWith("KB") || t.endsWith("K")) {
            unit = 1024;
            t = t.substring(0, t.length() - (t.endsWith("KB") ? 2 : 1));
        }
        try {
            long v = t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(v, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw LabException.badInput("bad " + what + " '" + text + "'", "write it as 0x1000, 4096, 512KB or 4MB");
        }
    }

    static String size(long bytes) {
        return bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? bytes / (1 << 20) + "MB"
                : bytes >= 1024 && bytes % 1024 == 0 ? bytes / 1024 + "KB" : bytes + " bytes";
    }
}
