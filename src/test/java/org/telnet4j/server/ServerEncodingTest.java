package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.telnet4j.testing.RawTelnetClient.indexOf;

import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.telnet4j.charset.RetroCharsets;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.testing.RawTelnetClient;

/**
 * Encodings over a real socket, for what needs the session and its loop: a charset switched from
 * another thread is handed over in order with the sends around it, and a character split across
 * the switch is decoded whole. A client sends the bytes of the encoding and never answers a
 * negotiation (as retro terminal programs do). The encodings' byte rules (lines typed in each,
 * what comes back, echo in character mode, a switch from onLine) are byte tests of
 * {@link ServerProtocol}: {@link ServerEncodingBytesTest}.
 */
class ServerEncodingTest extends ServerTestBase {
    private static final byte IAC = (byte) 0xFF;

    /** Echoes each line with a prefix. */
    static final class PrefixEcho implements SessionHandler {
        final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<Session> sessions = new LinkedBlockingQueue<>();

        @Override
        public void onConnect(Session s) {
            sessions.add(s);
        }

        @Override
        public void onLine(Session s, String line) {
            lines.add(line);
            s.send("> " + line + "\n");
        }

        String nextLine() throws InterruptedException {
            String l = lines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (l == null) {
                throw new AssertionError("no line within " + WAIT);
            }
            return l;
        }

        Session session() throws InterruptedException {
            Session s = sessions.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (s == null) {
                throw new AssertionError("no session within " + WAIT);
            }
            return s;
        }
    }

    private final PrefixEcho echo = new PrefixEcho();

    private InetSocketAddress startWith(Charset cs) throws Exception {
        return start(TelnetServer.builder().handler(echo).encoding(cs)
            .negotiationDeadline(Duration.ofMillis(100)));
    }

    // ---- switching the encoding mid-session ----

    @Test
    void aCharacterSplitAcrossASwitchFromAnotherThreadIsDecodedWhole() throws Exception {
        InetSocketAddress a = startWith(RetroCharsets.BIG5_BBS);
        try (RawTelnetClient c = new RawTelnetClient(a)) {
            Session s = echo.session();
            // 'x' and the lead byte of U+4E00 (A4 40); BIG5BBS holds the lead byte for its trail.
            // The AYT after them comes back once the server has read both.
            c.write(new byte[] {'x', (byte) 0xA4, IAC, (byte) TelnetCommand.AYT});
            c.readUntil("[Yes]".getBytes(StandardCharsets.US_ASCII), WAIT);
            s.setCharset(Charset.forName("Big5")); // off the loop: handed over, in order with send
            s.send("switched\n");
            c.readUntil("switched\r\n".getBytes(StandardCharsets.US_ASCII), WAIT);
            assertEquals(Charset.forName("Big5"), s.charset());
            c.write(new byte[] {0x40, '\r', '\n'});
            assertEquals("x\u4E00", echo.nextLine(), "the held lead byte was not lost in the switch");
        }
    }

    @Test
    void switchingToAtasciiFromAnotherThreadChangesLineEndsInOrder() throws Exception {
        InetSocketAddress a = startWith(StandardCharsets.UTF_8);
        try (RawTelnetClient c = new RawTelnetClient(a)) {
            Session s = echo.session();
            s.send("before\n");
            s.setCharset(RetroCharsets.ATASCII);
            s.send("after\n");
            c.readUntil(new byte[] {'a', 'f', 't', 'e', 'r', (byte) 0x9B}, WAIT);
            assertTrue(indexOf(c.data(), "before\r\n".getBytes(StandardCharsets.US_ASCII)) >= 0);
            c.write(new byte[] {0x00, 0x60, (byte) 0x9B});
            assertEquals("\u2665\u2666", echo.nextLine());
        }
    }
}
