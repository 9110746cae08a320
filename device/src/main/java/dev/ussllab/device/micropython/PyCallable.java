package dev.ussllab.device.micropython;

import java.util.List;
import java.util.Map;

/** Anything a call expression can call: builtins, bound methods, functions, exception types. */
interface PyCallable {
    Object call(List<Object> args, Map<String, Object> kwargs);
}
