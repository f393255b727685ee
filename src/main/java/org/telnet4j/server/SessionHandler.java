package org.telnet4j.server;

import java.nio.charset.Charset;
import java.util.Map;
import org.telnet4j.loop.CloseReason;

/**
 * What a {@link TelnetServer} tells the application. Every method runs on the server's event-loop
 * thread, one call at a time, so an implementation needs no locks; it must not block (hand slow
 * work to another thread and come back with {@link Session#send}, which is thread-safe).
 *
 * <p>Order for one session: {@link #onConnect} once, when option negotiation has settled or its
 * deadline passed (the session already knows the terminal type, window size, environment and
 * charset the client told); then any of the other events; then {@link #onDisconnect(Session, DisconnectReason)} once.
 * Messages (GMCP, MSDP) and lines that arrive during negotiation are delivered right after
 * {@code onConnect}, in order. Events that
 * happen before {@code onConnect} are not reported separately: their result is in the session.
 */
public interface SessionHandler {

    /** A client connected and negotiation is over. */
    default void onConnect(Session session) {
    }

    /**
     * A line of input, without its end-of-line. The default queues it for
     * {@link Session#nextLine()}, for applications that poll for input as miniboa's do.
     */
    default void onLine(Session session, String line) {
        session.queueLine(line);
    }

    /**
     * The session ended; it was connected ({@link #onConnect} was called). The only one of the
     * two {@code onDisconnect} methods the server calls. The default calls the deprecated
     * {@link #onDisconnect(Session, CloseReason)} with the {@link CloseReason} of the same name,
     * so a handler that overrides only that one keeps working.
     */
    default void onDisconnect(Session session, DisconnectReason reason) {
        onDisconnect(session, reason.closeReason());
    }

    /**
     * The session ended, with the reason as the event loop's {@link CloseReason}.
     *
     * @deprecated override {@link #onDisconnect(Session, DisconnectReason)}: an idle timeout and a
     *     LOGOUT are the session's reasons, not the loop's. Still called, by the default of that
     *     method (an idle timeout as {@code IDLE_TIMEOUT}, a LOGOUT as {@code LOGOUT}, as before);
     *     a handler that overrides the new method is not called here.
     */
    @Deprecated
    default void onDisconnect(Session session, CloseReason reason) {
    }

    /** The client reported a new window size (NAWS, RFC 1073). */
    default void onWindowSize(Session session, int columns, int rows) {
    }

    /** The terminal-type cycle ended with a new terminal type (RFC 1091). */
    default void onTerminalType(Session session, String terminalType) {
    }

    /** The client sent environment variables (NEW-ENVIRON IS or INFO, RFC 1572). */
    default void onEnvironment(Session session, Map<String, String> variables) {
    }

    /** The session's text encoding changed (CHARSET, RFC 2066, or LANG from the environment). */
    default void onCharset(Session session, Charset charset) {
    }

    /**
     * A telnet command arrived: IP, BRK, AO, AYT, ABORT, SUSP, EOF, GA, EOR, NOP, DM (see
     * {@link org.telnet4j.protocol.TelnetCommand}). AYT has already been answered; EC and EL
     * have already edited the line; DM is also reported to {@link #onSynch}.
     */
    default void onCommand(Session session, int command) {
    }

    /**
     * LINEMODE (RFC 1184, {@code linemodeOption}): the mode agreed with the client changed.
     * {@code mode} has {@code Linemode.EDIT} when the client edits lines itself and
     * {@code Linemode.TRAPSIG} when it sends interrupt keys as commands; -1 when LINEMODE stopped.
     */
    default void onLinemode(Session session, int mode) {
    }

    /** A GMCP message from the client ({@code Core.Hello}, {@code Core.Supports.Set}, ...). */
    default void onGmcp(Session session, org.telnet4j.option.mud.Gmcp.Message message) {
    }

    /** MSDP variables or commands (LIST, REPORT, SEND, ...) from the client. */
    default void onMsdp(Session session, Map<String, Object> variables) {
    }

    /**
     * An option changed state after {@link #onConnect}: ENABLED or DISABLED on a side, a request
     * refused by the client, and the rest of {@link org.telnet4j.protocol.NegotiationEvent}. The
     * session's {@code isLocalEnabled}/{@code isRemoteEnabled} already show the new state.
     */
    default void onOptionChange(Session session, org.telnet4j.protocol.NegotiationEvent event,
                                org.telnet4j.protocol.Side side, int option) {
    }

    /**
     * The client sent a Synch mark ({@code IAC DM}, RFC 854), usually right after IP or AO. The
     * line being typed has already been discarded.
     */
    default void onSynch(Session session) {
    }

    /**
     * The client answered a STATUS request (RFC 859) with its view of the options;
     * {@code differences} lists where it disagrees with ours (also logged at debug level).
     */
    default void onStatus(Session session, org.telnet4j.option.Status.Report report,
                          java.util.List<org.telnet4j.option.Status.Difference> differences) {
    }

    /**
     * The client asked to be logged out (DO LOGOUT, RFC 727): the server has answered WILL LOGOUT
     * and closes the session after this call.
     */
    default void onLogout(Session session) {
    }

    /** The client sent its location (SEND-LOCATION, RFC 779). */
    default void onLocation(Session session, String location) {
    }

    /** The client sent its terminal speed in bits per second (TERMINAL-SPEED, RFC 1079). */
    default void onTerminalSpeed(Session session, int transmit, int receive) {
    }

    /** The client sent its X display location (X-DISPLAY-LOCATION, RFC 1096). */
    default void onXDisplay(Session session, String display) {
    }

    /**
     * A subnegotiation for an option the server does not handle itself (GMCP, MSDP, ...). The
     * payload is unescaped and valid only during the call.
     */
    default void onSubnegotiation(Session session, int option, byte[] payload, int off, int len) {
    }
}
