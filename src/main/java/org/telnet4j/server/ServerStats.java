package org.telnet4j.server;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.telnet4j.loop.CloseReason;

/**
 * A {@link TelnetServer}'s counters at one moment (see {@link TelnetServer#stats()}): what a
 * status line, a JMX console or a Prometheus scrape shows. Immutable.
 */
public final class ServerStats {
    private final int connections;
    private final long accepted;
    private final long refused;
    private final long proxyRefused;
    private final Map<CloseReason, Long> closed;
    private final long bytesIn;
    private final long bytesOut;

    ServerStats(int connections, long accepted, long refused, long proxyRefused, long[] closedByReason,
        long bytesIn, long bytesOut) {
        this.connections = connections;
        this.accepted = accepted;
        this.refused = refused;
        this.proxyRefused = proxyRefused;
        EnumMap<CloseReason, Long> m = new EnumMap<>(CloseReason.class);
        for (CloseReason r : CloseReason.values()) {
            m.put(r, closedByReason[r.ordinal()]);
        }
        this.closed = Collections.unmodifiableMap(m);
        this.bytesIn = bytesIn;
        this.bytesOut = bytesOut;
    }

    /** Open connections, those negotiating or sending a PROXY header included. */
    public int connections() {
        return connections;
    }

    /** Connections accepted since start (refused ones not counted). */
    public long accepted() {
        return accepted;
    }

    /** Connections refused at the connection limit since start. */
    public long refused() {
        return refused;
    }

    /** Connections refused by the PROXY protocol: untrusted peer, bad, late or oversized header. */
    public long proxyRefused() {
        return proxyRefused;
    }

    /** Sessions closed since start, by reason ({@code OUTPUT_OVERFLOW} is the output-queue limit). */
    public Map<CloseReason, Long> closed() {
        return closed;
    }

    /** Bytes received from clients since start, open sessions included. */
    public long bytesIn() {
        return bytesIn;
    }

    /** Bytes sent to clients since start, open sessions included. */
    public long bytesOut() {
        return bytesOut;
    }

    /** The counters in Prometheus's text exposition format (version 0.0.4). */
    public String prometheus() {
        StringBuilder b = new StringBuilder();
        gauge(b, "telnet4j_connections", "Open connections.", connections);
        counter(b, "telnet4j_accepted_total", "Connections accepted.", accepted);
        counter(b, "telnet4j_refused_total", "Connections refused at the connection limit.", refused);
        counter(b, "telnet4j_proxy_refused_total", "Connections refused by the PROXY protocol.", proxyRefused);
        b.append("# HELP telnet4j_closed_total Sessions closed, by reason.\n");
        b.append("# TYPE telnet4j_closed_total counter\n");
        for (Map.Entry<CloseReason, Long> e : closed.entrySet()) {
            b.append("telnet4j_closed_total{reason=\"").append(e.getKey().name().toLowerCase(java.util.Locale.ROOT))
                .append("\"} ").append(e.getValue()).append('\n');
        }
        counter(b, "telnet4j_received_bytes_total", "Bytes received from clients.", bytesIn);
        counter(b, "telnet4j_sent_bytes_total", "Bytes sent to clients.", bytesOut);
        return b.toString();
    }

    private static void gauge(StringBuilder b, String name, String help, long v) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" gauge\n").append(name).append(' ').append(v).append('\n');
    }

    private static void counter(StringBuilder b, String name, String help, long v) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(v).append('\n');
    }

    @Override
    public String toString() {
        return connections + " clients, " + accepted + " accepted, " + refused + " refused, in " + bytesIn
            + " B, out " + bytesOut + " B";
    }
}
