package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.telnet4j.cli.DefaultShell;
import org.telnet4j.loop.CloseReason;
import org.telnet4j.loop.Connection;
import org.telnet4j.protocol.OptionSet;

/**
 * Issue 12, item 8: sessions hand work to the loop through queues of their own, so clients that
 * flood the default shell and never read cannot make any other session's shell fail.
 */
class HandOffIsolationTest extends ServerTestBase {
    private static final int FLOODERS = 20;
    private final List<ListAppender<ILoggingEvent>> appenders = new ArrayList<>();
    private ListAppender<ILoggingEvent> shellLog;
    private ListAppender<ILoggingEvent> connectionLog;
    private ListAppender<ILoggingEvent> sessionLog;

    @BeforeEach
    void captureLogs() {
        shellLog = capture(ShellRunner.class);
        connectionLog = capture(Connection.class);
        sessionLog = capture(Session.class);
    }

    @AfterEach
    void releaseLogs() {
        for (ListAppender<ILoggingEvent> a : appenders) {
            a.stop();
        }
        ((Logger) LoggerFactory.getLogger(ShellRunner.class)).detachAppender(shellLog);
        ((Logger) LoggerFactory.getLogger(Connection.class)).detachAppender(connectionLog);
        ((Logger) LoggerFactory.getLogger(Session.class)).detachAppender(sessionLog);
    }

    private ListAppender<ILoggingEvent> capture(Class<?> c) {
        ListAppender<ILoggingEvent> a = new ListAppender<>();
        a.start();
        ((Logger) LoggerFactory.getLogger(c)).addAppender(a);
        appenders.add(a);
        return a;
    }

    @Test
    void clientsThatFloodTheDefaultShellAndNeverReadCannotBreakOtherSessions() throws Exception {
        InetSocketAddress a = start(TelnetServer.builder().shell(new DefaultShell())
            .negotiationDeadline(Duration.ofMillis(100)));
        List<Socket> flooders = new ArrayList<>();
        List<Thread> writers = new ArrayList<>();
        try (TestTelnetClient before = new TestTelnetClient(a, OptionSet.builder().build())) {
            before.readUntil(DefaultShell.PROMPT, WAIT);
            roundTrip(before, "before-0");

            byte[] chunk = "help\r\n".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
            CountDownLatch started = new CountDownLatch(FLOODERS);
            for (int i = 0; i < FLOODERS; i++) {
                Socket s = new Socket();
                s.setReceiveBufferSize(4096); // before connect: a small window, never read
                s.connect(a, 5000);
                flooders.add(s);
                Thread t = new Thread(() -> {
                    started.countDown();
                    try {
                        OutputStream o = s.getOutputStream();
                        for (int k = 0; k < 40; k++) {
                            o.write(chunk); // pipelined: blocks while the server pauses reading
                        }
                    } catch (IOException e) {
                        // the server closed this flooder: what should happen
                    }
                }, "flooder-" + i);
                t.setDaemon(true);
                t.start();
                writers.add(t);
            }
            assertTrue(started.await(10, TimeUnit.SECONDS));

            // While the flood goes on, the old session and new ones keep their round trips.
            try (TestTelnetClient after = new TestTelnetClient(a, OptionSet.builder().build())) {
                after.readUntil(DefaultShell.PROMPT, WAIT);
                for (int i = 1; i <= 20; i++) {
                    roundTrip(before, "before-" + i);
                    roundTrip(after, "after-" + i);
                }

                // Every flooder is closed by the server, with a log line saying why.
                awaitOnLoop(() -> server.connectionCount() == 2, Duration.ofSeconds(60),
                    "the flooders are closed and the two well-behaved sessions stay");
                long closedLines = connectionLog.list.stream()
                    .filter(e -> e.getFormattedMessage().contains("output queue full")).count()
                    + sessionLog.list.stream()
                    .filter(e -> e.getFormattedMessage().contains("hand-off queue full")).count();
                assertTrue(closedLines >= FLOODERS, "a log line per closed flooder: " + closedLines);

                for (int i = 21; i <= 25; i++) {
                    roundTrip(before, "before-" + i);
                    roundTrip(after, "after-" + i);
                }
                try (TestTelnetClient late = new TestTelnetClient(a, OptionSet.builder().build())) {
                    late.readUntil(DefaultShell.PROMPT, WAIT);
                    roundTrip(late, "late");
                }
            }
            assertEquals(List.of(), shellLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList(),
                "no shell failed");
        } finally {
            for (Socket s : flooders) {
                s.close();
            }
            for (Thread t : writers) {
                t.join(TimeUnit.SECONDS.toMillis(10));
            }
        }
    }

