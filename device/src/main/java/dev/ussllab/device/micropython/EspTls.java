package dev.ussllab.device.micropython;

import dev.ussllab.device.tls.AxtlsException;
import dev.ussllab.device.tls.BoardCredentials;
import dev.ussllab.device.tls.EmulatedEsp8266;
import dev.ussllab.device.tls.UsslSocket;
import dev.ussllab.profile.client.Profiles;
import dev.ussllab.profile.keylog.KeyLogSink;
import java.io.IOException;
import java.net.Socket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ussl.wrap_socket backed by the emulated ESP8266 TLS client (its exact hello, limits and errors). */
public final class EspTls implements TlsWrap {

    /** "OSError: -40", "OSError: (-257, 'RECORD_OVERFLOW')", "OSError: [Errno 104] ECONNRESET". */
    private static final Pattern BOARD_LINE = Pattern.compile("OSError: (?:\\((-?\\d+), '([A-Z_]+)'\\)|\\[Errno (\\d+)\\] \\w+|(-?\\d+))");

    private final EmulatedEsp8266 esp;

    /** One per power-on: the client's time() prefix counts seconds since this boot. */
    public EspTls(KeyLogSink keyLog) {
        this.esp = new EmulatedEsp8266(Profiles.esp8266(), keyLog);
    }

    @Override
    public Conn wrap(Socket connected, String serverHostname) throws IOException {
        return wrap(connected, serverHostname, null);
    }

    @Override
    public Conn wrap(Socket connected, String serverHostname, BoardCredentials credentials) throws IOException {
        try {
            connected.setSoTimeout(0); // the board has no timeout: read(1024) waits, Ctrl-C ends it
            UsslSocket s = esp.wrap(connected, serverHostname, credentials);
            return new Conn() {
                @Override
                public void write(byte[] data) throws IOException {
                    try {
                        s.write(data);
                    } catch (AxtlsException e) {
                        throw toBoard(e);
                    }
                }

                @Override
                public byte[] read(int n) throws IOException {
                    try {
                        return s.read(n);
                    } catch (AxtlsException e) {
                        throw toBoard(e);
                    }
                }

                @Override
                public byte[] readline() throws IOException {
                    try {
                        return s.readline();
                    } catch (AxtlsException e) {
                        throw toBoard(e);
                    }
                }

                @Override
                public int available() {
                    return s.available();
                }

                @Override
                public void close() {
                    s.close();
                }
            };
        } catch (AxtlsException e) {
            throw toBoard(e);
        }
    }

    static BoardError toBoard(AxtlsException e) {
        Matcher m = BOARD_LINE.matcher(e.boardLine());
        long code = e.code();
        String symbol = null;
        if (m.matches() && m.group(1) != null) {
            code = Long.parseLong(m.group(1));
            symbol = m.group(2);
        }
        BoardError be = new BoardError(code, symbol, e.plainWords());
        be.consoleLine(e.consoleLine());
        return be;
    }
}
