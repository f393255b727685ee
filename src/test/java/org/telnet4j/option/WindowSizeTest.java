package org.telnet4j.option;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** NAWS, RFC 1073: width then height, each an unsigned 16-bit big-endian number. */
class WindowSizeTest {

    @Test
    void payloadIsWidthThenHeightBigEndian() {
        assertArrayEquals(new byte[] {0, 80, 0, 24}, WindowSize.payload(80, 24));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, WindowSize.payload(0x0102, 0x0304));
        assertEquals(WindowSize.PAYLOAD_LENGTH, WindowSize.payload(1, 1).length);
    }

    @Test
    void parseReadsWidthAndHeight() {
        long packed = WindowSize.parse(new byte[] {0, 80, 0, 24}, 0, 4);
        assertEquals(80, WindowSize.columns(packed));
        assertEquals(24, WindowSize.rows(packed));
    }

    @Test
    void parseHonoursTheOffset() {
        byte[] buf = {9, 9, 0x01, 0x00, 0x00, 0x32, 9};
        long packed = WindowSize.parse(buf, 2, 4);
        assertEquals(256, WindowSize.columns(packed));
        assertEquals(50, WindowSize.rows(packed));
    }

    @Test
    void roundTrip() {
        int[] values = {0, 1, 24, 80, 255, 256, 0x7FFF, 0x8000, 0xFF00, 0xFFFF};
        for (int c : values) {
            for (int r : values) {
                long packed = WindowSize.parse(WindowSize.payload(c, r), 0, 4);
                assertEquals(c, WindowSize.columns(packed), c + "x" + r);
                assertEquals(r, WindowSize.rows(packed), c + "x" + r);
            }
        }
    }

    @Test
    void largestSizesAreNotMistakenForAnError() {
        // All bits set is 65535 x 65535, a well-formed payload; callers test for a negative result.
        long packed = WindowSize.parse(new byte[] {-1, -1, -1, -1}, 0, 4);
        assertEquals(65535, WindowSize.columns(packed));
        assertEquals(65535, WindowSize.rows(packed));
        long wide = WindowSize.parse(new byte[] {(byte) 0x80, 0, 0, 24}, 0, 4);
        assertEquals(32768, WindowSize.columns(wide));
        assertTrue(packed >= 0 && wide >= 0);
    }

    @Test
    void wrongLengthIsMinusOne() {
        byte[] buf = {0, 80, 0, 24, 0};
        assertEquals(-1, WindowSize.parse(buf, 0, 3));
        assertEquals(-1, WindowSize.parse(buf, 0, 5));
        assertEquals(-1, WindowSize.parse(buf, 0, 0));
    }

    @Test
    void payloadClampsTo16Bits() {
        assertArrayEquals(new byte[] {0, 0, -1, -1}, WindowSize.payload(-5, 70000));
        assertArrayEquals(new byte[] {-1, -1, 0, 0}, WindowSize.payload(Integer.MAX_VALUE, Integer.MIN_VALUE));
        assertArrayEquals(new byte[] {-1, -1, -1, -1}, WindowSize.payload(65536, 65535));
    }
}
