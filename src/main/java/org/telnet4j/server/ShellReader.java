package org.telnet4j.server;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Blocking input for a {@link Shell}: the lines the client types, edited by the server.
 *
 * <p>Lines are handed over from the event loop. When {@code maxQueuedLines} are waiting unread,
 * the loop stops reading from that client until the shell catches up, so a fast typist (or a
 * paste) is slowed down, never cut. Safe to use from one reading thread at a time.
 */
public final class ShellReader {
    private static final String EOF = new String("<eof>");

    private final Session session;
    private final int cap;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private volatile boolean paused;
    private volatile boolean closed;
    private String partial;
    private int partialPos;

    ShellReader(Session session, int maxQueuedLines) {
        this.session = session;
        this.cap = maxQueuedLines;
    }

    /** The next line, without its end-of-line; null once the client has disconnected. */
    public String readLine() throws InterruptedException {
        if (closed && lines.isEmpty()) {
            return null;
        }
        return took(lines.take());
    }

    /**
     * The next line, waiting at most {@code timeout}; null on timeout or disconnection
     * ({@link #isClosed()} tells which).
     */
    public String readLine(Duration timeout) throws InterruptedException {
        if (closed && lines.isEmpty()) {
            return null;
        }
        return took(lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    /**
     * The next character of input, with each line followed by {@code '\n'}; -1 once the client
     * has disconnected.
     */
    public int read() throws InterruptedException {
        if (partial == null) {
            String l = readLine();
            if (l == null) {
                return -1;
            }
            partial = l;
            partialPos = 0;
        }
        if (partialPos < partial.length()) {
            return partial.charAt(partialPos++);
        }
        partial = null;
        return '\n';
    }

    /** True once the client has disconnected and every line has been read. */
    public boolean isClosed() {
        return closed && lines.isEmpty();
    }

    private String took(String l) throws InterruptedException {
        if (l == EOF) {
            lines.offer(EOF); // keep EOF visible to later calls
            return null;
        }
        if (l != null && paused && lines.size() <= cap / 2) {
            paused = false;
            // Through the session's own queue: a resume must never fail for want of room elsewhere.
            session.handOffWaiting(() -> session.connection().setReadPaused(false));
        }
        return l;
    }

    /** Loop thread: a line arrived. */
    void offer(String line) {
        lines.offer(line);
        if (!paused && lines.size() >= cap) {
            paused = true;
            session.connection().setReadPaused(true);
        }
    }

    /** Loop thread: the client disconnected. */
    void eof() {
        closed = true;
        lines.offer(EOF);
    }
}
