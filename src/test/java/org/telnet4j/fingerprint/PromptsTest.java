package org.telnet4j.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Which banner endings are prompts the probe answers, which are login prompts, and which are neither. */
class PromptsTest {

    private static Prompts.Kind kind(String text) {
        Prompts.Match m = Prompts.find(text);
        return m == null ? null : m.kind();
    }

    @Test
    void yesNoQuestions() {
        assertEquals(Prompts.Kind.YES_NO, kind("Continue (y/n) "));
        assertEquals(Prompts.Kind.YES_NO, kind("Really? [Y/n]"));
        assertEquals(Prompts.Kind.YES_NO, kind("Continue? (yes/no) "));
        assertEquals(Prompts.Kind.YES_NO, kind("Proceed <Y/N>? "));
        assertEquals("y\r\n", Prompts.find("Go on [Y/n] ").answer());
        assertEquals("yes\r\n", Prompts.find("Go on (yes/no)").answer());
    }

    @Test
    void colourQuestions() {
        assertEquals(Prompts.Kind.COLOUR, kind("Do you want ANSI color? "));
        assertEquals(Prompts.Kind.COLOUR, kind("Color? (Y/n) "));
        assertEquals(Prompts.Kind.COLOUR, kind("Would you like colours?"));
        assertEquals("y\r\n", Prompts.find("Color? (Y/n) ").answer());
    }

    @Test
    void pressReturn() {
        assertEquals(Prompts.Kind.PRESS_RETURN, kind("Press RETURN to continue"));
        assertEquals(Prompts.Kind.PRESS_RETURN, kind("[Hit Enter]"));
        assertEquals(Prompts.Kind.PRESS_RETURN, kind("press any key..."));
        assertEquals(Prompts.Kind.PRESS_RETURN, kind("-- more -- <return>"));
        assertEquals("\r\n", Prompts.find("Press enter").answer());
    }

    @Test
    void loginPromptsAreNeverAnswered() {
        for (String p : new String[] {"login: ", "Username:", "User: ", "Password: ", "passwd:",
            "What is your name? ", "Enter your character name: ", "\u001b[1mlogin:\u001b[0m "}) {
            Prompts.Match m = Prompts.find("Welcome\r\n" + p);
            assertEquals(Prompts.Kind.LOGIN, m.kind(), p);
            assertNull(m.answer(), p);
        }
    }

    @Test
    void onlyTheLastLineCounts() {
        assertNull(Prompts.find("Continue? (y/n)\r\nThanks.\r\n> "));
        assertNull(Prompts.find("Welcome to the board\r\n"));
        assertNull(Prompts.find(""));
        // The question is waiting even after trailing blank lines.
        assertEquals(Prompts.Kind.YES_NO, kind("Continue? (y/n)\r\n\r\n"));
    }

    @Test
    void theLineShownIsBounded() {
        String longLine = "x".repeat(5000) + " (y/n)";
        assertEquals(200, Prompts.find(longLine).line().length());
    }
}
