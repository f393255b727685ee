package org.telnet4j.console;

import java.nio.charset.Charset;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.charset.StreamDecoder;
import org.telnet4j.loop.Timer;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.server.Session;

/**
 * Drives a {@link ConsoleEditor} for one telnet session, on the server's event-loop thread and
 * without threads of its own: it takes the session's in-band bytes ({@link Session#setRawInput}),
 * decodes them with the session's charset, feeds the editor, and sends what the editor draws.
 * This is the event-driven face, for servers that must not spend a thread per connection:
 *
 * <pre>{@code
 * public void onConnect(Session s) {
 *     ConsoleSession c = ConsoleSession.attach(s);
 *     c.readLine("> ", (console, line) -> { ...; console.readLine("> ", ...); });
 * }
 * public void onWindowSize(Session s, int cols, int rows) { ConsoleSession.windowChanged(s); }
 * public void onCommand(Session s, int command) { ConsoleSession.command(s, command); }
 * public void onDisconnect(Session s, DisconnectReason r) { ConsoleSession.closed(s); }
 * }</pre>
 *
 * <p>{@link ConsoleIO} is the blocking face over it, for a shell on a thread of its own.
 * Limits: the editor's line length and type-ahead (reads from the client pause while the
 * type-ahead is full, so a paste is slowed, never cut), and a lone ESC is taken as the Escape key
 * when nothing follows it within {@link #DEFAULT_ESCAPE_TIMEOUT_MS} milliseconds.
 */
