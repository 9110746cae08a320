package dev.ussllab.host.hello;

import dev.ussllab.host.ConnectionRecord.Outcome;
import dev.ussllab.profile.hello.ClientHello;
import java.net.InetSocketAddress;

/**
 * What one connection to the hello listener brought: the ClientHello (and its raw records), or
 * the reason there was none; with --forward, whether the relay could reach the server.
 *
 * @param problem null when all went well, otherwise one line saying what went wrong
 * @param outcome how it ended, in the host's words (OK, TIMEOUT, CLOSED, ERROR, ALERT, BUSY): what
 *     a log groups repeated failures by
 */
public record HelloEvent(InetSocketAddress client, ClientHello hello, byte[] raw, String problem, Outcome outcome) {

    /** An event that went well (no problem) or failed for another reason than a deadline, a close or a limit. */
    public HelloEvent(InetSocketAddress client, ClientHello hello, byte[] raw, String problem) {
        this(client, hello, raw, problem, problem == null ? Outcome.OK : Outcome.ERROR);
    }

    public boolean hasHello() {
        return hello != null;
    }
}
