package org.telnet4j.charset;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Immutable lookup tables for a single-byte character set: 256 byte-to-code-point entries for
 * decoding, and the reverse map for encoding, built once when the table is created.
 *
 * <p>Entries are Unicode <em>code points</em> rather than {@code char}s because several retro
 * graphics characters only exist in the Symbols for Legacy Computing block (U+1FB00..U+1FBFF),
 * which lies outside the Basic Multilingual Plane.
 *
 * <p>When several bytes decode to the same code point, the reverse map picks the lowest byte,
 * unless one of those bytes was named as preferred when the table was built.
 */
final class ByteTable {

    /** Marker for a byte with no Unicode mapping. */
    static final int UNMAPPED = -1;

    /** Marker returned by {@link #encode(int)} for a code point the table cannot encode. */
    static final int NO_BYTE = -1;

    private final int[] decode;
    /** Encoding of U+0000..U+007F, or {@link #NO_BYTE}; the common case, looked up directly. */
    private final short[] asciiEncode = new short[0x80];
    /** Sorted code points at or above U+0080, and the byte each encodes to. */
    private final int[] otherCodePoints;
    private final byte[] otherBytes;
    private final boolean supplementary;

    private ByteTable(int[] decode, Map<Integer, Integer> reverse) {
        this.decode = decode;
        Arrays.fill(asciiEncode, (short) NO_BYTE);
        int others = 0;
        for (Map.Entry<Integer, Integer> e : reverse.entrySet()) {
            if (e.getKey() < 0x80) {
                asciiEncode[e.getKey()] = (short) (int) e.getValue();
            } else {
                others++;
            }
        }
        otherCodePoints = new int[others];
        int i = 0;
        for (int cp : reverse.keySet()) {
            if (cp >= 0x80) {
                otherCodePoints[i++] = cp;
            }
        }
        Arrays.sort(otherCodePoints);
        otherBytes = new byte[others];
        for (int k = 0; k < others; k++) {
            otherBytes[k] = (byte) (int) reverse.get(otherCodePoints[k]);
        }
        boolean supp = false;
        for (int cp : decode) {
            supp |= cp > 0xFFFF;
        }
        supplementary = supp;
    }

    /**
     * Builds a table.
     *
     * @param decode 256 code points indexed by byte value, {@link #UNMAPPED} for bytes without a mapping
     * @param preferredBytes bytes that win the reverse map over lower bytes decoding to the same code point
     * @return the table
     * @throws IllegalArgumentException if the table is malformed, or two preferred bytes share a code point
     */
    static ByteTable of(int[] decode, int... preferredBytes) {
        if (decode.length != 256) {
            throw new IllegalArgumentException("decode table needs 256 entries, got " + decode.length);
        }
        int[] copy = decode.clone();
        for (int b = 0; b < 256; b++) {
            int cp = copy[b];
            if (cp != UNMAPPED && (!Character.isValidCodePoint(cp)
                    || (cp <= 0xFFFF && Character.isSurrogate((char) cp)))) {
                throw new IllegalArgumentException(String.format("byte 0x%02X maps to invalid code point 0x%X", b, cp));
            }
        }
        boolean[] preferred = new boolean[256];
        for (int b : preferredBytes) {
            preferred[b & 0xFF] = true;
        }
        Map<Integer, Integer> reverse = new HashMap<>();
        Map<Integer, Integer> preferredOwner = new HashMap<>();
        for (int b = 0; b < 256; b++) {
            int cp = copy[b];
            if (cp == UNMAPPED) {
                continue;
            }
            if (preferred[b]) {
                Integer other = preferredOwner.put(cp, b);
                if (other != null) {
                    throw new IllegalArgumentException(String.format(
                            "bytes 0x%02X and 0x%02X are both preferred for U+%04X", other, b, cp));
                }
                reverse.put(cp, b);
            } else if (!preferredOwner.containsKey(cp)) {
                reverse.putIfAbsent(cp, b);
            }
        }
        return new ByteTable(copy, reverse);
    }

    /**
     * Returns the code point a byte decodes to.
     *
     * @param b byte value 0..255
     * @return the code point, or {@link #UNMAPPED}
     */
    int decode(int b) {
        return decode[b & 0xFF];
    }

    /**
     * Returns the byte a code point encodes to.
     *
     * @param codePoint a Unicode code point
     * @return the byte value 0..255, or {@link #NO_BYTE}
     */
    int encode(int codePoint) {
        if (codePoint >= 0 && codePoint < 0x80) {
            return asciiEncode[codePoint];
        }
        int i = Arrays.binarySearch(otherCodePoints, codePoint);
        return i >= 0 ? otherBytes[i] & 0xFF : NO_BYTE;
    }

    /** Returns whether some byte decodes to a character outside the Basic Multilingual Plane. */
    boolean hasSupplementary() {
        return supplementary;
    }

    /** Returns whether every US-ASCII character (U+0000..U+007F) can be encoded. */
    boolean coversAscii() {
        for (short b : asciiEncode) {
            if (b == NO_BYTE) {
                return false;
            }
        }
        return true;
    }
}
