package dev.ussllab.device.micropython;

import java.util.ArrayList;
import java.util.List;

/** An exception instance: its class, its args and the traceback gathered while it propagates. */
final class PyExc implements PyObject {

    record TraceEntry(String file, int line, String block) {}

    final ExcType type;
    final List<Object> args;
    final List<TraceEntry> traceback = new ArrayList<>();

    PyExc(ExcType type, List<Object> args) {
        this.type = type;
        this.args = args;
    }

    @Override
    public String typeName() {
        return type.name;
    }

    @Override
    public Object getAttr(String name) {
        return switch (name) {
            case "args" -> new PyTuple(args);
            case "errno" -> type.isSubclassOf(ExcType.get("OSError")) && !args.isEmpty() ? args.get(0) : null;
            case "value" -> args.isEmpty() ? Py.NONE : args.get(0);
            default -> null;
        };
    }

    /** str(e), as py/objexcept.c prints an exception (PRINT_STR). */
    String message() {
        if (args.isEmpty()) {
            return "";
        }
        if (type == ExcType.get("OSError") && args.size() < 3 && args.get(0) instanceof Long n) {
            String sym = Errno.name(n);
            if (sym != null) {
                String s = "[Errno " + n + "] " + sym;
                return args.size() > 1 ? s + ": " + Py.str(args.get(1)) : s;
            }
        }
        if (args.size() == 1) {
            return Py.str(args.get(0));
        }
        return Py.repr(new PyTuple(args));
    }

    /** The whole report MicroPython prints for an uncaught exception, lines ending in "\n". */
    String format() {
        StringBuilder sb = new StringBuilder();
        if (!traceback.isEmpty()) {
            sb.append("Traceback (most recent call last):\n");
            for (int i = traceback.size() - 1; i >= 0; i--) {
                TraceEntry t = traceback.get(i);
                sb.append("  File \"").append(t.file()).append("\", line ").append(t.line());
                sb.append(t.block() == null ? "\n" : ", in " + t.block() + "\n");
            }
        }
        return sb.append(type.name).append(": ").append(message()).append('\n').toString();
    }

    @Override
    public String toString() {
        return type.name + "(" + message() + ")";
    }
}
