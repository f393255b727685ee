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
        InetSocketAddress a = start(builder().negotiationDeadline(Duration.ofMillis(50)));
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
