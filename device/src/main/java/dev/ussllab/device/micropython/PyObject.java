package dev.ussllab.device.micropython;

/** A value with attributes: modules, sockets, files, exceptions. Absent attributes return null. */
interface PyObject {

    /** MicroPython's type name, used in error messages ("'socket' object has no attribute ..."). */
    String typeName();

    Object getAttr(String name);

    default void setAttr(String name, Object value) {
        throw PyException.type("AttributeError", "'" + typeName() + "' object has no attribute '" + name + "'");
    }
}
