package org.telnet4j.cli;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM for a rolling restart: the first starts a drain, a second means "now". The JDK's only
 * way to catch a signal without ending the JVM is {@code sun.misc.Signal} (module
 * jdk.unsupported, present in every JDK 17+); where it is missing, the JVM's shutdown hooks
 * handle SIGTERM as before and the drain does not happen.
 */
final class SigTerm {
    private static final Logger LOG = LoggerFactory.getLogger(SigTerm.class);

    private SigTerm() {
    }

    /** Runs {@code first} on the first SIGTERM and {@code again} on every later one. */
    static void onTerm(Runnable first, Runnable again) {
        AtomicInteger count = new AtomicInteger();
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object term = signal.getConstructor(String.class).newInstance("TERM");
            Object handler = java.lang.reflect.Proxy.newProxyInstance(SigTerm.class.getClassLoader(),
                new Class<?>[] {handlerType}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "handle":
                            (count.incrementAndGet() == 1 ? first : again).run();
                            return null;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            return "SigTerm";
                    }
                });
            signal.getMethod("handle", signal, handlerType).invoke(null, term, handler);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("SIGTERM cannot be caught here ({}): it shuts down without draining", e.toString());
        }
    }
}
