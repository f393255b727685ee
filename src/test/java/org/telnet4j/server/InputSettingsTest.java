package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.telnet4j.option.mud.InflateLimits;

/** The input-bound settings: checked when set, and each applied to a session. */
class InputSettingsTest extends ServerTestBase {

    @Test
    void settingsAreChecked() {
        TelnetServer.Builder b = TelnetServer.builder();
        assertThrows(IllegalArgumentException.class, () -> b.maxHeldInput(100));
        assertThrows(IllegalArgumentException.class, () -> b.maxReadSize(100));
        assertThrows(IllegalArgumentException.class, () -> b.maxEnvironment(0, 4096));
        assertThrows(IllegalArgumentException.class, () -> b.maxEnvironment(10, 10));
        assertThrows(IllegalArgumentException.class, () -> b.maxCharsetOffers(0));
        assertThrows(IllegalArgumentException.class, () -> b.maxTerminalTypeLength(2));
        assertThrows(NullPointerException.class, () -> b.inflateLimits(null));
        b.maxHeldInput(4096).maxReadSize(2048).maxEnvironment(8, 512).maxCharsetOffers(4)
            .maxTerminalTypeLength(32).inflateLimits(new InflateLimits(50, 1 << 20, 4096));
    }

    @Test
    void heldInputAndTheReadSizeBoundWhatAPausedClientCosts() throws Exception {
        // The default onLine queues lines; nobody takes them.
        InetSocketAddress a = start(TelnetServer.builder().negotiationDeadline(java.time.Duration.ofMillis(100))
            .maxHeldInput(2048).maxReadSize(1024).maxQueuedLines(10_000));
        try (Socket s = new Socket()) {
            s.connect(a, 10_000);
            s.getOutputStream().write("0123456789\r\n".repeat(5000).getBytes(StandardCharsets.US_ASCII));
            long deadline = System.nanoTime() + WAIT.toNanos();
            Session session = null;
            while (session == null || !onLoop(session.connection()::isReadPaused)) {
                assertTrue(System.nanoTime() < deadline, "reads never paused");
                java.util.List<Session> all = onLoop(server::sessions);
                session = all.isEmpty() ? null : all.get(0);
                Thread.onSpinWait();
            }
            Session paused = session;
            long held = onLoop(paused::heldBytes);
            int backlog = onLoop(paused.connection()::backlogBytes);
            assertTrue(held >= 2048 && held < 2048 + 16 * (Session.HELD_OVERHEAD + 20), "held " + held);
            assertTrue(backlog <= 1024, "backlog " + backlog);
            // Taking lines resumes reading, and nothing was lost: every line arrives in order.
            int taken = 0;
            while (taken < 5000) {
                String line = onLoop(paused::nextLine);
                if (line == null) {
                    assertTrue(System.nanoTime() < deadline + WAIT.toNanos(), "lines stopped at " + taken);
                    Thread.onSpinWait();
                    continue;
                }
                assertEquals("0123456789", line, "line " + taken);
                taken++;
            }
        }
    }
}
