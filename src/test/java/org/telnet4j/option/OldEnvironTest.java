package org.telnet4j.option;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RFC 1571's heuristics for the old ENVIRON option (RFC 1408), whose VAR and VALUE codes BSD
 * swapped, one test per line of the RFC's client and server summaries; and typed parsing.
 */
class OldEnvironTest {
    private static final int IS = Environ.IS;
    private static final int SEND = Environ.SEND;
    private static final int VAR = Environ.VAR;
    private static final int VALUE = Environ.VALUE;
    private static final int USERVAR = Environ.USERVAR;

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Integer) {
                b.write((Integer) p);
            } else {
                b.writeBytes(((String) p).getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return b.toByteArray();
    }

    private static boolean reversed(Object... parts) {
        byte[] b = bytes(parts);
        return Environ.replyIsReversed(b, 0, b.length);
    }

    private static boolean sendReversed(Object... parts) {
        byte[] b = bytes(parts);
        return Environ.sendIsReversed(b, 0, b.length);
    }

    @Test
    void clientSummary() {
        assertFalse(sendReversed(SEND, VAR, "USER", USERVAR, "X"), "only VAR and USERVAR: the server is ok");
        assertTrue(sendReversed(SEND, VALUE, "USER"), "VALUE in a SEND: the server is reversed");
        assertFalse(sendReversed(SEND), "neither: assume ok");
        assertFalse(sendReversed(SEND, USERVAR, "X"), "USERVAR only: assume ok");
        assertFalse(sendReversed(SEND, VAR, "A", VALUE, "B"), "both: malformed, read as ok");
    }

    @Test
    void serverSummary() {
        assertFalse(reversed(IS, VAR, "USER", VALUE, "joe"), "IS followed by VAR: ok");
        assertTrue(reversed(IS, VALUE, "USER", VAR, "joe"), "IS followed by VALUE: reversed");
        assertFalse(reversed(IS, USERVAR, "A", VAR, "B", VAR, "C"), "two VARs in a row: ok");
        assertTrue(reversed(IS, USERVAR, "A", VALUE, "B", VALUE, "C"), "two VALUEs in a row: reversed");
        assertFalse(reversed(IS, USERVAR, "A", VALUE, "", VAR, "B"), "an empty VALUE: ok");
        assertTrue(reversed(IS, USERVAR, "A", VAR, "", VALUE, "B"), "an empty VAR: reversed");
        assertFalse(reversed(IS, USERVAR, "A", VALUE, "1", VAR, "B", VALUE, "2"),
            "USERVARs + VARs = VALUEs: ok");
        assertTrue(reversed(IS, USERVAR, "A", VAR, "1", VALUE, "B", VAR, "2"),
            "USERVARs + VALUEs = VARs: reversed");
        assertTrue(reversed(INFO_USERVAR_PREFIX()), "a well-known name after VALUE: reversed");
        assertFalse(reversed(IS, USERVAR, "A"), "nothing to go on: ok");
    }

    /** USERVAR A, VALUE "USER" ... arranged so only the well-known-name test can decide. */
    private static Object[] INFO_USERVAR_PREFIX() {
        return new Object[] {Environ.INFO, USERVAR, "A", VAR, "x", VALUE, "USER", USERVAR, "B"};
    }

    @Test
    void swappingTwiceGivesTheOriginalAndLeavesEscapesAlone() {
        byte[] p = bytes(IS, VALUE, "US", Environ.ESC, VALUE, "ER", VAR, "joe");
        byte[] s = Environ.swapVarValue(p, 0, p.length);
        assertArrayEquals(bytes(IS, VAR, "US", Environ.ESC, VALUE, "ER", VALUE, "joe"), s);
        assertArrayEquals(p, Environ.swapVarValue(s, 0, s.length));
        assertEquals(Map.of("US\u0001ER", "joe"), Environ.parseReply(s, 0, s.length));
    }

    @Test
    void typedParsingKeepsUserVariablesApart() {
        byte[] p = bytes(IS, VAR, "USER", VALUE, "joe", USERVAR, "SHELL", VALUE, "sh", USERVAR, "X");
        Environ.Reply r = Environ.parseReplyTyped(p, 0, p.length);
        assertEquals(Map.of("USER", "joe"), r.vars());
        assertEquals("sh", r.userVars().get("SHELL"));
        assertTrue(r.userVars().containsKey("X"));
        assertEquals(null, r.userVars().get("X"), "no VALUE: undefined");
        assertEquals(List.of("USER", "SHELL", "X"), List.copyOf(r.all().keySet()));
    }

    @Test
    void typedSendParsing() {
        byte[] p = bytes(SEND, VAR, "USER", USERVAR, "A", Environ.ESC, VAR, "B", VAR, USERVAR);
        assertEquals(List.of(new Environ.Request(VAR, "USER"), new Environ.Request(USERVAR, "A\u0000B"),
            new Environ.Request(VAR, ""), new Environ.Request(USERVAR, "")), Environ.parseSendTyped(p, 0, p.length));
    }
}
