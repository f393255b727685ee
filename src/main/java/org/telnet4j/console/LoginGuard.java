package org.telnet4j.console;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed logins counted per client address: each failure delays the next try (longer after each
 * one), and {@code maxFailures} failures within {@code window} lock the address out for
 * {@code lockout}; its connections are refused at once, others are not affected. A success clears
 * the address's count. At most {@link #MAX_TRACKED} addresses are remembered (the oldest are
 * forgotten first), so a flood of addresses cannot fill memory. Thread-safe.
 */
public final class LoginGuard {
    /** Default failures before a lock-out. */
    public static final int DEFAULT_MAX_FAILURES = 5;
    /** Default window in which failures are counted. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);
    /** Default lock-out. */
    public static final Duration DEFAULT_LOCKOUT = Duration.ofMinutes(15);
    /** Default delay after the first failure; the n-th waits n times as long, at most 8 times. */
    public static final Duration DEFAULT_DELAY = Duration.ofSeconds(1);
    /** Addresses remembered at most. */
    public static final int MAX_TRACKED = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(LoginGuard.class);

    private static final class Record {
        long firstFailure;
        int failures;
        long lockedUntil;
    }

    private final int maxFailures;
    private final long windowNanos;
    private final long lockoutNanos;
    private final long delayNanos;
    private final LongSupplier clock;
    private boolean fullLogged;
    private final LinkedHashMap<String, Record> records = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Record> eldest) {
            if (size() <= MAX_TRACKED) {
                return false;
            }
            if (!fullLogged) {
                fullLogged = true;
                LOG.warn("failed-login table full ({} addresses); forgetting the oldest", MAX_TRACKED);
            }
            return true;
        }
    };

    /** A guard with the defaults. */
    public LoginGuard() {
        this(DEFAULT_MAX_FAILURES, DEFAULT_WINDOW, DEFAULT_LOCKOUT, DEFAULT_DELAY, System::nanoTime);
    }

    /**
     * A guard.
     *
     * @param maxFailures failures from one address within {@code window} that lock it out
     * @param delay wait after a first failure (zero for none)
     * @param clock nanoseconds, as {@link System#nanoTime}
     */
    public LoginGuard(int maxFailures, Duration window, Duration lockout, Duration delay, LongSupplier clock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1, was " + maxFailures);
        }
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.lockoutNanos = lockout.toNanos();
        this.delayNanos = delay.toNanos();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** True while {@code address} is locked out. */
    public synchronized boolean isLocked(String address) {
        Record r = records.get(address);
        return r != null && r.lockedUntil != 0 && clock.getAsLong() - r.lockedUntil < 0;
    }

    /**
     * Counts a failed login from {@code address}.
     *
     * @return how long to wait before answering (and before the next try)
     */
    public synchronized Duration failed(String address) {
        long now = clock.getAsLong();
        Record r = records.computeIfAbsent(address, a -> new Record());
        if (r.failures == 0 || now - r.firstFailure > windowNanos) {
            r.firstFailure = now;
            r.failures = 0;
        }
        r.failures++;
        if (r.failures >= maxFailures && !(r.lockedUntil != 0 && now - r.lockedUntil < 0)) {
            r.lockedUntil = now + lockoutNanos;
            LOG.warn("console logins from {} locked out for {} s after {} failed attempts",
                address, lockoutNanos / 1_000_000_000L, r.failures);
        }
        return Duration.ofNanos(delayNanos * Math.min(r.failures, 8));
    }

    /** A successful login from {@code address}: its failures are forgotten. */
    public synchronized void succeeded(String address) {
        records.remove(address);
    }

    /** Failures counted for {@code address} in the current window. */
    public synchronized int failures(String address) {
        Record r = records.get(address);
        return r == null ? 0 : r.failures;
    }
}
