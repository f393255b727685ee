package org.telnet4j.server;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.loop.EventLoop;

/**
 * Open connections per remote address, and the limit on them, so that one host cannot hold every
 * connection slot. Refusals are logged at most once per interval (default
 * {@link #LOG_INTERVAL_SECONDS}) per address, the next line saying how many were refused
 * meanwhile. Loop thread only.
 *
 * <p>Invariant: an address is in the map while it has open connections, or was refused within
 * the last interval (its line is still being held back); so the map never holds more entries
 * than open connections plus addresses refused in the last interval or two.
 */
final class ConnectionsPerAddress {
    private static final Logger LOG = LoggerFactory.getLogger(TelnetServer.class);
    /** Longest time one address's refusals go unreported. */
    static final long LOG_INTERVAL_SECONDS = 10;

    private final int max;
    private final EventLoop loop;
    private final long intervalNanos;
    private final Map<InetAddress, Entry> entries = new HashMap<>();

    /** Counts for one address. */
    private static final class Entry {
        int open;
        /** Refusals since the last line about this address. */
        int unreported;
        /** True while a line about this address was written less than an interval ago. */
        boolean quiet;
    }

    /** A limit of {@code max} connections per address; 0 counts nothing and refuses nothing. */
    ConnectionsPerAddress(int max, EventLoop loop) {
        this(max, loop, TimeUnit.SECONDS.toNanos(LOG_INTERVAL_SECONDS));
    }

    /** As above, logging refusals at most once per {@code intervalNanos} per address. */
    ConnectionsPerAddress(int max, EventLoop loop, long intervalNanos) {
        this.max = max;
        this.loop = loop;
        this.intervalNanos = intervalNanos;
    }

    /**
     * Counts a new connection from {@code address}.
     *
     * @return false, counting nothing, if the address already has the most allowed (refusal logged)
     */
    boolean open(InetAddress address) {
        if (max == 0 || address == null) {
            return true;
        }
        Entry e = entries.computeIfAbsent(address, a -> new Entry());
        if (e.open < max) {
            e.open++;
            return true;
        }
        refused(address, e);
        return false;
    }

    /** A connection from {@code address} counted by {@link #open} has closed. */
    void closed(InetAddress address) {
        if (max == 0 || address == null) {
            return;
        }
        Entry e = entries.get(address);
        if (e != null && --e.open <= 0 && !e.quiet) {
            entries.remove(address);
        }
    }

    /** Open connections from {@code address} (for tests and statistics). */
    int openFrom(InetAddress address) {
        Entry e = entries.get(address);
        return e == null ? 0 : e.open;
    }

    private String seconds() {
        double s = intervalNanos / 1e9;
        return (s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s)) + " s";
    }

    private void refused(InetAddress address, Entry e) {
        if (e.quiet) {
            e.unreported++;
            return;
        }
        LOG.warn("{} has {} connections open, the per-address limit: refusing more (at most one line"
            + " per {} about this address)", address.getHostAddress(), max, seconds());
        beQuiet(address, e);
    }

    /** Holds back further lines about {@code address} for an interval, then reports the count. */
    private void beQuiet(InetAddress address, Entry e) {
        e.quiet = true;
        loop.schedule(intervalNanos, TimeUnit.NANOSECONDS, () -> {
            e.quiet = false;
            if (e.unreported > 0) {
                LOG.warn("{}: refused {} more connections in the last {} (per-address limit {})",
                    address.getHostAddress(), e.unreported, seconds(), max);
                e.unreported = 0;
                beQuiet(address, e); // still refusing: keep to one line per interval
            } else if (e.open <= 0 && entries.get(address) == e) {
                entries.remove(address);
            }
        });
    }
}
