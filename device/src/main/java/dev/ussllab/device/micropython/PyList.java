package dev.ussllab.device.micropython;

import java.util.ArrayList;
import java.util.Collection;

/** A Python list. Equality by content (ArrayList's). */
final class PyList extends ArrayList<Object> {
    PyList() {
    }

    PyList(Collection<?> items) {
        super(items);
    }
}
