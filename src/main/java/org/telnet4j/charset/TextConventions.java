package org.telnet4j.charset;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The text conventions of a charset, in one place for the server, the client and the CLIs: how a
 * line ends ({@link #lineEnd}, {@link #withLineEnds}), whether the NVT's end-of-line rules must be
 * off ({@link #needsBinary}), how a typed character is taken back, which keys edit, and whether C1
 * code points are ECMA-48 controls. For ASCII-compatible charsets these are the usual ones (CR LF,
 * backspace-space-backspace, BS and DEL erase). The retro charsets differ:
 *
 * <ul>
 *   <li>ATASCII: a line ends with EOL (0x9B, decoded as {@code '\n'}); its backspace (0x7E,
 *       decoded as U+0008) erases by itself; Shift-DELETE (0x9C, "delete line") erases the
 *       line.</li>
 *   <li>PETSCII: a line ends with RETURN alone (0x0D); DEL (0x14) erases the character to the
 *       left on screen and is what the DEL key sends.</li>
 *   <li>Both decode their device control codes to C1 code points of the same value (PETSCII
 *       0x9D is cursor left, ATASCII 0x9E clear tab stop), so those must not start ECMA-48
 *       sequences in the line editor, or a cursor key would swallow the rest of the line.</li>
 * </ul>
 *
 * <p>Immutable; the common charsets' conventions are made once and shared by every connection.
 */
public final class TextConventions {
    /** Text written for a line end, before encoding. */
    public final String lineEnd;
    /** Text that takes back one screen column, before encoding. */
    public final String erase;
    /** ASCII characters may be echoed as their own bytes (no encoder needed). */
    public final boolean asciiBytes;
    /** U+0080..U+009F are ECMA-48 C1 controls (CSI, OSC...) rather than device codes. */
    public final boolean ecma48C1;
    private final char eraseCharKey;
    private final char eraseLineKey;

    private TextConventions(String lineEnd, String erase, boolean asciiBytes, boolean ecma48C1,
        char eraseCharKey, char eraseLineKey) {
        this.lineEnd = lineEnd;
        this.erase = erase;
        this.asciiBytes = asciiBytes;
        this.ecma48C1 = ecma48C1;
        this.eraseCharKey = eraseCharKey;
        this.eraseLineKey = eraseLineKey;
    }

    /**
     * The conventions of a charset.
     *
     * @param cs a charset
     * @return its line end, erase and keys
     */
    public static TextConventions of(Charset cs) {
        // Shared, not made per connection: 32 bytes a connection at 10,000 connections is 320 KB.
        if (StandardCharsets.UTF_8.equals(cs)) {
            return UTF_8;
        }
        if (StandardCharsets.US_ASCII.equals(cs)) {
            return US_ASCII;
        }
        if (StandardCharsets.ISO_8859_1.equals(cs)) {
            return LATIN_1;
        }
        return make(cs);
    }

    private static final TextConventions UTF_8 = make(StandardCharsets.UTF_8);
    private static final TextConventions US_ASCII = make(StandardCharsets.US_ASCII);
    private static final TextConventions LATIN_1 = make(StandardCharsets.ISO_8859_1);

    private static TextConventions make(Charset cs) {
        String eol = lineEnd(cs);
        if (RetroCharsets.ATASCII.equals(cs)) {
            // 0x9C (Shift-DELETE, delete line) decodes to U+009C.
            return new TextConventions(eol, "\b", false, false, (char) 0, (char) 0x9C);
        }
        if (RetroCharsets.PETSCII.equals(cs)) {
            char del = (char) PetsciiCharset.DELETE;
            return new TextConventions(eol, String.valueOf(del), false, false, del, (char) 0);
        }
        return new TextConventions(eol, "\b \b", StreamDecoder.isAsciiCompatible(cs), true,
            (char) 0, (char) 0);
    }

    /**
     * A typed character as the line editor should see it: the charset's own erase keys become
     * DEL (erase a character) and Ctrl-U (erase the line); everything else is unchanged.
     *
     * @param c a decoded character
     * @return the key the line editor should see
     */
    public char key(char c) {
        if (c == 0) {
            return c;
        }
        if (c == eraseCharKey) {
            return 0x7F;
        }
        if (c == eraseLineKey) {
            return 0x15;
        }
        return c;
    }

    /**
     * The characters that start a new line on a terminal using {@code cs}, for text that is about
     * to be encoded in it: {@code "\n"} for ATASCII (it encodes as the EOL byte 0x9B; ATASCII has
     * no carriage return), {@code "\r"} for PETSCII (RETURN, 0x0D, which on a Commodore moves to
     * the start of the next line by itself; a C128 would take a further LF as a second line
     * feed), and {@code "\r\n"}, the telnet NVT end of line, for every other charset.
     *
     * @param cs a charset
     * @return the line end, never empty
     */
    public static String lineEnd(Charset cs) {
        if (RetroCharsets.ATASCII.equals(cs)) {
            return "\n";
        }
        if (RetroCharsets.PETSCII.equals(cs)) {
            return "\r";
        }
        return "\r\n";
    }

    /**
     * {@code text} with every line end ({@code CR LF}, or an LF alone) made the line end of
     * {@code cs} ({@link #lineEnd}); a CR alone is kept. For text about to be encoded in
     * {@code cs} and sent: for most charsets this is the NVT's CR LF, for ATASCII EOL, for PETSCII
     * RETURN.
     *
     * @param text text whose lines end in LF or CR LF
     * @param cs the charset it is about to be encoded in
     * @return the text with the charset's line ends; {@code text} itself if it has no LF
     */
    public static String withLineEnds(String text, Charset cs) {
        int lf = text.indexOf('\n');
        if (lf < 0) {
            return text;
        }
        String eol = lineEnd(cs);
        if (eol.equals("\r\n") && allCrLf(text, lf)) {
            return text; // the common case: nothing to change
        }
        StringBuilder b = new StringBuilder(text.length() + 8);
        b.append(text, 0, lf > 0 && text.charAt(lf - 1) == '\r' ? lf - 1 : lf);
        for (int i = lf; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                continue; // the LF that follows makes the line end
            }
            if (c == '\n') {
                b.append(eol);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** True if every LF of {@code text}, the first at {@code lf}, follows a CR. */
    private static boolean allCrLf(String text, int lf) {
        for (; lf >= 0; lf = text.indexOf('\n', lf + 1)) {
            if (lf == 0 || text.charAt(lf - 1) != '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether text in {@code cs} must travel without telnet's NVT end-of-line rules, BINARY
     * negotiated or not: true for ATASCII, whose 0x0D and 0x0A are graphics characters (its line
     * end is 0x9B), so that CR NUL padding would add a heart (0x00) and CR LF a stray bar.
     *
     * @param cs a charset
     * @return true if {@link org.telnet4j.protocol.TelnetEngine#setForceBinary} should be on
     */
    public static boolean needsBinary(Charset cs) {
        return RetroCharsets.ATASCII.equals(cs);
    }
}
