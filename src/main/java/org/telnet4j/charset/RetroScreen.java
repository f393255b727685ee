package org.telnet4j.charset;

import java.nio.charset.Charset;

/**
 * Shows text from an ATASCII or PETSCII server on a modern (ANSI, xterm-like) terminal: the
 * screen-editor control codes those machines obey, which the charsets decode to C0/C1 code
 * points (see {@link AtasciiCharset} and {@link PetsciiCharset}), become the ANSI sequences that
 * do the same, and the codes an ANSI terminal has no use for are dropped so that none of them is
 * misread (U+009B, for example, is a PETSCII colour but an ANSI CSI). No I/O; feed it decoded text
 * in the order it arrived.
 *
 * <table>
 *   <caption>Control codes and what is written for them</caption>
 *   <tr><th>Function</th><th>ATASCII byte</th><th>PETSCII byte</th><th>Written</th></tr>
 *   <tr><td>new line</td><td>0x9B EOL</td><td>0x0D RETURN, 0x8D</td><td>CR LF</td></tr>
 *   <tr><td>erase left</td><td>0x7E backspace</td><td>0x14 DEL</td>
 *       <td>BS SP BS; PETSCII: BS, ESC [ P (the rest of the line moves left)</td></tr>
 *   <tr><td>cursor up, down, left, right</td><td>0x1C 0x1D 0x1E 0x1F</td>
 *       <td>0x91 0x11 0x9D 0x1D</td><td>ESC [ A, B, D, C</td></tr>
 *   <tr><td>home</td><td>-</td><td>0x13</td><td>ESC [ H</td></tr>
 *   <tr><td>clear screen</td><td>0x7D</td><td>0x93</td><td>ESC [ H ESC [ 2 J</td></tr>
 *   <tr><td>insert, delete character</td><td>0xFF, 0xFE</td><td>0x94, -</td>
 *       <td>ESC [ @, ESC [ P</td></tr>
 *   <tr><td>insert, delete line</td><td>0x9D, 0x9C</td><td>-</td><td>ESC [ L, ESC [ M</td></tr>
 *   <tr><td>tab; clear, set tab stop</td><td>0x7F; 0x9E, 0x9F</td><td>-</td>
 *       <td>HT; ESC [ g, ESC H</td></tr>
 *   <tr><td>bell</td><td>0xFD</td><td>0x07</td><td>BEL</td></tr>
 *   <tr><td>reverse on, off</td><td>-</td><td>0x12, 0x92 (RETURN also ends it)</td>
 *       <td>ESC [ 7 m, ESC [ 27 m</td></tr>
 *   <tr><td>text colours</td><td>-</td><td>0x05 0x1C 0x1E 0x1F 0x81 0x90 0x95..0x9C 0x9E 0x9F</td>
 *       <td>ESC [ ... m, the nearest ANSI colour</td></tr>
 * </table>
 *
 * <p>An ATASCII ESC shows the next character instead of obeying it: the arrows then print as
 * arrows (U+2191, U+2193, U+2190, U+2192), printable characters as themselves, and other codes
 * are dropped. A PETSCII LF (0x0A) does nothing, as on a C64, so a line ended with CR LF still
 * moves down one line. Everything else below U+0020 or in U+007F..U+009F that is not in the table
 * is dropped: the PETSCII case switches (0x0E, 0x8E) and function-key codes, for example.
 *
 * <p>Sources: the ATASCII codes are those of "Mapping the Atari", appendix ten; the PETSCII
 * codes (and which colour each one is) those of Michael Steil's c64ref, {@code
 * control_codes_c64.txt}.
 *
 * <p>Other charsets need no translation ({@link #isTranslated} is false): the Atari ST and Big5
 * BBSes send CR LF and their own VT52 or ANSI sequences, which are left to the terminal.
 *
 * <p>Not thread-safe: one instance per output stream.
 */
public final class RetroScreen {
    private static final String CSI = "\033[";

    private final Charset charset;
    private final boolean atascii;
    private boolean literalNext; // ATASCII: the last character was ESC
    private boolean reverse;     // PETSCII: reverse video is on
    private boolean asciiEol;    // ATASCII: 0x0D and 0x0A are CR and LF, not graphics

    private RetroScreen(Charset charset) {
        this.charset = charset;
        this.atascii = RetroCharsets.ATASCII.equals(charset);
    }

    /**
     * True if text decoded with {@code cs} needs translating: ATASCII and PETSCII.
     *
     * @param cs a charset, possibly null
     * @return whether {@link #of} accepts it
     */
    public static boolean isTranslated(Charset cs) {
        return RetroCharsets.ATASCII.equals(cs) || RetroCharsets.PETSCII.equals(cs);
    }

    /**
     * A translator for text decoded with {@code cs}.
     *
     * @param cs {@link RetroCharsets#ATASCII} or {@link RetroCharsets#PETSCII}
     * @return a new translator
     * @throws IllegalArgumentException for any other charset
     */
    public static RetroScreen of(Charset cs) {
        if (!isTranslated(cs)) {
            throw new IllegalArgumentException("no screen translation for " + cs
                + ": only ATASCII and PETSCII");
        }
        return new RetroScreen(cs);
    }

