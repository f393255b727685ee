package org.telnet4j.charset;

/**
 * Where text received from a peer ends its lines: one rule for the line readers (the blocking
 * client's {@code readLine}, a client shell's reader, the pipe client's output). I/O-free.
 *
 * <p>LF ends a line, and CR LF ends one line (RFC 854's NVT end of line, and what Unix servers
 * send as plain LF). A CR followed by anything else is a "lone" CR, whose meaning the
 * {@link LoneCr} mode gives: a line end (RFC 854 "CR NUL" is a bare carriage return; MUDs and old
 * servers end lines with it), a carriage return kept in the text (progress bars), or, for
 * charsets whose RETURN is CR alone (PETSCII), a line end at once with an LF right after it
 * taken as part of it. A CR that is the last character seen so far waits for the next one.
 *
 * <p>Use {@link #endAt} to find line ends in a buffer, or an instance to split a stream fed in
 * pieces, which carries the waiting CR from one piece to the next. Limits on line length belong
 * to the owner of the buffer (it knows what it can hold); the splitter holds at most one
 * character. An instance is not thread-safe.
 */
public final class LineSplitter {

    /** What a CR not followed by LF means. */
    public enum LoneCr {
        /** A line end, once the next character shows it is not CR LF. */
        ENDS_LINE,
        /** A carriage return kept in the text. */
        IS_TEXT,
        /** A line end at once (PETSCII's RETURN); an LF right after it belongs to it. */
        ENDS_LINE_AT_ONCE
    }

    /** Where the pieces of a stream go. */
    public interface Listener {
        /** Text of the current line: {@code s[from, to)}, valid during the call. */
        void onText(CharSequence s, int from, int to);

        /** The current line ended (its end characters are not passed on). */
        void onLineEnd();
    }

    /** {@link #endAt} when the character at the index is a CR whose meaning needs the next one. */
    public static final int NEED_MORE = -1;

    private final LoneCr loneCr;
    private boolean heldCr;
    private boolean swallowLf;

    /** A stream splitter with the given meaning of a lone CR. */
    public LineSplitter(LoneCr loneCr) {
        this.loneCr = loneCr;
    }

    /**
     * The line end that starts at {@code s[i]} (with {@code i < end}): its length (1 for LF or a
     * lone CR, 2 for CR LF), 0 if none starts there, or {@link #NEED_MORE} if {@code s[i]} is a CR
     * and the last character ({@code i + 1 == end}), so that whether an LF follows is not known.
     * In {@link LoneCr#ENDS_LINE_AT_ONCE} a last CR is a line end of length 1 (the caller
     * takes a following LF as part of it); in {@link LoneCr#IS_TEXT} a lone CR is no line end.
     */
    public static int endAt(CharSequence s, int i, int end, LoneCr loneCr) {
        char c = s.charAt(i);
        if (c == '\n') {
            return 1;
        }
        if (c != '\r') {
            return 0;
        }
        if (i + 1 < end) {
            if (s.charAt(i + 1) == '\n') {
                return 2;
            }
            return loneCr == LoneCr.IS_TEXT ? 0 : 1;
        }
        return loneCr == LoneCr.ENDS_LINE_AT_ONCE ? 1 : NEED_MORE;
    }

    /** Splits {@code s[from, to)}, the next piece of the stream. */
    public void feed(CharSequence s, int from, int to, Listener out) {
        int run = from;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (swallowLf) {
                swallowLf = false;
                if (c == '\n') {
                    run = i + 1;
                    continue;
                }
            }
            if (heldCr) {
                heldCr = false;
                if (c == '\n') {
                    out.onLineEnd();
                    run = i + 1;
                    continue;
                }
                loneCr(out);
            }
            if (c == '\n') {
                flushRun(s, run, i, out);
                out.onLineEnd();
                run = i + 1;
            } else if (c == '\r') {
                flushRun(s, run, i, out);
                run = i + 1;
                if (loneCr == LoneCr.ENDS_LINE_AT_ONCE) {
                    out.onLineEnd();
                    swallowLf = true;
                } else {
                    heldCr = true;
                }
            }
        }
        flushRun(s, run, to, out);
    }

    /** The stream ended: a waiting CR is given its lone-CR meaning. */
    public void finish(Listener out) {
        swallowLf = false;
        if (heldCr) {
            heldCr = false;
            loneCr(out);
        }
    }

    /** True if a CR waits for the next character. */
    public boolean holdsCr() {
        return heldCr;
    }

    private void loneCr(Listener out) {
        if (loneCr == LoneCr.IS_TEXT) {
            out.onText("\r", 0, 1);
        } else {
            out.onLineEnd();
        }
    }

    private static void flushRun(CharSequence s, int from, int to, Listener out) {
        if (to > from) {
            out.onText(s, from, to);
        }
    }
}
