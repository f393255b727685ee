package org.telnet4j.client;

import java.time.Duration;

/**
 * Blocking input for a {@link ClientShell}: the text the server sends, decoded, as lines or up to
 * a marker. Text is handed over from the event loop; when more than the limit
 * ({@link ClientConfig.Builder#maxBufferedText}, default {@link #MAX_BUFFERED}) characters wait
 * unread, the loop stops reading from the server until the shell catches up. A read that cannot
 * finish within the limit (a line longer than it, a match that has not come in it) would wait
 * forever, so the session is ended instead (logged): the text that came is still returned, then
 * the end of the connection. Reading costs time linear in the text, however much is buffered.
 * Safe to use from one reading thread at a time.
 */
public final class ClientReader {
    /** Characters buffered before reading from the server pauses, by default. */
    public static final int MAX_BUFFERED = ClientConfig.DEFAULT_MAX_BUFFERED_TEXT;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientReader.class);

    private final TextBuffer text = new TextBuffer();
    private final int max;
    private ClientSession session;
    private boolean eof;
    private boolean paused;
    private boolean overflowed;

    ClientReader() {
        this(MAX_BUFFERED);
    }

    ClientReader(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive, was " + max);
        }
        this.max = max;
    }

    /**
     * The next line, without its end of line (CR LF, LF or a lone CR); blocks until one is
     * complete. At the end of the connection, a last unterminated line is returned, then null.
     */
    public String readLine() throws InterruptedException {
        return readLine(null);
    }

    /**
     * The next line, waiting at most {@code timeout}; null on timeout or at the end of the
     * connection ({@link #isClosed()} tells which). Text read so far stays buffered.
     */
    public synchronized String readLine(Duration timeout) throws InterruptedException {
        long end = deadline(timeout);
        while (true) {
            String line = text.takeLine();
            if (line != null) {
                return taken(line);
            }
            if (eof) {
                if (text.unread() > 0 && !text.isLoneCr()) {
                    String last = text.takeAll();
                    return taken(last.endsWith("\r") ? last.substring(0, last.length() - 1) : last);
                }
                text.takeAll();
                return null;
            }
            checkRoom("a line end");
            if (!await(end)) {
                return null;
            }
        }
    }

    /**
     * Text up to and including {@code match}, waiting at most {@code timeout}; null if it does
     * not arrive in time or the connection ends first (the text read so far stays buffered).
     */
    public synchronized String readUntil(String match, Duration timeout) throws InterruptedException {
        long end = deadline(timeout);
        while (true) {
            String s = text.takeUntil(match);
            if (s != null) {
                return taken(s);
            }
            if (eof) {
                return null;
            }
            checkRoom("'" + match + "'");
            if (!await(end)) {
                return null;
            }
        }
    }

    /**
     * Whatever text has arrived, waiting at most {@code wait} for some; "" if none came, null
     * once the connection has ended and everything was read.
     */
    public synchronized String read(Duration wait) throws InterruptedException {
        long end = deadline(wait);
        while (text.unread() == 0) {
            if (eof) {
                return null;
            }
            if (!await(end)) {
                return "";
            }
        }
        return taken(text.takeAll());
    }

    /** True once the server has closed the connection and every character was read. */
    public synchronized boolean isClosed() {
        return eof && text.unread() == 0;
    }

    /** Characters examined by searches so far (tests pin linearity on it). */
    synchronized long scannedChars() {
        return text.scanned();
    }

    /**
     * Ends the session when the buffer is full and what the read waits for is not in it: reading
     * is paused, so it would never come. The read then returns what is buffered and the end.
     */
    private void checkRoom(String waitingFor) {
        if (overflowed || text.unread() < max || session == null) {
            return;
        }
        overflowed = true;
        LOG.warn("{}: the server sent {} characters without {} (the limit is {}: ClientConfig"
            + ".maxBufferedText); closing the session", session.addrport(), text.unread(), waitingFor, max);
        session.close();
    }

    private static long deadline(Duration timeout) {
        return timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    }

    /** Waits for more text until {@code end} (nanoTime); false once it has passed. */
    private boolean await(long end) throws InterruptedException {
        if (end == Long.MAX_VALUE) {
            wait();
            return true;
        }
        long left = end - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        wait(Math.max(1, left / 1_000_000), 0);
        return true;
    }

    private String taken(String result) {
        if (paused && text.unread() <= max / 2) {
            paused = false;
            ClientSession s = session;
            s.connection().loop().execute(() -> s.connection().setReadPaused(false));
        }
        return result;
    }

    /** Loop thread: text arrived. */
    synchronized void offer(ClientSession s, String chunk) {
        session = s;
        text.append(chunk);
        if (!paused && text.unread() > max) {
            paused = true;
            s.connection().setReadPaused(true);
        }
        notifyAll();
    }

    /** Loop thread: the connection ended. */
    synchronized void close() {
        eof = true;
        notifyAll();
    }
}
