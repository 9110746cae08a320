package dev.ussllab.device.upy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The board's own modules on MicroPython's VM: errors as the ESP8266 raises them, files kept in --fs, the memory cap. */
class BoardModulesTest {

    @TempDir
    Path tmp;

    @Test
    void socketErrorsCarryTheNumbersModlwipGivesThem() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (UpyBoard board = new UpyBoard(tmp.resolve("fs"));
                ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // A refused connection is lwIP's ERR_RST: ECONNRESET; a name that does not resolve: OSError(-2).
            assertEquals("[Errno 104] ECONNRESET\n-2\n", board.run("""
                    import socket
                    s = socket.socket()
                    try:
                        s.connect(('127.0.0.1', %d))
                    except OSError as e:
                        print(e)
                    try:
                        socket.getaddrinfo('no-such-host.invalid', 80)
                    except OSError as e:
                        print(e.args[0])
                    """.formatted(closed)));
            assertEquals("[Errno 11] EAGAIN\n[Errno 110] ETIMEDOUT\nNone\n", board.run("""
                    import socket
                    s = socket.socket()
                    s.connect(('127.0.0.1', %d))
                    s.setblocking(False)
                    try:
                        s.recv(10)
                    except OSError as e:
                        print(e)
                    s.settimeout(0.2)
                    try:
                        s.recv(10)
                    except OSError as e:
                        print(e)
                    s.setblocking(False)
                    print(s.read(10))
                    s.close()
                    """.formatted(silent.getLocalPort())));
        }
    }

    @Test
    void wrapSocketRefusesAKeyTheFirmwareCannotLoad() throws Exception {
        try (UpyBoard board = new UpyBoard(tmp.resolve("fs"));
                ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertEquals("ValueError invalid key\nTypeError\n", board.run("""
                    import socket, ssl
                    s = socket.socket()
                    s.connect(('127.0.0.1', %d))
                    try:
                        ssl.wrap_socket(s, key=b'not a key', cert=b'')
                    except ValueError as e:
                        print('ValueError', e)
                    try:
                        ssl.wrap_socket(s, key=42)
                    except TypeError:
                        print('TypeError')
                    """.formatted(silent.getLocalPort())));
        }
    }

    @Test
    void udpSocketsSendAndReceiveDatagrams() throws Exception {
        try (UpyBoard board = new UpyBoard(tmp.resolve("fs"))) {
            assertEquals("b'ntp?' True\n", board.run("""
                    import socket
                    a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    a.bind(('127.0.0.1', 0))
                    b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    b.settimeout(2)
                    b.sendto(b'ntp?', a.getsockname())
                    a.settimeout(2)
                    data, addr = a.recvfrom(48)
                    print(data, addr[0] == '127.0.0.1')
                    a.close()
                    b.close()
                    """));
        }
    }

    @Test
    void filesNeverLeaveTheFolderNotEvenThroughALink() throws Exception {
        Path fs = Files.createDirectories(tmp.resolve("fs"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "laptop secret\n");
        Files.createSymbolicLink(fs.resolve("out"), outside);
        Files.createSymbolicLink(fs.resolve("secret.txt"), outside.resolve("secret.txt"));
        Files.writeString(fs.resolve("inside.txt"), "board file\n");
        try (UpyBoard board = new UpyBoard(fs)) {
            String enoent = "[Errno 2] ENOENT\n";
            assertEquals(enoent.repeat(5), board.run("""
                    import os
                    for f in (lambda: open('secret.txt').read(), lambda: open('out/secret.txt').read(),
                              lambda: open('out/planted.txt', 'w').write('x'), lambda: os.remove('secret.txt'),
                              lambda: os.listdir('out')):
                        try:
                            f()
                        except OSError as e:
                            print(e)
                    """));
            // ".." stops at the board's root: the laptop's folder above is not reachable.
            assertEquals("['inside.txt']\nboard file\n\n", board.run("""
                    import os
                    print(os.listdir('../..'))
                    print(open('../../inside.txt').read())
                    """));
            assertFalse(Files.exists(outside.resolve("planted.txt")));
            assertEquals("laptop secret\n", Files.readString(outside.resolve("secret.txt")));
        }
    }

    @Test
    void theMemoryCapGivesMemoryErrorAndTheBoardLivesOn() throws Exception {
        try (UpyBoard board = new UpyBoard(tmp.resolve("fs"), 24L << 20)) {
            String out = board.run("""
                    try:
                        big = bytearray(64 * 1024 * 1024)
                    except MemoryError as e:
                        print('MemoryError')
                    print(len(bytearray(1024)))
                    """);
            assertEquals("MemoryError\n1024\n", out);
            assertTrue(board.run("x = bytearray(64 * 1024 * 1024)").endsWith("MemoryError: memory allocation failed, allocating 67108864 bytes\n"));
        }
    }

    @Test
    void theBoardsIdentityIsTheEsp8266Firmwares() throws Exception {
        try (UpyBoard board = new UpyBoard(tmp.resolve("fs"))) {
            assertEquals("esp8266\nuname_result(sysname='esp8266', nodename='esp8266', release='2.2.0-dev(9422289)', "
                    + "version='v1.22.2 on 2024-02-22', machine='ESP module with ESP8266')\nTrue True\n('127.0.0.1', '255.0.0.0', '127.0.0.1', '127.0.0.1')\n1 0\n",
                    board.run("""
                    import sys, os, gc, network, machine, time
                    print(sys.platform)
                    print(os.uname())
                    w = network.WLAN(network.STA_IF)
                    w.active(True)
                    w.connect('ssid', 'password')
                    print(w.isconnected(), 0 < gc.mem_free() < 48 * 1024)
                    print(w.ifconfig())
                    p = machine.Pin(2, machine.Pin.OUT)
                    p.on()
                    t = time.ticks_ms()
                    time.sleep_ms(20)
                    print(p.value(), int(time.ticks_diff(time.ticks_ms(), t) < 20))
                    """));
        }
    }
}
