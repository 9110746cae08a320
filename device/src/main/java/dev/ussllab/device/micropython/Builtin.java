package dev.ussllab.device.micropython;

import java.util.List;
import java.util.Map;

/** A function written in Java; the name appears in repr() and error messages. */
record Builtin(String name, Fn fn) implements PyCallable {

    interface Fn {
        Object apply(List<Object> args, Map<String, Object> kwargs);
    }

    /** A builtin that takes positional arguments only, between min and max of them. */
    static Builtin positional(String name, int min, int max, java.util.function.Function<List<Object>, Object> f) {
        return new Builtin(name, (args, kw) -> {
            if (!kw.isEmpty()) {
                throw PyException.type("TypeError", "function doesn't take keyword arguments");
            }
            checkArgs(name, args, min, max);
            return f.apply(args);
        });
    }

    static void checkArgs(String name, List<Object> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            String msg = min == max
                    ? "function takes " + min + " positional arguments but " + args.size() + " were given"
                    : args.size() < min ? "function missing " + (min - args.size()) + " required positional arguments"
                    : "function expected at most " + max + " arguments, got " + args.size();
            throw PyException.type("TypeError", msg);
        }
    }

    @Override
    public Object call(List<Object> args, Map<String, Object> kwargs) {
        return fn.apply(args, kwargs);
    }

    @Override
    public String toString() {
        return "<function " + name + ">";
    }
}
