package org.telnet4j.server;

import java.util.concurrent.Semaphore;

/**
 * Text output for a {@link Shell}, thread-safe. Writes are handed to the event loop, which encodes
 * and queues them for the socket; at most {@link #MAX_IN_FLIGHT} characters, and at most the
 * session's {@code maxHandOffTasks} calls, wait for the loop, so a shell that writes faster than
 * the loop takes is made to wait rather than filling memory, and waits in its session's queue
 * only (never one other sessions need). What the client does not read is bounded by the server's
 * output-queue cap and overflow policy.
 */
public final class ShellWriter {
    /** Characters handed to the loop and not yet encoded, before {@code write} blocks. */
    public static final int MAX_IN_FLIGHT = 256 * 1024;

    private final Session session;
    private final Semaphore room = new Semaphore(MAX_IN_FLIGHT);

    ShellWriter(Session session) {
        this.session = session;
    }

    /** The session: terminal type, window size, encoding, options; its setters are thread-safe. */
    public Session session() {
        return session;
    }

    /** Writes text; LF becomes CR LF. Blocks while too much output waits for the loop. */
    public void write(String text) throws InterruptedException {
        int permits = Math.min(text.length(), MAX_IN_FLIGHT);
        room.acquire(permits);
        try {
            session.handOffWaiting(() -> {
                try {
                    session.send(text);
                } finally {
                    room.release(permits);
                }
            });
        } catch (RuntimeException | InterruptedException e) {
            room.release(permits); // the loop is closed, or we were interrupted: nothing will be sent
            throw e;
        }
    }

    /** Writes text and a line end. */
    public void println(String text) throws InterruptedException {
        write(text + "\n");
    }

    /** Writes a line end. */
    public void println() throws InterruptedException {
        write("\n");
    }

    /**
     * Writes a prompt, marked with GA or EOR as the client expects (see {@link Session#prompt});
     * waits, as {@link #write} does, while the session's queue to the loop is full.
     */
    public void prompt(String text) {
        waitingFor(() -> session.prompt(text));
    }

    /** Sets password mode (see {@link Session#setPasswordMode}); may wait as {@link #prompt} does. */
    public void setPasswordMode(boolean on) {
        waitingFor(() -> session.setPasswordMode(on));
    }

    /** Hands {@code task} over, waiting for room; interrupted, it tries once without waiting. */
    private void waitingFor(Runnable task) {
        try {
            session.handOffWaiting(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.run(); // hands over without waiting (closing the session if there is no room)
        }
    }

    /** Closes the connection after everything written so far has been delivered. */
    public void close() {
        session.close();
    }
}
