package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetNotation;
import org.telnet4j.protocol.TelnetOption;

/**
 * Input lines as bytes in, lines out, through a whole {@link ServerProtocol} without a socket:
 * end-of-line forms, reads split at every byte, undecodable bytes, IAC IAC, echo and editing in
 * character mode, and the length limit. {@link LineInputTest} keeps the socket end to end.
 */
class LineInputBytesTest {

    @Test
    void eachEndOfLineFormEndsExactlyOneLine() {
        ServerHarness.everySplit(() -> ServerHarness.started(ServerHarness.utf8()),
            ServerNegotiationTest.bytes('a', '\r', '\n', 'b', '\r', 0, 'c', '\n', 'd', '\r', 'e', '\n'),
            "", List.of("line \"a\"", "line \"b\"", "line \"c\"", "line \"d\"", "line \"e\""));
    }

    @Test
    void linesSplitAcrossReadsAtEveryByteArriveWhole() {
        byte[] msg = "grüße, welt\r\nzwei\r\n".getBytes(StandardCharsets.UTF_8);
        ServerHarness.everySplit(() -> ServerHarness.started(ServerHarness.utf8()), msg, h -> {
            List<String> e = h.takeEvents();
            assertEquals(2, e.size(), e.toString());
            assertEquals("line \"gr\\xC3\\xBC\\xC3\\x9Fe, welt\"", e.get(0));
            assertEquals("line \"zwei\"", e.get(1));
        });
    }

    @Test
    void undecodableBytesBecomeReplacementCharacters() {
        ServerHarness h = ServerHarness.started(ServerHarness.utf8());
        List<String> lines = new java.util.ArrayList<>();
        h.lineHook = lines::add;
        h.feed(ServerNegotiationTest.bytes('o', 'k', 0xC3, 0x28, 0xFE, 0xFE, '!', '\r', '\n'));
        h.feed("\"still alive\" CR LF");
        assertEquals(List.of("ok\uFFFD(\uFFFD\uFFFD!", "still alive"), lines);
        assertEquals("", h.takeOutputText(), "line mode: nothing echoed");
    }

    @Test
    void iacIacInInputIsOneByte() {
        ServerHarness h = ServerHarness.started(TelnetServer.builder().encoding(StandardCharsets.ISO_8859_1));
        List<String> lines = new java.util.ArrayList<>();
        h.lineHook = lines::add;
        h.feed(ServerNegotiationTest.bytes('x', 0xFF, 0xFF, 'y', '\r', '\n'));
        assertEquals(List.of("x\u00FFy"), lines);
    }

    @Test
    void characterModeEchoesAndEditsWholeCharacters() {
        // "né" then backspace: the 2-byte é goes as one character; the arrow key is filtered.
        byte[] typed = ServerNegotiationTest.bytes('n', 0xC3, 0xA9, 0x7F, 0x1B, '[', 'A', 'o', '\r', '\n');
        ServerHarness.everySplit(() -> ServerHarness.characterMode(ServerHarness.utf8()), typed, h -> {
            assertEquals(List.of("line \"no\""), h.takeEvents());
            assertEquals("né\b \bo\r\n", new String(h.takeOutput(), StandardCharsets.UTF_8));
        });
    }

    @Test
    void aTooLongLineIsCutAtTheLimit() {
        ServerHarness.everySplit(() -> ServerHarness.started(ServerHarness.utf8().maxLineLength(10)),
            "0123456789abcdef\r\nnext\r\n".getBytes(StandardCharsets.US_ASCII),
            "", List.of("limit LINE_LENGTH", "line \"0123456789\"", "line \"next\""));
    }

    // ---- IAC IP: the line being typed is dropped ----

    @Test
    void anInterruptInCharacterModeEchoesCtrlCAndANewLineAtOnce() {
        ServerHarness.everySplit(() -> ServerHarness.characterMode(ServerHarness.utf8()),
            TelnetNotation.parse("\"rm\" IAC IP \"ls\" CR LF"), "\"rm^C\" CR LF \"ls\" CR LF",
            List.of("command IP", "line \"ls\""));
    }

    @Test
    void anInterruptInLineModeOwesALineEndThatWaitsForTheMark() {
        // No DO TM came (yet): the application's new prompt waits for it, within a bound.
        ServerHarness h = ServerHarness.started(ServerHarness.utf8());
        h.feed("\"rm -rf\" IAC IP");
        assertEquals(List.of("command IP"), h.takeEvents());
        assertEquals("", h.takeOutputText(), "held for the DO TM a line-mode client sends next");
        assertEquals(1, h.markWaits, "the owner is asked to bound the wait");
        h.protocol.prompt("> ");
        assertEquals("", h.takeOutputText(), "the prompt waits with the line end");
        h.protocol.markWaitOver();
        assertEquals(ServerHarness.render("CR LF \"> \" IAC GA"), h.takeOutputText(),
            "the wait is over: both go");
        h.feed("IAC DO TM");
        assertEquals(ServerHarness.render("IAC WILL TM"), h.takeOutputText(), "the line end went once");
        h.protocol.markWaitOver();
        assertEquals("", h.takeOutputText(), "a late end of the wait sends nothing");
    }

    /** A line-mode server whose application prompts as it handles IAC IP, as a shell does. */
    private static ServerHarness promptingOnInterrupt() {
        ServerHarness h = ServerHarness.started(ServerHarness.utf8());
        h.commandHook = c -> {
            if (c == TelnetCommand.IP) {
                h.protocol.prompt("> ");
            }
        };
        return h;
    }

