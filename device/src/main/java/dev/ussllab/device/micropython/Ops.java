package dev.ussllab.device.micropython;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Operators: arithmetic with int overflow into BigInteger, comparison, indexing, iteration. */
final class Ops {

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private Ops() {}

    static Object parseInt(String digits, int radix) {
        BigInteger b = new BigInteger(digits, radix);
        return norm(b);
    }

    static Object norm(BigInteger b) {
        return b.compareTo(LONG_MIN) >= 0 && b.compareTo(LONG_MAX) <= 0 ? (Object) b.longValue() : b;
    }

    static boolean isInt(Object v) {
        return v instanceof Long || v instanceof BigInteger || v instanceof Boolean;
    }

    static BigInteger big(Object v) {
        if (v instanceof BigInteger b) {
            return b;
        }
        return BigInteger.valueOf(asLongRaw(v));
    }

    private static long asLongRaw(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return (Long) v;
    }

    /** An int argument that must fit a machine word (indexes, sizes, counts). */
    static long toLong(Object v) {
        if (v instanceof Long || v instanceof Boolean) {
            return asLongRaw(v);
        }
        if (v instanceof BigInteger) {
            throw PyException.type("OverflowError", "overflow converting long int to machine word");
        }
        throw PyException.type("TypeError", "can't convert " + Py.typeName(v) + " to int");
    }

    static double toDouble(Object v) {
        if (v instanceof Double d) {
            return d;
        }
        if (isInt(v)) {
            return big(v).doubleValue();
        }
        throw PyException.type("TypeError", "can't convert " + Py.typeName(v) + " to float");
    }

    static Object binary(String op, Object a, Object b) {
        if (isInt(a) && isInt(b)) {
            return intOp(op, a, b);
        }
        if ((a instanceof Double || isInt(a)) && (b instanceof Double || isInt(b))) {
            return floatOp(op, toDouble(a), toDouble(b), a, b);
        }
        switch (op) {
            case "+" -> {
                if (a instanceof String x && b instanceof String y) {
                    return x + y;
                }
                if (a instanceof PyBytes x && b instanceof PyBytes y) {
                    byte[] r = new byte[x.data.length + y.data.length];
                    System.arraycopy(x.data, 0, r, 0, x.data.length);
                    System.arraycopy(y.data, 0, r, x.data.length, y.data.length);
                    return new PyBytes(r);
                }
                if (a instanceof PyList x && b instanceof PyList y) {
                    PyList r = new PyList(x);
                    r.addAll(y);
                    return r;
                }
                if (a instanceof PyTuple x && b instanceof PyTuple y) {
                    List<Object> r = new ArrayList<>(x.items());
                    r.addAll(y.items());
                    return new PyTuple(r);
                }
            }
            case "*" -> {
                if (isInt(b) && !isInt(a)) {
                    return repeat(a, toLong(b), b);
                }
                if (isInt(a) && !isInt(b)) {
                    return repeat(b, toLong(a), a);
                }
            }
            case "%" -> {
                if (a instanceof String fmt) {
                    return Format.percent(fmt, b);
                }
            }
            default -> { }
        }
        throw unsupported(op, a, b);
    }

    static PyException unsupported(String op, Object a, Object b) {
        return PyException.type("TypeError", "unsupported types for " + dunder(op) + ": '"
                + Py.typeName(a) + "', '" + Py.typeName(b) + "'");
    }

    private static String dunder(String op) {
        return switch (op) {
            case "+" -> "__add__";
            case "-" -> "__sub__";
            case "*" -> "__mul__";
            case "/" -> "__truediv__";
            case "//" -> "__floordiv__";
            case "%" -> "__mod__";
            case "**" -> "__pow__";
            case "<<" -> "__lshift__";
            case ">>" -> "__rshift__";
            case "&" -> "__and__";
            case "|" -> "__or__";
            case "^" -> "__xor__";
            case "<" -> "__lt__";
            case ">" -> "__gt__";
            case "<=" -> "__le__";
            case ">=" -> "__ge__";
            default -> op;
        };
    }

