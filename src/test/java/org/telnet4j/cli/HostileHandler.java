package org.telnet4j.cli;

import java.util.concurrent.CountDownLatch;
import org.telnet4j.server.Session;
import org.telnet4j.server.SessionHandler;

/**
 * A {@code --shell} handler for tests that fail the way buggy or overwhelmed applications do, on
 * the loop thread: {@code soe} overflows the stack, {@code oom} throws OutOfMemoryError,
 * {@code hang} never returns; anything else is echoed as {@code echo: LINE}.
 */
public final class HostileHandler implements SessionHandler {
    /** The message of the simulated OutOfMemoryError. */
    static final String OOM_MESSAGE = "simulated heap exhaustion";

    @Override
    public void onConnect(Session s) {
        s.send("hostile ready\n");
    }

    @Override
    public void onLine(Session s, String line) {
        switch (line) {
            case "soe":
                s.send("depth " + recurse(0) + "\n");
                break;
            case "oom":
                throw new OutOfMemoryError(OOM_MESSAGE);
            case "hang":
                try {
                    new CountDownLatch(1).await(); // a wedged loop thread
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                break;
            default:
                s.send("echo: " + line + "\n");
                break;
        }
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }
}
