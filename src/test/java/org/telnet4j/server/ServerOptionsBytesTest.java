package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.telnet4j.option.FlowControl;
import org.telnet4j.protocol.TelnetNotation;

/**
 * The server's side of the options beyond the opening negotiation, as bytes in and bytes out of
 * a whole {@link ServerProtocol} without a socket: AO, LOGOUT, TSPEED, XDISPLOC, SNDLOC, LFLOW,
 * the old ENVIRON and colliding CHARSET requests. {@link ServerOptionsTest} keeps what needs a
 * real peer or the socket (STATUS and TIMING-MARK with our client, Synch as urgent data, the close
 * after LOGOUT).
 */
class ServerOptionsBytesTest {
    static final String OPENING = "IAC DO TTYPE IAC DO NAWS IAC DO NEW-ENVIRON IAC DO CHARSET IAC WILL EOR IAC WILL SGA";

    static TelnetServer.Builder settings() {
        return ServerHarness.utf8().negotiationDeadline(Duration.ofSeconds(5));
    }

    @Test
    void abortOutputIsAnsweredWithASynch() {
        // RFC 1123 3.2.4: AO gets a Synch (the transport sends IAC and DM as urgent data), nothing else.
        ServerHarness.everySplit(() -> ServerHarness.started(settings()), TelnetNotation.parse("IAC AO"),
            "", List.of("synch-out", "command AO"));
    }

    @Test
    void doLogoutIsAnsweredWillLogoutAndReported() {
        ServerHarness.everySplit(() -> ServerHarness.started(settings()), TelnetNotation.parse("IAC DO LOGOUT"),
            "IAC WILL LOGOUT", List.of("logout"));
    }

    @Test
    void terminalSpeedXDisplayAndLocationAreReported() {
        ServerHarness h = new ServerHarness(settings());
        h.protocol.begin();
        h.takeOutput();
        // The client offers all three while the opening is going on, and sends its location.
        h.feed("IAC WILL TSPEED IAC WILL XDISPLOC IAC WILL SNDLOC IAC SB SNDLOC \"Room 12\" IAC SE");
        assertEquals("Room 12", h.protocol.options().location(), "the offered SNDLOC arrived during negotiation");
        // Agreed TSPEED and XDISPLOC are asked at once (RFC 1079, RFC 1096); SNDLOC needs no asking.
        assertEquals(ServerHarness.render("IAC DO TSPEED IAC SB TSPEED 1 IAC SE IAC DO XDISPLOC"
            + " IAC SB XDISPLOC 1 IAC SE IAC DO SNDLOC"), h.takeOutputText());
        h.protocol.deadline();
        h.clear();
        h.protocol.options().requestTerminalSpeed();
        assertEquals(ServerHarness.render("IAC SB TSPEED 1 IAC SE"), h.takeOutputText());
        h.feed("IAC SB TSPEED 0 \"9600,4800\" IAC SE");
        assertEquals(List.of("tspeed 9600,4800"), h.takeEvents());
        assertEquals(9600, h.protocol.options().terminalSpeed()[0]);
        h.protocol.options().requestXDisplay();
        assertEquals(ServerHarness.render("IAC SB XDISPLOC 1 IAC SE"), h.takeOutputText());
        h.feed("IAC SB XDISPLOC 0 \"unix:0\" IAC SE");
        assertEquals(List.of("xdisplay unix:0"), h.takeEvents());
        assertEquals("unix:0", h.protocol.options().xdisplay());
        h.feed("IAC SB SNDLOC \"Room 13\" IAC SE");
        assertEquals(List.of("location Room 13"), h.takeEvents());
        assertEquals("", h.takeOutputText());
    }

    @Test
    void flowControlCommandsReachTheClient() {
        ServerHarness h = ServerHarness.started(settings());
        // Not agreed yet: DO LFLOW first, the command once the client agrees (RFC 1372).
        assertFalse(h.protocol.options().sendFlowControl(FlowControl.RESTART_ANY));
        assertEquals(ServerHarness.render("IAC DO LFLOW"), h.takeOutputText());
        h.feed("IAC WILL LFLOW");
        byte[] restartAny = h.takeOutput();
        assertEquals(ServerHarness.render("IAC SB LFLOW 2 IAC SE"), TelnetNotation.format(restartAny));
        FlowControl.State client = new FlowControl.State();
        assertTrue(client.apply(FlowControl.parse(restartAny, 3, 1)));
        assertTrue(client.isRestartAny());
        assertTrue(h.protocol.options().sendFlowControl(FlowControl.OFF));
        byte[] off = h.takeOutput();
        assertEquals(ServerHarness.render("IAC SB LFLOW 0 IAC SE"), TelnetNotation.format(off));
        client.apply(FlowControl.parse(off, 3, 1));
        assertFalse(client.isEnabled());
    }

    @Test
    void oldEnvironIsAskedOnlyAfterNewEnvironIsRefusedAndReversedRepliesAreRead() {
        ServerHarness h = new ServerHarness(settings());
        h.protocol.begin();
        assertEquals(ServerHarness.render(OPENING), h.takeOutputText(), "no DO ENVIRON while NEW-ENVIRON may come");
        h.feed("IAC WONT NEW-ENVIRON");
        assertEquals(ServerHarness.render("IAC DO ENVIRON"), h.takeOutputText());
        h.feed("IAC WILL ENVIRON");
        // The request uses RFC 1408's codes: SEND, VAR "USER", ...
        byte[] request = h.takeOutput();
        assertTrue(startsWith(request, "IAC SB ENVIRON 1 0 \"USER\""), TelnetNotation.format(request));
        // A BSD client answers with VAR and VALUE swapped: IS VALUE(0)... is VAR 1 "USER" VALUE 0 "joe".
        ServerHarness.everySplit(() -> {
            ServerHarness f = new ServerHarness(settings());
            f.protocol.begin();
            f.feed("IAC WONT NEW-ENVIRON IAC WILL ENVIRON");
            return f;
        }, TelnetNotation.parse("IAC SB ENVIRON 0 1 \"USER\" 0 \"joe\" 1 \"LANG\" 0 \"C\" IAC SE"), f -> {
            f.protocol.deadline();
            Map<String, String> env = f.protocol.environment();
            assertEquals("joe", env.get("USER"));
            assertEquals("C", env.get("LANG"));
        });
    }

    @Test
    void aClientCharsetRequestCollidingWithOursIsRejectedDuringTheOpening() {
        // RFC 2066: both sides REQUEST; the server's wins. Also in server-negotiation.txt after the
        // start; here before it, as the client sends it straight after the opening.
        ServerHarness h = new ServerHarness(settings());
        h.protocol.begin();
        h.takeOutput();
        h.feed("IAC WILL CHARSET");
        byte[] request = h.takeOutput();
        assertTrue(startsWith(request, "IAC SB CHARSET 1"), "our REQUEST: " + TelnetNotation.format(request));
        ServerHarness.everySplit(() -> {
            ServerHarness f = new ServerHarness(settings());
            f.protocol.begin();
            f.feed("IAC WILL CHARSET");
            f.takeOutput();
            return f;
        }, TelnetNotation.parse("IAC SB CHARSET 1 \" UTF-8\" IAC SE"), "IAC SB CHARSET 3 IAC SE", List.of());
    }

    static boolean startsWith(byte[] b, String notation) {
        byte[] p = TelnetNotation.parse(notation);
        return b.length >= p.length && java.util.Arrays.equals(b, 0, p.length, p, 0, p.length);
    }
}
