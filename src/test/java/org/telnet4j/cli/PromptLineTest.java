package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link PromptLine}: the server's unfinished line played onto one row, controls set apart. */
class PromptLineTest {
    private static final String E = "\u001b";

    private static void check(String in, String prompt, String controls) {
        PromptLine p = PromptLine.of(in);
        assertEquals(prompt, p.prompt, "prompt of " + in.replace(E, "ESC"));
        assertEquals(controls, p.controls, "controls of " + in.replace(E, "ESC"));
    }

    @Test
    void plainTextAndColoursAreThePrompt() {
        check("login: ", "login: ", "");
        check(E + "[1mname>" + E + "[0m ", E + "[1mname>" + E + "[0m ", "");
        check("a" + E + "[31m", "a" + E + "[31m", ""); // a trailing SGR styles what comes next
    }

    @Test
    void carriageReturnBackspaceAndEraseLineActAsOnATerminal() {
        check("abcdef\rXY", "XYcdef", "");
        check("12345\r" + E + "[Kab", "ab", "");
        check("abc\b\bZ", "aZc", "");
        check("abc" + E + "[2K\rok", "ok", "");
        check("abcdef\r" + E + "[3GX", "abXdef", "");
        check("a\tb", "a       b", "");
    }

    @Test
    void otherSequencesGoToTheTerminalInOrder() {
        check(E + "[?2004hlogin: ", "login: ", E + "[?2004h");
        check(E + "]0;title\u0007$ " + E + "[?1h" + E + "=", "$ ", E + "]0;title\u0007" + E + "[?1h" + E + "=");
        check("x\u0007", "x", "\u0007");
        check("a\u0000b", "ab", "");
    }

    @Test
    void aSequenceCutShortWaitsForTheRest() {
        check("pass" + E + "[?20", "pass", "");
        check("pass" + E, "pass", "");
        check("pass" + E + "]0;tit", "pass", "");
        check("pass" + E + "[?2004h", "pass", E + "[?2004h");
    }

    @Test
    void anOverlongSequenceEndsAtTheLimit() {
        String junk = E + "[" + "1;".repeat(500);
        PromptLine p = PromptLine.of(junk + "x");
        assertEquals(256, p.controls.length());
    }
}
