package org.telnet4j.server;

import java.nio.charset.Charset;
import org.telnet4j.charset.PetsciiCharset;
import org.telnet4j.charset.RetroCharsets;
import org.telnet4j.charset.StreamDecoder;

/**
 * What a session's charset means for the terminal conventions the server relies on: how a line
 * ends, how a typed character is taken back, which keys edit, and whether C1 code points are
 * ECMA-48 controls. For ASCII-compatible charsets these are the usual ones (CR LF, backspace-space-
 * backspace, BS and DEL erase). The retro charsets differ:
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
 * <p>Immutable; one per charset switch.
 */
final class CharsetConventions {
    /** Text written for a line end, before encoding. */
    final String lineEnd;
    /** Text that takes back one screen column, before encoding. */
    final String erase;
    /** ASCII characters may be echoed as their own bytes (no encoder needed). */
    final boolean asciiBytes;
    /** U+0080..U+009F are ECMA-48 C1 controls (CSI, OSC...) rather than device codes. */
    final boolean ecma48C1;
    private final char eraseCharKey;
    private final char eraseLineKey;

    private CharsetConventions(String lineEnd, String erase, boolean asciiBytes, boolean ecma48C1,
        char eraseCharKey, char eraseLineKey) {
        this.lineEnd = lineEnd;
        this.erase = erase;
        this.asciiBytes = asciiBytes;
        this.ecma48C1 = ecma48C1;
        this.eraseCharKey = eraseCharKey;
        this.eraseLineKey = eraseLineKey;
    }

    static CharsetConventions of(Charset cs) {
        String eol = RetroCharsets.lineEnd(cs);
        if (RetroCharsets.ATASCII.equals(cs)) {
            // 0x9C (Shift-DELETE, delete line) decodes to U+009C.
            return new CharsetConventions(eol, "\b", false, false, (char) 0, (char) 0x9C);
        }
        if (RetroCharsets.PETSCII.equals(cs)) {
            char del = (char) PetsciiCharset.DELETE;
            return new CharsetConventions(eol, String.valueOf(del), false, false, del, (char) 0);
        }
        return new CharsetConventions(eol, "\b \b", StreamDecoder.isAsciiCompatible(cs), true,
            (char) 0, (char) 0);
    }

    /**
     * A typed character as the line editor should see it: the charset's own erase keys become
     * DEL (erase a character) and Ctrl-U (erase the line); everything else is unchanged.
     */
    char key(char c) {
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
}
