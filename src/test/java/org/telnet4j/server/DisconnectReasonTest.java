package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.telnet4j.loop.CloseReason;
import org.telnet4j.protocol.OptionSet;
import org.telnet4j.protocol.TelnetOption;

/**
 * The session-level reasons over real sockets: an idle timeout and a LOGOUT (RFC 727) reach
 * {@code onDisconnect(Session, DisconnectReason)}, and a handler that still overrides only the
 * deprecated {@code onDisconnect(Session, CloseReason)} is told them as before.
 */
@SuppressWarnings("deprecation") // the old overload and the CloseReasons it is given
class DisconnectReasonTest extends ServerTestBase {

    /** Overrides both: only the new one may be called. */
    static final class NewStyle implements SessionHandler {
        final LinkedBlockingQueue<Session> connected = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<String> calls = new LinkedBlockingQueue<>();

        @Override
        public void onConnect(Session s) {
            connected.add(s);
        }

        @Override
        public void onDisconnect(Session s, DisconnectReason reason) {
            calls.add("new " + reason);
        }

        @Override
        public void onDisconnect(Session s, CloseReason reason) {
            calls.add("old " + reason);
        }
    }

    /** Written before DisconnectReason: overrides only the deprecated method. */
    static final class OldStyle implements SessionHandler {
        final LinkedBlockingQueue<Session> connected = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<CloseReason> reasons = new LinkedBlockingQueue<>();

        @Override
        public void onConnect(Session s) {
            connected.add(s);
        }

        @Override
        public void onDisconnect(Session s, CloseReason reason) {
            reasons.add(reason);
        }
    }

    private InetSocketAddress start(SessionHandler h, Duration idle) throws Exception {
        return start(TelnetServer.builder().handler(h).negotiationDeadline(Duration.ofMillis(100))
            .idleTimeout(idle));
    }

    private static void awaitSession(LinkedBlockingQueue<Session> connected, TestTelnetClient c)
        throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (connected.peek() == null) {
            assertTrue(System.nanoTime() < end, "no onConnect within " + WAIT);
            assertTrue(c.pump(), "closed before onConnect: " + c.text());
        }
    }

    /** Stays quiet until the server gives up on it. */
    private void idle(LinkedBlockingQueue<Session> connected, InetSocketAddress a) throws Exception {
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
            awaitSession(connected, c);
            c.awaitClose(WAIT);
            assertTrue(c.text().endsWith("\r\nTimeout.\r\n"), c.text());
        }
    }

    /** Sends IAC DO LOGOUT; the server answers IAC WILL LOGOUT and closes. */
    private void logout(LinkedBlockingQueue<Session> connected, InetSocketAddress a) throws Exception {
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
            awaitSession(connected, c);
            int before = c.raw.size();
            c.write(ServerNegotiationTest.bytes(0xFF, 0xFD, TelnetOption.LOGOUT));
            c.awaitClose(WAIT);
            byte[] raw = c.raw.toByteArray();
            assertArrayEquals(ServerNegotiationTest.bytes(0xFF, 0xFB, TelnetOption.LOGOUT),
                Arrays.copyOfRange(raw, before, raw.length), "WILL LOGOUT, then close");
        }
    }

    private static <T> T next(LinkedBlockingQueue<T> q) throws InterruptedException {
        T t = q.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(t != null, "no onDisconnect within " + WAIT);
        return t;
    }

    @Test
    void anIdleTimeoutReachesTheNewMethodOnly() throws Exception {
        NewStyle h = new NewStyle();
        idle(h.connected, start(h, Duration.ofMillis(300)));
        assertEquals("new IDLE_TIMEOUT", next(h.calls));
        assertNull(h.calls.poll(100, TimeUnit.MILLISECONDS), "the deprecated method was called too");
        // Counted under the CloseReason of the same name: the stats keep their keys.
        assertEquals(1L, server.stats().closed().get(CloseReason.IDLE_TIMEOUT));
        assertEquals(0L, server.stats().closed().get(CloseReason.LOCAL_CLOSE));
    }

    @Test
    void aLogoutReachesTheNewMethodOnly() throws Exception {
        NewStyle h = new NewStyle();
        logout(h.connected, start(h, Duration.ZERO));
        assertEquals("new LOGOUT", next(h.calls));
        assertNull(h.calls.poll(100, TimeUnit.MILLISECONDS), "the deprecated method was called too");
        assertEquals(1L, server.stats().closed().get(CloseReason.LOGOUT));
        assertTrue(server.stats().prometheus().contains("telnet4j_closed_total{reason=\"logout\"} 1\n"));
    }

    @Test
    void anOldStyleHandlerIsToldAnIdleTimeout() throws Exception {
        OldStyle h = new OldStyle();
        idle(h.connected, start(h, Duration.ofMillis(300)));
        assertEquals(CloseReason.IDLE_TIMEOUT, next(h.reasons));
    }

    @Test
    void anOldStyleHandlerIsToldALogout() throws Exception {
        OldStyle h = new OldStyle();
        logout(h.connected, start(h, Duration.ZERO));
        assertEquals(CloseReason.LOGOUT, next(h.reasons));
    }

    @Test
    void anOldStyleHandlerIsToldALoopReasonUnchanged() throws Exception {
        OldStyle h = new OldStyle();
        InetSocketAddress a = start(h, Duration.ZERO);
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
            awaitSession(h.connected, c);
        }
        assertEquals(CloseReason.PEER_CLOSED, next(h.reasons));
    }

    @Test
    void everyReasonTheLoopReportsMapsToTheSameName() {
        for (CloseReason r : CloseReason.values()) {
            DisconnectReason d = DisconnectReason.of(r);
            if (r == CloseReason.TOO_MANY_CONNECTIONS) {
                assertEquals(DisconnectReason.LOCAL_CLOSE, d); // never reported: no session has it
            } else {
                assertEquals(r.name(), d.name());
            }
        }
        for (DisconnectReason d : DisconnectReason.values()) {
            assertEquals(d.name(), d.closeReason().name());
            assertEquals(d, DisconnectReason.of(d.closeReason()));
        }
    }
}
