package dev.ussllab.device.micropython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expected transcripts: each program's console output as MicroPython v1.22 prints it (tracebacks
 * and error wording checked against py/objexcept.c, py/runtime.c and the ESP8266 port).
 */
class InterpreterTest {

    @TempDir
    Path fs;

    private String run(String src) {
        return Transcript.run(src, fs);
    }

    @Test
    void arithmeticAndBigInts() {
        assertEquals("7 -1 2.5 2 1 -2 1024\n", run("print(3+4, 3-4, 5/2, 5//2, 5%2, -5//3, 2**10)"));
        assertEquals("18446744073709551616 -9223372036854775809\n", run("print(2**64, -2**63 - 1)"));
        assertEquals("0x1f -0x10 0b101 3\n", run("print(hex(31), hex(-16), bin(5), abs(-3))"));
        assertEquals("True False True\n", run("print(1 < 2 < 3, 1 == 2, 'a' in 'abc')"));
    }

    @Test
    void stringsBytesAndEscapesAsToolsSendThem() {
        // pyboard.py/mpremote write file chunks as repr() of bytes: every escape must round-trip.
        String src = "b = b'\\x00\\\\\\'\"\\n\\r\\t\\xff'\nprint(len(b), list(b))\nprint(repr(b))";
        assertEquals("8 [0, 92, 39, 34, 10, 13, 9, 255]\nb'\\x00\\\\\\'\"\\n\\r\\t\\xff'\n", run(src));
        assertEquals("HELLO|a,b,c|['a', 'b', 'c']|abc|xbcx\n",
                run("print('hello'.upper(), ','.join(['a','b','c']), 'a b  c'.split(), '  abc '.strip(), 'abca'.replace('a','x'), sep='|')"));
        assertEquals("Hello Python TLS/SSL Server!\n\n", run("print(str(bytes('Hello Python TLS/SSL Server!' + '\\n', 'utf-8'), 'utf-8'))"));
        assertEquals("x=  5 y=ab 3.14 ff\n", run("print('x=%3d y=%s %.2f %x' % (5, 'ab', 3.14159, 255))"));
        assertEquals("a-1-b 07 [1, 2]\n", run("print('{}-{}-{x}'.format('a', 1, x='b'), '{:02d}'.format(7), '{!r}'.format([1,2]))"));
        assertEquals("v=42 'q' 3.5\n", run("v = 42\nprint(f'v={v} {\"q\"!r} {7/2}')"));
        assertEquals("b'abc' cde\n", run("print(b'abcde'[:3], 'abcde'[2:])"));
    }

    @Test
    void controlFlowFunctionsAndClosures() {
        String src = String.join("\n",
                "def make(n):",
                "    def add(x, y=1):",
                "        return x + y + n",
                "    return add",
                "f = make(10)",
                "total = 0",
                "for i in range(5):",
                "    if i == 3:",
                "        continue",
                "    total += f(i)",
                "else:",
                "    print('loop done')",
                "while True:",
                "    total -= 1",
                "    if total < 40: break",
                "a, (b, c), *rest = 1, (2, 3), 4, 5",
                "print(total, a, b, c, rest, f(1, y=5))",
                "print([x * x for x in range(6) if x % 2], {k: v for k, v in [('a', 1)]})",
                "print(list(enumerate('ab')), sorted([3, 1, 2], reverse=True), (lambda q: q * 2)(4))");
        assertEquals("loop done\n39 1 2 3 [4, 5] 16\n[1, 9, 25] {'a': 1}\n[(0, 'a'), (1, 'b')] [3, 2, 1] 8\n", run(src));
    }