    /**
     * ATASCII only ({@code --ascii-eol}): shows the glyphs of bytes 0x0D and 0x0A (U+23BA and
     * U+25E3; inverse-video 0x8D decodes to U+23BA too, so it also shows as CR) as carriage
     * return and line feed, for a BBS that ends lines as ASCII does instead of with EOL (0x9B).
     */
    public RetroScreen asciiEol(boolean on) {
        this.asciiEol = on;
        return this;
    }

    /** The charset whose screen codes this translates. */
    public Charset charset() {
        return charset;
    }

    /**
     * Translates text as it arrived (a chunk may end anywhere).
     *
     * @param text text decoded with {@link #charset()}
     * @return the same text for an ANSI terminal
     */
    public String toAnsi(CharSequence text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (atascii) {
                atascii(c, b);
            } else {
                petscii(c, b);
            }
        }
        return b.toString();
    }

    private void atascii(char c, StringBuilder b) {
        if (asciiEol && !literalNext && (c == '\u23BA' || c == '\u25E3')) {
            b.append(c == '\u23BA' ? '\r' : '\n');
            return;
        }
        if (literalNext) {
            literalNext = false;
            if (c >= 0x1C && c <= 0x1F) {
                b.append("\u2191\u2193\u2190\u2192".charAt(c - 0x1C));
            } else if (!isControl(c) && c != 0xFFFD) {
                b.append(c);
            }
            return;
        }
        switch (c) {
            case '\n':
                b.append("\r\n");
                break;
            case 0x1B:
                literalNext = true;
                break;
            case '\b':
                b.append("\b \b");
                break;
            case '\t':
                b.append('\t');
                break;
            case 0x0C:
                b.append(CSI).append('H').append(CSI).append("2J");
                break;
            case 0x1C:
                b.append(CSI).append('A');
                break;
            case 0x1D:
                b.append(CSI).append('B');
                break;
            case 0x1E:
                b.append(CSI).append('D');
                break;
            case 0x1F:
                b.append(CSI).append('C');
                break;
            case 0x7F:
                b.append(CSI).append('P');
                break;
            case 0xFFFD: // 0xFF, insert character, is the one byte ATASCII cannot decode
                b.append(CSI).append('@');
                break;
            case 0x9C:
                b.append(CSI).append('M');
                break;
            case 0x9D:
                b.append(CSI).append('L');
                break;
            case 0x9E:
                b.append(CSI).append('g');
                break;
            case 0x9F:
                b.append("\033H");
                break;
            case 0x07:
                b.append(c);
                break;
            default:
                if (!isControl(c)) {
                    b.append(c);
                }
                break;
        }
    }

    private void petscii(char c, StringBuilder b) {
        switch (c) {
            case '\r':
            case 0x8D:
                if (reverse) {
                    reverse = false;
                    b.append(CSI).append("27m");
                }
                b.append("\r\n");
                return;
            case 0x14:
                b.append('\b').append(CSI).append('P');
                return;
            case 0x94:
                b.append(CSI).append('@');
                return;
            case 0x91:
                b.append(CSI).append('A');
                return;
            case 0x11:
                b.append(CSI).append('B');
                return;
            case 0x1D:
                b.append(CSI).append('C');
                return;
            case 0x9D:
                b.append(CSI).append('D');
                return;
            case 0x13:
                b.append(CSI).append('H');
                return;
            case 0x93:
                b.append(CSI).append('H').append(CSI).append("2J");
                return;
            case 0x12:
                reverse = true;
                b.append(CSI).append("7m");
                return;
            case 0x92:
                reverse = false;
                b.append(CSI).append("27m");
                return;
            case 0x07:
                b.append(c);
                return;
            default:
                break;
        }
        String colour = petsciiColour(c);
        if (colour != null) {
            b.append(CSI).append(colour).append('m');
        } else if (!isControl(c)) {
            b.append(c);
        }
    }

    /** The SGR parameters for a PETSCII colour code, or null. */
    private static String petsciiColour(char c) {
        switch (c) {
            case 0x05: return "97";        // white
            case 0x1C: return "31";        // red
            case 0x1E: return "32";        // green
            case 0x1F: return "34";        // blue
            case 0x81: return "38;5;208";  // orange
            case 0x90: return "30";        // black
            case 0x95: return "38;5;94";   // brown
            case 0x96: return "91";        // light red
            case 0x97: return "90";        // dark grey
            case 0x98: return "38;5;244";  // medium grey
            case 0x99: return "92";        // light green
            case 0x9A: return "94";        // light blue
            case 0x9B: return "37";        // light grey
            case 0x9C: return "35";        // purple
            case 0x9E: return "93";        // yellow
            case 0x9F: return "36";        // cyan
            default: return null;
        }
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }
}
