package dev.ussllab.device.micropython;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** "%" formatting, str.format and format(value, spec), for the spec features scripts use. */
final class Format {

    private static final Pattern SPEC = Pattern.compile(
            "(?:(.)?([<>^=]))?([+\\- ])?(#)?(0)?(\\d+)?(,)?(?:\\.(\\d+))?([bcdeEfFgGnosxX%])?");
    private static final Pattern PERCENT = Pattern.compile("%([-+ 0#]*)(\\d+|\\*)?(?:\\.(\\d+))?([diouxXeEfFgGcrs%])");

    private Format() {}

    static String spec(Object v, String spec) {
        Matcher m = SPEC.matcher(spec);
        if (!m.matches()) {
            throw PyException.type("ValueError", "invalid format specifier");
        }
        String fill = m.group(1) != null ? m.group(1) : m.group(5) != null ? "0" : " ";
        String align = m.group(2) != null ? m.group(2) : m.group(5) != null ? "=" : null;
        String sign = m.group(3) == null ? "-" : m.group(3);
        boolean alt = m.group(4) != null;
        int width = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
        Integer prec = m.group(8) == null ? null : Integer.parseInt(m.group(8));
        String type = m.group(9) == null ? "" : m.group(9);
        String body;
        boolean numeric = Ops.isInt(v) || v instanceof Double;
        boolean negative = false;
        if (type.isEmpty() && !numeric) {
            body = Py.str(v);
            if (prec != null && body.length() > prec) {
                body = body.substring(0, prec);
            }
        } else if (type.equals("s")) {
            body = Py.str(v);
        } else if (type.equals("c")) {
            body = new String(Character.toChars((int) Ops.toLong(v)));
        } else if ("bdoxXn".contains(type) && !type.isEmpty() || (type.isEmpty() && Ops.isInt(v))) {
            if (!Ops.isInt(v)) {
                throw PyException.type("ValueError", "unknown format code '" + type + "' for object of type '" + Py.typeName(v) + "'");
            }
            BigInteger b = Ops.big(v);
            negative = b.signum() < 0;
            b = b.abs();
            body = switch (type) {
                case "b" -> (alt ? "0b" : "") + b.toString(2);
                case "o" -> (alt ? "0o" : "") + b.toString(8);
                case "x" -> (alt ? "0x" : "") + b.toString(16);
                case "X" -> (alt ? "0X" : "") + b.toString(16).toUpperCase();
                default -> b.toString();
            };
            if (m.group(7) != null) {
                body = String.format("%,d", b);
            }
        } else {
            double d = Ops.toDouble(v);
            negative = d < 0 || (d == 0 && 1 / d < 0);
            d = Math.abs(d);
            int p = prec == null ? 6 : prec;
            body = switch (type) {
                case "e", "E" -> fixExp(String.format("%." + p + "e", d));
                case "f", "F" -> String.format("%." + p + "f", d);
                case "%" -> String.format("%." + p + "f", d * 100) + "%";
                case "g", "G" -> general(d, prec == null ? 6 : Math.max(1, p));
                default -> prec == null ? Py.floatRepr(d) : general(d, Math.max(1, p));
            };
            if (type.equals("E") || type.equals("G")) {
                body = body.toUpperCase();
            }
        }
        String signStr = negative ? "-" : numeric && sign.equals("+") ? "+" : numeric && sign.equals(" ") ? " " : "";
        int pad = width - body.length() - signStr.length();
        if (pad <= 0) {
            return signStr + body;
        }
        String padding = fill.repeat(pad);
        String a = align == null ? (numeric ? ">" : "<") : align;
        return switch (a) {
            case "<" -> signStr + body + padding;
            case "^" -> fill.repeat(pad / 2) + signStr + body + fill.repeat(pad - pad / 2);
            case "=" -> signStr + padding + body;
            default -> padding + signStr + body;
        };
    }

    private static String fixExp(String s) {
        // Java prints e+05 as e+05 already; Python uses at least two exponent digits too.
        return s;
    }