    @Test
    void exceptionsCaughtFinallyAndGlobals() {
        String src = String.join("\n",
                "count = 0",
                "def bump():",
                "    global count",
                "    count += 1",
                "try:",
                "    bump()",
                "    {}['missing']",
                "except (ValueError, KeyError) as e:",
                "    print('caught', type(e).__name__, e)",
                "finally:",
                "    print('finally', count)",
                "try:",
                "    raise OSError(2)",
                "except OSError as e:",
                "    print(e, e.args[0], e.errno)",
                "try:",
                "    1/0",
                "except Exception as e:",
                "    print(repr(e))");
        assertEquals("caught KeyError missing\nfinally 1\n[Errno 2] ENOENT 2 2\nZeroDivisionError('divide by zero',)\n", run(src));
    }

    @Test
    void tracebackHasMicroPythonsShape() {
        String src = "def f():\n    return x\n\nprint('before')\nf()\n";
        assertEquals("before\nTraceback (most recent call last):\n"
                + "  File \"<stdin>\", line 5, in <module>\n"
                + "  File \"<stdin>\", line 2, in f\n"
                + "NameError: name 'x' isn't defined\n", run(src));
        assertEquals("Traceback (most recent call last):\n  File \"<stdin>\", line 2\nSyntaxError: invalid syntax\n",
                run("x = 1\nx = = 2\n"));
        assertEquals("Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\n"
                + "TypeError: unsupported types for __add__: 'int', 'str'\n", run("1 + 'a'"));
        assertEquals("Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\n"
                + "ImportError: no module named 'nosuch'\n", run("import nosuch"));
    }

    @Test
    void outsideTheSubsetIsRefusedByName() {
        assertEquals("Traceback (most recent call last):\n  File \"<stdin>\", line 3\n"
                + "NotImplementedError: 'nonlocal' is outside ussl-lab's MicroPython subset\n",
                run("x = 1\ndef f():\n    nonlocal x\n"));
        assertTrue(run("class A:\n    def __str__(self):\n        return 'a'\n").endsWith(
                "NotImplementedError: '__str__' in a class is outside ussl-lab's MicroPython subset\n"));
        assertTrue(run("def g():\n    yield 1\n").endsWith("NotImplementedError: 'yield' is outside ussl-lab's MicroPython subset\n"));
        assertTrue(run("s = set()").endsWith("NotImplementedError: 'set' is outside ussl-lab's MicroPython subset\n"));
        assertTrue(run("x = {1, 2}").endsWith("NotImplementedError: set literals is outside ussl-lab's MicroPython subset\n"));
        assertTrue(run("if (n := 3) > 2:\n    print(n)\n").endsWith(
                "NotImplementedError: ':=' (assignment expressions) is outside ussl-lab's MicroPython subset\n"));
    }

    @Test
    void generatorExpressionsAreLazyIterators() {
        // Items are computed as they are taken (the print shows when), not all at once into a list.
        String src = "def sq(x):\n    print('sq', x)\n    return x * x\n"
                + "g = (sq(i) for i in range(3) if i != 1)\nprint('made')\nprint(next(g))\nprint(list(g))\n"
                + "print(sum(x for x in range(5)), ''.join(c.upper() for c in 'ab'), any(x > 2 for x in [1, 3]))\n"
                + "print(type(x for x in []),"
                + " [(a, b) for a in range(2) for b in 'xy'] == list((a, b) for a in range(2) for b in 'xy'))\n";
        assertEquals("made\nsq 0\n0\nsq 2\n[4]\n10 AB True\n<class 'generator'> True\n", run(src));
        assertTrue(run("print((i for i in range(2)))").startsWith("<generator object '<genexpr>' at "));
    }

