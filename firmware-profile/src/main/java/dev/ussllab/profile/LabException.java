package dev.ussllab.profile;

/**
 * The one error type a user sees. It carries a one-line message naming the thing that went
 * wrong, an optional hint saying what to do, and the exit code the command line maps it to.
 * Every module throws it (or a subclass); only the command line prints it.
 */
public class LabException extends RuntimeException {

    /** Exit codes, as the command line returns them. */
    public enum Kind {
        /** Something failed at run time: a peer refused, a board did not answer. Exit 1. */
        FAILURE(1),
        /** The user's input is wrong: a missing file, a bad address, a malformed capture. Exit 2. */
        BAD_INPUT(2);

        public final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    private final Kind kind;
    private final String hint;

    public LabException(Kind kind, String message, String hint, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.hint = hint;
    }

    public LabException(Kind kind, String message, String hint) {
        this(kind, message, hint, null);
    }

    public static LabException failure(String message, String hint) {
        return new LabException(Kind.FAILURE, message, hint);
    }

    public static LabException badInput(String message, String hint) {
        return new LabException(Kind.BAD_INPUT, message, hint);
    }

    public Kind kind() {
        return kind;
    }

    /** What the user should do next, or null. */
    public String hint() {
        return hint;
    }

    public int exitCode() {
        return kind.exitCode;
    }

    /** The message and, if there is one, the hint, on one line. */
    public String oneLine() {
        return hint == null || hint.isEmpty() ? getMessage() : getMessage() + " (" + hint + ")";
    }
}
