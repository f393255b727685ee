package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code --logfmt}: Python logging formats turned into logback patterns. */
class LogFormatTest {
    @Test
    void telnetlib3sDefaultFormat() {
        assertEquals("%level %file:%line %msg%n",
            LogFormat.toLogback("%(levelname)s %(filename)s:%(lineno)d %(message)s"));
    }

    @Test
    void widthsPrecisionsAndPercents() {
        assertEquals("%-8level %10.20logger 100\\% %msg%n",
            LogFormat.toLogback("%(levelname)-8s %(name)10.20s 100%% %(message)s"));
        assertEquals("%d{yyyy-MM-dd HH:mm:ss,SSS} \\(%thread\\) %msg%n",
            LogFormat.toLogback("%(asctime)s (%(threadName)s) %(message)s"));
        assertTrue(LogFormat.toLogback("%(process)d %(message)s")
            .startsWith(ProcessHandle.current().pid() + " "));
    }

    @Test
    void logbackPatternsPassAsTheyAre() {
        assertEquals("%level :: %msg%n", LogFormat.toLogback("%level :: %msg"));
        assertEquals("%msg%n", LogFormat.toLogback("%msg%n"));
    }

    @Test
    void unknownAndUnreadableFieldsAreErrors() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LogFormat.toLogback("%(levelno)s"))
            .getMessage().startsWith("--logfmt: %(levelno) has no equivalent here"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LogFormat.toLogback("%(message"))
            .getMessage().startsWith("--logfmt: cannot read the field at '%(message'"));
        assertThrows(IllegalArgumentException.class, () -> LogFormat.toLogback(""));
    }
}
