package dev.ussllab.device.micropython;

import java.util.ArrayList;
import java.util.List;

/** A MicroPython exception travelling up the Java stack. No Java stack trace: it is Python's. */
final class PyException extends RuntimeException {

    final PyExc exc;
    /** The scope that last added a traceback line, so each frame adds one line. */
    Object lastScope;

    PyException(PyExc exc) {
        super(exc.toString(), null, false, false);
        this.exc = exc;
    }

    static PyException type(String type, String message) {
        List<Object> args = new ArrayList<>();
        args.add(message);
        return new PyException(new PyExc(ExcType.get(type), args));
    }

    static PyException of(String type, Object... args) {
        return new PyException(new PyExc(ExcType.get(type), new ArrayList<>(List.of(args))));
    }

    static PyException oserror(long errno) {
        return of("OSError", errno);
    }

    /** A compile-time error: its traceback names the line but no block, as MicroPython's does. */
    static PyException syntax(String message, int line) {
        PyException e = type("SyntaxError", message);
        e.exc.traceback.add(new PyExc.TraceEntry("<stdin>", line, null));
        return e;
    }

    static PyException notInSubset(String construct, int line) {
        PyException e = type("NotImplementedError", construct + " is outside ussl-lab's MicroPython subset");
        if (line > 0) {
            e.exc.traceback.add(new PyExc.TraceEntry("<stdin>", line, null));
        }
        return e;
    }

    static PyException notInSubset(String construct) {
        return notInSubset(construct, 0);
    }

    boolean is(String type) {
        return exc.type.isSubclassOf(ExcType.get(type));
    }
}
