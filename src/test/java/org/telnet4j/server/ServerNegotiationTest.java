package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telnet4j.protocol.TelnetOption;

/**
 * What a client sees of the server's negotiation, over a real loopback socket: the deadline's
 * timer and a whole modern client end to end. The negotiation's byte-level rules (the TTYPE cycle,
 * line mode, NAWS, AYT, optional requests, BINARY after CHARSET, clients that refuse everything or
 * follow MTTS) are golden transcripts of {@link ServerProtocol} now: {@link ServerTranscriptTest}.
 */
class ServerNegotiationTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    /** The opening requests, in order: one round trip covers them all. */
    /** DO TTYPE, NAWS, NEW-ENVIRON, CHARSET; WILL EOR, SGA. No BINARY: it follows an 8-bit CHARSET. */
    static final byte[] OPENING = bytes(
        0xFF, 0xFD, 24, 0xFF, 0xFD, 31, 0xFF, 0xFD, 39, 0xFF, 0xFD, 42,
        0xFF, 0xFB, 25, 0xFF, 0xFB, 3);

    TelnetServer server;
    RecordingHandler handler = new RecordingHandler();

    InetSocketAddress start(TelnetServer.Builder b) throws IOException {
        server = b.host("127.0.0.1").port(0).handler(handler).build();
        InetSocketAddress a = server.bind();
        server.start();
        return a;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown(Duration.ofSeconds(2));
        }
    }

    @Test
    void aClientThatNeverAnswersGetsTheOpeningThenTheShellAtTheDeadline() throws Exception {
        handler.greeting = "hello\n";
        InetSocketAddress a = start(TelnetServer.builder().negotiationDeadline(Duration.ofMillis(200)));
        try (TestTelnetClient c = new TestTelnetClient(a, null)) {
            c.readUntil("hello\r\n", WAIT);
            byte[] raw = c.raw.toByteArray();
            assertArrayEquals(OPENING, Arrays.copyOf(raw, OPENING.length));
            assertEquals("hello\r\n", new String(raw, OPENING.length, raw.length - OPENING.length,
                StandardCharsets.ISO_8859_1), "no WILL ECHO for a peer that never spoke telnet");
            assertEquals("connect unknown 80x24", handler.next(WAIT));
        }
    }

    @Test
    void aModernClientReportsEverythingBeforeOnConnect() throws Exception {
        InetSocketAddress a = start(TelnetServer.builder().negotiationDeadline(Duration.ofMinutes(5)));
        try (TestTelnetClient c = new TestTelnetClient(a, TestTelnetClient.modernClient())) {
            c.terminalTypes = List.of("XTERM-256COLOR");
            c.columns = 132;
            c.rows = 43;
            c.environ.put("USER", "ada");
            c.environ.put("LANG", "en_GB.UTF-8");
            c.acceptCharset = "UTF-8";
            Session s = awaitWhilePumping(c);
            assertEquals("XTERM-256COLOR", s.terminalType());
            assertEquals(132, s.columns());
            assertEquals(43, s.rows());
            assertEquals(Map.of("USER", "ada", "LANG", "en_GB.UTF-8"), s.environment());
            assertEquals(StandardCharsets.UTF_8, s.charset());
            assertTrue(s.isCharacterMode(), "a terminal client gets character mode");
            assertTrue(s.isRemoteEnabled(TelnetOption.NAWS));
            assertEquals("connect XTERM-256COLOR 132x43", handler.next(WAIT));
            // BINARY is asked once UTF-8 is agreed, and does not hold the session back (issue 11),
            // so it may be agreed just after the start.
            long end = System.nanoTime() + WAIT.toNanos();
            while (!(s.isLocalEnabled(TelnetOption.BINARY) && s.isRemoteEnabled(TelnetOption.BINARY))
                && System.nanoTime() < end) {
                c.pump();
            }
            assertTrue(s.isLocalEnabled(TelnetOption.BINARY) && s.isRemoteEnabled(TelnetOption.BINARY));
        }
    }

    static boolean contains(byte[] hay, byte[] needle) {
        return count(hay, needle) > 0;
    }

    static int count(byte[] hay, byte[] needle) {
        int n = 0;
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                n++;
            }
        }
        return n;
    }

    private Session awaitWhilePumping(TestTelnetClient c) throws Exception {
        return handler.awaitSessionWhile(c);
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }
}
