package org.telnet4j.loop;

/**
 * Why a connection closed: the event loop's reasons, which know nothing of telnet. A server
 * application is told {@link org.telnet4j.server.DisconnectReason}, which adds the reasons only a
 * session knows; the constants that were such reasons are deprecated and the loop never reports
 * them (they stay so that code naming them still compiles).
 */
public enum CloseReason {
    /** The peer closed its end (read returned end-of-stream). */
    PEER_CLOSED,
    /** Our side closed it: {@code close()} or {@code deactivate()} after queued output was sent. */
    LOCAL_CLOSE,
    /**
     * No input for longer than the idle timeout.
     *
     * @deprecated the idle timeout is the server's, not the loop's: the loop never reports this;
     *     a server application sees {@link org.telnet4j.server.DisconnectReason#IDLE_TIMEOUT}.
     *     Kept for code that names it, and passed to handlers that still override the deprecated
     *     {@code SessionHandler.onDisconnect(Session, CloseReason)}.
     */
    @Deprecated
    IDLE_TIMEOUT,
    /** The peer stopped reading and our output queue reached its cap. */
    OUTPUT_OVERFLOW,
    /**
     * Refused at accept time because the connection limit was reached.
     *
     * @deprecated never reported: a refused connection never becomes a session, and the server
     *     counts it in {@code ServerStats.refused()} instead. Kept for code that names it.
     */
    @Deprecated
    TOO_MANY_CONNECTIONS,
    /** The server or loop was shut down. */
    SHUTDOWN,
    /** An I/O error on the socket. */
    IO_ERROR,
    /**
     * TLS failed: a handshake that failed or did not finish in time, a bad record, a peer that
     * asked to renegotiate; {@link Connection#failure()} says what.
     */
    TLS_ERROR,
    /**
     * The peer asked to be logged out (DO LOGOUT, RFC 727) and we agreed.
     *
     * @deprecated LOGOUT is a telnet option, which the loop does not know: the loop never reports
     *     this; a server application sees {@link org.telnet4j.server.DisconnectReason#LOGOUT}.
     *     Kept for code that names it, and passed to handlers that still override the deprecated
     *     {@code SessionHandler.onDisconnect(Session, CloseReason)}.
     */
    @Deprecated
    LOGOUT,
    /** The peer's input went past a limit that protects the process (a decompression bomb). */
    INPUT_LIMIT,
    /**
     * Other threads handed this connection more work than its {@link HandOffQueue} holds: the
     * application got too far ahead of the loop for this one connection.
     */
    HAND_OFF_OVERFLOW
}
