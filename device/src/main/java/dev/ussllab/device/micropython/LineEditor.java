package dev.ussllab.device.micropython;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The friendly REPL's line input (shared/readline/readline.c, basics): echo, backspace, Enter,
 * the control keys the REPL acts on, auto-indent after a colon. Escape sequences (arrow keys) are
 * swallowed; history and tab completion are not emulated.
 */
final class LineEditor {

    private static final int ESC = 0x1b;
    private static final int BACKSPACE = 0x08;
    private static final int DELETE = 0x7f;

    private final ConsoleInput in;
    private final Consumer<String> tx;
    private final StringBuilder line = new StringBuilder();

    LineEditor(ConsoleInput in, Consumer<String> tx) {
        this.in = in;
        this.tx = tx;
    }

    /** The text of the last line read (bytes as Latin-1 chars, decoded as UTF-8 here). */
    String text() {
        return new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /**
     * Shows the prompt and reads one line. Returns 0 on Enter, or the control character that
     * ended it: Ctrl-C always, Ctrl-A/B/D/E only on an empty line (as readline.c does).
     */
    int readLine(String prompt, String indent) {
        line.setLength(0);
        line.append(indent);
        tx.accept(prompt + indent);
        while (true) {
            int c = in.read();
            boolean empty = line.length() == 0;
            if (c == MicroPythonFirmware.CTRL_C) {
                return c;
            } else if (empty && (c == MicroPythonFirmware.CTRL_A || c == MicroPythonFirmware.CTRL_B
                    || c == MicroPythonFirmware.CTRL_D || c == MicroPythonFirmware.CTRL_E)) {
                return c;
            } else if (c == '\r') {
                tx.accept("\r\n");
                if (line.toString().isBlank()) {
                    // an auto-indented line left empty ends the block
                    line.setLength(0);
                }
                return 0;
            } else if (c == BACKSPACE || c == DELETE) {
                if (line.length() > 0) {
                    line.setLength(line.length() - 1);
                    tx.accept("\b \b");
                }
            } else if (c == ESC) {
                swallowEscape();
            } else if (c >= 0x20 && c != DELETE || c >= 0x80) {
                line.append((char) c);
                tx.accept(String.valueOf((char) c));
            }
        }
    }

    private void swallowEscape() {
        int c = in.read();
        if (c == '[' || c == 'O') {
            do {
                c = in.read();
            } while (c >= '0' && c <= '9' || c == ';');
        }
    }

    /** mp_repl_continue_with_input (py/repl.c): open brackets, triple quotes, compound statements. */
    static boolean continueWithInput(String input) {
        if (input.isEmpty()) {
            return false;
        }
        String first = input.stripLeading();
        boolean compound = input.startsWith("@") || startsWithWord(first, "if", "while", "for", "try",
                "with", "def", "class", "async");
        int paren = 0;
        int quote = 0; // 0 none, 1 single, 3 triple
        char q = 0;
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (quote == 0) {
                if (c == '#') {
                    while (i < input.length() && input.charAt(i) != '\n') {
                        i++;
                    }
                } else if (c == '\'' || c == '"') {
                    q = c;
                    quote = input.startsWith("" + c + c + c, i) ? 3 : 1;
                    i += quote - 1;
                } else if ("([{".indexOf(c) >= 0) {
                    paren++;
                } else if (")]}".indexOf(c) >= 0) {
                    paren--;
                }
            } else if (c == '\\') {
                i++;
            } else if (c == q && (quote == 1 || input.startsWith("" + q + q + q, i))) {
                i += quote - 1;
                quote = 0;
            } else if (c == '\n' && quote == 1) {
                quote = 0;
            }
        }
        if (quote == 3) {
            return true;
        }
        if (paren > 0 && quote == 0) {
            return true;
        }
        if (input.endsWith("\\")) {
            return true;
        }
        return compound && !input.endsWith("\n");
    }

    private static boolean startsWithWord(String s, String... words) {
        for (String w : words) {
            if (s.startsWith(w) && (s.length() == w.length() || !Character.isLetterOrDigit(s.charAt(w.length())))) {
                return true;
            }
        }
        return false;
    }

    /** readline_auto_indent: the previous line's indent, plus one level after a colon. */
    static String autoIndent(String src) {
        String body = src.substring(0, src.length() - 1);
        String last = body.substring(body.lastIndexOf('\n') + 1);
        if (last.isBlank()) {
            return "";
        }
        int spaces = last.length() - last.stripLeading().length();
        int n = spaces / 4 + (last.stripTrailing().endsWith(":") ? 1 : 0);
        return "    ".repeat(n);
    }
}
