package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telnet4j.protocol.TelnetOption;

/**
 * What the session's sending methods put on the wire, as bytes out of a whole
 * {@link ServerProtocol} without a socket: prompt marks (EOR, GA, none), password mode in
 * character and line mode, and line feeds on the ASCII and encoder paths. {@link SessionTest}
 * keeps what is the session's own (wrapping to the client's width, attributes, times).
 */
class SessionBytesTest {
    /** A client that refuses all but what {@code agreed} says (in notation). */
    static ServerHarness negotiated(TelnetServer.Builder b, String answers) {
        ServerHarness h = new ServerHarness(b.negotiationDeadline(Duration.ofMinutes(1)));
        h.protocol.begin();
        h.feed(answers);
        assertTrue(h.protocol.isStarted(), "started once everything is answered");
        h.clear();
        return h;
    }

    static final String REFUSE_ALL_BUT_EOR = "IAC WONT TTYPE IAC WONT NAWS IAC WONT NEW-ENVIRON IAC WONT CHARSET"
        + " IAC WONT ENVIRON";

    @Test
    void promptIsMarkedWithEorWhenTheClientAcceptsIt() {
        ServerHarness h = negotiated(ServerHarness.utf8().lineMode(true), REFUSE_ALL_BUT_EOR + " IAC DO EOR");
        h.protocol.prompt("> ");
        assertEquals(ServerHarness.render("\"> \" IAC EOR"), h.takeOutputText(), "IAC EOR, and no GA as well");
    }

    @Test
    void promptIsMarkedWithGaWhenNeitherEorNorSgaIsAgreed() {
        ServerHarness h = negotiated(ServerHarness.utf8().lineMode(true), REFUSE_ALL_BUT_EOR + " IAC DONT EOR");
        h.protocol.prompt("> ");
        assertEquals(ServerHarness.render("\"> \" IAC GA"), h.takeOutputText());
    }

    @Test
    void noGoAheadOnceSgaIsAgreedOrWhenConfiguredOff() {
        ServerHarness off = negotiated(ServerHarness.utf8().neverSendGa(true),
            REFUSE_ALL_BUT_EOR + " IAC DONT EOR IAC DONT SGA IAC DONT ECHO");
        off.protocol.prompt("> ");
        off.protocol.sendText("!");
        assertEquals(ServerHarness.render("\"> !\""), off.takeOutputText(), "configured off");
        ServerHarness sga = negotiated(ServerHarness.utf8(), REFUSE_ALL_BUT_EOR + " IAC DONT EOR IAC DO SGA IAC DONT ECHO");
        sga.protocol.prompt("> ");
        assertEquals(ServerHarness.render("\"> \""), sga.takeOutputText(), "SGA agreed");
    }

    @Test
    void passwordModeStopsEchoAndKeepsTheLine() {
        ServerHarness h = ServerHarness.characterMode(ServerHarness.utf8());
        h.protocol.setPasswordMode(true);
        h.protocol.sendText("Password: ");
        assertEquals("Password: ", new String(h.takeOutput(), StandardCharsets.UTF_8),
            "WILL ECHO is already agreed: nothing else goes");
        h.feed("\"s3cret\" CR LF");
        assertEquals(List.of("line \"s3cret\""), h.takeEvents());
        assertEquals("\r\n", new String(h.takeOutput(), StandardCharsets.UTF_8),
            "only the line end is echoed in password mode");
        h.protocol.setPasswordMode(false);
        h.protocol.sendText("ok\n");
        h.feed("\"seen\" CR LF");
        assertEquals(List.of("line \"seen\""), h.takeEvents());
        assertEquals("ok\r\nseen\r\n", new String(h.takeOutput(), StandardCharsets.UTF_8));
    }

    @Test
    void passwordModeInLineModeAsksToEchoThenGivesItBack() {
        ServerHarness h = negotiated(ServerHarness.utf8().lineMode(true), REFUSE_ALL_BUT_EOR + " IAC DONT EOR");
        assertFalse(h.protocol.engine().isLocalEnabled(TelnetOption.ECHO));
        h.protocol.setPasswordMode(true);
        assertEquals(ServerHarness.render("IAC WILL ECHO"), h.takeOutputText(), "WILL ECHO hides the local echo");
        h.feed("IAC DO ECHO");
        assertTrue(h.protocol.engine().isLocalEnabled(TelnetOption.ECHO));
        h.feed("\"s3cret\" CR LF");
        assertEquals(ServerHarness.render("CR LF"), h.takeOutputText(), "the line end, not the password");
        h.protocol.setPasswordMode(false);
        assertEquals(ServerHarness.render("IAC WONT ECHO"), h.takeOutputText(), "WONT ECHO gives local echo back");
        h.feed("IAC DONT ECHO");
        assertFalse(h.protocol.engine().isLocalEnabled(TelnetOption.ECHO));
        assertEquals("", h.takeOutputText());
    }

    @Test
    void sendTurnsLineFeedsIntoCrLfOnTheAsciiPathAndTheEncoderPathAlike() {
        ServerHarness h = ServerHarness.started(ServerHarness.utf8());
        String big = "x\n".repeat(3000); // longer than the scratch buffer: sent in pieces
        h.protocol.sendText("ab\ncd\r\n");
        h.protocol.sendText("\u00e9t\u00e9\n");
        h.protocol.sendText(big);
        h.protocol.sendText("END");
        assertEquals("ab\r\ncd\r\n\u00e9t\u00e9\r\n" + "x\r\n".repeat(3000) + "END",
            new String(h.takeOutput(), StandardCharsets.UTF_8));
    }
}
