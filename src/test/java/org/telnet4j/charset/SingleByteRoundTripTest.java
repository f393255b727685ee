package org.telnet4j.charset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.telnet4j.charset.CharsetTestSupport.bytes;
import static org.telnet4j.charset.CharsetTestSupport.codePoints;
import static org.telnet4j.charset.CharsetTestSupport.decodeStrict;
import static org.telnet4j.charset.CharsetTestSupport.encodeStrict;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.UnmappableCharacterException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Decodes every byte 0..255 of each single-byte charset and encodes the result back, asserting
 * exactly which bytes do not come back as themselves, and what they come back as instead.
 */
class SingleByteRoundTripTest {

    @Test
    void atasciiRoundTrip() throws CharacterCodingException {
        Map<Integer, Integer> comesBackAs = new TreeMap<>();
        // Inverse-video bytes whose glyph has no Unicode character of its own decode like the
        // normal-video byte, and so encode back to it.
        for (int b = 0x80; b <= 0xFC; b++) {
            comesBackAs.put(b, b & 0x7F);
        }
        // ...except where Unicode has the inverted glyph, and the control codes.
        for (int b : new int[] {0x88, 0x89, 0x8A, 0x8B, 0x8C, 0x8F, 0x94, 0x95, 0x99, 0xA0,
                                0x9B, 0x9C, 0x9D, 0x9E, 0x9F}) {
            comesBackAs.remove(b);
        }
        // 0xFF (insert character) has no Unicode counterpart at all.
        Set<Integer> undecodable = Set.of(0xFF);

        assertRoundTrip(RetroCharsets.ATASCII, comesBackAs, undecodable);
        assertEquals(111, comesBackAs.size() + undecodable.size(), "ATASCII bytes that do not round-trip");
    }

    @Test
    void petsciiRoundTrip() throws CharacterCodingException {
        Map<Integer, Integer> comesBackAs = new TreeMap<>();
        // The machine shows 0x60-0x7F as 0xC0-0xDF, 0xE0-0xFE as 0xA0-0xBE and 0xFF as 0xDE;
        // encoding picks the byte the keyboard sends.
        for (int b = 0x60; b <= 0x7F; b++) {
            comesBackAs.put(b, b + 0x60);
        }
        for (int b = 0xE0; b <= 0xFE; b++) {
            comesBackAs.put(b, b - 0x40);
        }
        comesBackAs.put(0xFF, 0xDE);

        assertRoundTrip(RetroCharsets.PETSCII, comesBackAs, Set.of());
        assertEquals(64, comesBackAs.size(), "PETSCII bytes that do not round-trip");
    }

    @Test
    void atariStRoundTripsEveryByte() throws CharacterCodingException {
        assertRoundTrip(RetroCharsets.ATARI_ST, Map.of(), Set.of());
    }

    @Test
    void everyMappedByteDecodesToADistinctCharacterOrADocumentedDuplicate() {
        for (Charset cs : List.of(RetroCharsets.ATASCII, RetroCharsets.PETSCII, RetroCharsets.ATARI_ST)) {
            ByteTable table = ((SingleByteCharset) cs).table();
            for (int b = 0; b < 256; b++) {
                int cp = table.decode(b);
                if (cp == ByteTable.UNMAPPED) {
                    continue;
                }
                assertFalse(cp == 0xFFFD, cs + " maps byte " + b + " to U+FFFD instead of leaving it unmapped");
                assertTrue(table.encode(cp) >= 0, cs + " cannot encode what byte " + b + " decodes to");
            }
        }
    }

    @Test
    void wholeTableDecodesInOneCallLikeBytewise() throws CharacterCodingException {
        byte[] all = new byte[256];
        for (int b = 0; b < 256; b++) {
            all[b] = (byte) b;
        }
        for (Charset cs : List.of(RetroCharsets.PETSCII, RetroCharsets.ATARI_ST)) {
            StringBuilder expected = new StringBuilder();
            for (int b = 0; b < 256; b++) {
                expected.append(decodeStrict(cs, (byte) b));
            }
            String decoded = decodeStrict(cs, all);
            assertEquals(expected.toString(), decoded, cs.name());
            assertEquals(expected.toString(), new String(all, cs), cs.name() + " via String");
        }
    }

    /**
     * Asserts the round trip of all 256 bytes.
     *
     * @param comesBackAs bytes that decode to a character shared with another byte, and the byte
     *     that character encodes to
     * @param undecodable bytes that have no character at all
     */
    private static void assertRoundTrip(Charset cs, Map<Integer, Integer> comesBackAs, Set<Integer> undecodable)
            throws CharacterCodingException {
        Set<Integer> notRoundTripping = new TreeSet<>();
        List<String> failures = new ArrayList<>();
        ByteArrayOutputStream reencoded = new ByteArrayOutputStream();
        for (int b = 0; b < 256; b++) {
            if (undecodable.contains(b)) {
                int bb = b;
                assertThrows(UnmappableCharacterException.class, () -> decodeStrict(cs, (byte) bb),
                        String.format("%s byte 0x%02X should be unmappable", cs, b));
                notRoundTripping.add(b);
                continue;
            }
            String s = decodeStrict(cs, (byte) b);
            assertFalse(s.isEmpty(), String.format("%s byte 0x%02X decoded to nothing", cs, b));
            assertEquals(1, s.codePointCount(0, s.length()), String.format("%s byte 0x%02X", cs, b));
            byte[] back = encodeStrict(cs, s);
            int expected = comesBackAs.getOrDefault(b, b);
            if (back.length != 1 || (back[0] & 0xFF) != expected) {
                failures.add(String.format("0x%02X -> %s -> %s (expected 0x%02X)", b, codePoints(s),
                        Arrays.toString(back), expected));
            }
            if ((back[0] & 0xFF) != b) {
                notRoundTripping.add(b);
                // The duplicate must decode to the very same character.
                assertEquals(s, decodeStrict(cs, back), String.format("%s 0x%02X and its duplicate", cs, b));
            }
            reencoded.write(back[0]);
        }
        if (!failures.isEmpty()) {
            fail(cs + " round trip failures:\n" + String.join("\n", failures));
        }
        Set<Integer> expectedNot = new TreeSet<>(comesBackAs.keySet());
        expectedNot.addAll(undecodable);
        assertEquals(expectedNot, notRoundTripping, cs + ": bytes that do not round-trip");
        assertEquals(256 - undecodable.size(), reencoded.size());
        if (notRoundTripping.isEmpty()) {
            byte[] all = new byte[256];
            for (int b = 0; b < 256; b++) {
                all[b] = (byte) b;
            }
            assertArrayEquals(all, reencoded.toByteArray());
            assertArrayEquals(all, encodeStrict(cs, decodeStrict(cs, all)), "bulk round trip");
        }
        assertArrayEquals(bytes(0x3F), encodeStrict(cs, "?"), "the encoder's replacement '?' is 0x3F");
    }
}
