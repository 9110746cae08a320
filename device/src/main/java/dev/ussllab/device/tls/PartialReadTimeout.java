package dev.ussllab.device.tls;

import java.net.SocketTimeoutException;

/** read(n) timed out after some, but fewer than n, bytes: the server answered and kept the connection open. */
final class PartialReadTimeout extends SocketTimeoutException {

    private final int got;
    private final int wanted;

    PartialReadTimeout(int got, int wanted, SocketTimeoutException cause) {
        super("read " + got + " of " + wanted + " bytes before the timeout");
        initCause(cause);
        this.got = got;
        this.wanted = wanted;
    }

    int got() {
        return got;
    }

    int wanted() {
        return wanted;
    }
}