public final class ConsoleSession {
    /** How long an ESC waits for the rest of a key sequence, in milliseconds. */
    public static final long DEFAULT_ESCAPE_TIMEOUT_MS = 300;

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSession.class);
    private static final String KEY = ConsoleSession.class.getName();

    /** Receives a line; called on the loop thread. */
    @FunctionalInterface
    public interface LineHandler {
        /**
         * A line was entered.
         *
         * @param line the line, or null if input ended (Ctrl-D on an empty line, or the client
         *     disconnected)
         */
        void onLine(ConsoleSession console, String line);
    }

    private final Session session;
    private final ConsoleEditor editor;
    private final StreamDecoder decoder;
    private final StreamDecoder.Scratch scratch = new StreamDecoder.Scratch();
    private final long escapeTimeoutMs;
    private LineHandler pending;
    private Timer escapeTimer;
    private boolean paused;
    private boolean closed;

    private ConsoleSession(Session session, int maxLine, int maxTypeahead, long escapeTimeoutMs) {
        this.session = session;
        this.escapeTimeoutMs = escapeTimeoutMs;
        this.decoder = new StreamDecoder(session.charset());
        this.editor = new ConsoleEditor(new ConsoleEditor.Listener() {
            @Override
            public void onLine(String line) {
                deliver(line);
            }

            @Override
            public void onEof() {
                deliver(null);
            }

            @Override
            public void onLineTooLong(int max) {
                LOG.info("{} console line reached its limit of {} characters; further input refused",
                    session.addrport(), max);
            }
        }, maxLine, maxTypeahead);
        editor.setColumns(session.columns() > 0 ? session.columns() : 80);
    }

    /** Puts a console with the default limits on {@code session}. Loop thread. */
    public static ConsoleSession attach(Session session) {
        return attach(session, ConsoleEditor.DEFAULT_MAX_LINE, ConsoleEditor.DEFAULT_MAX_TYPEAHEAD,
            DEFAULT_ESCAPE_TIMEOUT_MS);
    }

    /**
     * Puts a console on {@code session}: its in-band input goes to the console's editor from now
     * on. Loop thread.
     *
     * @param maxLine longest line, in UTF-16 units
     * @param maxTypeahead characters kept between lines before reading from the client pauses
     * @param escapeTimeoutMs how long a lone ESC waits for the rest of a sequence
     */
    public static ConsoleSession attach(Session session, int maxLine, int maxTypeahead, long escapeTimeoutMs) {
        Objects.requireNonNull(session, "session");
        ConsoleSession c = new ConsoleSession(session, maxLine, maxTypeahead, escapeTimeoutMs);
        session.setAttribute(KEY, c);
        session.setRawInput((s, buf, off, len) -> c.input(buf, off, len));
        return c;
    }

    /** The console attached to {@code session}, or null. */
    public static ConsoleSession of(Session session) {
        return (ConsoleSession) session.getAttribute(KEY);
    }

    /** Call from {@code SessionHandler.onWindowSize}: redraws for the new width. Loop thread. */
    public static void windowChanged(Session session) {
        ConsoleSession c = of(session);
        if (c != null && session.columns() > 0) {
            c.editor.setColumns(session.columns());
            c.flush();
        }
    }

    /**
     * Call from {@code SessionHandler.onCommand}: a client that sends IP (Ctrl-C as a telnet
     * command), EC or EL gets the same as the key; after AYT (answered by the session) the line
     * is drawn again below the answer. Loop thread.
     */
    public static void command(Session session, int command) {
        ConsoleSession c = of(session);
        if (c == null) {
            return;
        }
        switch (command) {
            case TelnetCommand.IP -> c.feed('\003');
            case TelnetCommand.EC -> c.feed('\177');
            case TelnetCommand.EL -> c.feed('\025');
            case TelnetCommand.AYT -> c.editor.redrawOnFreshRow(); // the session answered "[Yes]" on rows of its own
            default -> {
                return;
            }
        }
        c.flush();
    }

    /** Call from {@code SessionHandler.onDisconnect}: a pending read gets null. Loop thread. */
    public static void closed(Session session) {
        ConsoleSession c = of(session);
        if (c != null) {
            c.close();
        }
    }

    /** The session. */
    public Session session() {
        return session;
    }

    /** The editor, for its history and completion settings. Loop thread. */
    public ConsoleEditor editor() {
        return editor;
    }

    /** Shows {@code prompt} and edits a line; {@code handler} gets it. Loop thread. */
    public void readLine(String prompt, LineHandler handler) {
        start(prompt, false, handler);
    }

    /** As {@link #readLine}, but nothing typed is shown (the server echoes, RFC 857) or remembered. */
    public void readPassword(String prompt, LineHandler handler) {
        start(prompt, true, handler);
    }

    private void start(String prompt, boolean mask, LineHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (closed) {
            handler.onLine(this, null);
            return;
        }
        if (pending != null) {
            throw new IllegalStateException("a line is already being read");
        }
        pending = handler;
        if (session.columns() > 0) {
            editor.setColumns(session.columns());
        }
        editor.start(prompt, mask);
        if (paused && !editor.typeaheadFull()) {
            paused = false;
            session.connection().setReadPaused(false);
        }
        flush();
    }

    /**
     * Prints text from any thread. While a line is being edited it appears above it and the line
     * is drawn again below; otherwise it is sent as it is. LF becomes CR LF.
     */
    public void print(String text) {
        Objects.requireNonNull(text, "text");
        session.connection().loop().runOnLoop(() -> {
            if (!closed) {
                editor.print(text);
                flush();
            }
        });
    }

    /** True while a line is being edited. Loop thread. */
    public boolean isReading() {
        return pending != null;
    }

    private void input(byte[] buf, int off, int len) {
        Charset cs = session.charset();
        if (!cs.equals(decoder.charset())) {
            decoder.setCharset(cs);
        }
        if (escapeTimer != null) {
            escapeTimer.cancel();
            escapeTimer = null;
        }
        decoder.decode(buf, off, len, scratch, this::feed);
        if (editor.hasPendingEscape()) {
            escapeTimer = session.connection().loop().schedule(escapeTimeoutMs, TimeUnit.MILLISECONDS, () -> {
                escapeTimer = null;
                editor.flushEscape();
                flush();
            });
        }
        if (!paused && editor.typeaheadFull()) {
            paused = true;
            LOG.debug("{} console type-ahead full; reading paused until the next line is read",
                session.addrport());
            session.connection().setReadPaused(true);
        }
        flush();
    }

    private void feed(char c) {
        editor.feed(c);
    }

    private void deliver(String line) {
        LineHandler h = pending;
        pending = null;
        flush();
        if (h != null) {
            h.onLine(this, line);
        }
    }

    private void flush() {
        if (editor.hasOutput()) {
            session.send(editor.takeOutput());
        }
    }

    private void close() {
        closed = true;
        if (escapeTimer != null) {
            escapeTimer.cancel();
        }
        LineHandler h = pending;
        pending = null;
        if (h != null) {
            h.onLine(this, null);
        }
    }
}