    @Test
    void aPromptSentWhileTheInterruptIsHandledFollowsTheMark() {
        // inetutils telnet sends IAC IP IAC DO TM in one write and discards what comes before our
        // WILL TM (RFC 860, RFC 1123 3.2.3): the prompt from onCommand(IP), sent before the DO TM
        // is parsed, must come after the answer. Whole, byte by byte and cut at every boundary.
        ServerHarness.everySplit(LineInputBytesTest::promptingOnInterrupt,
            TelnetNotation.parse("\"rm -rf\" IAC IP IAC DO TM"), "IAC WILL TM CR LF \"> \" IAC GA",
            List.of("command IP"));
    }

    @Test
    void aPromptHeldOverTwoReadsGoesWhenTheMarkIsAsked() {
        ServerHarness h = promptingOnInterrupt();
        h.feed("\"rm -rf\" IAC IP");
        assertEquals(List.of("command IP"), h.takeEvents());
        assertEquals("", h.takeOutputText(), "the prompt waits for the DO TM that may follow");
        h.feed("IAC DO");
        assertEquals("", h.takeOutputText(), "half a DO TM is not yet anything");
        h.feed(new byte[] {(byte) TelnetOption.TM});
        assertEquals(ServerHarness.render("IAC WILL TM CR LF \"> \" IAC GA"), h.takeOutputText(),
            "the same bytes as when IP and DO TM come in one read");
        assertEquals(1, h.markWaits);
    }

    @Test
    void aPromptAfterAnInterruptWithoutAMarkGoesBeforeWhatIsTypedNext() {
        ServerHarness.everySplit(LineInputBytesTest::promptingOnInterrupt,
            TelnetNotation.parse("\"rm -rf\" IAC IP \"ls\" CR LF"), "CR LF \"> \" IAC GA",
            List.of("command IP", "line \"ls\""));
    }

    @Test
    void aPromptAfterAnInterruptWithoutAMarkGoesBeforeTheNextCommand() {
        ServerHarness.everySplit(LineInputBytesTest::promptingOnInterrupt, TelnetNotation.parse("IAC IP IAC AYT"),
            "CR LF \"> \" IAC GA CR LF \"[Yes]\" CR LF", List.of("command IP", "command AYT"));
    }

    @Test
    void aPromptAfterAnInterruptAloneGoesWhenTheWaitIsOver() {
        ServerHarness h = promptingOnInterrupt();
        h.feed("IAC IP");
        assertEquals("", h.takeOutputText());
        assertEquals(1, h.markWaits);
        h.protocol.markWaitOver(); // the owner's MARK_WAIT_MILLIS timer
        assertEquals(ServerHarness.render("CR LF \"> \" IAC GA"), h.takeOutputText());
    }

    @Test
    void twoInterruptsWithTheirMarksEachGetAnAnswerALineEndAndAPrompt() {
        ServerHarness.everySplit(LineInputBytesTest::promptingOnInterrupt,
            TelnetNotation.parse("\"a\" IAC IP IAC DO TM \"b\" IAC IP IAC DO TM"),
            "IAC WILL TM CR LF \"> \" IAC GA IAC WILL TM CR LF \"> \" IAC GA",
            List.of("command IP", "command IP"));
    }

    @Test
    void inCharacterModeAPromptAfterAnInterruptGoesAtOnce() {
        // The server echoes: ^C and the line end are its own, and nothing waits for a mark.
        ServerHarness h = ServerHarness.characterMode(ServerHarness.utf8());
        h.commandHook = c -> h.protocol.prompt("> ");
        h.feed("\"rm\" IAC IP");
        assertEquals("rm^C\r\n> ", new String(h.takeOutput(), StandardCharsets.UTF_8));
        assertEquals(0, h.markWaits);
    }

    @Test
    void moreOutputThanTheHoldTakesGoesAtOnceInOrder() {
        ServerHarness h = ServerHarness.started(ServerHarness.utf8());
        h.feed("IAC IP");
        String big = "x".repeat(ServerProtocol.MAX_HELD_OUTPUT);
        h.protocol.sendText("a");
        assertEquals("", h.takeOutputText());
        h.protocol.sendText(big);
        assertEquals("\r\na" + big, new String(h.takeOutput(), StandardCharsets.US_ASCII),
            "past the bound nothing is held: the line end, what was held, then the rest");
        h.feed("IAC DO TM");
        assertEquals(ServerHarness.render("IAC WILL TM"), h.takeOutputText());
    }

    @Test
    void aTimingMarkWithoutAnInterruptIsAnsweredAlone() {
        ServerHarness.everySplit(() -> ServerHarness.started(ServerHarness.utf8()),
            TelnetNotation.parse("IAC DO TM IAC IP"), "IAC WILL TM", List.of("command IP"));
    }

    @Test
    void anInterruptBeforeTheSessionStartsOwesNothing() {
        ServerHarness h = new ServerHarness(ServerHarness.utf8());
        h.protocol.begin();
        h.takeOutput();
        h.feed("\"abc\" IAC IP IAC DO TM \"ok\" CR LF");
        h.protocol.deadline();
        assertEquals(List.of("command IP", "line \"ok\"", "settled"), h.takeEvents());
        String out = h.takeOutputText();
        assertTrue(out.startsWith(ServerHarness.render("IAC WILL TM")), out);
        assertFalse(out.contains("\"\\r\\n\""), "no line end before the start: " + out);
    }
}
