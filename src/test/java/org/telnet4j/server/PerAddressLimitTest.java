package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.telnet4j.loop.EventLoop;
import org.telnet4j.protocol.OptionSet;

/** Issue 12, item 12: one host cannot hold every connection slot. */
class PerAddressLimitTest extends ServerTestBase {
    private static final String REFUSED = "Too many connections from your address; try again later.\r\n";
    private final Logger log = (Logger) LoggerFactory.getLogger(TelnetServer.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void capture() {
        appender.start();
        log.addAppender(appender);
    }

    @AfterEach
    void release() {
        log.detachAppender(appender);
    }

    private long lines(String text) {
        return appender.list.stream().filter(e -> e.getFormattedMessage().contains(text)).count();
    }

    @Test
    void oneHostGetsAtMostItsShareAndTheRestAreToldAndClosed() throws Exception {
        InetSocketAddress a = start(builder().maxConnections(10).maxConnectionsPerAddress(3));
        List<TestTelnetClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build());
                handler.awaitSessionWhile(c);
                held.add(c);
            }
            for (int i = 0; i < 4; i++) { // a host that keeps trying
                try (TestTelnetClient c = new TestTelnetClient(a, null)) {
                    c.awaitClose(WAIT);
                    assertEquals(REFUSED, c.text());
                }
            }
            assertEquals(3, (int) onLoop(server::connectionCount), "the other 7 slots stay free");
            assertEquals(4, (long) onLoop(server::refusedCount));
            assertEquals(1, lines("127.0.0.1 has 3 connections open, the per-address limit: refusing more"),
                "one line for the burst, not one per refusal: " + appender.list);

            held.remove(0).close();
            assertEquals("disconnect PEER_CLOSED", handler.await("disconnect", WAIT));
            assertEquals(2, (int) onLoop(() -> server.connectionsFrom(InetAddress.getByName("127.0.0.1"))));
            TestTelnetClient again = new TestTelnetClient(a, OptionSet.builder().build());
            held.add(again);
            handler.awaitSessionWhile(again); // a slot of this address is free again
        } finally {
            for (TestTelnetClient c : held) {
                c.close();
            }
        }
    }

    @Test
    void zeroTurnsTheLimitOff() throws Exception {
        InetSocketAddress a = start(builder().maxConnectionsPerAddress(0));
        List<TestTelnetClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 70; i++) { // past the default of 64
                held.add(new TestTelnetClient(a, null));
            }
            for (int i = 0; i < 70; i++) {
                assertTrue(handler.connected.poll(10, TimeUnit.SECONDS) != null, "session " + i + " started");
            }
            assertEquals(70, (int) onLoop(server::connectionCount));
        } finally {
            for (TestTelnetClient c : held) {
                c.close();
            }
        }
    }

    @Test
    void theDefaultIs64AndNegativeIsRefused() throws Exception {
        InetSocketAddress a = start(builder());
        List<TestTelnetClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                held.add(new TestTelnetClient(a, null));
            }
            try (TestTelnetClient c = new TestTelnetClient(a, null)) {
                c.awaitClose(WAIT);
                assertTrue(c.text().endsWith(REFUSED), c.text());
            }
        } finally {
            for (TestTelnetClient c : held) {
                c.close();
            }
        }
        assertThrows(IllegalArgumentException.class, () -> TelnetServer.builder().maxConnectionsPerAddress(-1));
    }

    @Test
    void refusalsAreCountedPerAddressAndReportedOncePerInterval() throws Exception {
        try (EventLoop loop = new EventLoop()) {
            long interval = TimeUnit.MILLISECONDS.toNanos(50);
            ConnectionsPerAddress limit = new ConnectionsPerAddress(2, loop, interval);
            InetAddress one = InetAddress.getByAddress(new byte[] {10, 0, 0, 1}); // no socket: a map key
            InetAddress two = InetAddress.getByAddress(new byte[] {10, 0, 0, 2});
            assertTrue(limit.open(one));
            assertTrue(limit.open(one));
            assertTrue(limit.open(two), "another address has its own count");
            for (int i = 0; i < 5; i++) {
                assertTrue(!limit.open(one));
            }
            assertEquals(2, limit.openFrom(one));
            assertEquals(1, lines("10.0.0.1 has 2 connections open"));
            long end = System.nanoTime() + WAIT.toNanos();
            while (lines("10.0.0.1: refused 4 more connections in the last 0.05 s (per-address limit 2)") == 0) {
                assertTrue(System.nanoTime() < end, "no summary line: " + appender.list);
                loop.poll(20); // the summary comes from a loop timer
            }
            limit.closed(one);
            assertTrue(limit.open(one), "room again after a close");
            limit.closed(one);
            limit.closed(one);
            limit.closed(two);
            assertEquals(0, limit.openFrom(one));
        }
    }
}
