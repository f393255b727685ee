package org.telnet4j.charset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.telnet4j.charset.CharsetTestSupport.bytes;
import static org.telnet4j.charset.CharsetTestSupport.decodeStrict;
import static org.telnet4j.charset.CharsetTestSupport.encodeStrict;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.UnmappableCharacterException;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Facts from the published tables each charset follows (see the class Javadoc of each for the
 * source): which byte ranges are letters and which graphics, the control codes, and spot checks
 * of individual characters.
 */
class PublishedTablesTest {

    private static int cp(Charset cs, int b) {
        return ((SingleByteCharset) cs).table().decode(b);
    }

    // ---- ATASCII ----

    @Test
    void atasciiEndOfLineIsNewline() throws CharacterCodingException {
        assertEquals("\n", decodeStrict(RetroCharsets.ATASCII, bytes(0x9B)));
        assertArrayEquals(bytes(0x9B), encodeStrict(RetroCharsets.ATASCII, "\n"));
        assertArrayEquals(bytes('O', 'K', 0x9B, 'g', 'o', 0x9B),
            encodeStrict(RetroCharsets.ATASCII, "OK\ngo\n"));
        assertEquals("OK\ngo\n", new String(bytes('O', 'K', 0x9B, 'g', 'o', 0x9B), RetroCharsets.ATASCII));
        assertEquals(0x9B, AtasciiCharset.EOL);
        // The byte 0x0A is a graphics character, not a line feed.
        assertEquals(0x25E3, cp(RetroCharsets.ATASCII, 0x0A));
        // ATASCII has no carriage return.
        assertThrows(UnmappableCharacterException.class, () -> encodeStrict(RetroCharsets.ATASCII, "\r"));
    }

    @Test
    void atasciiControlCodesDecodeToTheirMeaning() throws CharacterCodingException {
        // Screen-editor codes from the Atari OS: ESC, clear, backspace, tab, buzzer, delete char.
        assertEquals("\u001B\f\b\t\u0007\u007F",
            decodeStrict(RetroCharsets.ATASCII, bytes(0x1B, 0x7D, 0x7E, 0x7F, 0xFD, 0xFE)));
        // Cursor up/down/left/right and delete/insert line, clear/set tab keep their value.
        assertEquals("\u001C\u001D\u001E\u001F\u009C\u009D\u009E\u009F",
            decodeStrict(RetroCharsets.ATASCII, bytes(0x1C, 0x1D, 0x1E, 0x1F, 0x9C, 0x9D, 0x9E, 0x9F)));
        // Insert character (0xFF) has no counterpart at all.
        assertThrows(UnmappableCharacterException.class, () -> decodeStrict(RetroCharsets.ATASCII, bytes(0xFF)));
    }

    @Test
    void atasciiGraphicsFollowTheInterchangeMapping() {
        // Spot checks from ATARI8IG.TXT.
        int[][] expected = {
            {0x00, 0x2665}, {0x01, 0x251C}, {0x02, 0x23B9}, {0x08, 0x25E2}, {0x0D, 0x23BA},
            {0x0E, 0x23BD}, {0x10, 0x2663}, {0x14, 0x2022}, {0x16, 0x23B8}, {0x1A, 0x2514},
            {0x60, 0x2666}, {0x7B, 0x2660}, {0x7C, '|'}, {0x88, 0x25E4}, {0x89, 0x259B},
            {0x8A, 0x25E5}, {0x8B, 0x2599}, {0x8C, 0x259F}, {0x8F, 0x259C}, {0x94, 0x25D8},
            {0x95, 0x2580}, {0x99, 0x2590}, {0xA0, 0x2588},
        };
        for (int[] e : expected) {
            assertEquals(e[1], cp(RetroCharsets.ATASCII, e[0]), String.format("ATASCII 0x%02X", e[0]));
        }
        // The rest of the inverse-video half is the normal glyph.
        assertEquals('A', cp(RetroCharsets.ATASCII, 0xC1));
        assertEquals(0x2665, cp(RetroCharsets.ATASCII, 0x80));
    }

