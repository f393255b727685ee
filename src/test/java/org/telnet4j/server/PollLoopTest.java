package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telnet4j.protocol.OptionSet;

/**
 * The miniboa way: no server thread at all. The test thread is the game loop: it calls
 * {@code poll} and reads queued lines with {@code hasLine}/{@code nextLine}.
 */
class PollLoopTest {

    @Test
    void aGameLoopPollsForConnectionsAndLines() throws Exception {
        try (TelnetServer server = TelnetServer.builder().host("127.0.0.1").port(0)
                .negotiationDeadline(Duration.ZERO).build()) {
            InetSocketAddress a = server.bind();
            try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
                Session s = null;
                for (int tick = 0; tick < 500 && s == null; tick++) {
                    server.poll(10);
                    List<Session> all = server.sessions();
                    s = all.isEmpty() ? null : all.get(0);
                }
                assertTrue(s != null, "connected within 500 ticks");
                assertFalse(s.hasLine());
                assertNull(s.nextLine());
                c.write("look\r\nsay hi\r\n");
                for (int tick = 0; tick < 500 && !s.hasLine(); tick++) {
                    server.poll(10);
                }
                assertEquals("look", s.nextLine());
                assertEquals("say hi", s.nextLine());
                s.send("You see a room.\n");
                server.poll(0);
                c.readUntil("You see a room.\r\n", Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void theInputQueueHoldsBackReadsInsteadOfDroppingLines() throws Exception {
        try (TelnetServer server = TelnetServer.builder().host("127.0.0.1").port(0)
                .negotiationDeadline(Duration.ZERO).maxQueuedLines(4).build()) {
            InetSocketAddress a = server.bind();
            try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
                StringBuilder many = new StringBuilder();
                for (int i = 0; i < 100; i++) {
                    many.append("line ").append(i).append("\r\n");
                }
                c.write(many.toString());
                Session s = null;
                int got = 0;
                for (int tick = 0; tick < 5000 && got < 100; tick++) {
                    server.poll(5);
                    if (s == null && !server.sessions().isEmpty()) {
                        s = server.sessions().get(0);
                    }
                    if (s != null && s.hasLine()) {
                        assertEquals("line " + got, s.nextLine()); // one per tick: a slow game
                        got++;
                    }
                }
                assertEquals(100, got, "every line arrives, in order");
            }
        }
    }
}
