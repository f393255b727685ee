package org.telnet4j.option;

import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetEngine;

/**
 * An option whose whole exchange is one text value asked for with SEND and given with IS:
 * TERMINAL-SPEED (RFC 1079) and X-DISPLAY-LOCATION (RFC 1096). The server sends SEND once the
 * client's WILL is agreed (and again when asked) and reports the IS; the client answers SEND with
 * what it was configured with. One instance per option, routed to by {@link TelnetOptions}.
 */
final class TextValueOption {
    private final int option;
    private final TelnetEngine engine;
    private final TelnetOptions.Role role;
    /** Client: the answer, or null to give none. */
    private final String value;
    /** Server: the client's last IS text, or null. */
    private String peerValue;

    TextValueOption(int option, TelnetEngine engine, TelnetOptions.Role role, String value) {
        this.option = option;
        this.engine = engine;
        this.role = role;
        this.value = value;
    }

    /**
     * @return server: the text of the client's IS (also kept), or null if the payload was not one;
     *     client: always null (a SEND is answered here)
     */
    String onSubnegotiation(byte[] buf, int off, int len) {
        if (role == TelnetOptions.Role.CLIENT) {
            if (value != null && TextOption.isSend(buf, off, len) && engine.isLocalEnabled(option)) {
                byte[] p = TextOption.isPayload(value);
                engine.sendSubnegotiation(option, p, 0, p.length);
            }
            return null;
        }
        String v = TextOption.parseIs(buf, off, len);
        if (v != null) {
            peerValue = v;
        }
        return v;
    }

    void onEnabled(Side side) {
        if (side == Side.REMOTE && role == TelnetOptions.Role.SERVER) {
            TelnetOptions.sendSend(engine, option);
        }
    }

    /** Server: asks again, or for the first time ({@code DO}). */
    void request() {
        if (engine.isRemoteEnabled(option)) {
            TelnetOptions.sendSend(engine, option);
        } else {
            engine.enable(Side.REMOTE, option);
        }
    }

    String peerValue() {
        return peerValue;
    }
}
