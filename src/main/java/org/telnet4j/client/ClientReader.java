package org.telnet4j.client;

import java.time.Duration;

/**
 * Blocking input for a {@link ClientShell}: the text the server sends, decoded, as lines or up to
 * a marker. Text is handed over from the event loop; when more than {@link #MAX_BUFFERED}
 * characters wait unread, the loop stops reading from the server until the shell catches up.
 * Safe to use from one reading thread at a time.
 */
public final class ClientReader {
    /** Characters buffered before reading from the server pauses. */
    public static final int MAX_BUFFERED = 1 << 20;

    private final StringBuilder text = new StringBuilder();
    private ClientSession session;
    private boolean eof;
    private boolean paused;

    ClientReader() {
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
            int eol = lineEnd();
            if (eol >= 0) {
                String line = text.substring(0, eol);
                int skip = eol + 1;
                if (text.charAt(eol) == '\r' && skip < text.length() && text.charAt(skip) == '\n') {
                    skip++;
                }
                return take(skip, line);
            }
            if (eof) {
                if (text.length() > 0 && !(text.length() == 1 && text.charAt(0) == '\r')) {
                    String last = text.toString();
                    return take(text.length(), last.endsWith("\r") ? last.substring(0, last.length() - 1) : last);
                }
                text.setLength(0);
                return null;
            }
            if (!await(end)) {
                return null;
            }
        }
    }

    private int lineEnd() {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                return i;
            }
            if (c == '\r' && i + 1 < text.length()) {
                return i; // CR LF, or a lone CR with something after it
            }
        }
        return -1;
    }

    /**
     * Text up to and including {@code match}, waiting at most {@code timeout}; null if it does
     * not arrive in time or the connection ends first (the text read so far stays buffered).
     */
    public synchronized String readUntil(String match, Duration timeout) throws InterruptedException {
        long end = deadline(timeout);
        while (true) {
            int at = text.indexOf(match);
            if (at >= 0) {
                int n = at + match.length();
                return take(n, text.substring(0, n));
            }
            if (eof || !await(end)) {
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
        while (text.length() == 0) {
            if (eof) {
                return null;
            }
            if (!await(end)) {
                return "";
            }
        }
        return take(text.length(), text.toString());
    }

    /** True once the server has closed the connection and every character was read. */
    public synchronized boolean isClosed() {
        return eof && text.length() == 0;
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

    private String take(int n, String result) {
        text.delete(0, n);
        if (paused && text.length() <= MAX_BUFFERED / 2) {
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
        if (!paused && text.length() > MAX_BUFFERED) {
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
