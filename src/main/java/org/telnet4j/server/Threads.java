package org.telnet4j.server;

import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts per-connection threads: virtual where the JVM has them (21+), daemon threads otherwise. */
final class Threads {
    private static final Logger LOG = LoggerFactory.getLogger(Threads.class);
    private static final Method OF_VIRTUAL = find();

    private Threads() {
    }

    private static Method find() {
        try {
            return Thread.class.getMethod("ofVirtual");
        } catch (NoSuchMethodException e) {
            return null; // Java 17-20: platform threads
        }
    }

    /** True if threads started here are virtual. */
    static boolean virtual() {
        return OF_VIRTUAL != null;
    }

    static Thread start(String name, Runnable task) {
        if (OF_VIRTUAL != null) {
            try {
                Object builder = OF_VIRTUAL.invoke(null);
                Method named = builder.getClass().getMethod("name", String.class);
                named.setAccessible(true);
                builder = named.invoke(builder, name);
                Method start = builder.getClass().getMethod("start", Runnable.class);
                start.setAccessible(true);
                return (Thread) start.invoke(builder, task);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("virtual thread unavailable, using a platform thread: {}", e.toString());
            }
        }
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
