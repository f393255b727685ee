package org.telnet4j.pty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TerminalNamesTest {
    /** A terminfo like Debian's ncurses-base: no vtnt, no xterm-kitty, no ansi-bbs. */
    private final TerminalNames names = new TerminalNames(Set.of("vt100", "vt102", "vt220", "vt52", "ansi",
        "xterm", "xterm-256color", "screen", "screen-256color", "tmux", "tmux-256color", "linux")::contains);

    @Test
    void aNameTerminfoHasIsUsedLowercased() {
        assertEquals("xterm-256color", names.termFor("XTERM-256COLOR"));
        assertEquals("vt220", names.termFor("VT220"));
        assertEquals("linux", names.termFor("linux"));
    }

    @Test
    void missingNamesMapToTheirFamily() {
        assertEquals("xterm", names.termFor("xterm-kitty"));
        assertEquals("xterm-256color", names.termFor("ANSI-256COLOR"));    // MTTS
        assertEquals("xterm-256color", names.termFor("ANSI-TRUECOLOR"));   // MTTS
        assertEquals("ansi", names.termFor("ANSI-BBS"));
        assertEquals("screen", names.termFor("screen.rxvt"));
        assertEquals("tmux", names.termFor("tmux-new"));
        assertEquals("screen-256color", names.termFor("screen-256color-s"));
        assertEquals("xterm-256color", names.termFor("xterm-direct"));
        assertEquals("vt100", names.termFor("VTNT"));                      // Windows telnet
        assertEquals("vt100", names.termFor("vt320"));
    }

    @Test
    void noTypeOrAnUnknownOneGetsVt100() {
        assertEquals("vt100", names.termFor(null));
        assertEquals("vt100", names.termFor("unknown"));
        assertEquals("vt100", names.termFor(""));
        assertEquals("vt100", names.termFor("TINTIN++"));
        assertEquals("vt100", names.termFor("MTTS 137"));
    }

    @Test
    void aNameIsNeverAPath() {
        assertEquals("vt100", names.termFor("../../etc/passwd"));
        assertEquals("vt100", names.termFor("x/y"));
        assertFalse(TerminalNames.inSystemTerminfo("../x/xterm"));
    }

    @Test
    void theSystemTerminfoIsRead() {
        // Debian's ncurses-base has vt100 in /lib/terminfo (or /usr/share/terminfo elsewhere).
        assertTrue(TerminalNames.inSystemTerminfo("vt100"), "no vt100 in " + TerminalNames.TERMINFO_DIRS);
        assertFalse(TerminalNames.inSystemTerminfo("no-such-terminal-xyz"));
        assertEquals("vt100", TerminalNames.system().termFor("VT100"));
    }
}
