package org.telnet4j.pty;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Threads for hosted programs: virtual threads on Java 21 and later (found at run time, since
 * the code is built for 17), daemon platform threads otherwise.
 */
final class Threads {
    private static final Method OF_VIRTUAL = method(Thread.class, "ofVirtual");

    private Threads() {
    }

    private static Method method(Class<?> c, String name) {
        try {
            return c.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** True when threads started here are virtual. */
    static boolean virtual() {
        return OF_VIRTUAL != null;
    }

    /** Starts {@code task} on a new thread named {@code name}. */
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
                // a JVM that has the method but refuses it: platform threads below
            }
        }
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** An executor that runs each task on a thread as {@link #start} makes them. */
    static ExecutorService executor(String name) {
        Method perTask = method(Executors.class, "newVirtualThreadPerTaskExecutor");
        if (perTask != null) {
            try {
                return (ExecutorService) perTask.invoke(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // fall through
            }
        }
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
