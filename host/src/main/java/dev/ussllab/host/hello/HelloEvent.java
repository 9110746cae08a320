package dev.ussllab.host.hello;

import dev.ussllab.profile.hello.ClientHello;
import java.net.InetSocketAddress;

/**
 * What one connection to the hello listener brought: the ClientHello (and its raw records), or
 * the reason there was none; with --forward, whether the relay could reach the server.
 *
 * @param problem null when all went well, otherwise one line saying what went wrong
 */
public record HelloEvent(InetSocketAddress client, ClientHello hello, byte[] raw, String problem) {

    public boolean hasHello() {
        return hello != null;
    }
}