    @Test
    void filesAndOsAsMpremoteUsesThem() throws Exception {
        String src = String.join("\n",
                "import os, uos",
                "f = open('data.bin', 'wb')",
                "w = f.write",
                "w(b'\\x00\\x01abc')",
                "w(b'\\xff')",
                "f.close()",
                "os.mkdir('lib')",
                "with open('lib/t.txt', 'w') as t:",
                "    t.write('line1\\nline2\\n')",
                "print(sorted(os.listdir()), list(uos.ilistdir('/')))",
                "print(os.stat('data.bin')[6], os.stat('lib')[0] == 0x4000)",
                "with open('lib/t.txt') as t:",
                "    print([l for l in t])",
                "os.rename('data.bin', 'd2.bin')",
                "os.remove('d2.bin')",
                "try:",
                "    os.stat('d2.bin')",
                "except OSError as e:",
                "    print('gone', e)");
        assertEquals("['data.bin', 'lib'] [('data.bin', 32768, 0, 6), ('lib', 16384, 0, 0)]\n6 True\n"
                + "['line1\\n', 'line2\\n']\ngone [Errno 2] ENOENT\n", run(src));
        assertTrue(Files.isRegularFile(fs.resolve("lib/t.txt")));
        assertEquals("Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\nOSError: [Errno 2] ENOENT\n",
                run("open('/../../etc/passwd')"));
    }

    @Test
    void boardModules() {
        String src = String.join("\n",
                "import sys, gc, time, machine, network, ubinascii, hashlib",
                "print(sys.platform, sys.implementation.name, sys.implementation.version)",
                "gc.collect()",
                "free = gc.mem_free()",
                "print(30000 < free < 38 * 1024)",
                "big = 'x' * 4000",
                "print(gc.mem_free() < free - 3000)",
                "t = time.ticks_ms()",
                "time.sleep_ms(20)",
                "print(time.ticks_diff(time.ticks_ms(), t) >= 20, time.ticks_diff(5, 2**30 - 5))",
                "w = network.WLAN(network.STA_IF)",
                "print(w.isconnected(), w.ifconfig()[0], len(machine.unique_id()), machine.freq())",
                "print(ubinascii.hexlify(hashlib.sha256(b'abc').digest())[:16])");
        assertEquals("esp8266 micropython (1, 22, 2, '')\nTrue\nTrue\nTrue 10\n"
                + "True 192.168.11.2 4 80000000\nb'ba7816bf8f01cfea'\n", run(src));
    }

    @Test
    void wrapSocketRefusesUnknownKeywordsLikeTheEsp8266() {
        String src = "import ussl, usocket\ns = usocket.socket()\nussl.wrap_socket(s, cert_reqs=0)";
        assertTrue(run(src).endsWith("TypeError: extra keyword arguments given\n"), run(src));
    }

    /** modssl_axtls.c: the key is loaded first (ValueError: invalid key), then the cert. */
    @Test
    void wrapSocketKeyAndCertAreCheckedAsTheFirmwareLoadsThem() throws Exception {
        java.security.KeyPair kp = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair();
        // PKCS#8 DER (what Java writes) is "invalid key" on the board; PKCS#1 is its inner OCTET STRING.
        byte[] pkcs8 = kp.getPrivate().getEncoded();
        byte[] pkcs1 = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(pkcs8).parsePrivateKey()
                .toASN1Primitive().getEncoded();
        Files.write(fs.resolve("k8.der"), pkcs8);
        Files.write(fs.resolve("k1.der"), pkcs1);
        TlsWrap never = (sock, host) -> {
            throw new AssertionError("no handshake may start");
        };
        String prefix = "import ussl, usocket\ns = usocket.socket()\n";
        assertTrue(Transcript.run(prefix + "ussl.wrap_socket(s, key=open('k8.der','rb').read(), cert=b'x')", fs, never)
                .endsWith("ValueError: invalid key\n"));
        assertTrue(Transcript.run(prefix + "ussl.wrap_socket(s, key=b'-----BEGIN RSA PRIVATE KEY-----')", fs, never)
                .endsWith("ValueError: invalid key\n"));
        assertTrue(Transcript.run(prefix + "ussl.wrap_socket(s, key=open('k1.der','rb').read())", fs, never)
                .endsWith("TypeError: can't convert 'NoneType' object to str implicitly\n"));
        assertTrue(Transcript.run(prefix + "ussl.wrap_socket(s, key=open('k1.der','rb').read(), cert=b'0')", fs, never)
                .endsWith("ValueError: invalid cert\n"));
    }

