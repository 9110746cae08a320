package dev.ussllab.device.repl;

/**
 * The seed article's usslclient.py (shared/seeds/micropython-tls-wireshark.txt) with its
 * parameters filled in: the same statements in the same order (connect, then wrap, write, read,
 * close, print), so the board behaves exactly as it does running the article's file.
 */
public final class SeedClientScript {

    private SeedClientScript() {}

    /**
     * @param serverHostname passed as wrap_socket(sock, server_hostname=...) when not null; the
     *     seed itself passes none
     */
    public static String of(String host, int port, String message, String serverHostname) {
        String wrapArgs = serverHostname == null ? "sock" : "sock, server_hostname=" + PyLiteral.str(serverHostname);
        return "import usocket,ussl\n"
                + "\n"
                + "HOST, PORT = " + PyLiteral.str(host) + ", " + port + "\n"
                + "\n"
                + "data = " + PyLiteral.str(message) + "\n"
                + "\n"
                + "sock = usocket.socket(usocket.AF_INET, usocket.SOCK_STREAM);\n"
                + "saddr = usocket.getaddrinfo(HOST,PORT)[0][-1]\n"
                + "sock.connect(saddr)\n"
                + "\n"
                + "ssock = ussl.wrap_socket(" + wrapArgs + ")\n"
                + "\n"
                + "ssock.write(bytes(data + \"\\n\", \"utf-8\"))\n"
                + "\n"
                + "received = str(ssock.read(1024), \"utf-8\")\n"
                + "ssock.close()\n"
                + "\n"
                + "print(\"Sent:     \" + data)\n"
                + "print(\"Received: \" + received)\n";
    }
}
