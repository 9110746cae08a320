package dev.ussllab.testsupport;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;

/**
 * Real peers the tests talk to (openssl, python3, socat, tshark, tcpdump). On a developer's machine
 * a missing peer skips the test with the reason; with USSL_LAB_REQUIRE_PEERS=1 (as CI sets it, after
 * installing them) a missing peer fails the test, so CI can never pass by skipping.
 */
public final class Peers {

    private Peers() {}

    public static boolean required() {
        return "1".equals(System.getenv("USSL_LAB_REQUIRE_PEERS"));
    }

    /** Returns the absolute path of the executable, or skips/fails the calling test. */
    public static String require(String executable) {
        String path = find(executable);
        if (path == null) {
            String why = executable + " is not installed (apt-get install " + executable
                    + "; .ci/run does this)";
            if (required()) {
                fail(why);
            }
            assumeTrue(false, why);
        }
        return path;
    }

    public static String find(String executable) {
        String pathEnv = System.getenv("PATH");
        if (pathEnv == null) {
            return null;
        }
        for (String dir : pathEnv.split(File.pathSeparator)) {
            File f = new File(dir, executable);
            if (f.isFile() && f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }

    /** The shared/ folder beside the checkout (seeds and references), or skips/fails. */
    public static File sharedDir() {
        File dir = new File(System.getProperty("user.dir"));
        while (dir != null) {
            File shared = new File(dir.getParentFile() == null ? dir : dir.getParentFile(), "shared");
            if (new File(shared, "seeds").isDirectory()) {
                return shared;
            }
            dir = dir.getParentFile();
        }
        String why = "../shared (seeds and references) is not beside the checkout";
        if (required()) {
            fail(why);
        }
        assumeTrue(false, why);
        return null;
    }
}
