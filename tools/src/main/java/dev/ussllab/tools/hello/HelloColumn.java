package dev.ussllab.tools.hello;

import dev.ussllab.profile.hello.ClientHello;
import java.util.Map;

/**
 * One column of the comparison: a ClientHello, where it came from, and what the host did with it
 * under each policy.
 *
 * @param name the client profile's name, or a label for a captured / given hello
 * @param source "built-in client", "capture FILE (ADDR:PORT)" or "--hex"
 * @param outcomes per policy (krsa, compat, modern, in that order)
 */
record HelloColumn(String name, String source, ClientHello hello, Map<String, Outcome> outcomes) {

    /**
     * What one handshake against the host came to.
     *
     * @param protocol "TLSv1.2" / "TLSv1.3", or null when refused
     * @param suite the negotiated suite's code, or -1
     * @param refusal why it failed, in words, or null
     * @param replayed true when the captured hello was replayed (the host's ServerHello read), false
     *     when the built-in client ran the whole exchange
     */
    record Outcome(String protocol, int suite, String refusal, boolean replayed) {
        boolean ok() {
            return suite >= 0;
        }
    }
}
