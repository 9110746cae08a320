package dev.ussllab.host.pcap;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Turns TCP segments into per-connection byte streams: out-of-order segments wait until the gap
 * before them fills, retransmitted and overlapping bytes are delivered once, split segments join.
 * A connection is handed to the listener when both FINs are delivered, on RST, on a new SYN for
 * the same addresses, or at {@link #finish()}, and then forgotten, so memory is bounded by the
 * open connections, not the capture.
 */
public final class TcpReassembler {

    private static final long SEQ_MASK = 0xffffffffL;
    static final int MAX_CLOSED_REMEMBERED = 4096;

    private final Consumer<TcpConnection> listener;
    private final Map<String, Flow> flows = new HashMap<>();
    /**
     * Connections already handed over, like TCP's TIME_WAIT: their last ACK and late
     * retransmissions must not start a phantom connection. Bounded; oldest forgotten first.
     */
    private final Map<String, Boolean> closed = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_CLOSED_REMEMBERED;
        }
    };

    /**
     * The flow key of each address pair seen lately, so a packet's key is looked up rather than
     * formatted: getHostAddress and the concatenations per packet were a quarter of the reading
     * thread's time on a 36,000-packet capture (JFR, quick JIT). Both orders of a pair map to the
     * same String; cleared when it grows past a bound.
     */
    private final Map<Endpoints, String> keys = new HashMap<>();
    static final int MAX_KEYS_CACHED = 1 << 16;

    /** A class, not a record: a record's equals and hashCode are bootstrapped through invokedynamic on first use. */
    private static final class Endpoints {
        final InetSocketAddress source;
        final InetSocketAddress destination;

        Endpoints(InetSocketAddress source, InetSocketAddress destination) {
            this.source = source;
            this.destination = destination;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Endpoints e && source.equals(e.source) && destination.equals(e.destination);
        }

        @Override
        public int hashCode() {
            return 31 * source.hashCode() + destination.hashCode();
        }
    }

    public TcpReassembler(Consumer<TcpConnection> listener) {
        this.listener = listener;
    }

    public void add(TcpSegment s) {
        Endpoints pair = new Endpoints(s.source(), s.destination());
        String key = keys.get(pair);
        if (key == null) {
            if (keys.size() >= MAX_KEYS_CACHED) {
                keys.clear();
            }
            key = key(s.source(), s.destination());
            keys.put(pair, key);
        }
        Flow flow = flows.get(key);
        boolean newSyn = s.has(TcpSegment.SYN) && !s.has(TcpSegment.ACK);
        if (flow != null && newSyn && flow.client.dir.sawSyn && flow.client.dir.isn != s.seq()) {
            emit(key, flow); // the port pair was reused for a new connection
            flow = null;
        }
        if (flow == null && !newSyn && closed.containsKey(key)) {
            return; // trailing ACK or retransmission of a connection already handed over
        }
        if (flow == null) {
            closed.remove(key);
            flow = newSyn || !s.has(TcpSegment.SYN)
                    ? new Flow(s.source(), s.destination(), s.timeNanos())
                    : new Flow(s.destination(), s.source(), s.timeNanos()); // first seen: the SYN-ACK
            flows.put(key, flow);
        }
        boolean fromClient = flow.client.address.equals(s.source());
        flow.accept(s, fromClient);
        if (flow.reset || flow.client.dir.finished() && flow.server.dir.finished()) {
            emit(key, flow);
        }
    }

    /** Hands over every connection still open (the capture ended first). */
    public void finish() {
        for (Iterator<Map.Entry<String, Flow>> it = flows.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Flow> e = it.next();
            it.remove();
            listener.accept(e.getValue().toConnection());
        }
    }

    private void emit(String key, Flow flow) {
        flows.remove(key);
        closed.put(key, Boolean.TRUE);
        listener.accept(flow.toConnection());
    }

    private static String key(InetSocketAddress a, InetSocketAddress b) {
        String x = a.getAddress().getHostAddress() + "/" + a.getPort();
        String y = b.getAddress().getHostAddress() + "/" + b.getPort();
        return x.compareTo(y) < 0 ? x + "|" + y : y + "|" + x;
    }

    private record Side(InetSocketAddress address, Direction dir) {}

    private static final class Flow {
        final Side client;
        final Side server;
        final long start;
        final List<TcpConnection.Chunk> chunks = new ArrayList<>();
        boolean reset;

        Flow(InetSocketAddress client, InetSocketAddress server, long start) {
            this.client = new Side(client, new Direction());
            this.server = new Side(server, new Direction());
            this.start = start;
        }

        void accept(TcpSegment s, boolean fromClient) {
            if (s.has(TcpSegment.RST)) {
                reset = true;
                return;
            }
            Direction d = fromClient ? client.dir : server.dir;
            for (byte[] bytes : d.accept(s)) {
                chunks.add(new TcpConnection.Chunk(s.timeNanos(), fromClient, bytes));
            }
        }

        TcpConnection toConnection() {
            long missing = client.dir.missing() + server.dir.missing();
            boolean complete = client.dir.sawSyn && server.dir.sawSyn && missing == 0;
            return new TcpConnection(client.address, server.address, start, List.copyOf(chunks), complete, missing);
        }
    }

    /** One direction's sequence space, unwrapped to a long so streams over 4 GiB stay ordered. */
    static final class Direction {
        boolean started;
        boolean sawSyn;
        long isn;
        long base;
        /** Unwrapped offset of the next byte we expect. */
        long next;
        long finAt = -1;
        final TreeMap<Long, byte[]> pending = new TreeMap<>();

        List<byte[]> accept(TcpSegment s) {
            if (s.has(TcpSegment.SYN)) {
                if (!started) {
                    started = true;
                    sawSyn = true;
                    isn = s.seq();
                    base = (s.seq() + 1) & SEQ_MASK;
                }
                return List.of();
            }
            byte[] payload = s.payload();
            if (!started) {
                if (payload.length == 0 && !s.has(TcpSegment.FIN)) {
                    return List.of(); // a bare ACK gives no position worth trusting yet
                }
                started = true;
                base = s.seq();
            }
            long at = unwrap(s.seq());
            if (s.has(TcpSegment.FIN)) {
                finAt = at + payload.length;
            }
            if (payload.length == 0) {
                return List.of();
            }
            List<byte[]> out = new ArrayList<>();
            long end = at + payload.length;
            if (end <= next) {
                return out; // pure retransmission
            }
            if (at > next) {
                byte[] held = pending.get(at);
                if (held == null || held.length < payload.length) {
                    pending.put(at, payload);
                }
                return out;
            }
            // The segment's payload is its own copy of the frame's bytes: kept as it is when it starts at next.
            out.add(at == next ? payload : java.util.Arrays.copyOfRange(payload, (int) (next - at), payload.length));
            next = end;
            // Drain whatever the new bytes made contiguous, trimming overlaps.
            while (!pending.isEmpty() && pending.firstKey() <= next) {
                Map.Entry<Long, byte[]> e = pending.pollFirstEntry();
                long pEnd = e.getKey() + e.getValue().length;
                if (pEnd > next) {
                    out.add(java.util.Arrays.copyOfRange(e.getValue(), (int) (next - e.getKey()), e.getValue().length));
                    next = pEnd;
                }
            }
            return out;
        }

        private long unwrap(long seq) {
            long relative = (seq - base) & SEQ_MASK;
            long delta = (int) (relative - (next & SEQ_MASK)); // signed 32-bit distance from next
            return next + delta;
        }

        boolean finished() {
            return finAt >= 0 && next >= finAt;
        }

        long missing() {
            long m = 0;
            long cursor = next;
            for (Map.Entry<Long, byte[]> e : pending.entrySet()) {
                long pEnd = e.getKey() + e.getValue().length;
                if (pEnd > cursor) {
                    m += Math.max(0, e.getKey() - cursor);
                    cursor = pEnd;
                }
            }
            return m;
        }
    }
}
