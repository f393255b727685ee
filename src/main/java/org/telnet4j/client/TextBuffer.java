package org.telnet4j.client;

import org.telnet4j.charset.LineSplitter;

/**
 * Received text waiting to be read, taken a line or a match at a time in time linear in the
 * text: searches resume where the last one stopped, and taken text is dropped from the front
 * only once it is at least half the buffer, so each character is scanned and moved a bounded
 * number of times however large the buffer grows. Not thread-safe.
 *
 * <p>Line ends are {@link LineSplitter}'s with {@link LineSplitter.LoneCr#ENDS_LINE}, as the
 * clients have always read them: LF; CR LF (one end); a CR followed by anything else (the CR is
 * the end). A CR that is the last character waits for the next one.
 */
final class TextBuffer {
    /** Taken text is dropped from the front once it is this long and half the buffer. */
    private static final int COMPACT_AT = 8192;

    private final StringBuilder text = new StringBuilder();
    /** Start of the unread text. */
    private int head;
    /** No line end starts before this index (at or after {@code head}). */
    private int lineScan;
    /** The match last searched for by {@link #takeUntil}, and where its next search starts. */
    private String untilMatch;
    private int untilScan;
    /** Characters examined by searches, for tests that pin down linear behaviour. */
    private long scanned;

    /** Adds received text at the end. */
    void append(CharSequence s) {
        text.append(s);
    }

    /** Characters not yet taken. */
    int unread() {
        return text.length() - head;
    }

    /** Characters examined by searches since this buffer was made. */
    long scanned() {
        return scanned;
    }

    /** The next complete line without its end, or null if no line is complete yet. */
    String takeLine() {
        int n = text.length();
        int start = Math.max(head, lineScan);
        int i = start;
        int end = 0;
        for (; i < n; i++) {
            end = LineSplitter.endAt(text, i, n, LineSplitter.LoneCr.ENDS_LINE);
            if (end != 0) {
                break;
            }
        }
        scanned += i - start;
        if (i >= n || end == LineSplitter.NEED_MORE) {
            lineScan = i; // at a last CR: look at it again when more has come
            return null;
        }
        String line = text.substring(head, i);
        consume(i + end);
        return line;
    }

    /** Text up to and including {@code match}, or null if it has not arrived. */
    String takeUntil(String match) {
        int from = head;
        if (match.equals(untilMatch)) {
            from = Math.max(head, untilScan);
        }
        int at = text.indexOf(match, from);
        if (at < 0) {
            scanned += Math.max(0, text.length() - from);
            untilMatch = match;
            untilScan = Math.max(head, text.length() - match.length() + 1); // a match may straddle
            return null;
        }
        scanned += at + match.length() - from;
        int end = at + match.length();
        String s = text.substring(head, end);
        consume(end);
        return s;
    }

    /** Everything unread ("" if nothing). */
    String takeAll() {
        String s = text.substring(head);
        text.setLength(0);
        head = 0;
        lineScan = 0;
        untilMatch = null;
        return s;
    }

    /** True if the unread text is a lone CR (what is left of a CR LF whose LF never came). */
    boolean isLoneCr() {
        return unread() == 1 && text.charAt(head) == '\r';
    }

    private void consume(int end) {
        head = end;
        lineScan = Math.max(lineScan, head);
        untilMatch = null; // the next search starts from the new head
        if (head == text.length()) {
            text.setLength(0);
            head = 0;
            lineScan = 0;
        } else if (head >= COMPACT_AT && head >= text.length() / 2) {
            text.delete(0, head); // moves fewer characters than were taken: linear overall
            lineScan -= head;
            head = 0;
        }
    }
}
