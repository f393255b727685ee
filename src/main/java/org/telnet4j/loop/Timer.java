package org.telnet4j.loop;

/** A task scheduled on an {@link EventLoop}; cancel it to stop it from running. */
public final class Timer implements Comparable<Timer> {
    final long deadline;
    final Runnable task;
    private final long seq;
    private boolean cancelled;

    Timer(long deadline, long seq, Runnable task) {
        this.deadline = deadline;
        this.seq = seq;
        this.task = task;
    }

    /** Stops the task from running if it has not run yet. Loop thread only. */
    public void cancel() {
        cancelled = true;
    }

    /** True once cancelled. */
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public int compareTo(Timer o) {
        int c = Long.compare(deadline - o.deadline, 0);
        return c != 0 ? c : Long.compare(seq, o.seq);
    }
}
