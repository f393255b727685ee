package org.telnet4j.option;

import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetEngine;
import org.telnet4j.protocol.TelnetOption;

/**
 * STATUS (RFC 859) for one connection, both roles: a peer's SEND is answered with IS built from the
 * real negotiated state when we said WILL STATUS (only WILL's side sends IS); a peer's IS is
 * compared with our state and reported with its differences; {@link #request} asks, with
 * {@code DO STATUS} first if needed. Routed to by {@link TelnetOptions}.
 */
final class StatusOption {
    private final TelnetEngine engine;
    private final TelnetOptions.Listener listener;
    private boolean wanted;
    private Status.Report last;

    StatusOption(TelnetEngine engine, TelnetOptions.Listener listener) {
        this.engine = engine;
        this.listener = listener;
    }

    void onSubnegotiation(byte[] buf, int off, int len) {
        if (len < 1) {
            return;
        }
        if (buf[off] == Status.SEND) {
            if (engine.isLocalEnabled(TelnetOption.STATUS)) { // RFC 859: only WILL's side sends IS
                send();
            }
            return;
        }
        Status.Report r = Status.parse(buf, off, len);
        if (r != null) {
            last = r;
            listener.onStatus(r, r.compare(engine.options()));
        }
    }

    /** The peer agreed to {@code side}'s STATUS: a SEND we were holding goes now. */
    void onEnabled(Side side) {
        if (side == Side.REMOTE && wanted) {
            wanted = false;
            TelnetOptions.sendSend(engine, TelnetOption.STATUS);
        }
    }

    void onRefused() {
        wanted = false;
    }

    void request() {
        if (engine.isRemoteEnabled(TelnetOption.STATUS)) {
            TelnetOptions.sendSend(engine, TelnetOption.STATUS);
        } else {
            wanted = true;
            engine.enable(Side.REMOTE, TelnetOption.STATUS);
        }
    }

    boolean send() {
        if (!engine.isLocalEnabled(TelnetOption.STATUS)) {
            return false;
        }
        byte[] p = Status.isPayload(engine.options());
        engine.sendSubnegotiation(TelnetOption.STATUS, p, 0, p.length);
        return true;
    }

    Status.Report last() {
        return last;
    }
}
