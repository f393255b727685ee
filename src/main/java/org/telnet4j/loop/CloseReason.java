package org.telnet4j.loop;

/** Why a connection closed. */
public enum CloseReason {
    /** The peer closed its end (read returned end-of-stream). */
    PEER_CLOSED,
    /** Our side closed it: {@code close()} or {@code deactivate()} after queued output was sent. */
    LOCAL_CLOSE,
    /** No input for longer than the idle timeout. */
    IDLE_TIMEOUT,
    /** The peer stopped reading and our output queue reached its cap. */
    OUTPUT_OVERFLOW,
    /** Refused at accept time because the connection limit was reached. */
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
    /** The peer asked to be logged out (DO LOGOUT, RFC 727) and we agreed. */
    LOGOUT,
    /** The peer's input went past a limit that protects the process (a decompression bomb). */
    INPUT_LIMIT,
    /**
     * Other threads handed this connection more work than its {@link HandOffQueue} holds: the
     * application got too far ahead of the loop for this one connection.
     */
    HAND_OFF_OVERFLOW
}
