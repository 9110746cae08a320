package dev.ussllab.device.micropython;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Turns MicroPython source into tokens, with Python's indentation rules: INDENT/DEDENT from leading
 * whitespace, NEWLINE only outside brackets, backslash continuation, comments. String literals are
 * decoded here (escapes, raw and bytes prefixes) so the parser sees values, not quotes.
 */
final class Lexer {

    enum Kind { NAME, INT, FLOAT, STR, BYTES, FSTR, OP, NEWLINE, INDENT, DEDENT, EOF }

    record Token(Kind kind, String text, Object value, int line) {
        boolean is(String op) {
            return (kind == Kind.OP || kind == Kind.NAME) && text.equals(op);
        }

        @Override
        public String toString() {
            return kind + "(" + text + ")@" + line;
        }
    }

    /** Operators, longest first so "**=" wins over "**" and "*". */
    private static final String[] OPS = {
        "**=", "//=", ">>=", "<<=", "...", "->", "**", "//", "<<", ">>", "<=", ">=", "==", "!=",
        "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", ":=", "@=",
        "+", "-", "*", "/", "%", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}",
        ",", ":", ".", ";", "=", "@"
    };

    private final String src;
    private int pos;
    private int line = 1;
    private int depth;
    private final List<Token> out = new ArrayList<>();
    private final Deque<Integer> indents = new ArrayDeque<>();

    private Lexer(String src) {
        this.src = src.replace("\r\n", "\n").replace('\r', '\n');
        indents.push(0);
    }

    static List<Token> tokenize(String src) {
        Lexer lx = new Lexer(src);
        lx.run();
        return lx.out;
    }

    private void run() {
        boolean atLineStart = true;
        while (pos < src.length()) {
            if (atLineStart && depth == 0) {
                atLineStart = false;
                if (handleIndent()) {
                    continue;
                }
            }
            char c = src.charAt(pos);
            if (c == '\n') {
                pos++;
                if (depth == 0 && !out.isEmpty() && last().kind != Kind.NEWLINE) {
                    out.add(new Token(Kind.NEWLINE, "\n", null, line));
                }
                line++;
                atLineStart = true;
            } else if (c == ' ' || c == '\t' || c == '\f') {
                pos++;
            } else if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '\\' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
                pos += 2;
                line++;
            } else if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length()
                    && Character.isDigit(src.charAt(pos + 1)))) {
                number();
            } else if (Character.isLetter(c) || c == '_') {
                nameOrString();
            } else if (c == '"' || c == '\'') {
                string("");
            } else {
                operator();
            }
        }
        if (!out.isEmpty() && last().kind != Kind.NEWLINE) {
            out.add(new Token(Kind.NEWLINE, "\n", null, line));
        }
        while (indents.peek() > 0) {
            indents.pop();
            out.add(new Token(Kind.DEDENT, "", null, line));
        }
        out.add(new Token(Kind.EOF, "", null, line));
    }

    private Token last() {
        return out.get(out.size() - 1);
    }

    /** Measures indentation; returns true if the line is blank or a comment (no tokens). */
    private boolean handleIndent() {
        int col = 0;
        int p = pos;
        while (p < src.length() && (src.charAt(p) == ' ' || src.charAt(p) == '\t')) {
            col = src.charAt(p) == '\t' ? (col / 8 + 1) * 8 : col + 1;
            p++;
        }
        if (p >= src.length() || src.charAt(p) == '\n' || src.charAt(p) == '#') {
            pos = p;
            return true;
        }
        pos = p;
        if (col > indents.peek()) {
            indents.push(col);
            out.add(new Token(Kind.INDENT, "", null, line));
        } else {
            while (col < indents.peek()) {
                indents.pop();
                out.add(new Token(Kind.DEDENT, "", null, line));
            }
            if (col != indents.peek()) {
                throw PyException.syntax("unindent doesn't match any outer indent level", line);
            }
        }
        return false;
    }

    private void number() {
        int start = pos;
        if (src.charAt(pos) == '0' && pos + 1 < src.length() && "xXoObB".indexOf(src.charAt(pos + 1)) >= 0) {
            char base = Character.toLowerCase(src.charAt(pos + 1));
            pos += 2;
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            String digits = src.substring(start + 2, pos).replace("_", "");
            int radix = base == 'x' ? 16 : base == 'o' ? 8 : 2;
            try {
                out.add(new Token(Kind.INT, src.substring(start, pos), Ops.parseInt(digits, radix), line));
            } catch (NumberFormatException e) {
                throw PyException.syntax("invalid syntax for number", line);
            }
            return;
        }
        boolean isFloat = false;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (Character.isDigit(c) || c == '_') {
                pos++;
            } else if (c == '.' && !isFloat) {
                isFloat = true;
                pos++;
            } else if ((c == 'e' || c == 'E') && pos + 1 < src.length()) {
                isFloat = true;
                pos++;
                if (src.charAt(pos) == '+' || src.charAt(pos) == '-') {
                    pos++;
                }
            } else {
                break;
            }
        }
        String text = src.substring(start, pos).replace("_", "");
        if (pos < src.length() && (src.charAt(pos) == 'j' || src.charAt(pos) == 'J')) {
            throw PyException.notInSubset("complex numbers", line);
        }
        try {
            out.add(isFloat
                    ? new Token(Kind.FLOAT, text, Double.parseDouble(text), line)
                    : new Token(Kind.INT, text, Ops.parseInt(text, 10), line));
        } catch (NumberFormatException e) {
            throw PyException.syntax("invalid syntax for number", line);
        }
    }

    private void nameOrString() {
        int start = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
        String word = src.substring(start, pos);
        if (pos < src.length() && (src.charAt(pos) == '"' || src.charAt(pos) == '\'')
                && word.length() <= 2 && word.toLowerCase().matches("[rbf]|rb|br|rf|fr")) {
            string(word.toLowerCase());
            return;
        }
        out.add(new Token(Kind.NAME, word, null, line));
    }

    private void string(String prefix) {
        boolean raw = prefix.contains("r");
        boolean bytes = prefix.contains("b");
        boolean fstr = prefix.contains("f");
        char q = src.charAt(pos);
        boolean triple = src.startsWith("" + q + q + q, pos);
        int startLine = line;
        pos += triple ? 3 : 1;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw PyException.syntax("unterminated string", startLine);
            }
            char c = src.charAt(pos);
            if (triple ? src.startsWith("" + q + q + q, pos) : c == q) {
                pos += triple ? 3 : 1;
                break;
            }
            if (c == '\n') {
                if (!triple) {
                    throw PyException.syntax("unterminated string", startLine);
                }
                line++;
            }
            if (c == '\\' && !raw) {
                pos++;
                escape(bytes, buf, sb, startLine);
                continue;
            }
            if (c == '\\' && raw && pos + 1 < src.length()) {
                append(bytes, buf, sb, c);
                pos++;
                c = src.charAt(pos);
            }
            if (bytes && c > 0x7f) {
                throw PyException.syntax("bytes can only contain ASCII literal characters", startLine);
            }
            append(bytes, buf, sb, c);
            pos++;
        }
        if (bytes) {
            out.add(new Token(Kind.BYTES, "b''", new PyBytes(buf.toByteArray()), startLine));
        } else {
            out.add(new Token(fstr ? Kind.FSTR : Kind.STR, "''", sb.toString(), startLine));
        }
    }

    private static void append(boolean bytes, ByteArrayOutputStream buf, StringBuilder sb, char c) {
        if (bytes) {
            buf.write(c);
        } else {
            sb.append(c);
        }
    }

    private void escape(boolean bytes, ByteArrayOutputStream buf, StringBuilder sb, int startLine) {
        if (pos >= src.length()) {
            throw PyException.syntax("unterminated string", startLine);
        }
        char e = src.charAt(pos++);
        int code;
        switch (e) {
            case '\n' -> { line++; return; }
            case 'n' -> code = '\n';
            case 'r' -> code = '\r';
            case 't' -> code = '\t';
            case 'a' -> code = 7;
            case 'b' -> code = 8;
            case 'f' -> code = 12;
            case 'v' -> code = 11;
            case '\\', '\'', '"' -> code = e;
            case 'x' -> code = hex(2, startLine);
            case 'u' -> code = bytes ? -1 : hex(4, startLine);
            case 'U' -> code = bytes ? -1 : hex(8, startLine);
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                int v = e - '0';
                for (int i = 0; i < 2 && pos < src.length() && src.charAt(pos) >= '0' && src.charAt(pos) <= '7'; i++) {
                    v = v * 8 + (src.charAt(pos++) - '0');
                }
                code = v;
            }
            default -> code = -1;
        }
        if (code < 0) {
            // Unknown escapes keep the backslash, as in CPython and MicroPython.
            append(bytes, buf, sb, '\\');
            append(bytes, buf, sb, e);
        } else if (bytes) {
            buf.write(code & 0xff);
        } else {
            sb.appendCodePoint(code);
        }
    }

    private int hex(int n, int startLine) {
        if (pos + n > src.length()) {
            throw PyException.syntax("invalid \\x escape", startLine);
        }
        try {
            int v = Integer.parseUnsignedInt(src.substring(pos, pos + n), 16);
            pos += n;
            return v;
        } catch (NumberFormatException ex) {
            throw PyException.syntax("invalid \\x escape", startLine);
        }
    }

    private void operator() {
        for (String op : OPS) {
            if (src.startsWith(op, pos)) {
                pos += op.length();
                if ("([{".contains(op)) {
                    depth++;
                } else if (")]}".contains(op)) {
                    depth = Math.max(0, depth - 1);
                }
                out.add(new Token(Kind.OP, op, null, line));
                return;
            }
        }
        throw PyException.syntax("invalid character '" + src.charAt(pos) + "'", line);
    }
}
