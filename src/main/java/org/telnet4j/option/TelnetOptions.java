package org.telnet4j.option;

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
 * {@link #onNegotiationEvent}, {@link #onCommand}), and this class routes them on by option number
 * to the option's own class ({@code StatusOption}, {@code TimingMarkOption},
 * {@code SendLocationOption}, {@code TextValueOption} for TSPEED and XDISPLOC,
 * {@code FlowControlOption}), made the first time the option is used, so a connection that uses
 * none of them holds none. Whether an option is agreed to at all is the engine's
 * {@link org.telnet4j.protocol.OptionPolicy}'s business. Who does what follows the RFCs' roles:
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
    private final String location;
    private StatusOption status;
    private TimingMarkOption timingMarks;
    private SendLocationOption sendLocation;
    private TextValueOption tspeed;
    private TextValueOption xdisploc;
    private FlowControlOption flow;
    /** Server: the client's last valid TERMINAL-SPEED. */
    private int[] peerSpeed;

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

    // ------------------------------------------------------------------ the options, made on first use

    private StatusOption status() {
        if (status == null) {
            status = new StatusOption(engine, listener);
        }
        return status;
    }

    private TimingMarkOption timingMarks() {
        if (timingMarks == null) {
            timingMarks = new TimingMarkOption(engine);
        }
        return timingMarks;
    }

    private SendLocationOption sendLocation() {
        if (sendLocation == null) {
            sendLocation = new SendLocationOption(engine, role, listener, location);
        }
        return sendLocation;
    }

    private TextValueOption tspeed() {
        if (tspeed == null) {
            tspeed = new TextValueOption(TelnetOption.TSPEED, engine, role, terminalSpeed);
        }
        return tspeed;
    }

    private TextValueOption xdisploc() {
        if (xdisploc == null) {
            xdisploc = new TextValueOption(TelnetOption.XDISPLOC, engine, role, xdisplay);
        }
        return xdisploc;
    }

    private FlowControlOption flow() {
        if (flow == null) {
            flow = new FlowControlOption(engine, role, listener);
        }
        return flow;
    }

    // ------------------------------------------------------------------ engine callbacks

    /** A subnegotiation arrived. @return true if it was for an option handled here */
    public boolean onSubnegotiation(int option, byte[] buf, int off, int len) {
        switch (option) {
            case TelnetOption.STATUS:
                status().onSubnegotiation(buf, off, len);
                return true;
            case TelnetOption.TSPEED: {
                String v = tspeed().onSubnegotiation(buf, off, len);
                int[] s = v == null ? null : TextOption.parseSpeed(v);
                if (s != null) {
                    peerSpeed = s;
                    listener.onTerminalSpeed(s[0], s[1]);
                }
                return true;
            }
            case TelnetOption.XDISPLOC: {
                String d = xdisploc().onSubnegotiation(buf, off, len);
                if (d != null) {
                    listener.onXDisplay(d);
                }
                return true;
            }
            case TelnetOption.SNDLOC:
                sendLocation().onSubnegotiation(buf, off, len);
                return true;
            case TelnetOption.LFLOW:
                flow().onSubnegotiation(buf, off, len);
                return true;
            default:
                return false;
        }
    }

    /** An option changed state; follows up where the option has more to say. */
    public void onNegotiationEvent(NegotiationEvent event, Side side, int option) {
        if (event == NegotiationEvent.TIMING_MARK
            || event == NegotiationEvent.REFUSED_BY_PEER && option == TelnetOption.TM) {
            if (timingMarks != null) {
                timingMarks.answered();
            }
            return;
        }
        if (event == NegotiationEvent.REFUSED_BY_PEER) {
            if (option == TelnetOption.STATUS && status != null) {
                status.onRefused();
            } else if (option == TelnetOption.LFLOW && flow != null) {
                flow.onRefused();
            }
            return;
        }
        if (event != NegotiationEvent.ENABLED) {
            return;
        }
        switch (option) {
            case TelnetOption.STATUS:
                if (status != null) {
                    status.onEnabled(side);
                }
                break;
            case TelnetOption.TSPEED:
                tspeed().onEnabled(side);
                break;
            case TelnetOption.XDISPLOC:
                xdisploc().onEnabled(side);
                break;
            case TelnetOption.SNDLOC:
                sendLocation().onEnabled(side);
                break;
            case TelnetOption.LFLOW:
                if (flow != null) {
                    flow.onEnabled(side);
                }
                break;
            case TelnetOption.LOGOUT:
                // RFC 727: the server reports an accepted DO LOGOUT; the client the server's WILL.
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
        if (timingMarks != null) {
            timingMarks.closed();
        }
    }

    // ------------------------------------------------------------------ requests

    /**
     * Asks the peer for its view of the options: {@code SB STATUS SEND} if it already WILL STATUS,
     * otherwise {@code DO STATUS} first and the SEND once it agrees. The answer comes to
     * {@link Listener#onStatus}.
     */
    public void requestStatus() {
        status().request();
    }

    /**
     * Sends {@code SB STATUS IS} with our current state, unasked (RFC 859 allows it once we
     * WILL STATUS). @return false if STATUS is not enabled on our side
     */
    public boolean sendStatus() {
        return status().send();
    }

    /**
     * Sends {@code DO TIMING-MARK}; the future completes when the peer's WILL TM or WONT TM comes
     * back, that is when everything sent before it has been processed by the peer (RFC 860). A
     * request made while one is outstanding shares its answer. It fails if the connection closes
     * first.
     */
    public CompletableFuture<Void> timingMark() {
        return timingMarks().request();
    }

    /** Client: asks the server to log us out ({@code DO LOGOUT}, RFC 727). */
    public void requestLogout() {
        engine.enable(Side.REMOTE, TelnetOption.LOGOUT);
    }

    /** Server: asks for the terminal speed again, or for the first time ({@code DO TSPEED}). */
    public void requestTerminalSpeed() {
        tspeed().request();
    }

    /** Server: asks for the X display location again, or for the first time. */
    public void requestXDisplay() {
        xdisploc().request();
    }

    /**
     * Server: sends a REMOTE-FLOW-CONTROL command ({@link FlowControl#OFF} .. {@link
     * FlowControl#RESTART_XON}). If the client has not agreed to LFLOW yet, DO LFLOW goes out
     * first and the latest command follows once it agrees (none if it refuses).
     *
     * @return true if the command was sent now
     */
    public boolean sendFlowControl(int command) {
        return flow().send(command);
    }

    /** Client: sets the location and sends it if SEND-LOCATION is agreed (RFC 779). */
    public void setLocation(String location) {
        sendLocation().setLocation(location);
    }

    /** Sends {@code SB option SEND}: SEND is 1 for STATUS, TSPEED and XDISPLOC alike. */
    static void sendSend(TelnetEngine engine, int option) {
        byte[] p = TextOption.sendPayload();
        engine.sendSubnegotiation(option, p, 0, p.length);
    }

    // ------------------------------------------------------------------ state

    /** The peer's last STATUS IS, or null. */
    public Status.Report lastStatus() {
        return status == null ? null : status.last();
    }

    /** Server: the client's terminal speed {@code {transmit, receive}}, or null. */
    public int[] terminalSpeed() {
        return peerSpeed == null ? null : peerSpeed.clone();
    }

    /** Server: the client's X display, or null. */
    public String xdisplay() {
        return xdisploc == null ? null : xdisploc.peerValue();
    }

    /** Server: the client's location (SEND-LOCATION), or null. */
    public String location() {
        return sendLocation == null ? null : sendLocation.peerLocation();
    }

    /** Client: the flow-control state the server set. */
    public FlowControl.State flowControl() {
        return flow().state();
    }
}
