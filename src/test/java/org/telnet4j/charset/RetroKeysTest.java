package org.telnet4j.charset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Keys from a modern terminal become what an Atari 8-bit or a Commodore 64 keyboard sends:
 * every mapped key in both charsets, the forms terminals send them in, sequences split across
 * reads, and the keys that have no counterpart.
 */
class RetroKeysTest {
    private static final Charset ATASCII = RetroCharsets.ATASCII;
    private static final Charset PETSCII = RetroCharsets.PETSCII;

    private static byte[] b(int... v) {
        byte[] a = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            a[i] = (byte) v[i];
        }
        return a;
    }

    private static byte[] type(Charset cs, String keys) {
        return RetroKeys.of(cs).type(keys);
    }

    @Test
    void onlyAtasciiAndPetsciiAreMapped() {
        assertTrue(RetroKeys.isMapped(ATASCII));
        assertTrue(RetroKeys.isMapped(PETSCII));
        assertFalse(RetroKeys.isMapped(RetroCharsets.ATARI_ST));
        assertFalse(RetroKeys.isMapped(RetroCharsets.BIG5_BBS));
        assertFalse(RetroKeys.isMapped(StandardCharsets.UTF_8));
        assertFalse(RetroKeys.isMapped(null));
        assertThrows(IllegalArgumentException.class, () -> RetroKeys.of(RetroCharsets.ATARI_ST));
        assertThrows(IllegalArgumentException.class, () -> RetroKeys.of(StandardCharsets.UTF_8));
    }

    @Test
    void enterIsEolOnTheAtariAndReturnOnTheC64() {
        for (String enter : new String[] {"\r", "\n", "\r\n"}) {
            assertArrayEquals(b(0x9B), type(ATASCII, enter), enter);
            assertArrayEquals(b(0x0D), type(PETSCII, enter), enter);
        }
        // two Enters stay two, however they come
        assertArrayEquals(b(0x9B, 0x9B), type(ATASCII, "\r\r"));
        assertArrayEquals(b(0x0D, 0x0D), type(PETSCII, "\n\n"));
        assertArrayEquals(b(0x0D, 0x0D), type(PETSCII, "\r\n\r\n"));
    }

    @Test
    void crLfSplitAcrossReadsIsOneEnter() {
        RetroKeys k = RetroKeys.of(ATASCII);
        assertArrayEquals(b(0x9B), k.type("\r"));
        assertArrayEquals(b(), k.type("\n"));
        assertArrayEquals(b(0x9B), k.type("\n")); // a second LF is a second Enter
    }

    @Test
    void backspaceIsBackSOnTheAtariAndDelOnTheC64() {
        for (String bs : new String[] {"\u007f", "\b"}) {
            assertArrayEquals(b(0x7E), type(ATASCII, bs));
            assertArrayEquals(b(0x14), type(PETSCII, bs));
        }
    }

    @Test
    void arrowsInBothCursorKeyModes() {
        String[] finals = {"A", "B", "C", "D"}; // up, down, right, left
        int[] atari = {0x1C, 0x1D, 0x1F, 0x1E};
        int[] c64 = {0x91, 0x11, 0x1D, 0x9D};
        for (int i = 0; i < finals.length; i++) {
            for (String intro : new String[] {"\033[", "\033O", "\033[1;2"}) { // normal, application, shifted
                String key = intro + finals[i];
                assertArrayEquals(b(atari[i]), type(ATASCII, key), key);
                assertArrayEquals(b(c64[i]), type(PETSCII, key), key);
            }
        }
    }

    @Test
    void escapeSequenceSplitAcrossTwoCalls() {
        RetroKeys atari = RetroKeys.of(ATASCII);
        assertArrayEquals(b(0x41), atari.type("A\033"));
        assertTrue(atari.hasPending());
        assertArrayEquals(b(0x1C, 0x42), atari.type("[AB")); // up, then B
        assertFalse(atari.hasPending());

        RetroKeys c64 = RetroKeys.of(PETSCII);
        assertArrayEquals(b(), c64.type("\033["));
        assertArrayEquals(b(0x9D), c64.type("D"));
        assertArrayEquals(b(), c64.type("\033"));
        assertArrayEquals(b(), c64.type("O"));
        assertArrayEquals(b(0x1D), c64.type("C"));
        // the parameters of a CSI may be split too
        assertArrayEquals(b(), c64.type("\033[1"));
        assertArrayEquals(b(), c64.type(";5"));
        assertArrayEquals(b(0x91), c64.type("A"));
    }

    @Test
    void loneEscIsHeldUntilFlushed() {
        RetroKeys k = RetroKeys.of(ATASCII);
        assertArrayEquals(b(), k.type("\033"));
        assertTrue(k.hasPending());
        assertArrayEquals(b(0x1B), k.flush());
        assertFalse(k.hasPending());
        assertArrayEquals(b(), k.flush()); // nothing twice
        // an unfinished sequence is not a key: flushing drops it
        assertArrayEquals(b(), k.type("\033["));
        assertArrayEquals(b(), k.flush());
        assertArrayEquals(b(0x41), k.type("A"));
    }

    @Test
    void escFollowedByAnOrdinaryKeyIsEscThenTheKey() {
        assertArrayEquals(b(0x1B, 0x78), type(ATASCII, "\033x"));   // Alt-x
        RetroKeys k = RetroKeys.of(PETSCII);
        assertArrayEquals(b(0x1B), k.type("\033\033"));
        assertArrayEquals(b(0x1B), k.flush());
    }

    @Test
    void homeInsertDeleteAndFunctionKeys() {
        assertArrayEquals(b(0x13, 0x13, 0x13, 0x13), type(PETSCII, "\033[H\033OH\033[1~\033[7~"));
        assertArrayEquals(b(), type(ATASCII, "\033[H\033OH\033[1~")); // the Atari has no home key
        assertArrayEquals(b(0xFF), type(ATASCII, "\033[2~"));        // insert character
        assertArrayEquals(b(0xFE), type(ATASCII, "\033[3~"));        // delete character
        assertArrayEquals(b(0x94), type(PETSCII, "\033[2~"));        // INST
        assertArrayEquals(b(), type(PETSCII, "\033[3~"));            // no forward delete on a C64
        assertArrayEquals(b(0x85, 0x89, 0x86, 0x8A), type(PETSCII, "\033OP\033OQ\033OR\033OS"));
        assertArrayEquals(b(0x87, 0x8B, 0x88, 0x8C), type(PETSCII, "\033[15~\033[17~\033[18~\033[19~"));
        assertArrayEquals(b(0x85), type(PETSCII, "\033[1;2P"));
        assertArrayEquals(b(), type(ATASCII, "\033OP\033[15~"));
    }

    @Test
    void unknownSequencesAreDroppedWithoutLosingWhatFollows() {
        assertArrayEquals(b(0x41), type(ATASCII, "\033[24~A"));       // F12
        assertArrayEquals(b(0x41), type(ATASCII, "\033[<0;10;5MA"));  // a mouse report
        assertArrayEquals(b(0xC1), type(PETSCII, "\033[ZA"));         // Shift-Tab
        assertArrayEquals(b(0x9B), type(ATASCII, "\033[\r"));         // broken off by Enter
        // an absurdly long sequence is no arrow key, though it ends like one
        assertArrayEquals(b(0x42), type(ATASCII, "\033[" + "1".repeat(40) + "AB"));
    }

    @Test
    void printableKeysGoThroughTheCharset() {
        // ATASCII letters are ASCII; the Atari's own glyphs are typed as the Unicode characters
        assertArrayEquals(b(0x41, 0x62, 0x31, 0x20), type(ATASCII, "Ab1 "));
        assertArrayEquals(b(0x60, 0x7B, 0x00), type(ATASCII, "\u2666\u2660\u2665"));
        // the C64's shifted set: lowercase at 0x41, uppercase at 0xC1
        assertArrayEquals(b(0xC1, 0x42, 0x31, 0x5C), type(PETSCII, "Ab1\u00A3"));
        // a character outside the BMP, split across calls between its two halves
        RetroKeys k = RetroKeys.of(PETSCII);
        String quarter = new String(Character.toChars(0x1FB82)); // PETSCII 0xB7
        assertArrayEquals(b(), k.type(quarter.substring(0, 1)));
        assertArrayEquals(b(0xB7), k.type(quarter.substring(1)));
    }

    @Test
    void tabAndControlKeys() {
        assertArrayEquals(b(0x7F), type(ATASCII, "\t"));          // the Atari's TAB
        assertArrayEquals(b(0x09), type(PETSCII, "\t"));          // Ctrl-I, as on a C64
        assertArrayEquals(b(0x01, 0x1A), type(ATASCII, "\u0001\u001a")); // CTRL-A, CTRL-Z graphics
        assertArrayEquals(b(0x03), type(PETSCII, "\u0003"));      // Ctrl-C: STOP
    }

    @Test
    void unmappableKeysAreDropped() {
        assertArrayEquals(b(0x41, 0x42), type(ATASCII, "A\u00e9\u4e2dB")); // é, 中: no ATASCII byte
        assertArrayEquals(b(0xC1, 0xC2), type(PETSCII, "A_{B"));          // no '_' or '{' on a C64
        assertArrayEquals(b(), type(ATASCII, "\u0000"));                   // no ATASCII byte
        assertArrayEquals(b(0x41), type(PETSCII, "\ud83d" + "a"));         // a broken surrogate pair
    }

    @Test
    void ansiKeysSendTheEscapeSequencesAsTyped() {
        RetroKeys k = RetroKeys.of(ATASCII).ansiKeys(true);
        assertArrayEquals(b(0x1B, '[', 'A', 0x1B, 'O', 'D', 0x1B, '[', '1', ';', '2', 'C'), k.type("\u001B[A\u001BOD\u001B[1;2C"));
        assertArrayEquals(b('x', 0x9B), k.type("x\r")); // other keys still mapped
        assertArrayEquals(b(0x1B, '[', '3', '~'), RetroKeys.of(PETSCII).ansiKeys(true).type("\u001B[3~"));
    }

    @Test
    void asciiEolSendsCrAndLfAsTypedOnTheAtari() {
        RetroKeys k = RetroKeys.of(ATASCII).asciiEol(true);
        assertArrayEquals(b('a', 0x0D), k.type("a\r\n")); // CR LF is still one Enter
        assertArrayEquals(b(0x0A), k.type("\n"));
        assertArrayEquals(b(0x0D), RetroKeys.of(PETSCII).asciiEol(true).type("\r")); // the C64's is CR anyway
    }
}
