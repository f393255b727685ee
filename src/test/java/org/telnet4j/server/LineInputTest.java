package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telnet4j.protocol.OptionSet;

/** Input lines over real sockets: end-of-line forms, packet splits, early input, bad bytes. */
class LineInputTest extends ServerTestBase {

    @Test
    void eachEndOfLineFormEndsExactlyOneLine() throws Exception {
        InetSocketAddress a = start(builder());
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
            handler.awaitSessionWhile(c);
            handler.events.clear();
            c.write(ServerNegotiationTest.bytes('a', '\r', '\n', 'b', '\r', 0, 'c', '\n', 'd', '\r', 'e', '\n'));
            for (String want : List.of("line a", "line b", "line c", "line d", "line e")) {
                assertEquals(want, handler.next(WAIT));
            }
        }
    }

    @Test
    void linesSplitAcrossPacketsAtEveryByteArriveWhole() throws Exception {
        InetSocketAddress a = start(builder());
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
            handler.awaitSessionWhile(c);
            handler.events.clear();
            byte[] msg = "grüße, welt\r\nzwei\r\n".getBytes(StandardCharsets.UTF_8);
            for (byte b : msg) {
                c.write(new byte[] {b}); // TCP_NODELAY: one small segment each
            }
            assertEquals("line grüße, welt", handler.next(WAIT));
            assertEquals("line zwei", handler.next(WAIT));
        }
    }

    @Test
    void linesTypedDuringNegotiationAreDeliveredAfterConnectInOrder() throws Exception {
        InetSocketAddress a = start(TelnetServer.builder().handler(handler)
            .negotiationDeadline(java.time.Duration.ofMillis(300)));
        try (TestTelnetClient c = new TestTelnetClient(a, null)) {
            c.write("first\r\nsecond\r\n"); // before the server has heard a single answer
            assertTrue(handler.next(WAIT).startsWith("connect"));
            assertEquals("line first", handler.next(WAIT));
            assertEquals("line second", handler.next(WAIT));
        }
    }

    @Test
    void undecodableBytesBecomeReplacementCharacters() throws Exception {
        InetSocketAddress a = start(builder().encoding(StandardCharsets.UTF_8));
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
            handler.awaitSessionWhile(c);
            handler.events.clear();
            c.write(ServerNegotiationTest.bytes('o', 'k', 0xC3, 0x28, 0xFE, 0xFE, '!', '\r', '\n'));
            assertEquals("line ok\uFFFD(\uFFFD\uFFFD!", handler.next(WAIT));
            c.write("still alive\r\n");
            assertEquals("line still alive", handler.next(WAIT));
        }
    }

    @Test
    void iacIacInInputIsOneByte() throws Exception {
        InetSocketAddress a = start(builder().encoding(StandardCharsets.ISO_8859_1));
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
            handler.awaitSessionWhile(c);
            handler.events.clear();
            c.write(ServerNegotiationTest.bytes('x', 0xFF, 0xFF, 'y', '\r', '\n'));
            assertEquals("line x\u00FFy", handler.next(WAIT));
        }
    }

    @Test
    void characterModeEchoesAndEditsWholeCharacters() throws Exception {
        handler.echo = false;
        InetSocketAddress a = start(builder().negotiationDeadline(java.time.Duration.ofMinutes(1)));
        try (TestTelnetClient c = new TestTelnetClient(a, TestTelnetClient.modernClient())) {
            c.terminalTypes = List.of("XTERM");
            Session s = handler.awaitSessionWhile(c);
            assertTrue(s.isCharacterMode());
            handler.events.clear();
            int before = c.data.size();
            // "né" then backspace: the 2-byte é goes as one character; arrow key filtered.
            c.write(ServerNegotiationTest.bytes('n', 0xC3, 0xA9, 0x7F, 0x1B, '[', 'A', 'o', '\r', '\n'));
            assertEquals("line no", handler.next(WAIT));
            c.readUntil("\r\n", WAIT);
            String echoed = new String(c.data.toByteArray(), before, c.data.size() - before,
                StandardCharsets.UTF_8);
            assertEquals("né\b \bo\r\n", echoed);
        }
    }

    @Test
    void aTooLongLineIsCutAtTheLimit() throws Exception {
        InetSocketAddress a = start(builder().maxLineLength(10));
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
            handler.awaitSessionWhile(c);
            handler.events.clear();
            c.write("0123456789abcdef\r\nnext\r\n");
            assertEquals("line 0123456789", handler.next(WAIT));
            assertEquals("line next", handler.next(WAIT));
        }
    }
}
