package org.telnet4j.option;

import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetEngine;
import org.telnet4j.protocol.TelnetOption;

/**
 * REMOTE-FLOW-CONTROL (RFC 1372): the server sends commands (DO LFLOW first if the client has not
 * agreed yet; the latest command follows its WILL, none if it refuses); the client keeps the state
 * and reports each command. Routed to by {@link TelnetOptions}.
 */
final class FlowControlOption {
    private final TelnetEngine engine;
    private final TelnetOptions.Role role;
    private final TelnetOptions.Listener listener;
    private final FlowControl.State state = new FlowControl.State();
    private int pending = -1;

    FlowControlOption(TelnetEngine engine, TelnetOptions.Role role, TelnetOptions.Listener listener) {
        this.engine = engine;
        this.role = role;
        this.listener = listener;
    }

    void onSubnegotiation(byte[] buf, int off, int len) {
        if (role == TelnetOptions.Role.CLIENT) {
            int c = FlowControl.parse(buf, off, len);
            if (c >= 0 && engine.isLocalEnabled(TelnetOption.LFLOW)) {
                state.apply(c);
                listener.onFlowControl(c);
            }
        }
    }

    void onEnabled(Side side) {
        if (side == Side.REMOTE && pending >= 0) {
            int c = pending;
            pending = -1;
            send(c);
        }
    }

    void onRefused() {
        pending = -1;
    }

    boolean send(int command) {
        byte[] p = FlowControl.payload(command);
        if (!engine.isRemoteEnabled(TelnetOption.LFLOW)) {
            pending = command;
            engine.enable(Side.REMOTE, TelnetOption.LFLOW);
            return false;
        }
        engine.sendSubnegotiation(TelnetOption.LFLOW, p, 0, 1);
        return true;
    }

    FlowControl.State state() {
        return state;
    }
}
