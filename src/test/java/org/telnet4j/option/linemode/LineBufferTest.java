package org.telnet4j.option.linemode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telnet4j.protocol.TelnetCommand;

/** The client's local line editor under MODE EDIT and TRAPSIG. */
class LineBufferTest {
    final List<String> sent = new ArrayList<>();
    final StringBuilder echo = new StringBuilder();
    final LineBuffer.Output out = new LineBuffer.Output() {
        @Override
        public void send(String text) {
            sent.add(text);
        }

        @Override
        public void command(int command) {
            sent.add("IAC " + TelnetCommand.name(command));
        }

        @Override
        public void echo(String text) {
            echo.append(text);
        }
    };

    Linemode client(int mode, boolean forwardMask) {
        Linemode lm = Linemode.client(SlcTable.bsd(false), Linemode.ALL_MODES, forwardMask);
        lm.receive(new byte[] {Linemode.MODE, (byte) mode}, 0, 2);
        return lm;
    }

    void type(LineBuffer b, String keys) {
        for (char c : keys.toCharArray()) {
            b.type(c, out);
        }
    }

    @Test
    void editModeSendsWholeEditedLines() {
        LineBuffer b = new LineBuffer(client(Linemode.EDIT, false));
        type(b, "helx\u007fp");
        assertEquals(List.of(), sent, "nothing is sent before the end of the line");
        assertEquals("help", b.pending());
        type(b, "\r");
        assertEquals(List.of("help\r\n"), sent);
        assertEquals("helx\b \bp\r\n", echo.toString());
    }

    @Test
    void eraseWordLineAndLiteralNext() {
        LineBuffer b = new LineBuffer(client(Linemode.EDIT, false));
        type(b, "go north  \u0017west\u0015look \u0016\u0017x\n");
        assertEquals(List.of("look \u0017x\r\n"), sent);
    }

    @Test
    void trapsigSendsCommandsAndFlushesTheLine() {
        LineBuffer b = new LineBuffer(client(Linemode.EDIT | Linemode.TRAPSIG, false));
        type(b, "abc\u0003def\u0014\r");
        assertEquals(List.of("IAC IP", "IAC AYT", "def\r\n"), sent, "IP flushes input; AYT does not");
    }

    @Test
    void forwardMaskSendsTheLineEarly() {
        Linemode lm = client(Linemode.EDIT, true);
        byte[] mask = ForwardMask.of('\t').toBytes();
        byte[] p = new byte[mask.length + 2];
        p[0] = (byte) TelnetCommand.DO;
        p[1] = Linemode.FORWARDMASK;
        System.arraycopy(mask, 0, p, 2, mask.length);
        lm.receive(p, 0, p.length);
        LineBuffer b = new LineBuffer(lm);
        type(b, "ki\tll\r");
        assertEquals(List.of("ki\t", "ll\r\n"), sent);
    }

    @Test
    void withoutEditEveryCharacterGoesAtOnce() {
        LineBuffer b = new LineBuffer(client(Linemode.TRAPSIG, false));
        type(b, "ab\u0003");
        assertEquals(List.of("a", "b", "IAC IP"), sent);
        assertEquals("", echo.toString(), "no local echo outside EDIT");
    }

    @Test
    void controlCharactersEchoAsCaretUnlessLitEcho() {
        LineBuffer b = new LineBuffer(client(Linemode.EDIT, false));
        type(b, "\u0001");
        assertEquals("^A", echo.toString());
        echo.setLength(0);
        LineBuffer lit = new LineBuffer(client(Linemode.EDIT | Linemode.LIT_ECHO | Linemode.SOFT_TAB, false));
        type(lit, "\u0001\t");
        assertEquals("\u0001       ", echo.toString());
    }
}
