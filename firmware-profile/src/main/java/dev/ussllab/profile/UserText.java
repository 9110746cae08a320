package dev.ussllab.profile;

import java.util.regex.Pattern;

/**
 * Text a user reads carries no Java or Bouncy Castle class names ("javax.net.ssl.SSLHandshakeException:",
 * "org.bouncycastle.tls.TlsFatalAlert:", "TlsFatalAlertReceived"): they name our implementation,
 * not the problem. USSL_LAB_VERBOSE (any value) keeps them, with the stack traces it adds.
 * Python's and MicroPython's own exception names (OSError, ssl.SSLError) are left alone.
 */
public final class UserText {

    /** A package-qualified Java class name (with an optional ": " after it) from the JDK or Bouncy Castle. */
    private static final Pattern QUALIFIED = Pattern.compile(
            "\\b(?:java|javax|jdk|sun|com\\.sun|org\\.bouncycastle)(?:\\.[A-Za-z_$][\\w$]*)+(?:: ?)?");
    /** A bare Java exception or Bouncy Castle alert class name, e.g. "SSLHandshakeException: ", "TlsFatalAlert: ". */
    private static final Pattern SIMPLE = Pattern.compile(
            "\\b(?:[A-Z][A-Za-z0-9]*Exception|Tls[A-Za-z]*Alert(?:Received)?)\\b(?:: ?)?");

    private UserText() {}

    public static boolean verbose() {
        return System.getenv("USSL_LAB_VERBOSE") != null;
    }

    /** The text without class names (unless verbose); never empty when the text was not. */
    public static String clean(String text) {
        if (text == null || verbose()) {
            return text;
        }
        String removed = SIMPLE.matcher(QUALIFIED.matcher(text).replaceAll("")).replaceAll("");
        if (removed.equals(text)) {
            return text; // nothing to take out: the line stays as printed ("Received: " keeps its space)
        }
        String s = removed.strip();
        return s.isEmpty() && !text.isBlank() ? "an error with no description" : s;
    }

    /** A throwable's message without class names, or a plain word for one that has no message. */
    public static String of(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank() || clean(m).equals("an error with no description")) {
            return verbose() ? t.toString() : "an unexplained " + (t instanceof java.io.IOException ? "I/O error" : "error");
        }
        return clean(m);
    }
}
