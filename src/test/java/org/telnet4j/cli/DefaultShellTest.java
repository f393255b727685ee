package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The default shell's answers that need no connection. */
class DefaultShellTest {
    @Test
    void anUnknownCommandIsNamed() {
        assertEquals("no such command: frob (try 'help')", DefaultShell.unknown("frob", 4, 4096));
    }

    /** Issue 11, defect 12: a 4 KiB line was repeated back whole; now its length and the limit. */
    @Test
    void anOverlongLineIsDescribedNotEchoedBack() {
        String word = "x".repeat(4096);
        String said = DefaultShell.unknown(word, 4096, 4096);
        assertTrue(said.length() < 120, said);
        assertTrue(said.contains("4096 characters") && said.contains("input lines are cut at 4096"), said);
    }
}
