package org.telnet4j.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.option.linemode.ForwardMask;
import org.telnet4j.option.linemode.Linemode;
import org.telnet4j.option.linemode.SlcTable;
import org.telnet4j.protocol.NegotiationEvent;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetEngine;
import org.telnet4j.protocol.TelnetOption;

/**
 * The server's side of LINEMODE (RFC 1184) for one session, when the server is built with
 * {@code linemodeOption(true)}: {@link ServerNegotiation} asks {@code DO LINEMODE}; when the client
 * agrees this proposes the configured mode (EDIT|TRAPSIG unless changed) and sends the BSD SLC
 * table, then answers the client's MODE, SLC and FORWARDMASK subnegotiations through a
 * {@link Linemode}. A client that refuses stays in plain NVT line mode.
 *
 * <p>Loop thread only.
 */
final class ServerLinemode {
    private static final Logger LOG = LoggerFactory.getLogger(ServerLinemode.class);

    private final ServerProtocol session;
    private final TelnetEngine engine;
    private final Linemode linemode = Linemode.server(SlcTable.bsd(true), Linemode.ALL_MODES);
    private int wanted;
    private ForwardMask forwardMask;
    private int reported = -1;

    ServerLinemode(ServerProtocol session, TelnetEngine engine, ServerSettings settings) {
        this.session = session;
        this.engine = engine;
        this.wanted = settings.linemodeMode;
    }

    /** The mode agreed with the client, or -1 while LINEMODE is off or nothing is agreed yet. */
    int mode() {
        return engine.isRemoteEnabled(TelnetOption.LINEMODE) && linemode.isAgreed() ? linemode.mode() : -1;
    }

    /** True when nothing LINEMODE asked for is unanswered: DO LINEMODE and our MODE proposal. */
    boolean isSettled() {
        return !engine.options().isPending(Side.REMOTE, TelnetOption.LINEMODE)
            && (!engine.isRemoteEnabled(TelnetOption.LINEMODE) || linemode.pendingMode() < 0);
    }

    /** Proposes a new mode now (if LINEMODE is on) and whenever LINEMODE starts later. */
    void setMode(int mode) {
        wanted = mode & Linemode.ALL_MODES;
        if (engine.isRemoteEnabled(TelnetOption.LINEMODE)
            && (wanted != linemode.mode() || !linemode.isAgreed())) {
            send(linemode.proposeMode(wanted));
        }
    }

    /** Asks the client to forward lines early on these characters; null cancels. */
    void setForwardMask(ForwardMask mask) {
        forwardMask = mask;
        if (engine.isRemoteEnabled(TelnetOption.LINEMODE)) {
            send(mask == null ? linemode.cancelForwardMask() : linemode.requestForwardMask(mask));
        }
    }

    /** The forward mask the client agreed to use, or null. */
    ForwardMask forwardMask() {
        return linemode.forwardMask();
    }

    /** The special characters agreed with the client. */
    SlcTable slc() {
        return linemode.slc();
    }

    void onNegotiationEvent(NegotiationEvent event, Side side, int option) {
        if (option != TelnetOption.LINEMODE || side != Side.REMOTE) {
            return;
        }
        if (event == NegotiationEvent.ENABLED) {
            send(linemode.proposeMode(wanted));
            send(linemode.slc().tablePayload());
            if (forwardMask != null) {
                send(linemode.requestForwardMask(forwardMask));
            }
        } else if (event == NegotiationEvent.DISABLED) {
            linemode.reset();
            report();
        }
    }

    /** @return true if the subnegotiation was LINEMODE's (handled here) */
    boolean onSubnegotiation(int option, byte[] buf, int off, int len) {
        if (option != TelnetOption.LINEMODE) {
            return false;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} LINEMODE {}", session.name(), Linemode.describe(buf, off, len));
        }
        if (!engine.isRemoteEnabled(TelnetOption.LINEMODE)) {
            return true; // not agreed: nothing to answer
        }
        for (byte[] p : linemode.receive(buf, off, len)) {
            send(p);
        }
        report();
        session.negotiation().check();
        return true;
    }

    private void send(byte[] payload) {
        engine.sendSubnegotiation(TelnetOption.LINEMODE, payload, 0, payload.length);
    }

    /** Tells the application when the agreed mode changes (once connected). */
    private void report() {
        int m = mode();
        if (m != reported) {
            reported = m;
            if (session.isStarted()) {
                session.listener().onLinemode(m);
            }
        }
    }
}
