package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.telnet4j.loop.CloseReason;
import org.telnet4j.protocol.OptionSet;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;
import org.slf4j.LoggerFactory;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** The limits a client can push on, over real sockets: each is enforced, logged and isolated. */
class ServerLimitsTest extends ServerTestBase {

    @Test
    void connectionsAboveTheLimitGetAMessageThenClose() throws Exception {
        InetSocketAddress a = start(builder().maxConnections(2));
        try (TestTelnetClient c1 = new TestTelnetClient(a, OptionSet.builder().build());
             TestTelnetClient c2 = new TestTelnetClient(a, OptionSet.builder().build())) {
            handler.awaitSessionWhile(c1);
            handler.awaitSessionWhile(c2);
            try (TestTelnetClient c3 = new TestTelnetClient(a, null)) {
                c3.awaitClose(WAIT);
                assertEquals("Too many connections; try again later.\r\n", c3.text());
            }
            c1.close();
            assertEquals("disconnect PEER_CLOSED", handler.await("disconnect", WAIT));
            try (TestTelnetClient c4 = new TestTelnetClient(a, OptionSet.builder().build())) {
                handler.awaitSessionWhile(c4); // a slot is free again
            }
        }
    }

    @Test
    void negotiationRequestsPastTheCapWaitForTheNextWindowAndAreLogged() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(ServerNegotiation.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try {
            handler.echo = true;
            Duration window = Duration.ofMillis(500);
            InetSocketAddress a = start(builder().maxNegotiationRequests(3, window));
            try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
                handler.awaitSessionWhile(c);
                byte[] doTm = {(byte) 255, (byte) TelnetCommand.DO, (byte) TelnetOption.TM};
                byte[] willTm = {(byte) 255, (byte) TelnetCommand.WILL, (byte) TelnetOption.TM};
                int before = count(c.raw.toByteArray(), willTm);
                long windowOpened = System.nanoTime();
                for (int i = 0; i < 5; i++) {
                    c.write(doTm);
                }
                c.write("ping\r\n"); // the echo comes after any answer to the five
                c.readUntil("ping\r\n", WAIT);
                assertEquals(3, count(c.raw.toByteArray(), willTm) - before, "answers in the first window");
                assertTrue(appender.list.stream().anyMatch(e -> e.getFormattedMessage()
                    .contains("sent more than 3 negotiation requests in PT0.5S")), appender.list.toString());

                // Once the window has passed, the client is answered again: ask until it is.
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (count(c.raw.toByteArray(), willTm) - before < 4) {
                    assertTrue(System.nanoTime() < deadline, "no answer after the window ended");
                    c.write(doTm);
                    c.pump(); // waits up to 100 ms for bytes
                }
                assertTrue(System.nanoTime() - windowOpened >= window.toNanos(),
                    "a fourth answer came inside the first window");
            }
        } finally {
            log.detachAppender(appender);
        }
    }

    @Test
    void clientsThatLeaveWhileNegotiatingAreForgottenAtOnce() throws Exception {
        InetSocketAddress a = start(builder().negotiationDeadline(Duration.ofMinutes(1)));
        int n = 20;
        java.util.List<Socket> sockets = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            sockets.add(new Socket(a.getAddress(), a.getPort())); // never answers: stays negotiating
        }
        awaitOnLoop(() -> server.connectionCount() == n, "all connected");
        assertEquals(n, (int) onLoop(server::negotiatingCount));
        for (Socket s : sockets) {
            s.close();
        }
        awaitOnLoop(() -> server.connectionCount() == 0, "all closed");
        // Before the deadline (a minute away), nothing of them is left waiting for it.
        assertEquals(0, (int) onLoop(server::negotiatingCount));
    }

    /** Asks the loop until {@code condition} holds; each question is a round trip through it. */
    private void awaitOnLoop(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!onLoop(condition::getAsBoolean)) {
            assertTrue(System.nanoTime() < deadline, "not within " + WAIT + ": " + what);
            Thread.onSpinWait();
        }
    }

    private static int count(byte[] haystack, byte[] needle) {
        int n = 0;
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void anIdleClientIsToldAndDisconnected() throws Exception {
        InetSocketAddress a = start(builder().idleTimeout(Duration.ofMillis(300)));
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
            handler.awaitSessionWhile(c);
            c.awaitClose(WAIT);
            assertTrue(c.text().endsWith("\r\nTimeout.\r\n"), c.text());
            assertEquals("disconnect IDLE_TIMEOUT", handler.await("disconnect", WAIT));
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedAtTheCapWithoutHurtingOthers() throws Exception {
        handler.echo = true;
        InetSocketAddress a = start(builder().outputQueueCap(64 * 1024).idleTimeout(Duration.ZERO));
        String chunk = "x".repeat(8191) + "\n";
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(a);
            Session s = handler.awaitSession(WAIT);
            // Flood the stalled client from the loop, 8 KiB every millisecond, until it drops.
            server.loop().execute(() -> flood(s, chunk));
            try (TestTelnetClient other = new TestTelnetClient(a, OptionSet.builder().build())) {
                handler.awaitSessionWhile(other);
                other.write("ping\r\n");
                other.readUntil("ping\r\n", WAIT);
                assertEquals("disconnect OUTPUT_OVERFLOW", handler.await("disconnect", WAIT));
                other.write("still here\r\n");
                other.readUntil("still here\r\n", WAIT);
            }
        }
    }

    private void flood(Session s, String chunk) {
        if (s.isActive()) {
            s.send(chunk);
            server.loop().schedule(1, TimeUnit.MILLISECONDS, () -> flood(s, chunk));
        }
    }

    @Test
    void shutdownDeliversEveryQueuedByte() throws Exception {
        int total = 16 << 20; // more than the kernel socket buffers hold: most waits in our queue
        handler.greeting = "y".repeat(total - 2) + "\n"; // LF goes out as CR LF: total bytes
        InetSocketAddress a = start(builder().outputQueueCap(32 << 20));
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build(), 64 * 1024)) {
            Session s = handler.awaitSession(WAIT); // not reading yet: kernel buffers fill up
            assertTrue(s.queuedBytes() > 0, "output waits in our queue when shutdown begins");
            Thread stopper = new Thread(() -> server.shutdown(Duration.ofSeconds(30)));
            stopper.start();
            c.awaitClose(Duration.ofSeconds(30));
            stopper.join(TimeUnit.SECONDS.toMillis(30));
            String text = c.text();
            assertEquals(total, text.length() - text.indexOf('y'));
            assertTrue(text.endsWith("y\r\n"));
            assertEquals("disconnect " + CloseReason.SHUTDOWN, handler.await("disconnect", WAIT));
        }
    }

    @Test
    void aThousandConcurrentClientsEachGetTheirOwnEcho() throws Exception {
        handler.echo = true;
        int n = 1000;
        InetSocketAddress a = start(builder().negotiationDeadline(Duration.ofMillis(50))
            .maxConnectionsPerAddress(0)); // all from 127.0.0.1
        TestTelnetClient[] clients = new TestTelnetClient[n];
        try {
            for (int i = 0; i < n; i++) {
                clients[i] = new TestTelnetClient(a, null);
            }
            for (int i = 0; i < n; i++) {
                clients[i].write("hello " + i + "\r\n");
            }
            for (int i = 0; i < n; i++) {
                String text = clients[i].readUntil("hello " + i + "\r\n", WAIT);
                assertEquals(1, text.split("hello ", -1).length - 1, "client " + i + " got only its own line");
            }
        } finally {
            for (TestTelnetClient c : clients) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }
}
