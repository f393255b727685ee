package org.telnet4j.server;

import java.time.Duration;

/**
 * One client of a {@link BlockingTelnetServer}, with miniboa's names: {@code send},
 * {@code readLine}, {@code active}, {@code addrport}, {@code idle}, {@code duration},
 * {@code deactivate}. Thread-safe; read from one thread at a time.
 */
public final class BlockingConnection {
    private final Session session;
    private final ShellReader in;

    BlockingConnection(Session session, ShellReader in) {
        this.session = session;
        this.in = in;
    }

    /** The next line the client typed; null once it has disconnected. */
    public String readLine() throws InterruptedException {
        return in.readLine();
    }

    /** The next line, waiting at most {@code timeout}; null on timeout or disconnection. */
    public String readLine(Duration timeout) throws InterruptedException {
        return in.readLine(timeout);
    }

    /**
     * Sends text; LF becomes CR LF. Waits while this session's queue to the loop is full (see
     * {@link TelnetServer.Builder#maxHandOffTasks}), as a shell's writer does.
     */
    public void send(String text) {
        Runnable task = () -> session.send(text);
        try {
            session.handOffWaiting(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.run(); // hands over without waiting (closing the session if there is no room)
        }
    }

    /** True while the client is connected and not closing. */
    public boolean active() {
        return session.isActive();
    }

    /** The client's address as {@code "ip:port"}. */
    public String addrport() {
        return session.addrport();
    }

    /** Time since the client last sent anything. */
    public Duration idle() {
        return session.idle();
    }

    /** Time since the client connected. */
    public Duration duration() {
        return session.duration();
    }

    /** Closes after queued output is delivered. */
    public void deactivate() {
        session.close();
    }

    /** Same as {@link #deactivate()}. */
    public void close() {
        session.close();
    }

    /** The terminal type the client reported. */
    public String terminalType() {
        return session.terminalType();
    }

    /** Window width. */
    public int columns() {
        return session.columns();
    }

    /** Window height. */
    public int rows() {
        return session.rows();
    }

    /** The session, for everything else (options, encoding, password mode). */
    public Session session() {
        return session;
    }
}
