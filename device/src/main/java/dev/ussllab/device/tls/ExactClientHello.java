package dev.ussllab.device.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.tls.ClientHello;
import org.bouncycastle.tls.TlsContext;

/**
 * A ClientHello that writes its suites and extensions in a profile's wire order. Bouncy Castle
 * keeps using this object afterwards (it checks the server's choice against getCipherSuites() and
 * getExtensions()), so what it checks is exactly what went on the wire.
 */
final class ExactClientHello extends ClientHello {

    private final int[] extensionOrder;

    /**
     * @param built the hello Bouncy Castle built (version, random, session id, extensions)
     * @param wireSuites the suites to send, in order, SCSV included if the profile sends it
     * @param extensionOrder extension types first in this order; any others follow in BC's order
     */
    ExactClientHello(ClientHello built, int[] wireSuites, int[] extensionOrder) {
        super(built.getVersion(), built.getRandom(), built.getSessionID(), built.getCookie(), wireSuites,
                built.getExtensions(), built.getBindersSize());
        this.extensionOrder = extensionOrder.clone();
    }

    @Override
    public void encode(TlsContext context, OutputStream output) throws IOException {
        output.write(ClientHelloBody.encode(getVersion().getFullVersion(), getRandom(), getSessionID(),
                getCipherSuites(), ordered(getExtensions(), extensionOrder)));
    }

    /** The extensions as type -> data in wire order: the listed types first, then the rest. */
    static Map<Integer, byte[]> ordered(Hashtable<?, ?> extensions, int[] order) {
        Map<Integer, byte[]> out = new LinkedHashMap<>();
        if (extensions == null) {
            return out;
        }
        for (int type : order) {
            Object data = extensions.get(type);
            if (data != null) {
                out.put(type, (byte[]) data);
            }
        }
        for (Map.Entry<?, ?> e : extensions.entrySet()) {
            out.putIfAbsent((Integer) e.getKey(), (byte[]) e.getValue());
        }
        return out;
    }
}
