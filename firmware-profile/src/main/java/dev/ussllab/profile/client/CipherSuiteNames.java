package dev.ussllab.profile.client;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.tls.CipherSuite;

/**
 * IANA cipher-suite names and codes. The table is Bouncy Castle's CipherSuite constants, whose
 * field names are the IANA registry names (the same names the JDK uses), so nothing is typed twice.
 */
public final class CipherSuiteNames {

    private static final Map<Integer, String> BY_CODE;
    private static final Map<String, Integer> BY_NAME;

    static {
        Map<Integer, String> byCode = new HashMap<>();
        Map<String, Integer> byName = new HashMap<>();
        for (Field f : CipherSuite.class.getFields()) {
            int m = f.getModifiers();
            // DRAFT_ constants are pre-standard code points that may clash with registered ones.
            if (f.getType() != int.class || !Modifier.isStatic(m) || f.getName().startsWith("DRAFT_")) {
                continue;
            }
            try {
                int code = f.getInt(null);
                byCode.putIfAbsent(code, f.getName());
                byName.put(f.getName(), code);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        BY_CODE = Collections.unmodifiableMap(byCode);
        BY_NAME = Collections.unmodifiableMap(byName);
    }

    private CipherSuiteNames() {}

    /** The IANA name, or "0xHHHH" for a code the table does not know. */
    public static String name(int code) {
        String n = BY_CODE.get(code);
        return n != null ? n : String.format("0x%04X", code);
    }

    /** The code for an IANA name, or -1 when unknown. */
    public static int code(String name) {
        Integer c = BY_NAME.get(name);
        return c == null ? -1 : c;
    }

    public static List<String> names(int[] codes) {
        List<String> out = new ArrayList<>(codes.length);
        for (int c : codes) {
            out.add(name(c));
        }
        return out;
    }

    /** Codes for names, in order; names the table does not know are left out. */
    public static int[] codes(String[] names) {
        return java.util.Arrays.stream(names).mapToInt(CipherSuiteNames::code).filter(c -> c >= 0).toArray();
    }
}
