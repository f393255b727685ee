package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.telnet4j.testing.RawTelnetClient.indexOf;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telnet4j.option.linemode.SlcTable;
import org.telnet4j.protocol.TelnetNotation;
import org.telnet4j.protocol.TelnetOption;

/**
 * A server with {@code linemodeOption(true)} as bytes in and bytes out of a whole
 * {@link ServerProtocol}: a scripted client that agrees sees the mode and the table on the wire,
 * and one that refuses still gets plain line mode. {@link LinemodeServerTest} keeps our own
 * client end to end.
 */
class LinemodeServerBytesTest {
    /** A client that refuses every opening request of ours. */
    static final String REFUSE_OPENING = "IAC WONT TTYPE IAC WONT NAWS IAC WONT NEW-ENVIRON IAC WONT CHARSET"
        + " IAC DONT EOR IAC DONT SGA IAC WONT ENVIRON";

    static TelnetServer.Builder settings() {
        return ServerHarness.utf8().linemodeOption(true).negotiationDeadline(Duration.ofMinutes(1));
    }

    @Test
    void aScriptedClientSeesTheModeAndTheTableOnTheWire() {
        ServerHarness h = new ServerHarness(settings());
        h.protocol.begin();
        byte[] opening = h.takeOutput();
        int doLinemode = indexOf(opening, LinemodeServerTest.DO_LINEMODE);
        assertTrue(doLinemode >= 0, "DO LINEMODE is asked: " + TelnetNotation.format(opening));
        h.feed(REFUSE_OPENING + " IAC WILL LINEMODE");
        byte[] raw = concat(opening, h.takeOutput());
        byte[] table = SlcTable.bsd(true).tablePayload();
        ByteArrayOutputStream sb = new ByteArrayOutputStream();
        sb.writeBytes(TelnetNotation.parse("IAC SB LINEMODE"));
        sb.writeBytes(table);
        sb.writeBytes(TelnetNotation.parse("IAC SE"));
        int mode = indexOf(raw, LinemodeServerTest.MODE_EDIT_TRAPSIG);
        assertTrue(mode > doLinemode, "MODE EDIT|TRAPSIG follows DO LINEMODE");
        assertTrue(indexOf(raw, sb.toByteArray()) > mode, "then the SLC table");
        assertFalse(h.protocol.isStarted(), "the session waits for the MODE acknowledgement");
        h.takeEvents();
        // MODE EDIT|TRAPSIG|MODE_ACK: the session starts, in EDIT|TRAPSIG
        h.feed("IAC SB LINEMODE 1 7 IAC SE");
        assertEquals(List.of("settled"), h.takeEvents());
        assertEquals(LinemodeServerTest.EDIT_TRAPSIG, h.protocol.linemode().mode());
        ServerHarness.everySplit(() -> {
            ServerHarness f = new ServerHarness(settings());
            f.protocol.begin();
            f.feed(REFUSE_OPENING + " IAC WILL LINEMODE");
            f.feed("IAC SB LINEMODE 1 7 IAC SE");
            f.clear();
            return f;
        }, TelnetNotation.parse("\"north\" CR LF IAC WONT LINEMODE"), f -> {
            // LINEMODE turned off by the client: reported, and the line arrived
            assertEquals(List.of("line \"north\"", "linemode -1"), f.takeEvents());
        });
    }

    @Test
    void aClientThatRefusesLinemodeStillWorksInPlainLineMode() {
        ServerHarness h = new ServerHarness(settings());
        h.protocol.begin();
        assertTrue(indexOf(h.takeOutput(), LinemodeServerTest.DO_LINEMODE) >= 0,
            "DO LINEMODE was asked");
        h.options = true;
        // A terminal that names itself, agrees to echo and SGA, and refuses LINEMODE.
        h.feed("IAC WILL TTYPE IAC WONT NAWS IAC WONT NEW-ENVIRON IAC WONT CHARSET IAC DONT EOR IAC DO SGA"
            + " IAC WONT ENVIRON IAC WONT LINEMODE");
        h.feed("IAC SB TTYPE 0 \"xterm\" IAC SE IAC SB TTYPE 0 \"xterm\" IAC SE");
        assertTrue(h.protocol.isStarted(), "the session starts without waiting for the deadline");
        assertTrue(h.takeEvents().contains("option REFUSED_BY_PEER REMOTE LINEMODE"), "WONT LINEMODE");
        assertEquals(-1, h.protocol.linemode().mode());
        assertFalse(h.protocol.engine().isLocalEnabled(TelnetOption.ECHO), "line mode: no WILL ECHO");
        assertEquals(-1, indexOf(h.takeOutput(), TelnetNotation.parse("IAC WILL ECHO")));
        h.options = false;
        h.feed("\"look\" CR LF");
        assertEquals(List.of("line \"look\""), h.takeEvents());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
