package org.telnet4j.loop;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work handed to the loop from other threads for one connection, in order and bounded: what
 * {@link EventLoop#execute} is for the loop as a whole, per connection.
 *
 * <p>Invariants: at most {@code capacity} tasks wait, plus one {@link #finish} task, which needs
 * no room so that closing works when the queue is full. A queue with work holds exactly one
 * place in the loop's ready list however many tasks it has, so one connection's producer can
 * neither fill a queue that other connections share nor hold the loop: each pass runs at most
 * {@link #BATCH} of its tasks. Producers on any thread; tasks run on the loop thread only.
 */
public final class HandOffQueue {
    private static final Logger LOG = LoggerFactory.getLogger(HandOffQueue.class);
    /** Most tasks of one queue run in one loop pass; the rest wait for the next. */
    public static final int BATCH = 256;
    /** How often a producer waiting in {@link #put} checks whether the loop has died, in ms. */
    private static final long CHECK_MILLIS = 100;

    private final EventLoop loop;
    private final int capacity;
    private final Connection owner;
    /** Made on first use: most connections never hand anything over. Guarded by {@code this}. */
    private ArrayDeque<Runnable> tasks;
    private boolean scheduled;
    private boolean finishing;
    private int waiting;

    /**
     * A queue for {@code owner}'s work on {@code loop}.
     *
     * @param capacity most tasks waiting at once
     * @param owner the connection a failing task closes (a {@link StackOverflowError}); may be null
     */
    public HandOffQueue(EventLoop loop, int capacity, Connection owner) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.loop = loop;
        this.capacity = capacity;
        this.owner = owner;
    }

    /** The most tasks that may wait. */
    public int capacity() {
        return capacity;
    }

    /** Tasks waiting now. */
    public synchronized int size() {
        return tasks == null ? 0 : tasks.size();
    }

    /**
     * Queues {@code task} if there is room. Any thread.
     *
     * @return false if {@code capacity} tasks are already waiting (nothing was queued)
     * @throws RejectedExecutionException if the loop is closed
     */
    public boolean offer(Runnable task) {
        checkOpen();
        boolean wake;
        synchronized (this) {
            if (size() >= capacity) {
                return false;
            }
            wake = add(task);
        }
        if (wake) {
            loop.ready(this);
        }
        return true;
    }

    /**
     * Queues {@code task}, waiting while the queue is full: backpressure for a producer that may
     * block (a shell's thread). Any thread but the loop's.
     *
     * @throws RejectedExecutionException if the loop is closed, or closes while waiting
     * @throws IllegalStateException on the loop thread, which would wait for itself
     */
    public void put(Runnable task) throws InterruptedException {
        if (loop.isLoopThread()) {
            throw new IllegalStateException("put on the loop thread would wait for itself");
        }
        boolean wake;
        synchronized (this) {
            while (size() >= capacity) {
                checkOpen();
                waiting++;
                try {
                    wait(CHECK_MILLIS);
                } finally {
                    waiting--;
                }
            }
            checkOpen();
            wake = add(task);
        }
        if (wake) {
            loop.ready(this);
        }
    }

    /**
     * Queues {@code last} after everything queued so far, whether or not there is room: for
     * closing, which must work when the queue is full. Only the first call counts; later ones are
     * ignored. Any thread.
     *
     * @return false if a finish task was already queued
     * @throws RejectedExecutionException if the loop is closed
     */
    public boolean finish(Runnable last) {
        checkOpen();
        boolean wake;
        synchronized (this) {
            if (finishing) {
                return false;
            }
            finishing = true;
            wake = add(last);
        }
        if (wake) {
            loop.ready(this);
        }
        return true;
    }

    /** Adds under the lock; true if the queue must be put in the loop's ready list. */
    private boolean add(Runnable task) {
        if (tasks == null) {
            tasks = new ArrayDeque<>();
        }
        tasks.add(task);
        if (scheduled) {
            return false;
        }
        scheduled = true;
        return true;
    }

    private void checkOpen() {
        if (loop.isClosed()) {
            throw new RejectedExecutionException("event loop is closed");
        }
    }

    /**
     * Loop thread: runs now, in order, the tasks waiting at this moment, as the loop would have
     * on its next passes. For work that must come after what other threads already handed over,
     * such as a drain's goodbye after the application's last output.
     */
    public void runPending() {
        if (!loop.isLoopThread()) {
            throw new IllegalStateException("runPending off the loop thread");
        }
        int n;
        synchronized (this) {
            n = tasks == null ? 0 : tasks.size();
        }
        for (int i = 0; i < n; i++) {
            Runnable r;
            synchronized (this) {
                r = tasks == null ? null : tasks.poll();
                if (waiting > 0) {
                    notifyAll();
                }
            }
            if (r == null) {
                return;
            }
            run(r);
        }
    }

    /**
     * Loop thread: runs up to {@code batch.length} tasks, using {@code batch} as scratch.
     *
     * @return true if tasks remain (the loop runs them on its next pass)
     */
    boolean drain(Runnable[] batch) {
        int n = 0;
        boolean more;
        synchronized (this) {
            Runnable r;
            while (n < batch.length && tasks != null && (r = tasks.poll()) != null) {
                batch[n++] = r;
            }
            more = tasks != null && !tasks.isEmpty();
            if (!more) {
                scheduled = false;
                tasks = null; // a burst's array goes with it
            }
            if (n > 0 && waiting > 0) {
                notifyAll();
            }
        }
        for (int i = 0; i < n; i++) {
            Runnable r = batch[i];
            batch[i] = null;
            run(r);
        }
        return more;
    }

    private void run(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("{} handed-over task failed", owner != null ? owner.addrport() : "loop", e);
        } catch (StackOverflowError e) {
            // The stack has unwound: the loop is sound, only this connection's code is suspect.
            LOG.error("{} handed-over task overflowed the stack ({}); closing the connection",
                owner != null ? owner.addrport() : "loop", EventLoop.describe(e));
            if (owner != null) {
                owner.abort(CloseReason.IO_ERROR);
            }
        }
    }
}
