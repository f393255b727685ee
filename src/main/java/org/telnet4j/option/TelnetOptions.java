package org.telnet4j.option;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.telnet4j.protocol.NegotiationEvent;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetEngine;
import org.telnet4j.protocol.TelnetOption;

/**
 * The options of the RFC list that need more than a yes or no, for one connection, on top of a
 * {@link TelnetEngine} and without I/O: STATUS (RFC 859), TIMING-MARK requests (RFC 860), LOGOUT
 * (RFC 727), SEND-LOCATION (RFC 779), TERMINAL-SPEED (RFC 1079), X-DISPLAY-LOCATION (RFC 1096),
 * REMOTE-FLOW-CONTROL (RFC 1372), plus the Synch mark (DM, RFC 854) and, on the client, prompt
 * marks (GA, RFC 854; EOR, RFC 885). TERMINAL-TYPE, NAWS, NEW-ENVIRON, ENVIRON and CHARSET have
 * classes of their own ({@link TerminalType}, {@link WindowSize}, {@link Environ},
 * {@link CharsetNegotiation}) driven by the server's and the client's negotiation code.
 *
 * <p>The owner routes the engine's callbacks here ({@link #onSubnegotiation},
 * {@link #onNegotiationEvent}, {@link #onCommand}); whether an option is agreed to at all is the
 * engine's {@link org.telnet4j.protocol.OptionPolicy}'s business. Who does what follows the RFCs'
 * roles:
 * <ul>
 * <li>STATUS: both roles. A peer's SEND is answered with IS built from the real negotiated state
 *     when we said WILL STATUS; a peer's IS is compared with our state and reported with its
 *     differences; {@link #requestStatus()} asks (DO STATUS first if needed).
 * <li>TIMING-MARK: {@link #timingMark()} sends DO TM and completes when WILL TM or WONT TM
 *     returns; the engine itself answers the peer's DO TM.
 * <li>LOGOUT: the server reports an accepted DO LOGOUT (it then closes); the client asks with
 *     {@link #requestLogout()} and reports the server's WILL LOGOUT.
 * <li>SEND-LOCATION: the client sends its location once WILL SNDLOC is agreed; the server reports
 *     it.
 * <li>TERMINAL-SPEED, X-DISPLAY-LOCATION: the server sends SEND once the client's WILL is agreed
 *     and reports the IS; the client answers SEND with what it was configured with.
 * <li>REMOTE-FLOW-CONTROL: the server sends commands ({@link #sendFlowControl}); the client keeps
 *     the state and reports each command.
 * </ul>
 *
 * <p>Not thread-safe: the engine's thread only. The parser's data path never comes here.
 */
public final class TelnetOptions {
    /** Which end of the connection this is. */
    public enum Role {
        /** The side that accepted the connection. */
        SERVER,
        /** The side that opened it (RFC 854's "user" side). */
        CLIENT
    }

    /** What the options report. Defaults do nothing. Called on the engine's thread. */
    public interface Listener {
        /** The peer sent STATUS IS; {@code differences} lists where it disagrees with us. */
        default void onStatus(Status.Report report, List<Status.Difference> differences) {
        }

        /** Server: the client's DO LOGOUT was accepted. Client: the server said WILL LOGOUT. */
        default void onLogout() {
        }

        /** Server: the client's location (SEND-LOCATION). */
        default void onLocation(String location) {
        }

        /** Server: the client's terminal speed, bits per second (TERMINAL-SPEED IS). */
        default void onTerminalSpeed(int transmit, int receive) {
        }

        /** Server: the client's X display (X-DISPLAY-LOCATION IS). */
        default void onXDisplay(String display) {
        }

        /** Client: the server sent a REMOTE-FLOW-CONTROL command ({@link FlowControl}). */
        default void onFlowControl(int command) {
        }

        /** {@code IAC DM}: the mark of a Synch (RFC 854). */
        default void onSynch() {
        }

        /** Client: a prompt mark from the server, {@code IAC GA} or {@code IAC EOR}. */
        default void onPrompt(int command) {
        }
    }

    private final TelnetEngine engine;
    private final Role role;
    private final Listener listener;
    private final String terminalSpeed;
    private final String xdisplay;
    private String location;
    private ArrayDeque<CompletableFuture<Void>> marks;
    private boolean statusWanted;
    private int pendingFlow = -1;
    private Status.Report lastStatus;
    private int[] peerSpeed;
    private String peerXDisplay;
    private String peerLocation;
    private final FlowControl.State flow = new FlowControl.State();

    /**
     * @param engine the connection's engine, for sending and option state
     * @param role server or client
     * @param listener receives the reports
     * @param terminalSpeed client: the TSPEED answer {@code "transmit,receive"}, or null
     * @param xdisplay client: the XDISPLOC answer, or null
     * @param location client: the SNDLOC text, or null
     */
    public TelnetOptions(TelnetEngine engine, Role role, Listener listener, String terminalSpeed,
                         String xdisplay, String location) {
        this.engine = engine;
        this.role = role;
        this.listener = listener;
        this.terminalSpeed = terminalSpeed;
        this.xdisplay = xdisplay;
        this.location = location;
    }

