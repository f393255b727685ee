package org.telnet4j.pty;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Threads for hosted programs. They are platform (daemon) threads on every Java version, also on
 * 21+ where virtual threads exist: they spend their time blocked in native calls (pty4j's poll and
 * read of the terminal, through JNA), and a virtual thread blocked in a native call pins its
 * carrier. A hundred hosted programs would pin every carrier of the JVM's shared virtual-thread
 * scheduler and starve the server's other virtual threads (each {@code Shell} session runs on
 * one). A platform thread blocked in {@code poll} costs only its stack.
 */
final class Threads {
    private Threads() {
    }

    /** Starts {@code task} on a new daemon thread named {@code name}. */
    static Thread start(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A pool of daemon threads, made as needed and ended after a minute idle. */
    static ExecutorService executor(String name) {
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
