package org.telnet4j.charset;

import java.util.HashMap;
import java.util.Map;

/**
 * The upper half (0x80-0xFF) of IBM code page 437, the fallback set of {@link Big5BbsCharset}.
 * Kept here rather than looked up so that the fallback cannot differ between runtimes; a test
 * checks it against the JDK's IBM437.
 */
final class Cp437 {

    private static final String HIGH = ""
            + "\u00C7\u00FC\u00E9\u00E2\u00E4\u00E0\u00E5\u00E7" // 0x80
            + "\u00EA\u00EB\u00E8\u00EF\u00EE\u00EC\u00C4\u00C5" // 0x88
            + "\u00C9\u00E6\u00C6\u00F4\u00F6\u00F2\u00FB\u00F9" // 0x90
            + "\u00FF\u00D6\u00DC\u00A2\u00A3\u00A5\u20A7\u0192" // 0x98
            + "\u00E1\u00ED\u00F3\u00FA\u00F1\u00D1\u00AA\u00BA" // 0xA0
            + "\u00BF\u2310\u00AC\u00BD\u00BC\u00A1\u00AB\u00BB" // 0xA8
            + "\u2591\u2592\u2593\u2502\u2524\u2561\u2562\u2556" // 0xB0 shades, box drawing
            + "\u2555\u2563\u2551\u2557\u255D\u255C\u255B\u2510" // 0xB8
            + "\u2514\u2534\u252C\u251C\u2500\u253C\u255E\u255F" // 0xC0
            + "\u255A\u2554\u2569\u2566\u2560\u2550\u256C\u2567" // 0xC8
            + "\u2568\u2564\u2565\u2559\u2558\u2552\u2553\u256B" // 0xD0
            + "\u256A\u2518\u250C\u2588\u2584\u258C\u2590\u2580" // 0xD8 blocks
            + "\u03B1\u00DF\u0393\u03C0\u03A3\u03C3\u00B5\u03C4" // 0xE0 Greek
            + "\u03A6\u0398\u03A9\u03B4\u221E\u03C6\u03B5\u2229" // 0xE8
            + "\u2261\u00B1\u2265\u2264\u2320\u2321\u00F7\u2248" // 0xF0 mathematics
            + "\u00B0\u2219\u00B7\u221A\u207F\u00B2\u25A0\u00A0"; // 0xF8

    private static final Map<Character, Byte> REVERSE = new HashMap<>();

    static {
        for (int i = 0; i < HIGH.length(); i++) {
            REVERSE.put(HIGH.charAt(i), (byte) (0x80 + i));
        }
    }

    private Cp437() {
    }

    /**
     * Returns the CP437 character for a byte in 0x80..0xFF.
     *
     * @param b byte value 0x80..0xFF
     * @return the character
     */
    static char decodeHigh(int b) {
        return HIGH.charAt((b & 0xFF) - 0x80);
    }

    /**
     * Returns the CP437 byte for a character of the upper half.
     *
     * @param c a character
     * @return the byte value 0x80..0xFF, or -1 if {@code c} is not in the upper half of CP437
     */
    static int encodeHigh(char c) {
        Byte b = REVERSE.get(c);
        return b == null ? -1 : b & 0xFF;
    }
}
