package dev.ussllab.device.repl;

/**
 * What a program printed on the board, split where the raw REPL splits it: stdout before the
 * first \x04, stderr (a traceback, if the program raised) before the second. Both as the board
 * sent them, with "\r\n" line ends.
 */
public record ExecResult(String stdout, String stderr) {

    public boolean failed() {
        return !stderr.isEmpty();
    }

    /** The traceback's last line, e.g. "OSError: [Errno 2] ENOENT", or "" if none. */
    public String errorLine() {
        String[] lines = stderr.strip().split("\r?\n");
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }
}
