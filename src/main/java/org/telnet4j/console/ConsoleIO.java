package org.telnet4j.console;

import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.telnet4j.server.Session;

/**
 * The blocking face of a {@link ConsoleSession}, for a shell on a thread of its own (a virtual
 * thread where the JVM has them): {@link #readLine} waits for the line the editor on the event
 * loop hands over. Editing, echo and redraws still happen on the loop thread, so a slow command
 * never makes typing lag. Thread-safe for one reading thread and any number of printing ones.
 */
public final class ConsoleIO {
    private final ConsoleSession console;
    private final LinkedBlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>(1);
    private final Semaphore room = new Semaphore(MAX_IN_FLIGHT);
    private volatile boolean ended;

    /** Characters handed to the event loop and not yet sent, before {@link #print} blocks. */
    public static final int MAX_IN_FLIGHT = 256 * 1024;

    /** The blocking face of {@code console}. */
    public ConsoleIO(ConsoleSession console) {
        this.console = console;
    }

    /** The session: address, terminal type, window size. */
    public Session session() {
        return console.session();
    }

    /** The console this reads from. */
    public ConsoleSession console() {
        return console;
    }

    /** Shows {@code prompt} and waits for a line; null once input has ended. */
    public String readLine(String prompt) throws InterruptedException {
        return read(prompt, false);
    }

    /** As {@link #readLine}, with nothing shown as it is typed (for passwords). */
    public String readPassword(String prompt) throws InterruptedException {
        return read(prompt, true);
    }

    private String read(String prompt, boolean mask) throws InterruptedException {
        if (ended) {
            return null;
        }
        ConsoleSession.LineHandler h = (c, line) -> lines.offer(Optional.ofNullable(line));
        try {
            console.session().connection().loop().execute(() -> {
                if (mask) {
                    console.readPassword(prompt, h);
                } else {
                    console.readLine(prompt, h);
                }
            });
        } catch (RejectedExecutionException e) {
            ended = true; // the server is shutting down
            return null;
        }
        String line = lines.take().orElse(null);
        if (line == null) {
            ended = true;
        }
        return line;
    }

    /**
     * Prints text (above the line being edited, if one is); LF becomes CR LF. Blocks while more
     * than {@link #MAX_IN_FLIGHT} characters wait for the event loop, so a command that prints a
     * lot is held back instead of filling memory.
     */
    public void print(String text) throws InterruptedException {
        int permits = Math.min(text.length(), MAX_IN_FLIGHT);
        room.acquire(permits);
        try {
            console.session().connection().loop().execute(() -> {
                try {
                    console.print(text);
                } finally {
                    room.release(permits);
                }
            });
        } catch (RejectedExecutionException e) {
            room.release(permits); // the server is shutting down: nothing more is sent
        }
    }

    /** Prints text and a line end. */
    public void println(String text) throws InterruptedException {
        print(text + "\n");
    }

    /** Closes the connection after what was printed has been sent. */
    public void close() {
        console.session().close();
    }
}