    @Test
    void atasciiLettersAreExactlyTheAsciiLettersAndTheirInverses() {
        assertEquals(letterBytes(0x41, 0x5A, 0x61, 0x7A, 0xC1, 0xDA, 0xE1, 0xFA),
            bytesThatAreLetters(RetroCharsets.ATASCII));
    }

    // ---- PETSCII (shifted set) ----

    @Test
    void petsciiShiftedSetHasLowercaseBelowAndUppercaseAbove() throws CharacterCodingException {
        for (int i = 0; i < 26; i++) {
            assertEquals('a' + i, cp(RetroCharsets.PETSCII, 0x41 + i), "0x41 + " + i);
            assertEquals('A' + i, cp(RetroCharsets.PETSCII, 0xC1 + i), "0xC1 + " + i);
            // 0x61-0x7A show as 0xC1-0xDA on the machine.
            assertEquals('A' + i, cp(RetroCharsets.PETSCII, 0x61 + i), "0x61 + " + i);
        }
        // Encoding picks what the keyboard sends: SHIFT adds 0x80.
        assertArrayEquals(bytes(0xC8, 0x45, 0x4C, 0x4C, 0x4F, 0x20, 0xC3, 0x36, 0x34),
            encodeStrict(RetroCharsets.PETSCII, "Hello C64"));
        assertEquals("Hello C64", decodeStrict(RetroCharsets.PETSCII,
            bytes(0xC8, 0x45, 0x4C, 0x4C, 0x4F, 0x20, 0xC3, 0x36, 0x34)));
    }

    @Test
    void petsciiLettersAreExactlyTheTwoLetterRangesAndTheirDuplicate() {
        assertEquals(letterBytes(0x41, 0x5A, 0x61, 0x7A, 0xC1, 0xDA), bytesThatAreLetters(RetroCharsets.PETSCII));
    }

    @Test
    void petsciiReturnAndControlCodes() throws CharacterCodingException {
        assertEquals("\r", decodeStrict(RetroCharsets.PETSCII, bytes(0x0D)));
        assertArrayEquals(bytes(0x0D), encodeStrict(RetroCharsets.PETSCII, "\r"));
        assertEquals(0x0D, PetsciiCharset.RETURN);
        assertEquals(0x14, PetsciiCharset.DELETE);
        // Colours, cursor keys, clear screen, reverse: C0/C1 code points of the same value.
        for (int b : new int[] {0x05, 0x11, 0x12, 0x13, 0x14, 0x1C, 0x1D, 0x8D, 0x90, 0x91, 0x92, 0x93, 0x9D}) {
            assertEquals(b, cp(RetroCharsets.PETSCII, b), String.format("0x%02X", b));
        }
        // Characters PETSCII does not have.
        for (String s : new String[] {"_", "{", "}", "\\", "~", "`", "|"}) {
            assertThrows(UnmappableCharacterException.class, () -> encodeStrict(RetroCharsets.PETSCII, s), s);
        }
    }

    @Test
    void petsciiGraphicsFollowTheInterchangeMapping() {
        // Spot checks from C64IALT.TXT.
        int[][] expected = {
            {0x5C, 0x00A3}, {0x5E, 0x2191}, {0x5F, 0x2190}, {0xA0, 0x00A0}, {0xA1, 0x258C},
            {0xA6, 0x2592}, {0xA8, 0x1FB8F}, {0xA9, 0x1FB99}, {0xAA, 0x1FB87}, {0xB6, 0x1FB88},
            {0xB7, 0x1FB82}, {0xB8, 0x1FB83}, {0xBA, 0x2713}, {0xBF, 0x259A}, {0xC0, 0x2500},
            {0xDB, 0x253C}, {0xDC, 0x1FB8C}, {0xDD, 0x2502}, {0xDE, 0x1FB96}, {0xDF, 0x1FB98},
            {0xE9, 0x1FB99}, {0xFE, 0x2598},
        };
        for (int[] e : expected) {
            assertEquals(e[1], cp(RetroCharsets.PETSCII, e[0]), String.format("PETSCII 0x%02X", e[0]));
        }
        // 0xFF is the pi token, printed with the glyph of 0xDE (the KERNAL's screen code 0x5E).
        assertEquals(cp(RetroCharsets.PETSCII, 0xDE), cp(RetroCharsets.PETSCII, 0xFF));
    }

