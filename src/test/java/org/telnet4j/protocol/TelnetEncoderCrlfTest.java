package org.telnet4j.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link TelnetEncoder#crlf}: every LF without a CR before it gets one, nothing else changes. */
class TelnetEncoderCrlfTest {

    /** The rule character by character: the model the run-copying implementation must match. */
    private static String reference(String s) {
        StringBuilder b = new StringBuilder();
        char prev = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' && prev != '\r') {
                b.append('\r');
            }
            b.append(c);
            prev = c;
        }
        return b.toString();
    }

    @Test
    void examples() {
        assertEquals("", TelnetEncoder.crlf(""));
        assertEquals("abc", TelnetEncoder.crlf("abc"));
        assertEquals("\r\n", TelnetEncoder.crlf("\n"));
        assertEquals("line\r\n", TelnetEncoder.crlf("line\n"));
        assertEquals("a\r\nb\r\nc", TelnetEncoder.crlf("a\nb\r\nc"));
        assertEquals("\r\n\r\n", TelnetEncoder.crlf("\n\n"));
        assertEquals("\r\n\r\n", TelnetEncoder.crlf("\r\n\n"));
        assertEquals("\r\n\r\n", TelnetEncoder.crlf("\n\r\n"));
        assertEquals("a\r\r\n", TelnetEncoder.crlf("a\r\r\n"));
        assertEquals("a\rb", TelnetEncoder.crlf("a\rb")); // a bare CR is the encoder's business (CR NUL)
        assertEquals("caf\u00e9 \u20ac\r\n", TelnetEncoder.crlf("caf\u00e9 \u20ac\n"));
    }

    @Test
    void textWithoutBareLfIsReturnedAsItIs() {
        String s = "a\r\nb\r\n";
        assertSame(s, TelnetEncoder.crlf(s));
        String t = "no line end";
        assertSame(t, TelnetEncoder.crlf(t));
    }

    @Test
    void matchesTheCharacterByCharacterRuleOnRandomText() {
        char[] alphabet = {'a', ' ', '\r', '\n', '\u00e9', '\u20ac', '\uD83D', '\uDE00', 0};
        Random random = new Random(1143);
        for (int t = 0; t < 200_000; t++) {
            char[] c = new char[random.nextInt(16)];
            for (int i = 0; i < c.length; i++) {
                c[i] = alphabet[random.nextInt(alphabet.length)];
            }
            String s = new String(c);
            assertEquals(reference(s), TelnetEncoder.crlf(s), () -> "input " + escape(s));
        }
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            b.append(ch == '\r' ? "\\r" : ch == '\n' ? "\\n" : String.valueOf(ch));
        }
        return b.toString();
    }
}
