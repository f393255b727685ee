package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextTest {

    // ---- encode ----

    @Test
    void encodeReplacesWhatTheCharsetCannotRepresent() {
        assertArrayEquals("caf? ?".getBytes(StandardCharsets.US_ASCII),
            Text.encode("caf\u00e9 \u20ac", StandardCharsets.US_ASCII));
        assertArrayEquals(new byte[] {'a', (byte) 0xE9, '?'},
            Text.encode("a\u00e9\u20ac", StandardCharsets.ISO_8859_1));
        assertArrayEquals(new byte[] {(byte) 0x80, '?'},
            Text.encode("\u20ac\u4E2D", Charset.forName("windows-1252")));
    }

    @Test
    void encodeReplacesUnpairedSurrogates() {
        assertArrayEquals(new byte[] {'a', '?', 'b'}, Text.encode("a\uD800b", StandardCharsets.UTF_8));
        assertArrayEquals(new byte[] {'a', '?', 'b'}, Text.encode("a\uDC00b", Charset.forName("windows-1252")));
        assertArrayEquals(new byte[] {'?'}, Text.encode("\uD83D", Charset.forName("Shift_JIS")));
    }

    @Test
    void encodeMultiByteCharsets() {
        assertArrayEquals(new byte[] {'a', (byte) 0xE2, (byte) 0x82, (byte) 0xAC},
            Text.encode("a\u20ac", StandardCharsets.UTF_8));
        assertArrayEquals(new byte[] {(byte) 0x95, 0x5C}, Text.encode("\u8868", Charset.forName("Shift_JIS")));
        assertArrayEquals(new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80},
            Text.encode("\uD83D\uDE00", StandardCharsets.UTF_8));
    }

    @Test
    void encodeEbcdicUsesItsOwnReplacement() {
        assumeTrue(Charset.isSupported("IBM037"));
        Charset ebcdic = Charset.forName("IBM037");
        byte[] b = Text.encode("Hi \u20ac", ebcdic);
        byte[] expected = {(byte) 0xC8, (byte) 0x89, 0x40, ebcdic.newEncoder().replacement()[0]};
        assertArrayEquals(expected, b);
    }

    @Test
    void encodeWithADecodeOnlyCharsetFallsBackToAscii() {
        assumeTrue(Charset.isSupported("ISO-2022-CN"));
        Charset decodeOnly = Charset.forName("ISO-2022-CN");
        assumeTrue(!decodeOnly.canEncode());
        assertArrayEquals(new byte[] {'o', 'k', '?'}, Text.encode("ok\u00e9", decodeOnly));
    }

    // ---- wrap ----

    @Test
    void wrapBreaksBetweenWords() {
        assertEquals("the quick\nbrown fox\njumps", Text.wrap("the quick brown fox jumps", 10));
        assertEquals("aa\nbbbbb", Text.wrap("aa bbbbb", 5));
        assertEquals("aa bb", Text.wrap("aa bb", 5), "exactly the width fits");
    }

    @Test
    void wrapCutsOnlyWordsLongerThanTheWidth() {
        assertEquals("abcde\nfghij\nkl", Text.wrap("abcdefghijkl", 5));
        assertEquals("ab\ncdef\nghij\nk", Text.wrap("ab cdefghijk", 4));
        assertEquals("abcd\nabcd", Text.wrap("abcdabcd", 4));
        assertEquals("abcd\nx", Text.wrap("abcd x", 4));
    }

    @Test
    void wrapKeepsExistingLineBreaks() {
        assertEquals("one two\nthree\n\nfour", Text.wrap("one two\nthree\n\nfour", 80));
        assertEquals("a b\nc d", Text.wrap("a b\r\nc d", 80), "CR LF becomes one line break");
        assertEquals("ab\ncd\nef", Text.wrap("ab cd\nef", 3));
        assertEquals("end\n", Text.wrap("end\n", 80));
    }

    @Test
    void wrappedLinesNeverExceedTheWidthAndWordsSurvive() {
        Random random = new Random(854);
        for (int round = 0; round < 300; round++) {
            int width = 1 + random.nextInt(30);
            StringBuilder text = new StringBuilder();
            int words = random.nextInt(40);
            for (int w = 0; w < words; w++) {
                int len = 1 + random.nextInt(random.nextInt(8) == 0 ? 50 : 10);
                for (int i = 0; i < len; i++) {
                    text.append((char) ('a' + random.nextInt(26)));
                }
                int sep = random.nextInt(10);
                text.append(sep == 0 ? "\n" : sep == 1 ? "   " : " ");
            }
            String in = text.toString();
            String out = Text.wrap(in, width);
            String context = "width " + width + ": " + in;
            for (String line : out.split("\n", -1)) {
                assertTrue(line.length() <= width, context);
                assertTrue(!line.startsWith(" ") && !line.endsWith(" "), context);
            }
            // Existing line breaks: each original line is wrapped on its own.
            List<String> paras = new ArrayList<>();
            for (String p : in.split("\n", -1)) {
                String wrapped = Text.wrap(p, width);
                paras.add(wrapped);
                // No needless breaks: the next line's first word would not have fitted.
                String[] lines = wrapped.split("\n");
                for (int i = 0; i + 1 < lines.length; i++) {
                    String next = lines[i + 1].split(" ")[0];
                    assertTrue(lines[i].length() + 1 + next.length() > width, context);
                }
            }
            assertEquals(String.join("\n", paras), out, context);
            // Words: whole and in order, except that a word longer than the width comes out in
            // width-long pieces.
            List<String> expectedWords = new ArrayList<>();
            for (String word : in.split("[ \n]+")) {
                while (word.length() > width) {
                    expectedWords.add(word.substring(0, width));
                    word = word.substring(width);
                }
                if (!word.isEmpty()) {
                    expectedWords.add(word);
                }
            }
            List<String> outWords = new ArrayList<>(Arrays.asList(out.split("[ \n]+")));
            outWords.removeIf(String::isEmpty);
            assertEquals(expectedWords, outWords, context);
        }
    }
}
