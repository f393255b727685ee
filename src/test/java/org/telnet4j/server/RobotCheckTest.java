package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The robot check's logic, bytes in and text out, each input also fed split at every byte boundary. */
class RobotCheckTest {
    private static final Duration FIVE = Duration.ofSeconds(5);

    private static RobotCheck utf8(boolean echo) {
        return new RobotCheck(StandardCharsets.UTF_8, echo, FIVE, 3, 4);
    }

    /** Feeds {@code input} whole and split at every boundary; returns the whole-feed check's output. */
    private static String feedAllWays(java.util.function.Supplier<RobotCheck> make, String input,
                                      RobotCheck.Outcome expected) {
        byte[] b = input.getBytes(StandardCharsets.ISO_8859_1);
        RobotCheck whole = make.get();
        whole.start();
        String out = whole.onInput(b, 0, b.length);
        assertEquals(expected, whole.outcome(), "whole: " + whole.detail());
        for (int cut = 1; cut < b.length; cut++) {
            RobotCheck split = make.get();
            split.start();
            String o = split.onInput(b, 0, cut) + split.onInput(b, cut, b.length - cut);
            assertEquals(expected, split.outcome(), "split at " + cut + ": " + split.detail());
            assertEquals(out, o, "split at " + cut);
        }
        return out;
    }

    @Test
    void theStartAsksTwiceAroundAWideCharacterAndErasesIt() {
        assertEquals("\r\u001b[6n\u4e2d\u001b[6n\r\u001b[K", utf8(false).start());
    }

    @Test
    void aTerminalThatMovesTwoColumnsPasses() {
        String out = feedAllWays(() -> utf8(false), "\u001b[24;1R\u001b[24;3R", RobotCheck.Outcome.PASSED_BY_TERMINAL);
        assertEquals("", out, "nothing more is sent");
    }

    @Test
    void typingBeforeTheReportsIsIgnored() {
        feedAllWays(() -> utf8(false), "ab\u001b[5;10R\u001b[5;12R", RobotCheck.Outcome.PASSED_BY_TERMINAL);
    }

    @Test
    void aCannedReportIsAskedTheQuestion() {
        RobotCheck c = utf8(false);
        c.start();
        byte[] b = "\u001b[1;1R\u001b[1;1R".getBytes(StandardCharsets.US_ASCII);
        String out = c.onInput(b, 0, b.length);
        assertEquals("\r\nRobot check: how much is 3 plus 4? ", out);
        assertNull(c.outcome());
        assertTrue(c.isAsking());
        assertEquals("cursor moved 0 columns, not 2", c.detail());
    }

    @Test
    void noReportMeansTheQuestionAfterTheTerminalWait() {
        RobotCheck c = utf8(false);
        c.start();
        assertEquals(Duration.ofSeconds(2), c.deadline(), "a terminal answers well within 2 s");
        assertEquals("\r\nRobot check: how much is 3 plus 4? ", c.onTimeout());
        assertEquals(FIVE, c.deadline(), "the question has the whole timeout");
        byte[] b = "7\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals("", c.onInput(b, 0, b.length), "without server echo nothing is echoed");
        assertEquals(RobotCheck.Outcome.PASSED_BY_QUESTION, c.outcome());
    }

    @Test
    void theRightAnswerPassesWhateverWayItArrives() {
        java.util.function.Supplier<RobotCheck> asked = () -> {
            RobotCheck c = utf8(false);
            c.onTimeout();
            return c;
        };
        for (String answer : new String[] {"7\r", "7\r\n", "7\n", " 7 \r\u0000", "\r\n7\r"}) {
            byte[] b = answer.getBytes(StandardCharsets.ISO_8859_1);
            RobotCheck whole = asked.get();
            whole.onInput(b, 0, b.length);
            assertEquals(RobotCheck.Outcome.PASSED_BY_QUESTION, whole.outcome(), answer);
            for (int cut = 1; cut < b.length; cut++) {
                RobotCheck split = asked.get();
                split.onInput(b, 0, cut);
                split.onInput(b, cut, b.length - cut);
                assertEquals(RobotCheck.Outcome.PASSED_BY_QUESTION, split.outcome(), answer + " split at " + cut);
            }
        }
    }