    // ---- Atari ST ----

    @Test
    void atariStLowerHalfIsAscii() throws CharacterCodingException {
        for (int b = 0; b < 0x80; b++) {
            assertEquals(b, cp(RetroCharsets.ATARI_ST, b));
        }
        assertEquals("\r\n", decodeStrict(RetroCharsets.ATARI_ST, bytes('\r', '\n')));
    }

    @Test
    void atariStUpperHalfDiffersFromCp437ExactlyWhereAtaristTxtSays() {
        Charset cp437 = Charset.forName("IBM437");
        Set<Integer> differ = new TreeSet<>();
        for (int b = 0x80; b <= 0xFF; b++) {
            int jdk = new String(bytes(b), cp437).codePointAt(0);
            if (jdk != cp(RetroCharsets.ATARI_ST, b)) {
                differ.add(b);
            }
        }
        Set<Integer> expected = new TreeSet<>(Set.of(0x9E, 0xE1, 0xEC, 0xEE, 0xFE, 0xFF));
        for (int b = 0xB0; b <= 0xDF; b++) {
            expected.add(b);
        }
        assertEquals(expected, differ);
    }

    @Test
    void atariStSpecialCharacters() {
        int[][] expected = {
            {0x9E, 0x00DF}, {0xB0, 0x00E3}, {0xB9, 0x00A8}, {0xBB, 0x2020}, {0xBF, 0x2122},
            {0xC0, 0x0133}, {0xC1, 0x0132}, {0xDD, 0x00A7}, {0xDE, 0x2227}, {0xDF, 0x221E},
            {0xE1, 0x03B2}, {0xEC, 0x222E}, {0xED, 0x03C6}, {0xEE, 0x2208}, {0xFE, 0x00B3},
            {0xFF, 0x00AF},
        };
        for (int[] e : expected) {
            assertEquals(e[1], cp(RetroCharsets.ATARI_ST, e[0]), String.format("ATARIST 0x%02X", e[0]));
        }
        // The Hebrew alphabet at 0xC2-0xDC: the 22 letters in order, then the five final forms.
        int[] hebrew = {0x05D0, 0x05D1, 0x05D2, 0x05D3, 0x05D4, 0x05D5, 0x05D6, 0x05D7, 0x05D8, 0x05D9,
            0x05DB, 0x05DC, 0x05DE, 0x05E0, 0x05E1, 0x05E2, 0x05E4, 0x05E6, 0x05E7, 0x05E8, 0x05E9,
            0x05EA, 0x05DF, 0x05DA, 0x05DD, 0x05E3, 0x05E5};
        for (int i = 0; i < hebrew.length; i++) {
            assertEquals(hebrew[i], cp(RetroCharsets.ATARI_ST, 0xC2 + i), String.format("0x%02X", 0xC2 + i));
        }
    }

    // ---- helpers ----

    /** Bytes in the given inclusive ranges. */
    private static Set<Integer> letterBytes(int... ranges) {
        Set<Integer> s = new TreeSet<>();
        for (int i = 0; i < ranges.length; i += 2) {
            for (int b = ranges[i]; b <= ranges[i + 1]; b++) {
                s.add(b);
            }
        }
        return s;
    }

    private static Set<Integer> bytesThatAreLetters(Charset cs) {
        Set<Integer> s = new TreeSet<>();
        for (int b = 0; b < 256; b++) {
            int c = cp(cs, b);
            if (c != ByteTable.UNMAPPED && Character.isLetter(c)) {
                s.add(b);
            }
        }
        return s;
    }
}
