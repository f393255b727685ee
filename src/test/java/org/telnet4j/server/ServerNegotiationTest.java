package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.telnet4j.protocol.OptionSet;
import org.telnet4j.protocol.TelnetOption;

/** What a client sees of the server's negotiation, over a real loopback socket. */
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
    void aClientThatRefusesEverythingStartsWithoutWaitingForTheDeadline() throws Exception {
        InetSocketAddress a = start(TelnetServer.builder().negotiationDeadline(Duration.ofMinutes(5)));
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
            long t0 = System.nanoTime();
            while (handler.events.isEmpty() && System.nanoTime() - t0 < WAIT.toNanos()) {
                c.pump();
            }
            assertEquals("connect unknown 80x24", handler.next(Duration.ZERO));
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

    @Test
    void anMttsClientIsRecognisedAndKeepsItsLineEditor() throws Exception {
        InetSocketAddress a = start(TelnetServer.builder().negotiationDeadline(Duration.ofMinutes(5)));
        try (TestTelnetClient c = new TestTelnetClient(a, TestTelnetClient.modernClient())) {
            c.terminalTypes = List.of("MUDLET", "ANSI-TRUECOLOR", "MTTS 2831");
            Session s = awaitWhilePumping(c);
            assertEquals("ANSI-TRUECOLOR", s.terminalType());
            assertEquals(2831, s.mttsBits());
            assertEquals(List.of("MUDLET", "ANSI-TRUECOLOR", "MTTS 2831"), s.terminalTypes());
            assertFalse(s.isLocalEnabled(TelnetOption.ECHO), "no WILL ECHO to a MUD client");
            assertFalse(c.isRemoteEnabled(TelnetOption.ECHO));
        }
    }

    @Test
    void terminalTypeCycleEndsWhenTheClientRepeatsItself() throws Exception {
        InetSocketAddress a = start(TelnetServer.builder().negotiationDeadline(Duration.ofMinutes(5)));
        try (TestTelnetClient c = new TestTelnetClient(a, TestTelnetClient.modernClient())) {
            c.terminalTypes = List.of("XTERM", "VT100", "DUMB");
            Session s = awaitWhilePumping(c);
            assertEquals("XTERM", s.terminalType());
            assertEquals(List.of("XTERM", "VT100", "DUMB"), s.terminalTypes());
            // SEND was sent once per name, plus once more to see the repeat that ends the cycle.
            assertEquals(4, c.events.stream().filter("sb TTYPE"::equals).count());
        }
    }

    @Test
    void lineModeNeverOffersEchoOrSga() throws Exception {
        InetSocketAddress a = start(TelnetServer.builder().lineMode(true)
            .negotiationDeadline(Duration.ofMinutes(5)));
        try (TestTelnetClient c = new TestTelnetClient(a, TestTelnetClient.modernClient())) {
            c.terminalTypes = List.of("XTERM");
            Session s = awaitWhilePumping(c);
            assertFalse(s.isLocalEnabled(TelnetOption.ECHO));
            assertFalse(s.isLocalEnabled(TelnetOption.SGA));
            assertFalse(c.events.contains("ENABLED REMOTE ECHO"));
        }
    }

    @Test
    void windowSizeChangesAfterConnectAreEvents() throws Exception {
        InetSocketAddress a = start(TelnetServer.builder().negotiationDeadline(Duration.ofMinutes(5)));
        try (TestTelnetClient c = new TestTelnetClient(a, TestTelnetClient.modernClient())) {
            c.terminalTypes = List.of("XTERM");
            c.columns = 80;
            c.rows = 25;
            awaitWhilePumping(c);
            assertEquals("connect XTERM 80x25", handler.next(WAIT));
            c.write(bytes(0xFF, 0xFA, 31, 0, 100, 0, 50, 0xFF, 0xF0));
            assertEquals("naws 100x50", handler.await("naws", WAIT));
        }
    }

    @Test
    void areYouThereGetsAVisibleAnswer() throws Exception {
        InetSocketAddress a = start(TelnetServer.builder().negotiationDeadline(Duration.ofMillis(100)));
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
            handler.awaitSessionWhile(c);
            c.write(bytes(0xFF, 246));
            c.readUntil("[Yes]", WAIT);
            assertEquals("command 246", handler.await("command", WAIT));
        }
    }

    /**
     * Issue 11, defect 6: a client that answers terminal type, window size and echo but ignores
     * the optional requests (TinTin++ never answers DO BINARY, Ruby's net-telnet cannot parse
     * DO CHARSET) gets its shell at once, not at the negotiation deadline.
     */
    @Test
    void aClientIgnoringOptionalRequestsStartsWithoutWaitingForTheDeadline() throws Exception {
        handler.greeting = "hello\n";
        InetSocketAddress a = start(TelnetServer.builder().negotiationDeadline(Duration.ofMinutes(5)));
        try (TestTelnetClient c = new TestTelnetClient(a, null)) {
            c.readRaw(OPENING.length, WAIT);
            // WILL TTYPE, WILL NAWS + its size, DO SGA; nothing said about NEW-ENVIRON, CHARSET, EOR.
            c.write(bytes(0xFF, 0xFB, 24, 0xFF, 0xFB, 31, 0xFF, 0xFA, 31, 0, 100, 0, 30, 0xFF, 0xF0,
                0xFF, 0xFD, 3));
            byte[] send = bytes(0xFF, 0xFA, 24, 1, 0xFF, 0xF0);
            byte[] is = bytes(0xFF, 0xFA, 24, 0, 'X', 'T', 'E', 'R', 'M', 0xFF, 0xF0);
            int answered = 0;
            boolean echoAnswered = false;
            long end = System.nanoTime() + WAIT.toNanos();
            while (!c.text().contains("hello") && System.nanoTime() < end) {
                c.pump();
                if (count(c.raw.toByteArray(), send) > answered) {
                    answered++;
                    c.write(is); // the same name twice ends the cycle
                }
                if (!echoAnswered && contains(c.raw.toByteArray(), bytes(0xFF, 0xFB, 1))) {
                    echoAnswered = true;
                    c.write(bytes(0xFF, 0xFD, 1)); // DO ECHO
                }
            }
            assertTrue(c.text().contains("hello"), "no shell within " + WAIT + " while DO CHARSET and"
                + " DO NEW-ENVIRON stay unanswered; got " + c.text());
            assertEquals("connect XTERM 100x30", handler.next(WAIT));
        }
    }

    /**
     * Issue 11, defect 1: BINARY is not asked for at connect (a stock telnet in line mode draws a
     * staircase once it is agreed), but follows an agreed 8-bit CHARSET (RFC 2066).
     */
    @Test
    void binaryIsAskedOnlyAfterAnEightBitCharsetIsAgreed() throws Exception {
        InetSocketAddress a = start(TelnetServer.builder().negotiationDeadline(Duration.ofMinutes(5)));
        try (TestTelnetClient c = new TestTelnetClient(a, null)) {
            c.readRaw(OPENING.length, WAIT);
            assertFalse(contains(c.raw.toByteArray(), bytes(0xFF, 0xFB, 0)), "no WILL BINARY at connect");
            assertFalse(contains(c.raw.toByteArray(), bytes(0xFF, 0xFD, 0)), "no DO BINARY at connect");
            c.write(bytes(0xFF, 0xFB, 42)); // WILL CHARSET
            long end = System.nanoTime() + WAIT.toNanos();
            while (!contains(c.raw.toByteArray(), bytes(0xFF, 0xFA, 42, 1)) && System.nanoTime() < end) {
                c.pump();
            }
            assertFalse(contains(c.raw.toByteArray(), bytes(0xFF, 0xFB, 0)), "no BINARY before a charset");
            c.write(bytes(0xFF, 0xFA, 42, 2, 'U', 'T', 'F', '-', '8', 0xFF, 0xF0)); // ACCEPTED UTF-8
            while (!(contains(c.raw.toByteArray(), bytes(0xFF, 0xFB, 0))
                    && contains(c.raw.toByteArray(), bytes(0xFF, 0xFD, 0))) && System.nanoTime() < end) {
                c.pump();
            }
            assertTrue(contains(c.raw.toByteArray(), bytes(0xFF, 0xFB, 0)), "WILL BINARY after UTF-8");
            assertTrue(contains(c.raw.toByteArray(), bytes(0xFF, 0xFD, 0)), "DO BINARY after UTF-8");
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
