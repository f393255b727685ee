package org.telnet4j.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.option.linemode.LineBuffer;
import org.telnet4j.option.linemode.Linemode;
import org.telnet4j.option.linemode.SlcTable;
import org.telnet4j.protocol.NegotiationEvent;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetEngine;
import org.telnet4j.protocol.TelnetOption;

/**
 * The client's side of LINEMODE (RFC 1184), when {@link ClientConfig.Builder#linemode} is on: the
 * engine answers {@code DO LINEMODE} with {@code WILL}, then this sends our SLC table (BSD's),
 * acknowledges the server's MODE, runs the SLC exchange, takes a FORWARDMASK, and edits lines
 * locally while the mode has EDIT.
 *
 * <p>Same thread as the {@link ClientProtocol} that owns it.
 */
final class ClientLinemode {
    private static final Logger LOG = LoggerFactory.getLogger(ClientLinemode.class);

    private final TelnetEngine engine;
    private final ClientProtocol.Listener listener;
    private final Linemode linemode = Linemode.client(SlcTable.bsd(false), Linemode.ALL_MODES, true);
    private final LineBuffer buffer = new LineBuffer(linemode);
    private int reported = -1;

    ClientLinemode(TelnetEngine engine, ClientProtocol.Listener listener) {
        this.engine = engine;
        this.listener = listener;
    }

    /** True while LINEMODE is on (we WILL LINEMODE). */
    boolean isActive() {
        return engine.isLocalEnabled(TelnetOption.LINEMODE);
    }

    /** The mode in force, or -1 while LINEMODE is off or no mode has been set. */
    int mode() {
        return isActive() && linemode.isAgreed() ? linemode.mode() : -1;
    }

    Linemode state() {
        return linemode;
    }

    /** Passes a typed key to the line editor; sends what it says; returns the local echo. */
    String type(char c, java.nio.charset.Charset charset) {
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

    void onNegotiationEvent(NegotiationEvent event, Side side, int option) {
        if (option != TelnetOption.LINEMODE || side != Side.LOCAL) {
            return;
        }
        if (event == NegotiationEvent.ENABLED) {
            byte[] table = linemode.slc().tablePayload(); // as BSD telnet does: our characters first
            engine.sendSubnegotiation(TelnetOption.LINEMODE, table, 0, table.length);
        } else if (event == NegotiationEvent.DISABLED) {
            linemode.reset();
            report();
        }
    }

    /** @return true if it was LINEMODE's subnegotiation (handled here) */
    boolean onSubnegotiation(int option, byte[] buf, int off, int len) {
        if (option != TelnetOption.LINEMODE) {
            return false;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("server LINEMODE {}", Linemode.describe(buf, off, len));
        }
        if (!isActive()) {
            return true;
        }
        for (byte[] p : linemode.receive(buf, off, len)) {
            engine.sendSubnegotiation(TelnetOption.LINEMODE, p, 0, p.length);
        }
        report();
        return true;
    }

    private void report() {
        int m = mode();
        if (m != reported) {
            reported = m;
            listener.onLinemode(m);
        }
    }
}
