package org.telnet4j.pty;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Threads for hosted programs: platform (daemon) threads with a small stack, on every Java
 * version, also on 21+ where virtual threads exist.
 *
 * <p>Why not virtual threads, even on JDK 25 (JEP 491 unpinned only {@code synchronized}): the
 * reader spends its time blocked in {@code poll(2)} through JNA, and a virtual thread in a native
 * call still pins its carrier, which the scheduler does not replace. Measured on JDK 25.0.3 with
 * two cores: while two virtual threads sat in a JNA {@code poll}, a new virtual thread waited
 * 2.9 s, the length of the polls, to run; a hundred hosted programs would starve every other
 * virtual thread of the server (each {@code Shell} session runs on one). The way around it, a
 * non-blocking descriptor read between sleeps, trades the terminal's latency or idle wake-ups for
 * a thread that costs little anyway; a shared poller would save threads, but pty4j keeps its own
 * platform thread per program (the reaper waiting in {@code waitpid}) whatever we do.
 *
 * <p>A platform thread blocked in {@code poll} costs the stack pages it touched: its
 * {@link #STACK_BYTES} reservation (the JVM's default is 1 MiB) limits the address space a
 * hundred readers take, not their resident memory (measured: README, PTY section).
 */
final class Threads {
    /**
     * Stack reserved for each thread: the readers and writers run a short, fixed depth of frames
     * (JNA calls, logging, {@code ProcessHandle} walks), far below this.
     */
    static final long STACK_BYTES = 256 * 1024;

    private Threads() {
    }

    /** Starts {@code task} on a new daemon thread named {@code name}. */
    static Thread start(String name, Runnable task) {
        Thread t = new Thread(null, task, name, STACK_BYTES);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A pool of daemon threads, made as needed and ended after a minute idle. */
    static ExecutorService executor(String name) {
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(null, r, name, STACK_BYTES);
            t.setDaemon(true);
            return t;
        });
    }
}
