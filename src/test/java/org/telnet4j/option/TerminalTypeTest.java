package org.telnet4j.option;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TTYPE cycle (RFC 1091) with the end rules seen in the field, and MTTS. */
class TerminalTypeTest {
    private final TerminalType tt = new TerminalType();

    /** {@code IS name}. */
    private static byte[] is(String name) {
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        byte[] p = new byte[n.length + 1];
        p[0] = TerminalType.IS;
        System.arraycopy(n, 0, p, 1, n.length);
        return p;
    }

    private boolean reply(String name) {
        byte[] p = is(name);
        return tt.onReply(p, 0, p.length);
    }

    @Test
    void sendPayloadIsOneSendByteAndACopy() {
        byte[] p = TerminalType.sendPayload();
        assertArrayEquals(new byte[] {TerminalType.SEND}, p);
        p[0] = 99;
        assertArrayEquals(new byte[] {1}, TerminalType.sendPayload(), "callers cannot damage it");
    }

    @Test
    void negativeMttsBitsReadAsNotMtts() {
        // Found by OptionDecodersFuzzTest: "MTTS -5" made mttsBits() -5, which is neither a bit
        // set nor the documented -1.
        assertTrue(reply("Mudlet"));
        assertTrue(reply("xterm"));
        reply("MTTS -5");
        assertEquals(-1, tt.mttsBits());
        assertNull(tt.clientName());
    }

    @Test
    void rfc1091CycleEndsWhenTheLastNameIsRepeated() {
        assertFalse(tt.hasReply());
        assertNull(tt.terminalType());
        assertTrue(reply("XTERM-256COLOR"));
        assertTrue(tt.hasReply());
        assertTrue(reply("XTERM"));
        assertFalse(tt.isDone());
        assertFalse(reply("XTERM"));
        assertTrue(tt.isDone());
        assertEquals(List.of("XTERM-256COLOR", "XTERM"), tt.names());
        assertEquals("XTERM-256COLOR", tt.terminalType());
        assertEquals(-1, tt.mttsBits());
        assertNull(tt.clientName());
    }

    @Test
    void singleNameClientRepeatsAtOnce() {
        assertTrue(reply("ANSI"));
        assertFalse(reply("ansi"), "case is not significant");
        assertTrue(tt.isDone());
        assertEquals(List.of("ANSI"), tt.names());
    }

    @Test
    void cycleEndsWhenItWrapsToTheFirstName() {
        assertTrue(reply("A"));
        assertTrue(reply("B"));
        assertTrue(reply("C"));
        assertFalse(reply("A"));
        assertTrue(tt.isDone());
        assertEquals(List.of("A", "B", "C"), tt.names());
        assertEquals("A", tt.terminalType());
    }

    @Test
    void emptyReplyEndsTheCycle() {
        assertFalse(reply(""));
        assertTrue(tt.isDone());
        assertFalse(tt.hasReply());
        assertNull(tt.terminalType());

        TerminalType other = new TerminalType();
        byte[] p = is("VT100");
        assertTrue(other.onReply(p, 0, p.length));
        byte[] blank = is("   ");
        assertFalse(other.onReply(blank, 0, blank.length));
        assertTrue(other.isDone());
        assertEquals("VT100", other.terminalType());
    }

    @Test
    void cycleStopsAfterMaxReplies() {
        for (int i = 1; i < TerminalType.MAX_REPLIES; i++) {
            assertTrue(reply("T" + i), "reply " + i);
        }
        assertFalse(reply("T" + TerminalType.MAX_REPLIES));
        assertTrue(tt.isDone());
        assertEquals(TerminalType.MAX_REPLIES, tt.names().size());
        assertFalse(reply("MORE"), "replies after the end are ignored");
        assertEquals(TerminalType.MAX_REPLIES, tt.names().size());
    }

    @Test
    void mttsThirdReply() {
        assertTrue(reply("MUDLET"));
        assertTrue(reply("XTERM-256COLOR"));
        assertFalse(reply("MTTS 2825"));
        assertTrue(tt.isDone());
        assertEquals(2825, tt.mttsBits());
        assertEquals("XTERM-256COLOR", tt.terminalType());
        assertEquals("MUDLET", tt.clientName());
        assertTrue(tt.isMudClient());
        int bits = tt.mttsBits();
        assertEquals(TerminalType.MTTS_ANSI | TerminalType.MTTS_256_COLORS | TerminalType.MTTS_TRUECOLOR
            | TerminalType.MTTS_MNES | TerminalType.MTTS_SSL, bits);
        assertEquals(0, bits & TerminalType.MTTS_UTF8);
    }

    @Test
    void mttsIsCaseInsensitiveAndTrimmed() {
        reply("TinTin++");
        reply("xterm");
        assertFalse(reply("mtts  137 "));
        assertEquals(137, tt.mttsBits());
        assertEquals("xterm", tt.terminalType());
        assertEquals("TinTin++", tt.clientName());
    }

    @Test
    void mttsOnlyCountsAsTheThirdReply() {
        assertTrue(reply("CLIENT"));
        assertTrue(reply("MTTS 1"), "second reply: just a name");
        assertEquals(-1, tt.mttsBits());
        assertEquals("CLIENT", tt.terminalType());
        assertNull(tt.clientName());
    }

    @Test
    void mttsWithoutANumberIsNotMtts() {
        reply("CLIENT");
        reply("ANSI");
        assertFalse(reply("MTTS many"));
        assertTrue(tt.isDone());
        assertEquals(-1, tt.mttsBits());
        assertEquals("CLIENT", tt.terminalType());
    }

    @Test
    void somethingOtherThanIsEndsTheCycleWithoutAName() {
        byte[] send = {TerminalType.SEND};
        assertFalse(tt.onReply(send, 0, 1));
        assertTrue(tt.isDone(), "asking again would only get more of the same");
        assertFalse(tt.hasReply());
        assertFalse(reply("VT220"), "the cycle is over");
        assertFalse(new TerminalType().onReply(new byte[0], 0, 0));
    }

    @Test
    void replyInsideALargerBuffer() {
        byte[] buf = {9, 9, TerminalType.IS, 'V', 'T', '1', '0', '0', 9};
        assertTrue(tt.onReply(buf, 2, 6));
        assertEquals("VT100", tt.terminalType());
    }

    @Test
    void finishEndsTheCycle() {
        assertTrue(reply("A"));
        tt.finish();
        assertTrue(tt.isDone());
        assertFalse(reply("B"));
        assertEquals(List.of("A"), tt.names());
    }

    @Test
    void mudClientNames() {
        assertTrue(isMud("Mudlet 4.17.2"));
        assertTrue(isMud("MUSHCLIENT"));
        assertTrue(isMud("tintin++"));
        assertFalse(isMud("XTERM"));
        assertFalse(isMud("mudletish"));
        TerminalType later = new TerminalType();
        for (String n : new String[] {"XTERM", "CMUD"}) {
            byte[] p = is(n);
            later.onReply(p, 0, p.length);
        }
        assertTrue(later.isMudClient(), "any reply can name the client");
    }

    private static boolean isMud(String name) {
        TerminalType t = new TerminalType();
        byte[] p = is(name);
        t.onReply(p, 0, p.length);
        return t.isMudClient();
    }

    @Test
    void namesIsReadOnly() {
        reply("A");
        List<String> names = tt.names();
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> names.add("B"));
    }
}
