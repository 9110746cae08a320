/**
 * An emulated MicroPython v1.22.2 for the ESP8266: the serial REPL ({@link
 * dev.ussllab.device.micropython.MicroPythonFirmware}) and an interpreter for a documented subset
 * of the language, enough for the seed's usslclient.py, for what mpremote and pyboard.py send,
 * and for small device scripts.
 *
 * <h2>In the subset</h2>
 * <ul>
 *   <li>Values: None, bool, int (64-bit, overflowing into arbitrary precision as MicroPython's
 *       mpz does), float (Java double, printed with the ESP8266's 7 significant digits), str,
 *       bytes, bytearray, memoryview, list, tuple, dict, range, functions and closures, lambda,
 *       exceptions (with MicroPython's hierarchy and wording), modules, simple classes (single
 *       inheritance, attributes, methods, __init__) and exception subclasses.</li>
 *   <li>Statements: expressions, assignment (chained, tuple/list unpacking with *rest,
 *       augmented), if/elif/else, for/while with else, break, continue, def/return, try/except
 *       (X as e, tuples)/else/finally, raise [from], with, import/from-import (built-in modules and
 *       .py files in the board's filesystem and lib/), pass, global, del, assert, ';'.</li>
 *   <li>Expressions: arithmetic, bitwise, comparisons (chained), and/or/not, conditional,
 *       indexing and slicing, calls with keywords, *args and **kwargs, attribute access, list and
 *       dict comprehensions, generator expressions (lazy, as in Python), literals including bytes with every escape repr() writes, f-strings,
 *       str.format and % formatting.</li>
 *   <li>Modules: usocket/socket (TCP client), ussl/ssl (wrap_socket on the emulated ESP8266 TLS
 *       client, with its keyword rules), os/uos, sys, time, gc (the 38 KB heap), machine,
 *       network (a connected station), hashlib (sha256, sha1), binascii, errno, micropython, esp.</li>
 * </ul>
 *
 * <h2>Outside the subset</h2>
 * Generator functions (yield), nonlocal, async/await, decorators, set/frozenset, ':=', keyword-only
 * parameters, multiple inheritance, special methods on classes (__str__, __eq__, ...), super(),
 * input(), exec/compile, the io, json, re, select and struct modules, UDP and server sockets. Each
 * raises {@code NotImplementedError: <construct> is outside ussl-lab's MicroPython subset} (an
 * unknown module raises ImportError as on a build without it): never a silent wrong result.
 *
 * <h2>Known differences</h2>
 * A syntax error in raw-paste mode is reported after the whole paste arrived (the board aborts
 * early); dict keys 1 and 1.0 are different keys; the heap is an estimate of the program's global
 * data; a blocking TLS read is ended by Ctrl-C by closing the socket.
 */
package dev.ussllab.device.micropython;