    /** A server's options. */
    public static TelnetOptions server(TelnetEngine engine, Listener listener) {
        return new TelnetOptions(engine, Role.SERVER, listener, null, null, null);
    }

    /** This side's role. */
    public Role role() {
        return role;
    }

    // ------------------------------------------------------------------ engine callbacks

    /** A subnegotiation arrived. @return true if it was for an option handled here */
    public boolean onSubnegotiation(int option, byte[] buf, int off, int len) {
        switch (option) {
            case TelnetOption.STATUS:
                status(buf, off, len);
                return true;
            case TelnetOption.TSPEED:
                if (role == Role.CLIENT) {
                    answer(option, terminalSpeed, buf, off, len);
                } else {
                    int[] s = TextOption.parseSpeed(TextOption.parseIs(buf, off, len));
                    if (s != null) {
                        peerSpeed = s;
                        listener.onTerminalSpeed(s[0], s[1]);
                    }
                }
                return true;
            case TelnetOption.XDISPLOC:
                if (role == Role.CLIENT) {
                    answer(option, xdisplay, buf, off, len);
                } else {
                    String d = TextOption.parseIs(buf, off, len);
                    if (d != null) {
                        peerXDisplay = d;
                        listener.onXDisplay(d);
                    }
                }
                return true;
            case TelnetOption.SNDLOC:
                if (role == Role.SERVER) {
                    peerLocation = SendLocation.parse(buf, off, len);
                    listener.onLocation(peerLocation);
                }
                return true;
            case TelnetOption.LFLOW:
                if (role == Role.CLIENT) {
                    int c = FlowControl.parse(buf, off, len);
                    if (c >= 0 && engine.isLocalEnabled(TelnetOption.LFLOW)) {
                        flow.apply(c);
                        listener.onFlowControl(c);
                    }
                }
                return true;
            default:
                return false;
        }
    }

    private void answer(int option, String value, byte[] buf, int off, int len) {
        if (value != null && TextOption.isSend(buf, off, len) && engine.isLocalEnabled(option)) {
            byte[] p = TextOption.isPayload(value);
            engine.sendSubnegotiation(option, p, 0, p.length);
        }
    }

    private void status(byte[] buf, int off, int len) {
        if (len < 1) {
            return;
        }
        if (buf[off] == Status.SEND) {
            if (engine.isLocalEnabled(TelnetOption.STATUS)) { // RFC 859: only WILL's side sends IS
                sendStatus();
            }
            return;
        }
        Status.Report r = Status.parse(buf, off, len);
        if (r != null) {
            lastStatus = r;
            listener.onStatus(r, r.compare(engine.options()));
        }
    }

    /** An option changed state; follows up where the option has more to say. */
    public void onNegotiationEvent(NegotiationEvent event, Side side, int option) {
        if (event == NegotiationEvent.TIMING_MARK) {
            completeMarks();
            return;
        }
        if (event == NegotiationEvent.REFUSED_BY_PEER && option == TelnetOption.TM) {
            completeMarks();
            return;
        }
        if (event == NegotiationEvent.REFUSED_BY_PEER && option == TelnetOption.STATUS) {
            statusWanted = false;
            return;
        }
        if (event == NegotiationEvent.REFUSED_BY_PEER && option == TelnetOption.LFLOW) {
            pendingFlow = -1;
            return;
        }
        if (event != NegotiationEvent.ENABLED) {
            return;
        }
        switch (option) {
            case TelnetOption.STATUS:
                if (side == Side.REMOTE && statusWanted) {
                    statusWanted = false;
                    sendSend(TelnetOption.STATUS);
                }
                break;
            case TelnetOption.TSPEED:
            case TelnetOption.XDISPLOC:
                if (side == Side.REMOTE && role == Role.SERVER) {
                    sendSend(option);
                }
                break;
            case TelnetOption.SNDLOC:
                if (side == Side.LOCAL && role == Role.CLIENT && location != null) {
                    sendLocation();
                }
                break;
            case TelnetOption.LFLOW:
                if (side == Side.REMOTE && pendingFlow >= 0) {
                    int c = pendingFlow;
                    pendingFlow = -1;
                    sendFlowControl(c);
                }
                break;
            case TelnetOption.LOGOUT:
                if ((side == Side.LOCAL) == (role == Role.SERVER)) {
                    listener.onLogout();
                }
                break;
            default:
                break;
        }
    }

    /** A two-byte command arrived. */
    public void onCommand(int command) {
        if (command == TelnetCommand.DM) {
            listener.onSynch();
        } else if (role == Role.CLIENT && (command == TelnetCommand.GA || command == TelnetCommand.EOR)) {
            listener.onPrompt(command);
        }
    }

