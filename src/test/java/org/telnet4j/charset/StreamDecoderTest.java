package org.telnet4j.charset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamDecoderTest {
    private static final Charset SHIFT_JIS = Charset.forName("Shift_JIS");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private final StreamDecoder.Scratch scratch = new StreamDecoder.Scratch();
    private final StringBuilder got = new StringBuilder();

    private void decode(StreamDecoder d, byte[] bytes) {
        d.decode(bytes, 0, bytes.length, scratch, got::append);
    }

    private void decode(StreamDecoder d, int... bytes) {
        decode(d, bytes(bytes));
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** Decodes {@code bytes} with a fresh decoder, cut at the given offsets (ascending). */
    private String decodeSplit(Charset cs, byte[] bytes, int... cuts) {
        StreamDecoder d = new StreamDecoder(cs);
        StringBuilder sb = new StringBuilder();
        int from = 0;
        for (int cut : cuts) {
            d.decode(bytes, from, cut - from, scratch, sb::append);
            from = cut;
        }
        d.decode(bytes, from, bytes.length - from, scratch, sb::append);
        return sb.toString();
    }

    private String decodeByteByByte(Charset cs, byte[] bytes) {
        StreamDecoder d = new StreamDecoder(cs);
        StringBuilder sb = new StringBuilder();
        // Each byte from its own array, at a nonzero offset, as reads into a shared buffer would.
        for (byte b : bytes) {
            byte[] buf = {'#', b, '#'};
            d.decode(buf, 1, 1, scratch, sb::append);
        }
        return sb.toString();
    }

    // ---- UTF-8 ----

    @Test
    void utf8SplitAtEveryByteBoundary() {
        String text = "a\u00e9\u20ac\uD83D\uDE00z\u4E2D"; // 1, 2, 3, 4, 1, 3 bytes
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(text, decodeSplit(StandardCharsets.UTF_8, b));
        for (int i = 0; i <= b.length; i++) {
            assertEquals(text, decodeSplit(StandardCharsets.UTF_8, b, i), "cut at " + i);
            for (int j = i; j <= b.length; j++) {
                assertEquals(text, decodeSplit(StandardCharsets.UTF_8, b, i, j), "cuts at " + i + ", " + j);
            }
        }
        assertEquals(text, decodeByteByByte(StandardCharsets.UTF_8, b));
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() {
        StreamDecoder d = new StreamDecoder(StandardCharsets.UTF_8);
        decode(d, 'a', 0xFF, 'b', 0x80, 'c', 0xC0, 0x80, 'd', 0xED, 0xA0, 0x80, 'e');
        // 0xFF; a lone continuation; an overlong NUL; an encoded surrogate: none is a character.
        // (The JDK reads the 3-byte surrogate as one malformed sequence, the overlong as two.)
        assertEquals("a\uFFFDb\uFFFDc\uFFFD\uFFFDd\uFFFDe", got.toString());
    }

    @Test
    void invalidUtf8DecodesTheSameWholeAndByteByByte() {
        byte[] b = bytes('a', 0xFF, 'b', 0x80, 'c', 0xC0, 0x80, 'd', 0xE2, 0x82, 'e', 0xF0, 0x9F, 0x98, 0x80,
            0xF8, 0x88, 0x80, 0x80, 0x80, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80, '\n');
        String expected = new String(b, StandardCharsets.UTF_8);
        assertEquals(expected, decodeSplit(StandardCharsets.UTF_8, b));
        assertEquals(expected, decodeByteByByte(StandardCharsets.UTF_8, b));
    }

    @Test
    void truncatedSequenceThenAsciiGivesReplacementThenTheAscii() {
        StreamDecoder d = new StreamDecoder(StandardCharsets.UTF_8);
        decode(d, 0xE2, 0x82); // the start of a euro sign
        assertEquals("", got.toString(), "held back: it may still be completed");
        decode(d, 'a');
        assertEquals("\uFFFDa", got.toString());

        got.setLength(0);
        decode(d, 'x', 0xF0, 0x9F, 'y');
        assertEquals("x\uFFFDy", got.toString(), "same within one read");

        got.setLength(0);
        decode(d, 0xC3);
        decode(d, 0xC3);
        decode(d, 0xA9);
        assertEquals("\uFFFD\u00e9", got.toString(), "a lead byte cut short by another lead byte");
    }

    @Test
    void inputLongerThanTheScratchBuffers() {
        // 3-byte characters: their boundaries fall across the 4096-byte scratch buffer.
        String text = "\u20ac".repeat(5000) + "a\u00e9".repeat(3000);
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(text, decodeSplit(StandardCharsets.UTF_8, b));
        assertEquals(text, decodeSplit(StandardCharsets.UTF_8, b, 4095, 8193));
        String sjis = "\u8868\u73FE".repeat(3000) + "ab";
        assertEquals(sjis, decodeSplit(SHIFT_JIS, sjis.getBytes(SHIFT_JIS)));
        assertEquals(sjis, decodeSplit(SHIFT_JIS, sjis.getBytes(SHIFT_JIS), 4097));
    }

    @Test
    void decodersSharingScratchBuffersKeepTheirOwnPendingBytes() {
        StreamDecoder one = new StreamDecoder(StandardCharsets.UTF_8);
        StreamDecoder two = new StreamDecoder(StandardCharsets.UTF_8);
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        one.decode(bytes(0xE2), 0, 1, scratch, a::append);
        two.decode(bytes(0xE2, 0x82), 0, 2, scratch, b::append);
        one.decode(bytes(0x82, 0xAC, 'x'), 0, 3, scratch, a::append);
        two.decode(bytes(0xAC, 'y'), 0, 2, scratch, b::append);
        assertEquals("\u20acx", a.toString());
        assertEquals("\u20acy", b.toString());
    }

    @Test
    void randomBytesNeverThrowAndDecodeAsAWholeWould() {
        Random random = new Random(1572);
        for (Charset cs : new Charset[] {StandardCharsets.UTF_8, SHIFT_JIS, WINDOWS_1252,
            StandardCharsets.ISO_8859_1}) {
            for (int round = 0; round < 200; round++) {
                byte[] b = new byte[1 + random.nextInt(64)];
                random.nextBytes(b);
                if (random.nextBoolean()) {
                    for (int i = 0; i < b.length; i++) {
                        b[i] &= 0x7F | (random.nextInt(4) == 0 ? 0x80 : 0); // mostly ASCII
                    }
                }
                b[b.length - 1] = '\n'; // ends any sequence, so nothing is left pending
                String expected = new String(b, cs);
                int cut1 = random.nextInt(b.length + 1);
                int cut2 = cut1 + random.nextInt(b.length - cut1 + 1);
                assertEquals(expected, decodeSplit(cs, b, cut1, cut2), cs + " round " + round);
                assertEquals(expected, decodeByteByByte(cs, b), cs + " round " + round);
            }
        }
    }

    // ---- switching charsets ----

    @Test
    void switchingCharsetMidStream() {
        StreamDecoder d = new StreamDecoder(StandardCharsets.UTF_8);
        decode(d, "caf\u00e9 ".getBytes(StandardCharsets.UTF_8));
        d.setCharset(StandardCharsets.ISO_8859_1);
        assertEquals(StandardCharsets.ISO_8859_1, d.charset());
        decode(d, 0xE9, ' ');
        d.setCharset(SHIFT_JIS);
        decode(d, "\u8868 ".getBytes(SHIFT_JIS));
        d.setCharset(StandardCharsets.UTF_8);
        decode(d, "\u20ac".getBytes(StandardCharsets.UTF_8));
        assertEquals("caf\u00e9 \u00e9 \u8868 \u20ac", got.toString());
    }

    @Test
    void pendingBytesAreDecodedWithTheNewCharsetThenAscii() {
        StreamDecoder d = new StreamDecoder(StandardCharsets.UTF_8);
        decode(d, 'x', 0xC3); // could start a UTF-8 character...
        d.setCharset(StandardCharsets.ISO_8859_1);
        decode(d, 'a'); // ...but the charset changed: in Latin-1 it is Ã
        assertEquals("x\u00c3a", got.toString());
    }

    @Test
    void pendingBytesAreDecodedWithTheNewCharsetThenNonAscii() {
        StreamDecoder d = new StreamDecoder(StandardCharsets.UTF_8);
        decode(d, 0xC3);
        d.setCharset(WINDOWS_1252);
        decode(d, 0xA9, 0x80);
        assertEquals("\u00c3\u00a9\u20ac", got.toString());
    }

    @Test
    void pendingBytesSurviveASwitchToShiftJis() {
        StreamDecoder d = new StreamDecoder(StandardCharsets.UTF_8);
        decode(d, 0xE2, 0x82);
        d.setCharset(SHIFT_JIS);
        decode(d, 'a');
        // Shift_JIS reads E2 82 as one character (lead E2, trail 82), then the 'a'.
        assertEquals(new String(bytes(0xE2, 0x82, 'a'), SHIFT_JIS), got.toString());
    }

    @Test
    void settingTheSameCharsetKeepsPendingBytes() {
        StreamDecoder d = new StreamDecoder(StandardCharsets.UTF_8);
        decode(d, 0xE2, 0x82);
        d.setCharset(Charset.forName("utf-8"));
        decode(d, 0xAC);
        assertEquals("\u20ac", got.toString());
    }

    // ---- charsets that are not ASCII-compatible ----

    @Test
    void shiftJisTrailByteInTheAsciiRange() {
        byte[] b = "\u8868".getBytes(SHIFT_JIS);
        assertEquals(2, b.length);
        assertEquals((byte) 0x95, b[0]);
        assertEquals((byte) 0x5C, b[1]); // '\' in ASCII
        assertEquals("\u8868", decodeSplit(SHIFT_JIS, b, 1));
        String text = "a\u8868b\u30bd\u80fd\\c"; // ソ and 能 also have trail byte 0x5C
        byte[] t = text.getBytes(SHIFT_JIS);
        assertEquals(text, decodeByteByByte(SHIFT_JIS, t));
        for (int i = 0; i <= t.length; i++) {
            assertEquals(text, decodeSplit(SHIFT_JIS, t, i), "cut at " + i);
        }
    }

    @Test
    void ebcdic() {
        assumeTrue(Charset.isSupported("IBM037"), "IBM037 not in this JVM");
        Charset ebcdic = Charset.forName("IBM037");
        String text = "Hello, World @ 42";
        byte[] b = text.getBytes(ebcdic);
        assertEquals((byte) 0xC8, b[0]);
        assertEquals(text, decodeSplit(ebcdic, b));
        assertEquals(text, decodeByteByByte(ebcdic, b));
        StreamDecoder d = new StreamDecoder(ebcdic);
        decode(d, 0x40, 0x7C);
        assertEquals(" @", got.toString(), "0x40 is an EBCDIC space, not ASCII '@'");
    }

    // ---- single-byte charsets ----

    @Test
    void latin1DecodesEveryByteToItself() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            expected.append((char) i);
        }
        assertEquals(expected.toString(), decodeSplit(StandardCharsets.ISO_8859_1, all));
        assertEquals(expected.toString(), decodeSplit(StandardCharsets.ISO_8859_1, all, 100, 200));
        assertEquals(expected.toString(), decodeByteByByte(StandardCharsets.ISO_8859_1, all));
    }

    @Test
    void windows1252() {
        byte[] b = bytes('a', 0x80, 0x93, 'b', 0x94, 0x81, 0xE9, 'c');
        String expected = "a\u20ac\u201cb\u201d\uFFFD\u00e9c"; // 0x81 is unassigned
        assertEquals(expected, decodeSplit(WINDOWS_1252, b));
        assertEquals(expected, decodeByteByByte(WINDOWS_1252, b));
    }

    @Test
    void asciiPassesThroughUnchanged() {
        StringBuilder ascii = new StringBuilder();
        for (int i = 0; i < 128; i++) {
            ascii.append((char) i);
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(ascii.toString().getBytes(StandardCharsets.US_ASCII));
        for (Charset cs : new Charset[] {StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1, WINDOWS_1252,
            StandardCharsets.US_ASCII}) {
            assertEquals(ascii.toString(), decodeSplit(cs, b.toByteArray(), 64), cs.name());
        }
    }

    @Test
    void errorActionIgnoreDropsAndReportThrows() {
        StreamDecoder d = new StreamDecoder(StandardCharsets.UTF_8);
        d.setErrorAction(java.nio.charset.CodingErrorAction.IGNORE);
        decode(d, 'a', 0xC3, '(', 'b', 0xFF, 'c');
        assertEquals("a(bc", got.toString());
        StreamDecoder strict = new StreamDecoder(StandardCharsets.UTF_8);
        strict.setErrorAction(java.nio.charset.CodingErrorAction.REPORT);
        got.setLength(0);
        java.io.UncheckedIOException e = org.junit.jupiter.api.Assertions.assertThrows(
            java.io.UncheckedIOException.class, () -> decode(strict, 'o', 'k', 0xC3, '(', 'z'));
        assertEquals("text that is not valid UTF-8 (1 byte), and decoding is strict", e.getCause().getMessage());
        assertEquals("ok", got.toString()); // what came before is delivered
        // a sequence split across reads is not an error until it is known to be one
        StreamDecoder split = new StreamDecoder(StandardCharsets.UTF_8);
        split.setErrorAction(java.nio.charset.CodingErrorAction.REPORT);
        got.setLength(0);
        decode(split, 'x', 0xC3);
        decode(split, 0xA9);
        assertEquals("x\u00e9", got.toString());
    }

    @Test
    void aSwitchAfterAReplacementLeavesTheNextBytesToTheNewCharset() {
        // F0 A4 A6 is a four-byte lead cut short by E5; with room for two characters the JDK's
        // UTF-8 decoder would replace it and go on to replace E5 B4 (cut short by FA) too, in
        // the same call.
        byte[] in = bytes(0xF0, 0xA4, 0xA6, 0xE5, 0xB4, 0xFA, 'z');
        String whole = decodeSwitchingAfterTheFirst(in, 1);
        assertEquals("\ufffd\u00e5\u00b4\u00faz", whole);
        assertEquals(whole, decodeSwitchingAfterTheFirst(in, in.length));
    }

    /** UTF-8 that becomes ISO-8859-1 after the first character; reads of {@code piece} bytes. */
    private String decodeSwitchingAfterTheFirst(byte[] in, int piece) {
        StreamDecoder d = new StreamDecoder(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        for (int from = 0; from < in.length; from += piece) {
            d.decode(in, from, Math.min(piece, in.length - from), scratch, c -> {
                sb.append(c);
                d.setCharset(StandardCharsets.ISO_8859_1);
            });
        }
        return sb.toString();
    }
}
