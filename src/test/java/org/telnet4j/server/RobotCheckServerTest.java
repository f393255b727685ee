package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.telnet4j.loop.CloseReason;
import org.telnet4j.testing.RawTelnetClient;

/**
 * {@link TelnetServer.Builder#robotCheck} over loopback: the handler's {@code onConnect} comes only
 * after a pass, the outcome is on the session and in the log, and a client that never answers is
 * told so and closed at the timeout without the handler ever seeing it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RobotCheckServerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private TelnetServer server;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger log = (Logger) LoggerFactory.getLogger(RobotCheck.class);
    private final CompletableFuture<Session> connected = new CompletableFuture<>();
    private final AtomicInteger disconnects = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        log.detachAppender(logs);
    }

    private InetSocketAddress start(Duration timeout) throws Exception {
        logs.start();
        log.addAppender(logs);
        server = TelnetServer.builder().host("127.0.0.1").port(0)
            .negotiationDeadline(Duration.ofMillis(200))
            .handler(new SessionHandler() {
                @Override
                public void onConnect(Session s) {
                    s.send("shell starts\n");
                    connected.complete(s);
                }

                @Override
                public void onDisconnect(Session s, CloseReason reason) {
                    disconnects.incrementAndGet();
                }
            })
            .robotCheck(timeout)
            .build();
        InetSocketAddress a = server.bind();
        server.start();
        return a;
    }

    private String logText() {
        StringBuilder b = new StringBuilder();
        logs.list.forEach(e -> b.append(e.getFormattedMessage()).append('\n'));
        return b.toString();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aClientAnsweringLikeATerminalPassesAndOnlyThenTheShellStarts() throws Exception {
        InetSocketAddress a = start(RobotCheck.DEFAULT_TIMEOUT);
        try (RawTelnetClient c = new RawTelnetClient(a)) {
            c.readUntil(ascii("\u001b[6n"), WAIT);
            c.readUntil(ascii("\u001b[K"), WAIT);
            assertFalse(connected.isDone(), "the handler waits for the check");
            c.write(ascii("\u001b[10;1R\u001b[10;3R"));
            c.readUntil(ascii("shell starts"), WAIT);
            Session s = connected.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(RobotCheck.Outcome.PASSED_BY_TERMINAL, s.robotCheck());
        }
        assertTrue(logText().contains("robot check passed by terminal (cursor moved 2 columns)"), logText());
    }

    @Test
    void aClientThatAnswersTheQuestionPasses() throws Exception {
        InetSocketAddress a = start(RobotCheck.DEFAULT_TIMEOUT);
        try (RawTelnetClient c = new RawTelnetClient(a)) {
            String q = new String(c.readUntil(ascii("? "), WAIT), StandardCharsets.ISO_8859_1);
            Matcher m = Pattern.compile("how much is (\\d) plus (\\d)\\?").matcher(q);
            assertTrue(m.find(), q);
            c.write(ascii((Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2))) + "\r\n"));
            c.readUntil(ascii("shell starts"), WAIT);
            assertEquals(RobotCheck.Outcome.PASSED_BY_QUESTION, connected.get(5, TimeUnit.SECONDS).robotCheck());
        }
        assertTrue(logText().contains("robot check passed by question (no cursor position report; answered"),
            logText());
    }

    @Test
    void aClientThatNeverAnswersIsToldAndClosedAtTheTimeoutUnseenByTheHandler() throws Exception {
        InetSocketAddress a = start(Duration.ofSeconds(1));
        try (RawTelnetClient c = new RawTelnetClient(a)) {
            c.readUntil(ascii("Robot check: how much is"), WAIT);
            c.readUntil(ascii("Robot check failed: no answer within 1 s. Goodbye.\r\n"), WAIT);
            assertClosed(c);
        }
        assertTrue(logText().contains("robot check failed (no cursor position report; no answer within 1 s); closing"),
            logText());
        assertFalse(connected.isDone(), "the handler never saw the session");
        assertEquals(0, disconnects.get(), "nor its end");
    }

    @Test
    void theOutcomeIsNullWithoutARobotCheck() throws Exception {
        server = TelnetServer.builder().host("127.0.0.1").port(0).negotiationDeadline(Duration.ofMillis(200))
            .handler(new SessionHandler() {
                @Override
                public void onConnect(Session s) {
                    connected.complete(s);
                }
            }).build();
        InetSocketAddress a = server.bind();
        server.start();
        try (RawTelnetClient c = new RawTelnetClient(a)) {
            assertNull(connected.get(WAIT.toSeconds(), TimeUnit.SECONDS).robotCheck());
        }
    }

    private static void assertClosed(RawTelnetClient c) throws Exception {
        try {
            c.readUntil(ascii("never sent"), WAIT);
        } catch (AssertionError e) {
            assertTrue(e.getMessage().startsWith("connection closed"), e.getMessage());
            return;
        }
        throw new AssertionError("still open");
    }
}
