package org.telnet4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The clients' text buffer: the old line-end rules, fed split at every position, in linear time. */
class TextBufferTest {
    private static final String STREAM = "one\r\ntwo\nthree\rfour\r\r\nfive login: six\r";

    private static List<String> lines(TextBuffer b) {
        List<String> out = new ArrayList<>();
        String l;
        while ((l = b.takeLine()) != null) {
            out.add(l);
        }
        return out;
    }

    @Test
    void lineEndsAreLfCrLfAndACrFollowedByAnythingWhateverTheSplit() {
        List<String> expected = List.of("one", "two", "three", "four", "", "five login: six");
        for (int split = 0; split <= STREAM.length(); split++) {
            TextBuffer b = new TextBuffer();
            b.append(STREAM.substring(0, split));
            List<String> got = new ArrayList<>(lines(b));
            b.append(STREAM.substring(split));
            got.addAll(lines(b));
            b.append("x"); // the last CR ends a line once something follows it
            got.addAll(lines(b));
            assertEquals(expected, got, "split at " + split);
            assertEquals("x", b.takeAll());
        }
    }

    @Test
    void aMatchSplitBetweenAppendsIsFound() {
        for (int split = 0; split <= STREAM.length(); split++) {
            TextBuffer b = new TextBuffer();
            b.append(STREAM.substring(0, split));
            String first = b.takeUntil("login: ");
            if (first == null) {
                b.append(STREAM.substring(split));
                first = b.takeUntil("login: ");
            } else {
                b.append(STREAM.substring(split));
            }
            assertEquals("one\r\ntwo\nthree\rfour\r\r\nfive login: ", first, "split at " + split);
            assertEquals("six\r", b.takeAll());
        }
    }

    @Test
    void scanningAndCompactingStayLinearOnALargeBuffer() {
        TextBuffer b = new TextBuffer();
        int n = 200_000;
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append("l").append(i).append("\r\n");
        }
        // Arrives in small pieces while lines are taken: the front is dropped as it goes.
        int total = s.length();
        int taken = 0;
        for (int at = 0; at < total; at += 1000) {
            b.append(s.subSequence(at, Math.min(total, at + 1000)));
            String l;
            while ((l = b.takeLine()) != null) {
                assertEquals("l" + taken, l);
                taken++;
            }
        }
        assertEquals(n, taken);
        assertTrue(b.scanned() <= total, "each character scanned at most once: " + b.scanned());
        assertNull(b.takeLine());
        assertEquals(0, b.unread());
    }
}