    @Test
    void importedModulesFromTheFilesystemNameTheirFileInTracebacks() throws Exception {
        Files.createDirectories(fs.resolve("lib"));
        Files.writeString(fs.resolve("lib/helper.py"), "VALUE = 7\n\ndef boom():\n    raise ValueError('bad value')\n");
        assertEquals("7\nTraceback (most recent call last):\n  File \"<stdin>\", line 3, in <module>\n"
                + "  File \"lib/helper.py\", line 4, in boom\nValueError: bad value\n",
                run("import helper\nprint(helper.VALUE)\nhelper.boom()\n"));
    }

    @Test
    void aFileTooBigForTheHeapRaisesMemoryErrorAsOnTheBoard() throws Exception {
        Files.write(fs.resolve("big.bin"), new byte[100 * 1024]);
        assertTrue(run("f = open('big.bin', 'rb')\nd = f.read()").endsWith(
                "MemoryError: memory allocation failed, allocating 102400 bytes\n"));
        assertEquals("256\n", run("f = open('big.bin', 'rb')\nprint(len(f.read(256)))"));
    }

    @Test
    void errorMessagesAsMicroPythonWordsThem() {
        assertTrue(run("[1][5]").endsWith("IndexError: list index out of range\n"));
        assertTrue(run("int('x1')").endsWith("ValueError: invalid syntax for integer with base 10\n"));
        assertTrue(run("None.foo").endsWith("AttributeError: 'NoneType' object has no attribute 'foo'\n"));
        assertTrue(run("len(5)").endsWith("TypeError: object of type 'int' has no len()\n"));
        assertTrue(run("def f(a):\n    pass\nf()").endsWith("TypeError: function missing required positional argument 'a'\n"));
        assertTrue(run("def f():\n    f()\nf()").endsWith("RuntimeError: maximum recursion depth exceeded\n"));
        assertTrue(run("raise ValueError").endsWith("ValueError: \n"));
        assertEquals("", run("import sys\nsys.exit()\nprint('not reached')"));
        assertTrue(run("if True:\nprint(1)").endsWith("SyntaxError: expected an indented block\n"));
    }

    @Test
    void attrTuplesPrintAsOnTheBoard() {
        assertEquals("(name='micropython', version=(1, 22, 2, ''), _machine='ESP module with ESP8266', _mpy=9734)\n"
                + "esp8266 v1.22.2 on 2024-02-22\n",
                run("import sys, os\nprint(sys.implementation)\nu = os.uname()\nprint(u.sysname, u.version)"));
    }

    @Test
    void simpleClassesAndExceptionSubclasses() {
        String src = String.join("\n",
                "class Counter:",
                "    start = 10",
                "    def __init__(self, step=1):",
                "        self.n = Counter.start",
                "        self.step = step",
                "    def bump(self):",
                "        self.n += self.step",
                "        return self.n",
                "class Double(Counter):",
                "    def bump(self):",
                "        return Counter.bump(self) * 2",
                "class BoardError(OSError):",
                "    pass",
                "c = Double(step=5)",
                "print(c.bump(), c.n, isinstance(c, Counter), type(c).__name__)",
                "try:",
                "    raise BoardError(-40)",
                "except OSError as e:",
                "    print('caught', repr(e), isinstance(e, BoardError))",
                "raise BoardError('gone')");
        assertEquals("30 15 True Double\ncaught BoardError(-40,) True\n"
                + "Traceback (most recent call last):\n  File \"<stdin>\", line 20, in <module>\nBoardError: gone\n", run(src));
    }

    @Test
    void dataOutgrowingTheHeapRaisesMemoryError() {
        String out = run("keep = []\nfor i in range(200):\n    keep.append('x' * 400)\nprint('not reached')");
        assertTrue(out.startsWith("Traceback (most recent call last):\n"), out);
        assertTrue(out.contains("MemoryError: memory allocation failed, allocating "), out);
        assertEquals("done\n", run("for i in range(2000):\n    s = 'x' * 400\nprint('done')"));
    }
}