    private static Object repeat(Object seq, long n, Object nObj) {
        n = Math.max(0, n);
        long size = n * Math.max(1, Iter.len(seq));
        if (n > Board.HEAP_BYTES || size > Board.HEAP_BYTES) {
            // The board could never hold the result: fail as its allocator would.
            throw PyException.type("MemoryError", "memory allocation failed, allocating " + size + " bytes");
        }
        if (seq instanceof String s) {
            return s.repeat((int) n);
        }
        if (seq instanceof PyBytes b) {
            byte[] r = new byte[(int) (b.data.length * n)];
            for (int i = 0; i < n; i++) {
                System.arraycopy(b.data, 0, r, i * b.data.length, b.data.length);
            }
            return new PyBytes(r);
        }
        if (seq instanceof PyList l) {
            PyList r = new PyList();
            for (int i = 0; i < n; i++) {
                r.addAll(l);
            }
            return r;
        }
        if (seq instanceof PyTuple t) {
            List<Object> r = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                r.addAll(t.items());
            }
            return new PyTuple(r);
        }
        throw unsupported("*", seq, nObj);
    }

    private static Object intOp(String op, Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            try {
                switch (op) {
                    case "+": return Math.addExact(x, y);
                    case "-": return Math.subtractExact(x, y);
                    case "*": return Math.multiplyExact(x, y);
                    case "&": return x & y;
                    case "|": return x | y;
                    case "^": return x ^ y;
                    case ">>": return y < 0 ? negShift() : x >> Math.min(y, 63);
                    default: break;
                }
            } catch (ArithmeticException overflow) {
                // fall through to BigInteger
            }
        }
        BigInteger x = big(a);
        BigInteger y = big(b);
        switch (op) {
            case "+": return norm(x.add(y));
            case "-": return norm(x.subtract(y));
            case "*": return norm(x.multiply(y));
            case "&": return norm(x.and(y));
            case "|": return norm(x.or(y));
            case "^": return norm(x.xor(y));
            case "<<":
                if (y.signum() < 0) {
                    return negShift();
                }
                if (y.bitLength() > 31) {
                    throw PyException.type("OverflowError", "overflow converting long int to machine word");
                }
                if (x.signum() != 0 && (long) x.bitLength() + y.longValue() > Board.HEAP_BYTES * 8) {
                    throw PyException.type("MemoryError", "memory allocation failed");
                }
                return norm(x.shiftLeft(y.intValue()));
            case ">>":
                return y.signum() < 0 ? negShift() : norm(x.shiftRight(y.min(BigInteger.valueOf(1 << 20)).intValue()));
            case "/":
                if (y.signum() == 0) {
                    throw PyException.type("ZeroDivisionError", "divide by zero");
                }
                return x.doubleValue() / y.doubleValue();
            case "//":
            case "%": {
                if (y.signum() == 0) {
                    throw PyException.type("ZeroDivisionError", "divide by zero");
                }
                BigInteger[] qr = x.divideAndRemainder(y);
                if (qr[1].signum() != 0 && qr[1].signum() != y.signum()) {
                    qr[0] = qr[0].subtract(BigInteger.ONE);
                    qr[1] = qr[1].add(y);
                }
                return norm(op.equals("//") ? qr[0] : qr[1]);
            }
            case "**":
                if (y.signum() < 0) {
                    return Math.pow(x.doubleValue(), y.doubleValue());
                }
                if (y.bitLength() > 20) {
                    throw PyException.type("MemoryError", "memory allocation failed");
                }
                return norm(x.pow(y.intValue()));
            default:
                throw unsupported(op, a, b);
        }
    }

    private static Object negShift() {
        throw PyException.type("ValueError", "negative shift count");
    }

    private static Object floatOp(String op, double x, double y, Object a, Object b) {
        switch (op) {
            case "+": return x + y;
            case "-": return x - y;
            case "*": return x * y;
            case "/":
                if (y == 0) {
                    throw PyException.type("ZeroDivisionError", "divide by zero");
                }
                return x / y;
            case "//":
                if (y == 0) {
                    throw PyException.type("ZeroDivisionError", "divide by zero");
                }
                return Math.floor(x / y);
            case "%":
                if (y == 0) {
                    throw PyException.type("ZeroDivisionError", "divide by zero");
                }
                double m = x % y;
                return m != 0 && (m < 0) != (y < 0) ? m + y : m;
            case "**": return Math.pow(x, y);
            default: throw unsupported(op, a, b);
        }
    }

    static Object unary(String op, Object v) {
        switch (op) {
            case "not": return !Py.truthy(v);
            case "-":
                if (v instanceof Double d) {
                    return -d;
                }
                if (isInt(v)) {
                    return norm(big(v).negate());
                }
                break;
            case "+":
                if (v instanceof Double || isInt(v)) {
                    return v instanceof Boolean ? (Object) toLong(v) : v;
                }
                break;
            case "~":
                if (isInt(v)) {
                    return norm(big(v).not());
                }
                break;
            default: break;
        }
        String dunder = op.equals("-") ? "__neg__" : op.equals("+") ? "__pos__" : "__invert__";
        throw PyException.type("TypeError", "unsupported type for " + dunder + ": '" + Py.typeName(v) + "'");
    }

    static boolean eq(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if ((isInt(a) || a instanceof Double) && (isInt(b) || b instanceof Double)) {
            if (a instanceof Double || b instanceof Double) {
                return toDouble(a) == toDouble(b);
            }
            return big(a).equals(big(b));
        }
        if (a instanceof PyList x && b instanceof PyList y) {
            return seqEq(x, y);
        }
        if ((a instanceof PyBytes || a instanceof PyByteArray || a instanceof PyMemoryView)
                && (b instanceof PyBytes || b instanceof PyByteArray || b instanceof PyMemoryView)) {
            return java.util.Arrays.equals(Builtins.bytesOf(a), Builtins.bytesOf(b));
        }
        if (a instanceof PyTuple x && b instanceof PyTuple y) {
            return seqEq(x.items(), y.items());
        }
        return a.equals(b);
    }

    private static boolean seqEq(List<Object> x, List<Object> y) {
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (!eq(x.get(i), y.get(i))) {
                return false;
            }
        }
        return true;
    }

    static int compare(String op, Object a, Object b) {
        if ((isInt(a) || a instanceof Double) && (isInt(b) || b instanceof Double)) {
            if (a instanceof Double || b instanceof Double) {
                return Double.compare(toDouble(a), toDouble(b));
            }
            return big(a).compareTo(big(b));
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof PyBytes x && b instanceof PyBytes y) {
            return java.util.Arrays.compareUnsigned(x.data, y.data);
        }
        List<Object> la = a instanceof PyList l ? l : a instanceof PyTuple t ? t.items() : null;
        List<Object> lb = b instanceof PyList l ? l : b instanceof PyTuple t ? t.items() : null;
        if (la != null && lb != null && a.getClass() == b.getClass()) {
            for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
                if (!eq(la.get(i), lb.get(i))) {
                    return compare(op, la.get(i), lb.get(i));
                }
            }
            return Integer.compare(la.size(), lb.size());
        }
        throw unsupported(op, a, b);
    }
}
