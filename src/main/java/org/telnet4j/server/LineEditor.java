package org.telnet4j.server;

/**
 * Turns a connection's decoded input characters into lines, editing them as a terminal would when
 * the server echoes (character mode).
 *
 * <p>Rules: CR LF, CR NUL, LF and a lone CR each end exactly one line (RFC 854's end of line, plus
 * what real clients send; the LF or NUL after a CR is swallowed). Backspace and DEL erase one
 * whole character: a code point with its combining marks, never one byte of its encoding.
 * Ctrl-U erases the line and Ctrl-W the last word; Ctrl-C is reported for the session to cancel it. Escape sequences (arrow and function keys:
 * CSI, SS3, OSC and friends) are dropped, as are other control characters except TAB; a control
 * character inside a key sequence ends it and acts as usual (ESC then Enter ends the line). A line
 * longer than the limit keeps its first {@code maxLength} characters (UTF-16 units, never half a
 * surrogate pair); the rest is dropped and reported once per line. The 8-bit introducers (U+009B
 * CSI, U+009D OSC and friends) open sequences only while {@link #setEcma48C1} is on, as it is
 * unless the session's charset (PETSCII, ATASCII) uses those code points for its own keys.
 *
 * <p>Loop thread only. Holds one {@link StringBuilder}, made on first input.
 */
final class LineEditor {
    /** Where lines and echo go. */
    interface Output {
        /** A character was added to the line: echo it if echoing. */
        void echo(char c);

        /**
         * Printable ASCII characters were added to the line, given as their bytes
         * {@code buf[off, off+len)}: echo them if echoing.
         */
        void echoAscii(byte[] buf, int off, int len);

        /** Characters were erased: take back {@code columns} screen columns if echoing. */
        void echoErase(int columns);

        /** The line ended: move to a new line if echoing, then hand over the line. */
        void line(String line);

        /** The line passed the length limit; called once per line. */
        void lineTooLong(int maxLength);

        /** Ctrl-C was typed (a raw 0x03, as telnet sends it in character mode). */
        void interrupt();
    }

    private static final int NORMAL = 0;
    private static final int AFTER_CR = 1;
    private static final int ESC = 2;
    private static final int CSI = 3;
    private static final int SS3 = 4;
    private static final int STRING = 5;
    private static final int STRING_ESC = 6;
    /** An escape sequence longer than this is not one: give up filtering it. */
    private static final int MAX_ESCAPE = 64;

    private final int maxLength;
    private final Output out;
    /** U+0080..U+009F are ECMA-48 C1 controls (8-bit CSI, OSC...), not device codes. */
    private boolean ecma48C1 = true;
    private StringBuilder line;
    private int state = NORMAL;
    private int escapeLength;
    private boolean overflowed;
    /** A character was dropped for want of room: drop the rest too until something is erased. */
    private boolean full;

    LineEditor(int maxLength, Output out) {
        this.maxLength = maxLength;
        this.out = out;
    }

    /**
     * Whether U+009B, U+009D and the other C1 string introducers start ECMA-48 sequences to be
     * dropped (the default), or are device codes of a retro charset (PETSCII's cursor left and
     * colours, ATASCII's tab keys), which are dropped alone like other controls.
     */
    void setEcma48C1(boolean on) {
        ecma48C1 = on;
    }

    /** A bytes shell's editor: only line ends and editing keys act; other controls are text. */
    private boolean keepControls;

    /**
     * For a bytes shell ({@code --encoding false}): every character other than the line ends
     * (CR, LF) and the editing keys (Backspace, DEL, Ctrl-U, Ctrl-W, Ctrl-C) stays in the line as
     * it came, escape sequences and C0 and C1 controls included, so that any byte reaches the
     * shell. Default off.
     */
    void setKeepControls(boolean on) {
        keepControls = on;
    }

    /** Characters typed so far on the current line. */
    int pendingLength() {
        return line == null ? 0 : line.length();
    }

