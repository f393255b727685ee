package org.telnet4j.charset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telnet4j.charset.LineSplitter.LoneCr;

/**
 * The one line-end rule of the line readers ({@code TextBuffer}'s {@code takeLine}, the pipe
 * client's output): each case fed whole, then split at every boundary (and in pieces of one
 * character), must give the same lines.
 */
class LineSplitterTest {

    /** The lines a stream splits into; "|" marks a line end, the text after the last is unended. */
    private static String split(LoneCr mode, String... pieces) {
        StringBuilder b = new StringBuilder();
        LineSplitter.Listener l = new LineSplitter.Listener() {
            @Override
            public void onText(CharSequence s, int from, int to) {
                b.append(s, from, to);
            }

            @Override
            public void onLineEnd() {
                b.append('|');
            }
        };
        LineSplitter sp = new LineSplitter(mode);
        for (String p : pieces) {
            sp.feed(p, 0, p.length(), l);
        }
        sp.finish(l);
        return b.toString();
    }

    private static void assertEverySplit(LoneCr mode, String input, String expected) {
        assertEquals(expected, split(mode, input), "whole: " + input.replace("\r", "\\r").replace("\n", "\\n"));
        for (int cut = 0; cut <= input.length(); cut++) {
            assertEquals(expected, split(mode, input.substring(0, cut), input.substring(cut)), "cut at " + cut);
        }
        String[] ones = input.split("");
        assertEquals(expected, split(mode, ones), "one character at a time");
    }

    @Test
    void lineEndsWhenALoneCrEndsALine() {
        assertEverySplit(LoneCr.ENDS_LINE, "a\r\nb\nc\rd\r\0e", "a|b|c|d|\0e");
        assertEverySplit(LoneCr.ENDS_LINE, "\r\n\r\n\n\r", "|||" + "|");
        assertEverySplit(LoneCr.ENDS_LINE, "\n\r\r\n", "|||");
        assertEverySplit(LoneCr.ENDS_LINE, "no end", "no end");
    }

    @Test
    void aLoneCrKeptAsText() {
        assertEverySplit(LoneCr.IS_TEXT, "10%\r20%\r\ndone\n", "10%\r20%|done|");
        assertEverySplit(LoneCr.IS_TEXT, "bare\r\0cr\r", "bare\r\0cr\r");
    }

    @Test
    void petsciiReturnEndsALineAtOnceAndTakesTheLfAfterIt() {
        assertEverySplit(LoneCr.ENDS_LINE_AT_ONCE, "a\rb\r\nc\nd", "a|b|c|d");
        assertEverySplit(LoneCr.ENDS_LINE_AT_ONCE, "\r\r\n\n", "|||");
    }

    @Test
    void aLastCrWaitsForTheNextCharacter() {
        LineSplitter sp = new LineSplitter(LoneCr.ENDS_LINE);
        List<String> events = new ArrayList<>();
        LineSplitter.Listener l = new LineSplitter.Listener() {
            @Override
            public void onText(CharSequence s, int from, int to) {
                events.add(s.subSequence(from, to).toString());
            }

            @Override
            public void onLineEnd() {
                events.add("END");
            }
        };
        sp.feed("abc\r", 0, 4, l);
        assertEquals(List.of("abc"), events, "the line is not ended before the next character says how");
        assertTrue(sp.holdsCr());
        sp.feed("\nx", 0, 2, l);
        assertEquals(List.of("abc", "END", "x"), events);
        assertFalse(sp.holdsCr());
    }

    @Test
    void endAtFindsTheSameEndsInABuffer() {
        String s = "a\r\nb\rc\n\r";
        int n = s.length();
        assertEquals(0, LineSplitter.endAt(s, 0, n, LoneCr.ENDS_LINE));
        assertEquals(2, LineSplitter.endAt(s, 1, n, LoneCr.ENDS_LINE));
        assertEquals(1, LineSplitter.endAt(s, 2, n, LoneCr.ENDS_LINE));
        assertEquals(1, LineSplitter.endAt(s, 4, n, LoneCr.ENDS_LINE));
        assertEquals(0, LineSplitter.endAt(s, 4, n, LoneCr.IS_TEXT));
        assertEquals(1, LineSplitter.endAt(s, 6, n, LoneCr.ENDS_LINE));
        assertEquals(LineSplitter.NEED_MORE, LineSplitter.endAt(s, 7, n, LoneCr.ENDS_LINE));
        assertEquals(LineSplitter.NEED_MORE, LineSplitter.endAt(s, 7, n, LoneCr.IS_TEXT));
        assertEquals(1, LineSplitter.endAt(s, 7, n, LoneCr.ENDS_LINE_AT_ONCE));
    }
}
