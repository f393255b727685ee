package org.telnet4j.option;

import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetEngine;
import org.telnet4j.protocol.TelnetOption;

/**
 * SEND-LOCATION (RFC 779): the client sends its location once WILL SNDLOC is agreed (and again when
 * it changes); the server reports what it receives. Routed to by {@link TelnetOptions}.
 */
final class SendLocationOption {
    private final TelnetEngine engine;
    private final TelnetOptions.Role role;
    private final TelnetOptions.Listener listener;
    private String location;
    private String peerLocation;

    SendLocationOption(TelnetEngine engine, TelnetOptions.Role role, TelnetOptions.Listener listener,
        String location) {
        this.engine = engine;
        this.role = role;
        this.listener = listener;
        this.location = location;
    }

    void onSubnegotiation(byte[] buf, int off, int len) {
        if (role == TelnetOptions.Role.SERVER) {
            peerLocation = SendLocation.parse(buf, off, len);
            listener.onLocation(peerLocation);
        }
    }

    void onEnabled(Side side) {
        if (side == Side.LOCAL && role == TelnetOptions.Role.CLIENT && location != null) {
            send();
        }
    }

    void setLocation(String location) {
        this.location = location;
        if (location != null && engine.isLocalEnabled(TelnetOption.SNDLOC)) {
            send();
        }
    }

    private void send() {
        byte[] p = SendLocation.payload(location);
        engine.sendSubnegotiation(TelnetOption.SNDLOC, p, 0, p.length);
    }

    String peerLocation() {
        return peerLocation;
    }
}
