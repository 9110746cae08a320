package dev.ussllab.device.micropython;

import dev.ussllab.device.micropython.Node.FPart;
import java.util.ArrayList;
import java.util.List;

/** Splits an f-string body into literal text and {expression!conversion:spec} parts. */
final class FString {

    private FString() {}

    static List<Object> split(String body, int line) {
        List<Object> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == '{' && i + 1 < body.length() && body.charAt(i + 1) == '{') {
                lit.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < body.length() && body.charAt(i + 1) == '}') {
                lit.append('}');
                i += 2;
            } else if (c == '{') {
                int depth = 0;
                int j = i + 1;
                int colon = -1;
                int bang = -1;
                for (; j < body.length(); j++) {
                    char d = body.charAt(j);
                    if (d == '[' || d == '(' || d == '{') {
                        depth++;
                    } else if ((d == ']' || d == ')') || (d == '}' && depth > 0)) {
                        depth--;
                    } else if (d == '}') {
                        break;
                    } else if (d == '!' && depth == 0 && colon < 0 && j + 1 < body.length()
                            && body.charAt(j + 1) != '=') {
                        bang = j;
                    } else if (d == ':' && depth == 0 && colon < 0) {
                        colon = j;
                    }
                }
                if (j >= body.length()) {
                    throw PyException.syntax("f-string: expecting '}'", line);
                }
                int exprEnd = bang >= 0 ? bang : colon >= 0 ? colon : j;
                char conv = bang >= 0 ? body.charAt(bang + 1) : 0;
                String spec = colon >= 0 ? body.substring(colon + 1, j) : "";
                if (lit.length() > 0) {
                    parts.add(lit.toString());
                    lit.setLength(0);
                }
                parts.add(new FPart(Parser.parseExpression(body.substring(i + 1, exprEnd), line), conv, spec));
                i = j + 1;
            } else {
                lit.append(c);
                i++;
            }
        }
        if (lit.length() > 0) {
            parts.add(lit.toString());
        }
        return parts;
    }
}
