package org.telnet4j.pty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WindowSizeTest {
    @Test
    void zeroMeansTheClassicSize() {
        assertEquals("80x24", WindowSize.clamp(0, 0).toString());
        assertEquals("132x24", WindowSize.clamp(132, 0).toString());
        assertEquals("80x50", WindowSize.clamp(0, 50).toString());
        assertTrue(WindowSize.clamped(0, 0));
    }

    @Test
    void hugeSizesStopAtTheMaximum() {
        assertEquals("1000x1000", WindowSize.clamp(65535, 65535).toString());
        assertEquals("200x1000", WindowSize.clamp(200, 4000).toString());
        assertTrue(WindowSize.clamped(65535, 65535));
    }

    @Test
    void ordinarySizesStay() {
        assertEquals("80x24", WindowSize.clamp(80, 24).toString());
        assertEquals("1000x1", WindowSize.clamp(1000, 1).toString());
        assertFalse(WindowSize.clamped(1000, 1));
    }
}
