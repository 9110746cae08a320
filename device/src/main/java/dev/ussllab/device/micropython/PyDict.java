package dev.ussllab.device.micropython;

import java.util.LinkedHashMap;

/**
 * A Python dict, insertion-ordered. Keys compare with Java equality, so 1 and 1.0 are different
 * keys here (a documented difference from MicroPython); int keys are always Long.
 */
final class PyDict extends LinkedHashMap<Object, Object> {
}