    /** Processes one input character. */
    void accept(char c) {
        switch (state) {
            case AFTER_CR:
                state = NORMAL;
                if (c == '\n' || c == 0) {
                    return; // CR LF and CR NUL: one line end, already taken at the CR
                }
                break;
            case ESC:
            case CSI:
            case SS3:
                if (c < 0x20) {
                    // A control inside a key sequence: ESC starts a new sequence (Escape pressed
                    // before an arrow key), anything else (Escape, then Enter) ends the sequence
                    // and keeps its own meaning.
                    state = NORMAL;
                    break;
                }
                if (state == ESC) {
                    escape(c);
                } else if (state == SS3) {
                    state = NORMAL; // SS3 takes one character
                } else if (c >= 0x40 && c <= 0x7E || ++escapeLength > MAX_ESCAPE) {
                    // CSI: parameters and intermediates are 0x20..0x3F; 0x40..0x7E ends it (ECMA-48).
                    state = NORMAL;
                }
                return;
            case STRING:
                if (c == 0x07 || c == 0x9C || ++escapeLength > MAX_ESCAPE * 4) {
                    state = NORMAL;
                } else if (c == 0x1B) {
                    state = STRING_ESC;
                }
                return;
            case STRING_ESC:
                state = c == '\\' ? NORMAL : STRING;
                return;
            default:
                break;
        }
        if (keepControls && c != '\r' && c != '\n' && c != 0x08 && c != 0x7F && c != 0x15
            && c != 0x03 && c != 0x17) {
            append(c);
            return;
        }
        switch (c) {
            case '\r':
                state = AFTER_CR;
                endLine();
                return;
            case '\n':
                endLine();
                return;
            case 0x08:
            case 0x7F:
                eraseChar();
                return;
            case 0x15: // Ctrl-U
                eraseLine();
                return;
            case 0x03: // Ctrl-C: the line is dropped, as for IAC IP
                discardLine();
                out.interrupt();
                return;
            case 0x17: // Ctrl-W
                eraseWord();
                return;
            case 0x1B:
                state = ESC;
                escapeLength = 0;
                return;
            case 0x9B: // 8-bit CSI
                if (ecma48C1) {
                    state = CSI;
                    escapeLength = 0;
                }
                return;
            case 0x9D: // 8-bit OSC, DCS, SOS, PM, APC strings
            case 0x90:
            case 0x98:
            case 0x9E:
            case 0x9F:
                if (ecma48C1) {
                    state = STRING;
                    escapeLength = 0;
                }
                return;
            default:
                break;
        }
        if (c < 0x20 && c != '\t' || c >= 0x80 && c < 0xA0) {
            return; // other controls carry no text
        }
        append(c);
    }

    /**
     * Whether {@link #appendPlain} may be used: no escape sequence or CR is open, so printable
     * characters mean themselves.
     */
    boolean takesPlain() {
        return state == NORMAL;
    }

    /**
     * Adds printable ASCII characters (0x20..0x7E, none of them an editing key), given as their
     * bytes, as {@link #accept} would one at a time, echoed in one call. Only while
     * {@link #takesPlain}.
     */
    void appendPlain(byte[] buf, int off, int len) {
        if (line == null) {
            line = new StringBuilder(Math.max(32, Math.min(len, maxLength)));
        }
        int n = full ? 0 : Math.min(len, maxLength - line.length());
        for (int i = off, end = off + n; i < end; i++) {
            line.append((char) buf[i]);
        }
        if (n > 0) {
            out.echoAscii(buf, off, n);
        }
        if (n < len) {
            full = true;
            if (!overflowed) {
                overflowed = true;
                out.lineTooLong(maxLength);
            }
        }
    }

