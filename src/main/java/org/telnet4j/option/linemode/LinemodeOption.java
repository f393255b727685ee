package org.telnet4j.option.linemode;

import java.nio.charset.Charset;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.protocol.NegotiationEvent;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetEngine;
import org.telnet4j.protocol.TelnetOption;

/**
 * LINEMODE (RFC 1184) for one connection, on either side, on top of a {@link TelnetEngine}: the
 * one owner of the option's negotiation for a server and for a client.
 *
 * <ul>
 * <li>{@link #server}: we asked {@code DO LINEMODE}; when the client agrees this proposes the
 *     wanted mode (EDIT|TRAPSIG unless changed), sends BSD's SLC table and any forward mask, then
 *     answers the client's MODE, SLC and FORWARDMASK. A client that refuses stays in NVT line mode.
 * <li>{@link #client}: the engine answers {@code DO LINEMODE} with {@code WILL}; this sends our
 *     SLC table first (as BSD telnet does), acknowledges the server's MODE, runs the SLC exchange,
 *     takes a FORWARDMASK, and edits lines locally while the mode has EDIT ({@link #type}).
 * </ul>
 *
 * <p>The mode in force goes to the listener each time it changes (-1 when LINEMODE stops). Not
 * thread-safe: the engine's thread only.
 */
public final class LinemodeOption {
    private static final Logger LOG = LoggerFactory.getLogger(LinemodeOption.class);

    private final Side side;
    private final TelnetEngine engine;
    private final Linemode linemode;
    private final LineBuffer buffer;
    private final IntConsumer onMode;
    private final String peer;
    /** Server: the mode to propose; client: unused. */
    private int wanted;
    private ForwardMask forwardMask;
    private int reported = -1;

    private LinemodeOption(Side side, TelnetEngine engine, Linemode linemode, int wanted, IntConsumer onMode,
        String peer) {
        this.side = side;
        this.engine = engine;
        this.linemode = linemode;
        this.buffer = side == Side.LOCAL ? new LineBuffer(linemode) : null;
        this.wanted = wanted;
        this.onMode = onMode;
        this.peer = peer;
    }

    /**
     * The server's side: the client plays LINEMODE (REMOTE), we propose modes.
     *
     * @param mode the mode to propose when LINEMODE starts ({@link Linemode#EDIT} ... bits)
     * @param onMode told of each change of the agreed mode
     * @param peer how log lines name the client
     */
    public static LinemodeOption server(TelnetEngine engine, int mode, IntConsumer onMode, String peer) {
        return new LinemodeOption(Side.REMOTE, engine, Linemode.server(SlcTable.bsd(true), Linemode.ALL_MODES),
            mode, onMode, peer);
    }

    /**
     * The client's side: we play LINEMODE (LOCAL), the server sets the mode.
     *
     * @param onMode told of each change of the mode in force
     */
    public static LinemodeOption client(TelnetEngine engine, IntConsumer onMode) {
        return new LinemodeOption(Side.LOCAL, engine, Linemode.client(SlcTable.bsd(false), Linemode.ALL_MODES, true),
            -1, onMode, "server");
    }

    /** True while LINEMODE is agreed on the side it is played (client: we WILL; server: it WILL). */
    public boolean isActive() {
        return side == Side.LOCAL ? engine.isLocalEnabled(TelnetOption.LINEMODE)
            : engine.isRemoteEnabled(TelnetOption.LINEMODE);
    }

    /** The mode in force, or -1 while LINEMODE is off or no mode is agreed yet. */
    public int mode() {
        return isActive() && linemode.isAgreed() ? linemode.mode() : -1;
    }

    /** The LINEMODE state machine (mode, SLC table, forward mask). */
    public Linemode state() {
        return linemode;
    }

    /** The special characters agreed with the peer. */
    public SlcTable slc() {
        return linemode.slc();
    }

    /** The forward mask in use, or null. */
    public ForwardMask forwardMask() {
        return linemode.forwardMask();
    }

    /** Server: true when nothing LINEMODE asked for is unanswered (DO LINEMODE, our MODE). */
    public boolean isSettled() {
        return !engine.options().isPending(Side.REMOTE, TelnetOption.LINEMODE)
            && (!engine.isRemoteEnabled(TelnetOption.LINEMODE) || linemode.pendingMode() < 0);
    }

    /** Server: proposes a new mode now (if LINEMODE is on) and whenever LINEMODE starts later. */
    public void setMode(int mode) {
        wanted = mode & Linemode.ALL_MODES;
        if (isActive() && (wanted != linemode.mode() || !linemode.isAgreed())) {
            send(linemode.proposeMode(wanted));
        }
    }

    /** Server: asks the client to forward lines early on these characters; null cancels. */
    public void setForwardMask(ForwardMask mask) {
        forwardMask = mask;
        if (isActive()) {
            send(mask == null ? linemode.cancelForwardMask() : linemode.requestForwardMask(mask));
        }
    }

    /**
     * Client: passes a typed key to the local line editor and sends what it says.
     *
     * @return the local echo for it, often empty
     */
    public String type(char c, Charset charset) {
        StringBuilder echo = new StringBuilder();
        buffer.type(c, new LineBuffer.Output() {
            @Override
            public void send(String s) {
                byte[] b = s.getBytes(charset);
                engine.sendData(b, 0, b.length);
            }

            @Override
            public void command(int command) {
                engine.sendCommand(command);
            }

            @Override
            public void echo(String s) {
                echo.append(s);
            }
        });
        return echo.toString();
    }

    /** An option changed state: LINEMODE's start and end on the side played are followed up. */
    public void onNegotiationEvent(NegotiationEvent event, Side eventSide, int option) {
        if (option != TelnetOption.LINEMODE || eventSide != side) {
            return;
        }
        if (event == NegotiationEvent.ENABLED) {
            if (side == Side.REMOTE) {
                send(linemode.proposeMode(wanted));
                send(linemode.slc().tablePayload());
                if (forwardMask != null) {
                    send(linemode.requestForwardMask(forwardMask));
                }
            } else {
                send(linemode.slc().tablePayload()); // as BSD telnet does: our characters first
            }
        } else if (event == NegotiationEvent.DISABLED) {
            linemode.reset();
            report();
        }
    }

    /** A LINEMODE subnegotiation from the peer: answered when LINEMODE is agreed. */
    public void onSubnegotiation(byte[] buf, int off, int len) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} LINEMODE {}", peer, Linemode.describe(buf, off, len));
        }
        if (!isActive()) {
            return; // not agreed: nothing to answer
        }
        for (byte[] p : linemode.receive(buf, off, len)) {
            send(p);
        }
        report();
    }

    private void send(byte[] payload) {
        engine.sendSubnegotiation(TelnetOption.LINEMODE, payload, 0, payload.length);
    }

    private void report() {
        int m = mode();
        if (m != reported) {
            reported = m;
            onMode.accept(m);
        }
    }
}
