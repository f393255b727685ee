package org.telnet4j.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {

    @Test
    void aFloodBecomesAFewLinesASecondWithTheCountOfTheRest() {
        Logger log = (Logger) LoggerFactory.getLogger("test.ratelimited");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try {
            AtomicLong now = new AtomicLong(5_000_000_000L);
            RateLimitedLog r = new RateLimitedLog(3, now::get);
            for (int i = 0; i < 1000; i++) {
                r.warn(log, "{} subnegotiation too long", "peer" + i);
            }
            assertEquals(3, appender.list.size());
            assertEquals(997, r.suppressed());
            now.addAndGet(1_000_000_000L);
            r.warn(log, "{} subnegotiation too long", "again");
            assertEquals(4, appender.list.size());
            assertEquals("again subnegotiation too long (997 similar lines suppressed)",
                appender.list.get(3).getFormattedMessage());
            assertEquals(0, r.suppressed());
            r.info(log, "plain {}", 1);
            assertEquals("plain 1", appender.list.get(4).getFormattedMessage());
            assertTrue(appender.list.stream().allMatch(e -> e.getLoggerName().equals("test.ratelimited")));
        } finally {
            log.detachAppender(appender);
        }
    }
}
