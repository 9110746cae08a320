package dev.ussllab.device.micropython;

import java.util.Iterator;

/** A lazy iterator value (what iter(), enumerate() and zip() return). */
record PyIter(Iterator<Object> it) {
}
