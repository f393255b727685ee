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
    private final Map<ServerLimit, Long> limitsHit;
    private final long negotiations;
    private final long negotiationNanos;

    ServerStats(int connections, long accepted, long refused, long proxyRefused, long[] closedByReason,
        long bytesIn, long bytesOut, long[] limitsHit, long negotiations, long negotiationNanos) {
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
        EnumMap<ServerLimit, Long> l = new EnumMap<>(ServerLimit.class);
        for (ServerLimit x : ServerLimit.values()) {
            l.put(x, limitsHit[x.ordinal()]);
        }
        this.limitsHit = Collections.unmodifiableMap(l);
        this.negotiations = negotiations;
        this.negotiationNanos = negotiationNanos;
    }

    /** How often clients ran into each limit since start. */
    public Map<ServerLimit, Long> limitsHit() {
        return limitsHit;
    }

    /** Sessions that finished negotiating (or reached the deadline) and started, since start. */
    public long negotiations() {
        return negotiations;
    }

    /** Time from connect to session start, summed over {@link #negotiations()}, in seconds. */
    public double negotiationSeconds() {
        return negotiationNanos / 1e9;
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

    /**
     * Sessions closed since start, by reason ({@code OUTPUT_OVERFLOW} is the output-queue limit).
     * Keyed by the {@link CloseReason} of the same name as the {@link DisconnectReason} the
     * application was told, so idle timeouts and LOGOUTs count under the deprecated
     * {@code IDLE_TIMEOUT} and {@code LOGOUT}; {@code TOO_MANY_CONNECTIONS} stays 0 (refused
     * connections are {@link #refused()}).
     */
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
        b.append("# HELP telnet4j_limit_hits_total Times clients ran into a limit, by limit.\n");
        b.append("# TYPE telnet4j_limit_hits_total counter\n");
        for (Map.Entry<ServerLimit, Long> e : limitsHit.entrySet()) {
            b.append("telnet4j_limit_hits_total{limit=\"").append(e.getKey().name().toLowerCase(java.util.Locale.ROOT))
                .append("\"} ").append(e.getValue()).append('\n');
        }
        b.append("# HELP telnet4j_negotiation_seconds Time from connect to session start.\n");
        b.append("# TYPE telnet4j_negotiation_seconds summary\n");
        b.append("telnet4j_negotiation_seconds_sum ").append(negotiationSeconds()).append('\n');
        b.append("telnet4j_negotiation_seconds_count ").append(negotiations).append('\n');
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
