package org.telnet4j.server;

import org.telnet4j.loop.CloseReason;

/**
 * Why a session ended, as {@link SessionHandler#onDisconnect(Session, DisconnectReason)} tells
 * the application: the event loop's {@link CloseReason}s, one for one, plus the reasons only the
 * session knows (an idle timeout, a telnet LOGOUT). The loop knows no telnet, so a session that
 * ends itself closes its connection as {@link CloseReason#LOCAL_CLOSE} and remembers why.
 */
public enum DisconnectReason {
    /** The client closed its end (read returned end-of-stream). */
    PEER_CLOSED,
    /**
     * The server closed it: {@link Session#close()}, {@link Session#deactivate()}, or an
     * application callback that threw; queued output was sent first.
     */
    LOCAL_CLOSE,
    /**
     * The client stopped reading and the session's output queue reached its cap
     * ({@code outputQueueCap} with the DISCONNECT overflow policy).
     */
    OUTPUT_OVERFLOW,
    /** The server or its event loop was shut down. */
    SHUTDOWN,
    /** An I/O error on the socket (also: an application callback overflowed the stack). */
    IO_ERROR,
    /**
     * TLS failed: a handshake that failed or did not finish in time, a bad record, a client that
     * asked to renegotiate.
     */
    TLS_ERROR,
    /** The client's input went past a limit that protects the process (a decompression bomb). */
    INPUT_LIMIT,
    /**
     * Other threads handed this session more work than its hand-off queue holds
     * ({@code maxHandOffTasks}): the application got too far ahead of the loop for this session.
     */
    HAND_OFF_OVERFLOW,
    /** No input from the client for longer than the server's idle timeout ({@code idleTimeout}). */
    IDLE_TIMEOUT,
    /** The client asked to be logged out (DO LOGOUT, RFC 727) and the server agreed. */
    LOGOUT;

    /**
     * The reason of the same name for a connection the loop closed for {@code reason}; the
     * deprecated {@code TOO_MANY_CONNECTIONS}, which no session ends with, is {@link #LOCAL_CLOSE}.
     * For a handler that still receives a {@link CloseReason} and hands it on to one written for
     * this enum.
     */
    @SuppressWarnings("deprecation") // the session-level CloseReasons, should anyone still pass them
    public static DisconnectReason of(CloseReason reason) {
        return switch (reason) {
            case PEER_CLOSED -> PEER_CLOSED;
            case LOCAL_CLOSE, TOO_MANY_CONNECTIONS -> LOCAL_CLOSE;
            case OUTPUT_OVERFLOW -> OUTPUT_OVERFLOW;
            case SHUTDOWN -> SHUTDOWN;
            case IO_ERROR -> IO_ERROR;
            case TLS_ERROR -> TLS_ERROR;
            case INPUT_LIMIT -> INPUT_LIMIT;
            case HAND_OFF_OVERFLOW -> HAND_OFF_OVERFLOW;
            case IDLE_TIMEOUT -> IDLE_TIMEOUT;
            case LOGOUT -> LOGOUT;
        };
    }

    /**
     * The nearest {@link CloseReason}: the same name (the session-level ones among the deprecated
     * constants), what handlers written against {@code onDisconnect(Session, CloseReason)} were
     * given and what {@link ServerStats#closed()} counts under.
     */
    @SuppressWarnings("deprecation") // IDLE_TIMEOUT and LOGOUT, kept for those handlers
    CloseReason closeReason() {
        return switch (this) {
            case PEER_CLOSED -> CloseReason.PEER_CLOSED;
            case LOCAL_CLOSE -> CloseReason.LOCAL_CLOSE;
            case OUTPUT_OVERFLOW -> CloseReason.OUTPUT_OVERFLOW;
            case SHUTDOWN -> CloseReason.SHUTDOWN;
            case IO_ERROR -> CloseReason.IO_ERROR;
            case TLS_ERROR -> CloseReason.TLS_ERROR;
            case INPUT_LIMIT -> CloseReason.INPUT_LIMIT;
            case HAND_OFF_OVERFLOW -> CloseReason.HAND_OFF_OVERFLOW;
            case IDLE_TIMEOUT -> CloseReason.IDLE_TIMEOUT;
            case LOGOUT -> CloseReason.LOGOUT;
        };
    }
}
