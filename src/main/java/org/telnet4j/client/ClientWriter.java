package org.telnet4j.client;

import java.util.Objects;

/** Text output for a {@link ClientShell}; thread-safe (writes are handed to the event loop). */
public final class ClientWriter {
    private final ClientSession session;

    /** A writer to {@code session}. */
    public ClientWriter(ClientSession session) {
        this.session = Objects.requireNonNull(session);
    }

    /** The session: options, encoding, window size; its methods are thread-safe. */
    public ClientSession session() {
        return session;
    }

    /** Sends text; LF becomes CR LF. */
    public void write(String text) {
        session.send(text);
    }

    /** Sends text and a line end (CR LF). */
    public void println(String text) {
        session.send(text + "\n");
    }

    /** Closes the connection after everything written so far has been sent. */
    public void close() {
        session.close();
    }
}
