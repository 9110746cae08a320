package dev.ussllab.device.upy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ussllab.testsupport.Peers;
import dev.ussllab.testsupport.peers.RealServer;
import dev.ussllab.testsupport.peers.RealServers;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 section 1: micropython-lib's requests (and the urequests name) and umqtt.simple, copied
 * unmodified onto the board's filesystem from ../shared/fixtures/micropython-lib, run on
 * MicroPython's own VM against real nginx and mosquitto on loopback, through the board's ussl.
 */
class LibraryProgramsTest {

    @TempDir
    Path tmp;
    private UpyBoard board;

    @BeforeEach
    void copyLibraries() throws Exception {
        File shared = Peers.sharedDir();
        Path lib = shared.toPath().resolve("fixtures/micropython-lib");
        assumeTrue(Files.isDirectory(lib), "../shared/fixtures/micropython-lib is absent: the library programs are not run");
        Path fs = Files.createDirectories(tmp.resolve("fs"));
        Files.createDirectories(fs.resolve("requests"));
        Files.createDirectories(fs.resolve("umqtt"));
        Files.copy(lib.resolve("python-ecosys/requests/requests/__init__.py"), fs.resolve("requests/__init__.py"));
        Files.copy(lib.resolve("micropython/urequests/urequests.py"), fs.resolve("urequests.py"));
        Files.copy(lib.resolve("micropython/umqtt.simple/umqtt/simple.py"), fs.resolve("umqtt/simple.py"));
        board = new UpyBoard(fs);
    }

    @Test
    void requestsGetAndJsonPostAgainstNginxWithTheBoardsSuites() throws Exception {
        RealServer nginx = RealServers.nginx(Files.createDirectories(tmp.resolve("nginx")), RealServers.Nginx.KRSA);
        try {
            String base = "https://localhost:" + nginx.port();
            assertEquals("200 OK\nhello from nginx\n\n", board.run("""
                    import requests
                    r = requests.get('%s/')
                    print(r.status_code, r.reason.decode())
                    print(r.text)
                    r.close()
                    """.formatted(base)));
            // MicroPython's dict keeps hash-table order, not insertion order: this is what the VM prints.
            assertEquals("200\n{'server': 'nginx', 'ok': True}\n", board.run("""
                    import urequests
                    r = urequests.get('%s/json')
                    print(r.status_code)
                    print(r.json())
                    """.formatted(base)));
            assertEquals("200 {'method': 'POST', 'length': 25}\n", board.run("""
                    import requests
                    r = requests.post('%s/post', json={'led': 1, 'name': 'esp'})
                    print(r.status_code, r.json())
                    """.formatted(base)));
        } finally {
            nginx.close();
        }
    }

    @Test
    void umqttSimpleConnectPublishSubscribeOverTlsAgainstMosquitto() throws Exception {
        RealServer broker = RealServers.mosquitto(Files.createDirectories(tmp.resolve("mosquitto")), false);
        try {
            assertEquals("[(b'ussl/test', b'hello from the board')]\n", board.run("""
                    from umqtt.simple import MQTTClient
                    import time
                    got = []
                    c = MQTTClient('esp-1', '127.0.0.1', port=%d, keepalive=30, ssl=True,
                                   ssl_params={'server_hostname': 'localhost'})
                    c.set_callback(lambda t, m: got.append((t, m)))
                    c.connect()
                    c.subscribe(b'ussl/test')
                    c.publish(b'ussl/test', b'hello from the board')
                    for i in range(200):
                        c.check_msg()
                        if got:
                            break
                        time.sleep_ms(25)
                    print(got)
                    c.disconnect()
                    """.formatted(broker.port())));
        } finally {
            broker.close();
        }
    }

    @Test
    void umqttWithAClientCertificateAgainstMosquittoThatRequiresOne() throws Exception {
        RealServer broker = RealServers.mosquitto(Files.createDirectories(tmp.resolve("mosquitto-cert")), true);
        try {
            // The firmware's ussl takes key= and cert= as DER bytes, as the board's users load them from files.
            Files.write(board.fs.resolve("client.key"), der(broker.clientKey()));
            Files.write(board.fs.resolve("client.crt"), der(broker.clientCert()));
            assertEquals("connected\n", board.run("""
                    from umqtt.simple import MQTTClient
                    with open('client.key', 'rb') as f:
                        key = f.read()
                    with open('client.crt', 'rb') as f:
                        cert = f.read()
                    c = MQTTClient('esp-2', '127.0.0.1', port=%d, ssl=True,
                                   ssl_params={'key': key, 'cert': cert, 'server_hostname': 'localhost'})
                    c.connect()
                    c.publish(b'ussl/cert', b'signed')
                    print('connected')
                    c.disconnect()
                    """.formatted(broker.port())));
        } finally {
            broker.close();
        }
    }

    /** The DER inside a PEM file. */
    private static byte[] der(Path pem) throws Exception {
        String body = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return java.util.Base64.getDecoder().decode(body);
    }
}
