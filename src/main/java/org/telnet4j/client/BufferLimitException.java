package org.telnet4j.client;

import java.io.IOException;

/**
 * A read could not finish within the client's buffer limit: the server sent more than the limit
 * without what the read waits for (a line end, a match, the end of the connection). What arrived
 * is still buffered: a read that takes whatever is there returns it, so nothing is lost; the limit
 * itself is a client setting ({@link ClientConfig.Builder#maxBufferedText},
 * {@link Telnet#setMaxBuffered}).
 */
public final class BufferLimitException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int limit;

    /** {@code message} says what was waited for; {@code limit} is the limit that was reached. */
    public BufferLimitException(String message, int limit) {
        super(message);
        this.limit = limit;
    }

    /** The limit that was reached, in characters (or bytes, for {@link Telnet}). */
    public int limit() {
        return limit;
    }
}