    private void escape(char c) {
        switch (c) {
            case '[':
                state = CSI;
                escapeLength = 0;
                break;
            case 'O':
                state = SS3;
                break;
            case ']':
            case 'P':
            case 'X':
            case '^':
            case '_':
                state = STRING;
                escapeLength = 0;
                break;
            default:
                state = NORMAL; // ESC plus one character (Fe, Fp, Fs, charset designation start)
                break;
        }
    }

    private void append(char c) {
        if (line == null) {
            line = new StringBuilder(32);
        }
        // A surrogate pair is one character: both halves are kept, or neither.
        boolean room;
        if (Character.isHighSurrogate(c)) {
            room = line.length() + 2 <= maxLength;
        } else if (Character.isLowSurrogate(c)) {
            if (line.length() == 0 || !Character.isHighSurrogate(line.charAt(line.length() - 1))) {
                return; // its high half was dropped (and reported) or never came
            }
            room = true; // the high half was only kept if both fit
        } else {
            room = line.length() < maxLength;
        }
        if (!room || full) {
            full = true;
            if (!overflowed) {
                overflowed = true;
                out.lineTooLong(maxLength);
            }
            return;
        }
        line.append(c);
        out.echo(c);
    }

    private void endLine() {
        String s = line == null ? "" : line.toString();
        if (line != null) {
            line.setLength(0);
        }
        overflowed = false;
        full = false;
        out.line(s);
    }

    /** Erases the last character with its combining marks (RFC 854 EC, or BS/DEL typed). */
    void eraseChar() {
        if (line == null || line.length() == 0) {
            return;
        }
        int width = 0;
        int end = line.length();
        while (end > 0) {
            int cp = Character.codePointBefore(line, end);
            end -= Character.charCount(cp);
            int w = displayWidth(cp);
            width += w;
            if (w > 0 || end == 0) {
                break; // the base character: done
            }
        }
        line.setLength(end);
        full = false;
        out.echoErase(width);
    }

    /** Forgets the line being typed without echoing anything (Ctrl-C, {@code IAC IP}). */
    void discardLine() {
        if (line != null) {
            line.setLength(0);
        }
        full = false;
        overflowed = false;
        state = NORMAL;
    }

    /** Erases the whole line (RFC 854 EL, or Ctrl-U typed). */
    void eraseLine() {
        if (line == null || line.length() == 0) {
            return;
        }
        int width = width(line, 0, line.length());
        line.setLength(0);
        full = false;
        out.echoErase(width);
    }

    private void eraseWord() {
        if (line == null) {
            return;
        }
        int end = line.length();
        int start = end;
        while (start > 0 && line.charAt(start - 1) == ' ') {
            start--;
        }
        while (start > 0 && line.charAt(start - 1) != ' ') {
            start--;
        }
        if (start < end) {
            int width = width(line, start, end);
            line.setLength(start);
            full = false;
            out.echoErase(width);
        }
    }

    private static int width(CharSequence s, int from, int to) {
        int w = 0;
        for (int i = from; i < to; ) {
            int cp = Character.codePointAt(s, i);
            w += displayWidth(cp);
            i += Character.charCount(cp);
        }
        return w;
    }

    /** Terminal columns a code point takes: 0 for combining marks, 2 for wide East Asian. */
    static int displayWidth(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
            || type == Character.FORMAT || cp == 0x200B) {
            return 0;
        }
        if (cp >= 0x1100 && (cp <= 0x115F || cp == 0x2329 || cp == 0x232A
            || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F)
            || (cp >= 0xAC00 && cp <= 0xD7A3)
            || (cp >= 0xF900 && cp <= 0xFAFF)
            || (cp >= 0xFE30 && cp <= 0xFE6F)
            || (cp >= 0xFF00 && cp <= 0xFF60)
            || (cp >= 0xFFE0 && cp <= 0xFFE6)
            || (cp >= 0x1F300 && cp <= 0x1F64F)
            || (cp >= 0x1F900 && cp <= 0x1F9FF)
            || (cp >= 0x20000 && cp <= 0x3FFFD))) {
            return 2;
        }
        return 1;
    }
}
