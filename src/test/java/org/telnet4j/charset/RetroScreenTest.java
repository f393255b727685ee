package org.telnet4j.charset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What an ATASCII or PETSCII server sends, decoded as the client decodes it, comes out as the
 * ANSI terminal text that shows the same: line ends, erasing, cursor moves, clearing, and no
 * stray control characters.
 */
class RetroScreenTest {
    private static final Charset ATASCII = RetroCharsets.ATASCII;
    private static final Charset PETSCII = RetroCharsets.PETSCII;

    /** The bytes decoded as the client does (unmappable bytes replaced), then translated. */
    private static String show(Charset cs, int... bytes) {
        byte[] a = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            a[i] = (byte) bytes[i];
        }
        String text;
        try {
            text = cs.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .decode(java.nio.ByteBuffer.wrap(a)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new AssertionError(e);
        }
        return RetroScreen.of(cs).toAnsi(text);
    }

    @Test
    void onlyAtasciiAndPetsciiAreTranslated() {
        assertTrue(RetroScreen.isTranslated(ATASCII));
        assertTrue(RetroScreen.isTranslated(PETSCII));
        assertFalse(RetroScreen.isTranslated(RetroCharsets.ATARI_ST));
        assertFalse(RetroScreen.isTranslated(RetroCharsets.BIG5_BBS));
        assertFalse(RetroScreen.isTranslated(StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> RetroScreen.of(RetroCharsets.BIG5_BBS));
    }

    @Test
    void atasciiEolIsANewLine() {
        assertEquals("READY\r\nok\r\n", show(ATASCII, 'R', 'E', 'A', 'D', 'Y', 0x9B, 'o', 'k', 0x9B));
    }

    @Test
    void atasciiScreenEditorCodes() {
        assertEquals("a\b \b", show(ATASCII, 'a', 0x7E));                  // backspace erases
        assertEquals("\033[A\033[B\033[D\033[C", show(ATASCII, 0x1C, 0x1D, 0x1E, 0x1F));
        assertEquals("\033[H\033[2J", show(ATASCII, 0x7D));                 // clear screen
        assertEquals("\t", show(ATASCII, 0x7F));
        assertEquals("\033[M\033[L", show(ATASCII, 0x9C, 0x9D));            // delete, insert line
        assertEquals("\033[g\033H", show(ATASCII, 0x9E, 0x9F));             // tab stops
        assertEquals("\u0007", show(ATASCII, 0xFD));                        // buzzer
        assertEquals("\033[P\033[@", show(ATASCII, 0xFE, 0xFF));            // delete, insert char
    }

    @Test
    void atasciiEscShowsTheNextCodeInsteadOfObeyingIt() {
        assertEquals("\u2191\u2193\u2190\u2192", show(ATASCII, 0x1B, 0x1C, 0x1B, 0x1D, 0x1B, 0x1E, 0x1B, 0x1F));
        assertEquals("x", show(ATASCII, 0x1B, 'x'));
        assertEquals("", show(ATASCII, 0x1B, 0x7D)); // no glyph for clear: nothing, and no clearing
        // across chunks
        RetroScreen s = RetroScreen.of(ATASCII);
        assertEquals("", s.toAnsi("\u001b"));
        assertEquals("\u2191\033[A", s.toAnsi("\u001c\u001c"));
    }

    @Test
    void atasciiGraphicsPassThrough() {
        assertEquals("\u2665\u2666\u2663\u2588", show(ATASCII, 0x00, 0x60, 0x10, 0xA0));
    }

    @Test
    void petsciiReturnIsANewLineAndLfDoesNothing() {
        assertEquals("ready.\r\nok\r\n", show(PETSCII, 'R', 'E', 'A', 'D', 'Y', '.', 0x0D, 'O', 'K', 0x0D));
        assertEquals("a\r\nb", show(PETSCII, 'A', 0x0D, 0x0A, 'B'));        // CR LF: one line
        assertEquals("a\r\nb", show(PETSCII, 'A', 0x8D, 'B'));              // shifted return
        assertEquals("ab", show(PETSCII, 'A', 0x0A, 'B'));
    }

    @Test
    void petsciiScreenEditorCodes() {
        assertEquals("ab\b\033[P", show(PETSCII, 'A', 'B', 0x14));          // DEL erases to the left
        assertEquals("\033[@", show(PETSCII, 0x94));                         // INST
        assertEquals("\033[A\033[B\033[D\033[C", show(PETSCII, 0x91, 0x11, 0x9D, 0x1D));
        assertEquals("\033[H", show(PETSCII, 0x13));
        assertEquals("\033[H\033[2J", show(PETSCII, 0x93));
    }

    @Test
    void petsciiReverseEndsAtReturn() {
        assertEquals("\033[7mA\033[27mb", show(PETSCII, 0x12, 0xC1, 0x92, 'B'));
        assertEquals("\033[7mA\033[27m\r\nb", show(PETSCII, 0x12, 0xC1, 0x0D, 'B'));
        assertEquals("A\r\n", show(PETSCII, 0xC1, 0x0D)); // no reverse: nothing to end
    }

    @Test
    void petsciiColours() {
        assertEquals("\033[31mr\033[97mw\033[36mc", show(PETSCII, 0x1C, 'R', 0x05, 'W', 0x9F, 'C'));
        // light grey is 0x9B, which must never reach the terminal as a C1 CSI
        String grey = show(PETSCII, 0x9B, 'X');
        assertEquals("\033[37mx", grey);
    }

    @Test
    void controlCodesWithoutAMeaningAreDropped() {
        assertEquals("ab", show(PETSCII, 'A', 0x0E, 0x8E, 0x85, 0x03, 0x08, 0x00, 'B'));
        for (String s : new String[] {show(PETSCII, 0x80, 0x82, 0x8F), show(ATASCII, 0x1B, 0x9B)}) {
            for (char c : s.toCharArray()) {
                assertTrue(c == '\r' || c == '\n' || c >= 0x20 && (c < 0x7F || c > 0x9F),
                    "control U+" + Integer.toHexString(c) + " in " + s);
            }
        }
    }

    @Test
    void asciiEolShowsAtascii0d0aAsCrLf() {
        RetroScreen s = RetroScreen.of(ATASCII).asciiEol(true);
        String text = new String(new byte[] {'o', 'k', 0x0D, 0x0A, 'x', (byte) 0x9B}, ATASCII);
        assertEquals("ok\r\nx\r\n", s.toAnsi(text));
        // without it they are the Atari's graphics
        assertEquals("ok\u23BA\u25E3x\r\n", RetroScreen.of(ATASCII).toAnsi(text));
    }
}
