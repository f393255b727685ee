package org.telnet4j.charset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.telnet4j.charset.CharsetTestSupport.bytes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamDecoder} with the retro charsets: input cut anywhere decodes as it does whole, and
 * a charset switch, whether between reads or made by the sink in the middle of one, loses no byte.
 */
class RetroStreamDecoderTest {
    private static final Charset BIG5 = Charset.forName("Big5");
    private static final Charset SHIFT_JIS = Charset.forName("Shift_JIS");

    private final StreamDecoder.Scratch scratch = new StreamDecoder.Scratch();

    /** Decodes with a fresh decoder, cut at the given ascending offsets. */
    private String decodeSplit(Charset cs, byte[] b, int... cuts) {
        StreamDecoder d = new StreamDecoder(cs);
        StringBuilder sb = new StringBuilder();
        int from = 0;
        for (int cut : cuts) {
            d.decode(b, from, cut - from, scratch, sb::append);
            from = cut;
        }
        d.decode(b, from, b.length - from, scratch, sb::append);
        return sb.toString();
    }

    private String decodeByteByByte(Charset cs, byte[] b) {
        StreamDecoder d = new StreamDecoder(cs);
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            d.decode(new byte[] {'#', x, '#'}, 1, 1, scratch, sb::append);
        }
        return sb.toString();
    }

    @Test
    void singleByteCharsetsSplitAtEveryBoundaryOfALongRandomString() {
        Random random = new Random(64);
        byte[] b = new byte[600];
        random.nextBytes(b);
        for (Charset cs : List.of(RetroCharsets.PETSCII, RetroCharsets.ATASCII, RetroCharsets.ATARI_ST)) {
            String whole = new String(b, cs);
            assertTrue(whole.codePoints().anyMatch(c -> c > 0xFFFF) || cs != RetroCharsets.PETSCII,
                "PETSCII's graphics include characters outside the BMP: surrogate pairs are decoded too");
            for (int cut = 0; cut <= b.length; cut++) {
                assertEquals(whole, decodeSplit(cs, b, cut), cs.name() + " cut at " + cut);
            }
            for (int round = 0; round < 200; round++) {
                int c1 = random.nextInt(b.length + 1);
                int c2 = c1 + random.nextInt(b.length - c1 + 1);
                assertEquals(whole, decodeSplit(cs, b, c1, c2), cs.name() + " cuts at " + c1 + ", " + c2);
            }
            assertEquals(whole, decodeByteByByte(cs, b), cs.name());
        }
    }

    @Test
    void atasciiUndecodableByteBecomesAReplacementCharacter() {
        assertEquals("a\uFFFD\n", decodeSplit(RetroCharsets.ATASCII, bytes('a', 0xFF, 0x9B)));
    }

    @Test
    void big5BbsSplitAtEveryBoundary() {
        byte[] b = concat("\u4E2D\u6587 ".getBytes(BIG5), bytes(0xA4, 0x40, 0xA5, 0x5C, 'x', 0xC9, 0x1B, '[', 'm'),
            "\u7AD9\u9577".getBytes(BIG5), bytes(0xB0, ' ', 0x80, 0xA4, '\r', '\n'));
        String whole = new String(b, RetroCharsets.BIG5_BBS);
        assertTrue(whole.contains("\u2554\u001B[m"), "a lone lead byte before ESC is CP437");
        assertTrue(whole.endsWith("\u00F1\r\n"), "and before CR");
        assertTrue(whole.contains("\uFFFD"), "0x80 is undecodable");
        for (int cut = 0; cut <= b.length; cut++) {
            for (int cut2 = cut; cut2 <= b.length; cut2++) {
                assertEquals(whole, decodeSplit(RetroCharsets.BIG5_BBS, b, cut, cut2), "cuts at " + cut + ", " + cut2);
            }
        }
        assertEquals(whole, decodeByteByByte(RetroCharsets.BIG5_BBS, b));
    }

    @Test
    void big5BbsRandomBytesDecodeAsAWholeWould() {
        Random random = new Random(950);
        for (int round = 0; round < 300; round++) {
            byte[] b = new byte[1 + random.nextInt(80)];
            random.nextBytes(b);
            b[b.length - 1] = '\n'; // no trail byte: whatever lead byte precedes it is alone
            String whole = new String(b, RetroCharsets.BIG5_BBS);
            int c1 = random.nextInt(b.length + 1);
            int c2 = c1 + random.nextInt(b.length - c1 + 1);
            assertEquals(whole, decodeSplit(RetroCharsets.BIG5_BBS, b, c1, c2), "round " + round);
            assertEquals(whole, decodeByteByByte(RetroCharsets.BIG5_BBS, b), "round " + round);
        }
    }

    @Test
    void big5BbsLeadByteHeldAtTheEndOfAReadWaitsForTheNext() {
        StreamDecoder d = new StreamDecoder(RetroCharsets.BIG5_BBS);
        StringBuilder got = new StringBuilder();
        d.decode(bytes('a', 0xA4), 0, 2, scratch, got::append);
        assertEquals("a", got.toString(), "the lead byte may still be completed");
        d.decode(bytes(0x40), 0, 1, scratch, got::append);
        assertEquals("a\u4E00", got.toString());
        d.decode(bytes(0xC9), 0, 1, scratch, got::append);
        d.decode(bytes('\r'), 0, 1, scratch, got::append);
        assertEquals("a\u4E00\u2554\r", got.toString(), "alone after all: CP437");
    }

    // ---- switching ----

    @Test
    void aLeadByteHeldByBig5BbsSurvivesASwitchToBig5() {
        StreamDecoder d = new StreamDecoder(RetroCharsets.BIG5_BBS);
        StringBuilder got = new StringBuilder();
        d.decode(bytes('x', 0xA4), 0, 2, scratch, got::append);
        d.setCharset(BIG5);
        d.decode(bytes(0x40, 'y'), 0, 2, scratch, got::append);
        assertEquals("x\u4E00y", got.toString());
    }

    @Test
    void aLeadBytePendingInBig5SurvivesASwitchToBig5Bbs() {
        StreamDecoder d = new StreamDecoder(BIG5);
        StringBuilder got = new StringBuilder();
        d.decode(bytes('x', 0xA4), 0, 2, scratch, got::append);
        d.setCharset(RetroCharsets.BIG5_BBS);
        d.decode(bytes(0x40, 'y'), 0, 2, scratch, got::append);
        assertEquals("x\u4E00y", got.toString());
    }

    @Test
    void aHeldLeadByteIsDecodedWithTheNewCharsetNotDropped() {
        StreamDecoder d = new StreamDecoder(RetroCharsets.BIG5_BBS);
        StringBuilder got = new StringBuilder();
        d.decode(bytes(0xA4), 0, 1, scratch, got::append);
        d.setCharset(StandardCharsets.ISO_8859_1);
        d.decode(bytes('y'), 0, 1, scratch, got::append);
        assertEquals("\u00A4y", got.toString(), "0xA4 in Latin-1 is the currency sign");

        d = new StreamDecoder(RetroCharsets.BIG5_BBS);
        got.setLength(0);
        d.decode(bytes(0xA4), 0, 1, scratch, got::append);
        d.setCharset(StandardCharsets.UTF_8);
        d.decode(bytes('y'), 0, 1, scratch, got::append);
        assertEquals("\uFFFDy", got.toString(), "in UTF-8 a lone 0xA4 is malformed, but it is not lost");
    }

    @Test
    void sinkSwitchingAtALineEndDecodesTheRestOfTheReadInTheNewCharset() {
        // UTF-8 (ASCII fast path) to PETSCII: 0x41 after the switch is 'a', 0xC1 'A'.
        assertEquals("pet\naA\r", switchAtNewline(StandardCharsets.UTF_8, RetroCharsets.PETSCII,
            concat("pet\n".getBytes(StandardCharsets.US_ASCII), bytes(0x41, 0xC1, 0x0D))));
        // PETSCII to ATASCII: 0x9B after the switch is ATASCII's EOL, not PETSCII's U+009B.
        assertEquals("x\r\nx\n", switchAtNewline(RetroCharsets.PETSCII, RetroCharsets.ATASCII,
            bytes(0x58, 0x0D, 0x9B, 0x78, 0x9B)));
        // BIG5BBS to UTF-8: C3 A9 would be a Big5 pair, but after the switch it is UTF-8's e-acute.
        assertEquals("\u4E00\r\u00E9\r", switchAtNewline(RetroCharsets.BIG5_BBS, StandardCharsets.UTF_8,
            bytes(0xA4, 0x40, '\r', 0xC3, 0xA9, '\r')));
        // Latin-1 to Shift_JIS, mid-buffer in the ASCII fast path.
        assertEquals("ok\n\u8868", switchAtNewline(StandardCharsets.ISO_8859_1, SHIFT_JIS,
            concat("ok\n".getBytes(StandardCharsets.US_ASCII), "\u8868".getBytes(SHIFT_JIS))));
    }

    @Test
    void sinkSwitchingInsideAReadLongerThanTheScratchBuffers() {
        // The switch falls after the first 4096-byte chunk: the position is still exact.
        String first = "\u4E2D\u6587".repeat(1200) + "\r";      // 4801 bytes of Big5
        String second = "\u00E9\u00E8".repeat(1500) + "\r";     // Latin-1
        byte[] b = concat(first.getBytes(BIG5), second.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(first + second, switchAtNewline(RetroCharsets.BIG5_BBS, StandardCharsets.ISO_8859_1, b));
        for (int cut : new int[] {1, 4095, 4096, 4800, 4801, 4802, 7000}) {
            assertEquals(first + second,
                switchAtNewline(RetroCharsets.BIG5_BBS, StandardCharsets.ISO_8859_1, b, cut), "cut at " + cut);
        }
    }

    @Test
    void sinkSwitchingOnACharacterMadeOfPendingBytesKeepsTheRestOfThem() {
        // Three bytes of a four-byte UTF-8 sequence wait; the switch to ATASCII decodes them as
        // three ATASCII characters; the sink switches to Latin-1 on the first of them, so the
        // other two are Latin-1.
        StreamDecoder d = new StreamDecoder(StandardCharsets.UTF_8);
        StringBuilder got = new StringBuilder();
        d.decode(bytes(0xF0, 0x9F, 0x98), 0, 3, scratch, got::append);
        assertEquals("", got.toString());
        d.setCharset(RetroCharsets.ATASCII);
        d.decode(bytes('A'), 0, 1, scratch, c -> {
            got.append(c);
            d.setCharset(StandardCharsets.ISO_8859_1);
        });
        assertEquals("p\u009F\u0098A", got.toString());
    }

    @Test
    void aLeadByteHeldWhenTheSinkSwitchesIsDecodedInTheSameRead() {
        // Found by StreamDecoderFuzzTest: Big5-BBS holds 0xD5 as a lead byte when the sink
        // switches on the character before it; in ATASCII it is a whole character (inverse U),
        // so it must come out in this read, as it does when the read ends just before it.
        StreamDecoder d = new StreamDecoder(RetroCharsets.BIG5_BBS);
        StringBuilder got = new StringBuilder();
        d.decode(bytes('a', 0x13, 0xD5), 0, 3, scratch, c -> {
            got.append(c);
            if (c == 0x13) {
                d.setCharset(RetroCharsets.ATASCII);
            }
        });
        assertEquals("a\u0013" + new String(bytes(0xD5), RetroCharsets.ATASCII), got.toString());
    }

    @Test
    void switchingToTheSameCharsetChangesNothing() {
        StreamDecoder d = new StreamDecoder(RetroCharsets.BIG5_BBS);
        StringBuilder got = new StringBuilder();
        d.decode(bytes(0xA4), 0, 1, scratch, got::append);
        d.setCharset(Charset.forName("big5-bbs"));
        d.decode(bytes(0x40), 0, 1, scratch, got::append);
        assertEquals("\u4E00", got.toString());
        assertFalse(StreamDecoder.isAsciiCompatible(RetroCharsets.BIG5_BBS));
        assertFalse(StreamDecoder.isAsciiCompatible(RetroCharsets.PETSCII));
        assertFalse(StreamDecoder.isAsciiCompatible(RetroCharsets.ATASCII));
        assertTrue(StreamDecoder.isAsciiCompatible(RetroCharsets.ATARI_ST));
    }

    /**
     * Decodes {@code b}, cut at {@code cuts}, with a sink that switches to {@code to} after the
     * first line end (CR or LF) it sees.
     */
    private String switchAtNewline(Charset from, Charset to, byte[] b, int... cuts) {
        StreamDecoder d = new StreamDecoder(from);
        StringBuilder got = new StringBuilder();
        boolean[] done = {false};
        StreamDecoder.CharSink sink = c -> {
            got.append(c);
            if (!done[0] && (c == '\n' || c == '\r')) {
                done[0] = true;
                d.setCharset(to);
            }
        };
        int start = 0;
        for (int cut : cuts) {
            d.decode(b, start, cut - start, scratch, sink);
            start = cut;
        }
        d.decode(b, start, b.length - start, scratch, sink);
        assertEquals(to, d.charset());
        return got.toString();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }
}
