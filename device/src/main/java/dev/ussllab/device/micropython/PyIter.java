package dev.ussllab.device.micropython;

import java.util.Iterator;

/**
 * A lazy iterator value: what iter(), enumerate() and zip() return ("iterator"), and a generator
 * expression ("generator"), whose items are computed as they are taken.
 */
record PyIter(Iterator<Object> it, String kind) {

    PyIter(Iterator<Object> it) {
        this(it, "iterator");
    }

    @Override
    public String toString() {
        String at = " at " + Integer.toHexString(System.identityHashCode(this)) + ">";
        return kind.equals("generator") ? "<generator object '<genexpr>'" + at : "<" + kind + " object" + at;
    }
}