    @Test
    void aFullHandOffQueueClosesOnlyThatSessionAndTheCloseNeedsNoRoom() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        handler = new RecordingHandler() {
            @Override
            public void onLine(Session s, String line) {
                if (line.equals("block")) {
                    blocked.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS); // holds the loop: nothing drains
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                } else {
                    super.onLine(s, line);
                }
            }
        };
        handler.echo = true;
        InetSocketAddress a = start(builder().maxHandOffTasks(8));
        try (TestTelnetClient victim = new TestTelnetClient(a, OptionSet.builder().build())) {
            Session s = handler.awaitSessionWhile(victim);
            try (TestTelnetClient other = new TestTelnetClient(a, OptionSet.builder().build())) {
                handler.awaitSessionWhile(other);
                victim.write("block\r\n");
                assertTrue(blocked.await(10, TimeUnit.SECONDS));
                // The loop is held: an application thread hands over more than the queue holds.
                for (int i = 0; i < 20; i++) {
                    s.send("x" + i + "\n");
                }
                s.close(); // the queue is full and the session closing: this must not throw
                release.countDown();
                victim.awaitClose(WAIT);
                assertEquals("disconnect " + CloseReason.HAND_OFF_OVERFLOW, handler.await("disconnect", WAIT));
                assertTrue(sessionLog.list.stream().anyMatch(e -> e.getFormattedMessage()
                    .contains("hand-off queue full (8 tasks waiting for the loop): closing the session")),
                    sessionLog.list.toString());
                assertTrue(!victim.text().contains("x8"), "nothing past the cap is sent: " + victim.text());
                other.write("still here\r\n");
                other.readUntil("still here\r\n", WAIT);
            }
        }
    }

    @Test
    void aCloseFromAnotherThreadIsTakenWhenTheQueueIsFull() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        handler = new RecordingHandler() {
            @Override
            public void onLine(Session s, String line) {
                blocked.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        InetSocketAddress a = start(builder().maxHandOffTasks(4));
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
            Session s = handler.awaitSessionWhile(c);
            c.write("block\r\n");
            assertTrue(blocked.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 4; i++) {
                s.send("y" + i + "\n"); // exactly fills the queue: no overflow yet
            }
            s.close();
            release.countDown();
            c.awaitClose(WAIT);
            assertTrue(c.text().endsWith("y0\r\ny1\r\ny2\r\ny3\r\n"), c.text());
            assertEquals("disconnect " + CloseReason.LOCAL_CLOSE, handler.await("disconnect", WAIT));
        }
    }

    @Test
    void aClosingSessionWhosePeerNeverReadsIsClosedAfterTheCloseTimeout() throws Exception {
        handler = new RecordingHandler() {
            @Override
            public void onConnect(Session s) {
                super.onConnect(s);
                s.send("z".repeat(8 << 20)); // under the output cap, over what the sockets hold
                s.close();
            }
        };
        InetSocketAddress a = start(builder().outputQueueCap(16 << 20));
        server.loop().setCloseTimeout(Duration.ofMillis(300));
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build(), 4096)) {
            // Never reads: without the timeout the session would stay "closing" for ever.
            assertEquals("disconnect " + CloseReason.LOCAL_CLOSE, handler.await("disconnect", WAIT));
            assertTrue(connectionLog.list.stream().anyMatch(e -> e.getFormattedMessage()
                .contains("ms of closing: closing at once")), connectionLog.list.toString());
        }
    }

    @Test
    void aShellWriterWaitsForRoomInsteadOfFailing() throws Exception {
        int lines = 5_000;
        Shell chatty = (in, out) -> {
            for (int i = 0; i < lines; i++) {
                out.write("l" + i + "\n"); // far more calls than the 8-task queue holds
            }
            out.prompt("done> ");
            in.readLine();
        };
        InetSocketAddress a = start(TelnetServer.builder().shell(chatty).maxHandOffTasks(8)
            .negotiationDeadline(Duration.ofMillis(100)));
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
            String text = c.readUntil("done> ", WAIT);
            for (int i = 0; i < lines; i += 499) {
                assertTrue(text.contains("\r\nl" + i + "\r\n") || text.startsWith("l" + i + "\r\n"), "line " + i);
            }
            assertTrue(text.contains("l" + (lines - 1) + "\r\ndone> "));
        }
        assertTrue(sessionLog.list.stream().noneMatch(e -> e.getFormattedMessage().contains("hand-off")),
            sessionLog.list.toString());
    }

    private static void roundTrip(TestTelnetClient c, String word) throws IOException {
        c.write(word + "\r\n");
        c.readUntil("no such command: " + word + " (try 'help')", WAIT);
    }

    private void awaitOnLoop(Supplier<Boolean> condition, Duration timeout, String what) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            CompletableFuture<Boolean> f = new CompletableFuture<>();
            server.loop().execute(() -> f.complete(condition.get()));
            if (f.get(10, TimeUnit.SECONDS)) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out: " + what);
            }
            CompletableFuture<Void> tick = new CompletableFuture<>();
            server.loop().execute(() -> server.loop().schedule(50, TimeUnit.MILLISECONDS, () -> tick.complete(null)));
            tick.get(10, TimeUnit.SECONDS); // a bounded wait on the loop's own timer, not a sleep
        }
    }
}