    private static String general(double d, int p) {
        if (d == 0) {
            return "0";
        }
        int exp = (int) Math.floor(Math.log10(d));
        if (exp < -4 || exp >= p) {
            String s = String.format("%." + (p - 1) + "e", d);
            return s.replaceAll("\\.?0+e", "e");
        }
        String s = String.format("%." + Math.max(0, p - 1 - exp) + "f", d);
        return s.contains(".") ? s.replaceAll("\\.?0+$", "") : s;
    }

    /** str.format: {} {0} {name} {0!r} {:spec}; attribute and index lookups are outside the subset. */
    static String format(String fmt, List<Object> args, Map<String, Object> kwargs) {
        StringBuilder sb = new StringBuilder();
        int auto = 0;
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c == '{' && i + 1 < fmt.length() && fmt.charAt(i + 1) == '{') {
                sb.append('{');
                i++;
            } else if (c == '}' && i + 1 < fmt.length() && fmt.charAt(i + 1) == '}') {
                sb.append('}');
                i++;
            } else if (c == '{') {
                int end = fmt.indexOf('}', i);
                if (end < 0) {
                    throw PyException.type("ValueError", "unmatched '{' in format");
                }
                String field = fmt.substring(i + 1, end);
                String spec = "";
                char conv = 0;
                int colon = field.indexOf(':');
                if (colon >= 0) {
                    spec = field.substring(colon + 1);
                    field = field.substring(0, colon);
                }
                int bang = field.indexOf('!');
                if (bang >= 0) {
                    conv = field.charAt(bang + 1);
                    field = field.substring(0, bang);
                }
                Object v;
                if (field.isEmpty()) {
                    if (auto >= args.size()) {
                        throw PyException.type("IndexError", "tuple index out of range");
                    }
                    v = args.get(auto++);
                } else if (field.chars().allMatch(Character::isDigit)) {
                    int n = Integer.parseInt(field);
                    if (n >= args.size()) {
                        throw PyException.type("IndexError", "tuple index out of range");
                    }
                    v = args.get(n);
                } else if (field.matches("[A-Za-z_]\\w*")) {
                    v = kwargs.get(field);
                    if (v == null) {
                        throw PyException.of("KeyError", field);
                    }
                } else {
                    throw PyException.notInSubset("format field '" + field + "'");
                }
                sb.append(convert(v, conv, spec));
                i = end;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String convert(Object v, char conv, String spec) {
        if (conv == 'r') {
            v = Py.repr(v);
        } else if (conv == 's') {
            v = Py.str(v);
        }
        return spec.isEmpty() ? Py.str(v) : spec(v, spec);
    }

    static String percent(String fmt, Object arg) {
        List<Object> args = arg instanceof PyTuple t ? t.items() : List.of(arg);
        StringBuilder sb = new StringBuilder();
        Matcher m = PERCENT.matcher(fmt);
        int last = 0;
        int n = 0;
        while (m.find()) {
            sb.append(fmt, last, m.start());
            last = m.end();
            String conv = m.group(4);
            if (conv.equals("%")) {
                sb.append('%');
                continue;
            }
            if (n >= args.size()) {
                throw PyException.type("TypeError", "format string needs more arguments");
            }
            Object v = args.get(n++);
            String flags = m.group(1);
            String width = m.group(2) == null ? "" : m.group(2);
            String align = flags.contains("-") ? "<" : "";
            String zero = flags.contains("0") && !flags.contains("-") ? "0" : "";
            String sign = flags.contains("+") ? "+" : flags.contains(" ") ? " " : "";
            String prec = m.group(3) == null ? "" : "." + m.group(3);
            String type = switch (conv) {
                case "s" -> { v = Py.str(v); yield ""; }
                case "r" -> { v = Py.repr(v); yield ""; }
                case "i", "u" -> "d";
                default -> conv;
            };
            if (type.equals("d") && v instanceof Double d) {
                v = (long) (double) d;
            }
            sb.append(spec(v, align + sign + (flags.contains("#") ? "#" : "") + zero + width + prec + type));
        }
        if (n < args.size()) {
            throw PyException.type("TypeError", "format string didn't convert all arguments");
        }
        return sb.append(fmt.substring(last)).toString();
    }
}
