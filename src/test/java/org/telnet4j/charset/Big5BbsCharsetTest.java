package org.telnet4j.charset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.telnet4j.charset.CharsetTestSupport.bytes;
import static org.telnet4j.charset.CharsetTestSupport.codePoints;
import static org.telnet4j.charset.CharsetTestSupport.decodeReplacing;
import static org.telnet4j.charset.CharsetTestSupport.decodeStrict;
import static org.telnet4j.charset.CharsetTestSupport.encodeStrict;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import org.junit.jupiter.api.Test;

/**
 * BIG5BBS: the JDK's Big5 for every pair it knows, CP437 for a lead byte left alone (end of
 * input, or a byte after it that cannot be a trail byte), incremental across buffers, and an
 * encoder that falls back to CP437 for box drawing Big5 lacks.
 */
class Big5BbsCharsetTest {
    private static final Charset BIG5 = Charset.forName("Big5");
    private static final Charset CP437 = Charset.forName("IBM437");
    private static final Charset BBS = RetroCharsets.BIG5_BBS;

    @Test
    void everyPairTheJdkDecodesDecodesTheSame() throws CharacterCodingException {
        CharsetDecoder jdk = CharsetTestSupport.strictDecoder(BIG5);
        int pairs = 0;
        for (int lead = 0x81; lead <= 0xFE; lead++) {
            for (int trail = 0x40; trail <= 0xFE; trail++) {
                byte[] pair = bytes(lead, trail);
                String expected;
                try {
                    expected = jdk.decode(ByteBuffer.wrap(pair)).toString();
                } catch (CharacterCodingException e) {
                    continue; // not a Big5 character: the lone-lead tests cover it
                }
                assertEquals(1, expected.length(), String.format("%02X%02X", lead, trail));
                assertEquals(expected, decodeStrict(BBS, pair), String.format("%02X%02X", lead, trail));
                pairs++;
            }
        }
        // Lead bytes 0xA1-0xF9, trail bytes 0x40-0x7E and 0xA1-0xFE: over 13,000 characters.
        assertTrue(pairs > 13000, "pairs: " + pairs);
    }

    @Test
    void leadAndTrailByteRanges() throws CharacterCodingException {
        assertEquals("\u4E00", decodeStrict(BBS, bytes(0xA4, 0x40)), "trail 0x40, the lowest");
        assertEquals(new String(bytes(0xA4, 0x7E), BIG5), decodeStrict(BBS, bytes(0xA4, 0x7E)));
        assertEquals(new String(bytes(0xA4, 0xA1), BIG5), decodeStrict(BBS, bytes(0xA4, 0xA1)));
        assertEquals(new String(bytes(0xA4, 0xFE), BIG5), decodeStrict(BBS, bytes(0xA4, 0xFE)));
        // 0x7F-0xA0 are never trail bytes: the lead byte is alone.
        for (int t = 0x7F; t <= 0xA0; t++) {
            String s = decodeReplacing(BBS, bytes(0xA4, t));
            assertEquals(new String(bytes(0xA4), CP437), s.substring(0, 1), String.format("A4 %02X", t));
        }
    }

    @Test
    void loneLeadByteAtTheEndDecodesAsCp437() throws CharacterCodingException {
        for (int lead = 0x81; lead <= 0xFE; lead++) {
            assertEquals(new String(bytes(lead), CP437), decodeStrict(BBS, bytes(lead)), String.format("%02X", lead));
            assertEquals("ab" + new String(bytes(lead), CP437), new String(bytes('a', 'b', lead), BBS));
        }
        assertEquals("\u2554", new String(bytes(0xC9), BBS));
    }

    @Test
    void loneLeadByteBeforeAnAsciiByteThatCannotBeATrailByte() throws CharacterCodingException {
        // Box drawing then a colour change, the common case in BBS ANSI art: ESC is no trail byte.
        assertEquals("\u2554\u001B[0m", decodeStrict(BBS, bytes(0xC9, 0x1B, '[', '0', 'm')));
        for (int ascii = 0x00; ascii < 0x40; ascii++) {
            assertEquals(new String(bytes(0xB0), CP437) + (char) ascii, decodeStrict(BBS, bytes(0xB0, ascii)),
                String.format("B0 %02X", ascii));
        }
        // A CR LF after it: the line still ends.
        assertEquals("\u00F1\r\n", decodeStrict(BBS, bytes(0xA4, '\r', '\n')));
    }

    @Test
    void anAsciiByteInTheTrailRangeCompletesAPairAsInBig5() throws CharacterCodingException {
        // The ambiguity every Big5 BBS lives with: 'A' (0x41) after a lead byte is a trail byte.
        assertEquals(new String(bytes(0xC9, 0x41), BIG5), decodeStrict(BBS, bytes(0xC9, 'A')));
        assertEquals(1, decodeStrict(BBS, bytes(0xC9, 'A')).length());
        // And two CP437 box characters in a row can be one Big5 character: C9 CD is not "\u2554\u2550".
        assertEquals(new String(bytes(0xC9, 0xCD), BIG5), decodeStrict(BBS, bytes(0xC9, 0xCD)));
        assertEquals(1, decodeStrict(BBS, bytes(0xC9, 0xCD)).length());
    }

