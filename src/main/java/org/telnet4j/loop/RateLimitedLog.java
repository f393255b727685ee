package org.telnet4j.loop;

import org.slf4j.Logger;

/**
 * One repeated log condition (a limit hit, a warning from peers) logged at most a few lines per
 * second, with a count of the lines suppressed in between. Four connections that each hit the
 * subnegotiation ceiling in a loop would otherwise write tens of thousands of lines a second: the
 * log fills the disk and the loop spends its time formatting.
 *
 * <p>One instance per condition, usually a {@code static final} field next to the log call.
 * Thread-safe; costs one lock per call, and nothing is formatted for a suppressed line.
 */
public final class RateLimitedLog {
    /** Lines per second allowed by default. */
    public static final int DEFAULT_PER_SECOND = 5;
    private static final long SECOND = 1_000_000_000L;

    private final int perSecond;
    private final java.util.function.LongSupplier clock;
    private long windowStart;
    private int inWindow;
    private long suppressed;

    /** At most {@value #DEFAULT_PER_SECOND} lines a second. */
    public RateLimitedLog() {
        this(DEFAULT_PER_SECOND, System::nanoTime);
    }

    /**
     * @param perSecond lines allowed per second, at least 1
     * @param clock nanoseconds (a test's clock, or {@code System::nanoTime})
     */
    public RateLimitedLog(int perSecond, java.util.function.LongSupplier clock) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be at least 1, was " + perSecond);
        }
        this.perSecond = perSecond;
        this.clock = clock;
        this.windowStart = clock.getAsLong() - SECOND;
    }

    /** Logs at WARN unless this second's lines are used up. */
    public void warn(Logger log, String format, Object... args) {
        if (log.isWarnEnabled()) {
            long skipped = admit();
            if (skipped >= 0) {
                log.warn(withCount(format, skipped), withCount(args, skipped));
            }
        }
    }

    /** Logs at INFO unless this second's lines are used up. */
    public void info(Logger log, String format, Object... args) {
        if (log.isInfoEnabled()) {
            long skipped = admit();
            if (skipped >= 0) {
                log.info(withCount(format, skipped), withCount(args, skipped));
            }
        }
    }

    /** Logs at DEBUG unless this second's lines are used up. */
    public void debug(Logger log, String format, Object... args) {
        if (log.isDebugEnabled()) {
            long skipped = admit();
            if (skipped >= 0) {
                log.debug(withCount(format, skipped), withCount(args, skipped));
            }
        }
    }

    /** Lines suppressed and not yet reported. */
    public synchronized long suppressed() {
        return suppressed;
    }

    /**
     * Counts one line. @return -1 to suppress it, otherwise how many were suppressed before it
     * (reported with it, then reset)
     */
    private synchronized long admit() {
        long now = clock.getAsLong();
        if (now - windowStart >= SECOND) {
            windowStart = now;
            inWindow = 0;
        }
        if (inWindow >= perSecond) {
            suppressed++;
            return -1;
        }
        inWindow++;
        long s = suppressed;
        suppressed = 0;
        return s;
    }

    private static String withCount(String format, long skipped) {
        return skipped == 0 ? format : format + " ({} similar lines suppressed)";
    }

    private static Object[] withCount(Object[] args, long skipped) {
        if (skipped == 0) {
            return args;
        }
        Object[] a = java.util.Arrays.copyOf(args, args.length + 1);
        a[args.length] = skipped;
        return a;
    }
}