    @Test
    void reportsThatALineBufferedTerminalSendsWithTheAnswerAreLeftOut() {
        RobotCheck c = utf8(false);
        c.onTimeout();
        byte[] b = "\u001b[3;1R\u001b[3;3R7\r".getBytes(StandardCharsets.US_ASCII);
        c.onInput(b, 0, b.length);
        assertEquals(RobotCheck.Outcome.PASSED_BY_QUESTION, c.outcome());
    }

    @Test
    void aWrongAnswerFailsWithAClearMessage() {
        RobotCheck c = utf8(false);
        c.onTimeout();
        byte[] b = "8\r".getBytes(StandardCharsets.US_ASCII);
        assertEquals("\r\nRobot check failed: that is not the answer. Goodbye.\r\n", c.onInput(b, 0, b.length));
        assertEquals(RobotCheck.Outcome.FAILED, c.outcome());
        assertEquals("no cursor position report; wrong answer to the question", c.detail());
    }

    @Test
    void noAnswerToTheQuestionFailsOnTimeout() {
        RobotCheck c = new RobotCheck(StandardCharsets.UTF_8, false, Duration.ofMillis(1500), 2, 2);
        assertEquals(Duration.ofMillis(1500), c.deadline(), "a short timeout bounds the terminal wait too");
        c.onTimeout();
        assertEquals("\r\nRobot check failed: no answer within 1.5 s. Goodbye.\r\n", c.onTimeout());
        assertEquals(RobotCheck.Outcome.FAILED, c.outcome());
        assertEquals("", c.onTimeout(), "over: nothing more");
    }

    @Test
    void inCharacterModeTheAnswerIsEchoedAndBackspaceErases() {
        RobotCheck c = utf8(true);
        c.onTimeout();
        byte[] b = "9\u007f7\r".getBytes(StandardCharsets.US_ASCII);
        assertEquals("9\b \b7\r\n", c.onInput(b, 0, b.length));
        assertEquals(RobotCheck.Outcome.PASSED_BY_QUESTION, c.outcome());
    }

    @Test
    void anAnswerIsHeldToSixtyFourBytes() {
        RobotCheck c = utf8(false);
        c.onTimeout();
        byte[] flood = "1".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        c.onInput(flood, 0, flood.length);
        assertNull(c.outcome(), "no line end yet");
        byte[] end = "\r".getBytes(StandardCharsets.US_ASCII);
        c.onInput(end, 0, 1);
        assertEquals(RobotCheck.Outcome.FAILED, c.outcome());
    }

    @Test
    void aCharsetWithoutTheWideCharacterPrintsOneColumn() {
        RobotCheck c = new RobotCheck(StandardCharsets.ISO_8859_1, false, FIVE, 3, 4);
        assertEquals("\r\u001b[6nx\u001b[6n\r\u001b[K", c.start());
        feedAllWays(() -> new RobotCheck(StandardCharsets.ISO_8859_1, false, FIVE, 3, 4),
            "\u001b[2;1R\u001b[2;2R", RobotCheck.Outcome.PASSED_BY_TERMINAL);
    }

    @Test
    void reportParsing() {
        assertEquals(12, RobotCheck.report("\u001b[3;12R"));
        assertEquals(-1, RobotCheck.report("\u001b[3;1"));
        assertEquals(-1, RobotCheck.report("\u001b"));
        assertEquals(-2, RobotCheck.report("\u001b[;1R"));
        assertEquals(-2, RobotCheck.report("\u001bO"));
        assertEquals(-2, RobotCheck.report("\u001b[3;R"));
        assertEquals(-2, RobotCheck.report("\u001b[A"));
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class,
            () -> new RobotCheck(StandardCharsets.UTF_8, false, Duration.ZERO, 1, 1));
        assertFalse(RobotCheck.Outcome.PASSED_BY_TERMINAL.words().contains("_"));
        assertEquals("passed by question", RobotCheck.Outcome.PASSED_BY_QUESTION.words());
    }
}