    /** The connection ended: pending timing marks fail with {@link IllegalStateException}. */
    public void onClosed() {
        if (marks != null) {
            CompletableFuture<Void> f;
            while ((f = marks.poll()) != null) {
                f.completeExceptionally(new IllegalStateException("connection closed"));
            }
        }
    }

    // ------------------------------------------------------------------ requests

    /**
     * Asks the peer for its view of the options: {@code SB STATUS SEND} if it already WILL STATUS,
     * otherwise {@code DO STATUS} first and the SEND once it agrees. The answer comes to
     * {@link Listener#onStatus}.
     */
    public void requestStatus() {
        if (engine.isRemoteEnabled(TelnetOption.STATUS)) {
            sendSend(TelnetOption.STATUS);
        } else {
            statusWanted = true;
            engine.enable(Side.REMOTE, TelnetOption.STATUS);
        }
    }

    /**
     * Sends {@code SB STATUS IS} with our current state, unasked (RFC 859 allows it once we
     * WILL STATUS). @return false if STATUS is not enabled on our side
     */
    public boolean sendStatus() {
        if (!engine.isLocalEnabled(TelnetOption.STATUS)) {
            return false;
        }
        byte[] p = Status.isPayload(engine.options());
        engine.sendSubnegotiation(TelnetOption.STATUS, p, 0, p.length);
        return true;
    }

    /**
     * Sends {@code DO TIMING-MARK}; the future completes when the peer's WILL TM or WONT TM comes
     * back, that is when everything sent before it has been processed by the peer (RFC 860). A
     * request made while one is outstanding shares its answer. It fails if the connection closes
     * first.
     */
    public CompletableFuture<Void> timingMark() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (marks == null) {
            marks = new ArrayDeque<>(2);
        }
        marks.add(f);
        if (!engine.options().isPending(Side.REMOTE, TelnetOption.TM)) {
            engine.enable(Side.REMOTE, TelnetOption.TM);
        }
        return f;
    }

    private void completeMarks() {
        if (marks != null) {
            CompletableFuture<Void> f;
            while ((f = marks.poll()) != null) {
                f.complete(null);
            }
        }
    }

    /** Client: asks the server to log us out ({@code DO LOGOUT}, RFC 727). */
    public void requestLogout() {
        engine.enable(Side.REMOTE, TelnetOption.LOGOUT);
    }

    /** Server: asks for the terminal speed again, or for the first time ({@code DO TSPEED}). */
    public void requestTerminalSpeed() {
        request(TelnetOption.TSPEED);
    }

    /** Server: asks for the X display location again, or for the first time. */
    public void requestXDisplay() {
        request(TelnetOption.XDISPLOC);
    }

    private void request(int option) {
        if (engine.isRemoteEnabled(option)) {
            sendSend(option);
        } else {
            engine.enable(Side.REMOTE, option);
        }
    }

    /**
     * Server: sends a REMOTE-FLOW-CONTROL command ({@link FlowControl#OFF} .. {@link
     * FlowControl#RESTART_XON}). If the client has not agreed to LFLOW yet, DO LFLOW goes out
     * first and the latest command follows once it agrees (none if it refuses).
     *
     * @return true if the command was sent now
     */
    public boolean sendFlowControl(int command) {
        byte[] p = FlowControl.payload(command);
        if (!engine.isRemoteEnabled(TelnetOption.LFLOW)) {
            pendingFlow = command;
            engine.enable(Side.REMOTE, TelnetOption.LFLOW);
            return false;
        }
        engine.sendSubnegotiation(TelnetOption.LFLOW, p, 0, 1);
        return true;
    }

    /** Client: sets the location and sends it if SEND-LOCATION is agreed (RFC 779). */
    public void setLocation(String location) {
        this.location = location;
        if (location != null && engine.isLocalEnabled(TelnetOption.SNDLOC)) {
            sendLocation();
        }
    }

    private void sendLocation() {
        byte[] p = SendLocation.payload(location);
        engine.sendSubnegotiation(TelnetOption.SNDLOC, p, 0, p.length);
    }

    private void sendSend(int option) {
        byte[] p = TextOption.sendPayload(); // SEND is 1 for STATUS, TSPEED and XDISPLOC alike
        engine.sendSubnegotiation(option, p, 0, p.length);
    }

    // ------------------------------------------------------------------ state

    /** The peer's last STATUS IS, or null. */
    public Status.Report lastStatus() {
        return lastStatus;
    }

    /** Server: the client's terminal speed {@code {transmit, receive}}, or null. */
    public int[] terminalSpeed() {
        return peerSpeed == null ? null : peerSpeed.clone();
    }

    /** Server: the client's X display, or null. */
    public String xdisplay() {
        return peerXDisplay;
    }

    /** Server: the client's location (SEND-LOCATION), or null. */
    public String location() {
        return peerLocation;
    }

    /** Client: the flow-control state the server set. */
    public FlowControl.State flowControl() {
        return flow;
    }
}