    @Test
    void leadBytesThatStartNoPairNeverWait() throws CharacterCodingException {
        // The JDK's Big5 has no characters with lead bytes 0x81-0xA0 or 0xFA-0xFE, so a trail
        // byte after them is a character of its own.
        assertEquals(new String(bytes(0x81), CP437) + "@", decodeStrict(BBS, bytes(0x81, 0x40)));
        assertEquals(new String(bytes(0xFE), CP437) + "A", decodeStrict(BBS, bytes(0xFE, 0x41)));
        CharsetDecoder d = BBS.newDecoder();
        CharBuffer out = CharBuffer.allocate(8);
        ByteBuffer in = ByteBuffer.wrap(bytes(0x9A));
        assertTrue(d.decode(in, out, false).isUnderflow());
        assertEquals(1, out.position(), "decoded at once, not held for a trail byte");
    }

    @Test
    void eightyAndFfAreMalformed() throws CharacterCodingException {
        assertEquals("\uFFFDx\uFFFD", decodeReplacing(BBS, bytes(0x80, 'x', 0xFF)));
        assertEquals(new String(bytes(0x80, 'x', 0xFF), BIG5), decodeReplacing(BBS, bytes(0x80, 'x', 0xFF)));
    }

    @Test
    void cp437FallbackTableMatchesTheJdk() {
        for (int b = 0x80; b <= 0xFF; b++) {
            String jdk = new String(bytes(b), CP437);
            assertEquals(jdk.charAt(0), Cp437.decodeHigh(b), String.format("%02X", b));
            assertEquals(b, Cp437.encodeHigh(jdk.charAt(0)), String.format("%02X", b));
        }
        assertEquals(-1, Cp437.encodeHigh('A'));
    }

    @Test
    void charactersSplitBetweenBuffersDecodeAsWhole() throws CharacterCodingException {
        // Big5 pairs, ASCII, trail bytes in the ASCII range, lone lead bytes before ESC and CR.
        byte[] b = concat("\u4E2D\u6587 BBS ".getBytes(BIG5), bytes(0xA4, 0x40, 0xA5, 0x5C, 0xC9, 0x1B, '['),
            "\u7AD9".getBytes(BIG5), bytes(0xB0, '\r', '\n'));
        String whole = decodeStrict(BBS, b);
        assertTrue(whole.startsWith("\u4E2D\u6587 BBS \u4E00"), codePoints(whole));
        for (int cut = 0; cut <= b.length; cut++) {
            for (int cut2 = cut; cut2 <= b.length; cut2++) {
                assertEquals(whole, decodeInPieces(b, cut, cut2), "cuts at " + cut + ", " + cut2);
            }
        }
    }

    @Test
    void encodingIsTheJdksBig5WithCp437ForTheRest() throws CharacterCodingException {
        String chinese = "\u4E2D\u6587\u4E00\u7AD9\u3000\uFF0C";
        assertArrayEquals(chinese.getBytes(BIG5), encodeStrict(BBS, chinese));
        assertEquals(chinese, decodeStrict(BBS, encodeStrict(BBS, chinese)));
        // Box drawing the JDK's Big5 lacks goes out as CP437 and, before a byte that is no
        // trail byte, comes back as itself.
        String box = "\u2554\u2557\u255A\u255D\u2591\u2588";
        for (char c : box.toCharArray()) {
            byte[] one = encodeStrict(BBS, String.valueOf(c));
            if (!BIG5.newEncoder().canEncode(c)) {
                assertArrayEquals(String.valueOf(c).getBytes(CP437), one, codePoints(String.valueOf(c)));
            }
            assertEquals(c + "\r\n", decodeStrict(BBS, concat(one, bytes('\r', '\n'))), codePoints(String.valueOf(c)));
        }
        assertTrue(BBS.newEncoder().canEncode('\u2554'));
        assertTrue(BBS.newEncoder().canEncode('\u4E2D'));
    }

    @Test
    void everyBig5CharacterRoundTrips() throws CharacterCodingException {
        CharsetDecoder jdk = CharsetTestSupport.strictDecoder(BIG5);
        for (int lead = 0xA1; lead <= 0xF9; lead++) {
            for (int trail = 0x40; trail <= 0xFE; trail++) {
                String c;
                try {
                    c = jdk.decode(ByteBuffer.wrap(bytes(lead, trail))).toString();
                } catch (CharacterCodingException e) {
                    continue;
                }
                byte[] enc = encodeStrict(BBS, c);
                // Big5 has a few duplicates; the encoder picks what the JDK's Big5 picks.
                assertArrayEquals(c.getBytes(BIG5), enc, String.format("%02X%02X", lead, trail));
                assertEquals(c, decodeStrict(BBS, enc));
            }
        }
    }

    /** Decodes through one CharsetDecoder fed in three buffers, the protocol's way. */
    private static String decodeInPieces(byte[] b, int cut, int cut2) {
        CharsetDecoder d = BBS.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(b.length * 2 + 4);
        ByteBuffer in = ByteBuffer.allocate(b.length);
        int[] ends = {cut, cut2, b.length};
        int from = 0;
        for (int k = 0; k < ends.length; k++) {
            in.put(b, from, ends[k] - from);
            from = ends[k];
            in.flip();
            CoderResult r = d.decode(in, out, k == ends.length - 1);
            assertTrue(r.isUnderflow(), r.toString());
            in.compact();
        }
        assertTrue(d.flush(out).isUnderflow());
        out.flip();
        return out.toString();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }
}
