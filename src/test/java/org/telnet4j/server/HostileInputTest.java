package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.telnet4j.testing.RawTelnetClient.indexOf;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.telnet4j.loop.CloseReason;
import org.telnet4j.option.mud.InflateLimits;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;

/**
 * Issue 12's attacks, over loopback against an in-process server: each must leave the heap
 * bounded (measured after GC), other clients' round trips working, and the server serving.
 * The server's application never takes the queued lines of an attacker (the default
 * {@code onLine} queues them), which is the worst case for the queues above the parser. The
 * parsing limits (NEW-ENVIRON, CHARSET, GMCP without GMCP, TTYPE, the subnegotiation ceiling's
 * log) are byte tests of {@link ServerProtocol}: {@link HostileInputBytesTest}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HostileInputTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final int IAC = 0xFF;

    private TelnetServer server;
    private final List<Socket> sockets = new ArrayList<>();
    private final List<String> closes = new CopyOnWriteArrayList<>();
    private final List<String> gmcp = new CopyOnWriteArrayList<>();
    private volatile boolean discardEmptyLines;

    /** Echoes lines that start with "ping"; queues every other line and never takes it. */
    private final SessionHandler handler = new SessionHandler() {
        @Override
        public void onLine(Session session, String line) {
            if (line.isEmpty() && discardEmptyLines) {
                return; // taken: a game that reads every line, and ignores empty ones
            }
            if (line.startsWith("ping")) {
                session.send(line + "\n");
            } else {
                session.queueLine(line);
            }
        }

        @Override
        public void onGmcp(Session session, org.telnet4j.option.mud.Gmcp.Message m) {
            gmcp.add(m.name());
        }

        @Override
        public void onDisconnect(Session session, CloseReason reason) {
            closes.add(reason.name());
        }
    };

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.shutdown(Duration.ofSeconds(2));
        }
    }

    private InetSocketAddress start(TelnetServer.Builder b) throws IOException {
        server = b.host("127.0.0.1").port(0).handler(handler).negotiationDeadline(Duration.ofMillis(200))
            .maxConnections(2000).maxConnectionsPerAddress(0).build(); // every client is 127.0.0.1
        InetSocketAddress a = server.bind();
        server.start();
        return a;
    }

    private Socket connect(InetSocketAddress a) throws IOException {
        Socket s = new Socket();
        s.connect(a, 10_000);
        s.setSoTimeout(100);
        sockets.add(s);
        return s;
    }

    /** Heap in use after collecting: the least of a few full collections. */
    static long usedAfterGc() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    private <T> T onLoop(Callable<T> c) throws Exception {
        return ServerTestBase.onLoop(server, c, WAIT);
    }

    private void await(String what, Callable<Boolean> cond) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!onLoop(cond)) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            CompletableFuture<Void> tick = new CompletableFuture<>();
            server.loop().execute(() -> server.loop().schedule(20, TimeUnit.MILLISECONDS, () -> tick.complete(null)));
            tick.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Reads from {@code s} until {@code expected} has arrived; returns all bytes read. */
    static byte[] readUntil(Socket s, byte[] expected) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (indexOf(got.toByteArray(), expected) < 0) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for "
                + new String(expected, StandardCharsets.ISO_8859_1) + "; got "
                + new String(got.toByteArray(), StandardCharsets.ISO_8859_1));
            try {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                got.write(buf, 0, n);
            } catch (SocketTimeoutException e) {
                // poll again until the deadline
            }
        }
        assertTrue(indexOf(got.toByteArray(), expected) >= 0, "connection ended before "
            + new String(expected, StandardCharsets.ISO_8859_1));
        return got.toByteArray();
    }

    /** A line sent and echoed by a client that negotiates nothing: the server still answers. */
    private void roundTrip(InetSocketAddress a, String tag) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(a, 10_000);
            s.setSoTimeout(100);
            s.getOutputStream().write(("ping " + tag + "\r\n").getBytes(StandardCharsets.US_ASCII));
            readUntil(s, ("ping " + tag).getBytes(StandardCharsets.US_ASCII));
        }
    }

    static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.write(p, 0, p.length);
        }
        return o.toByteArray();
    }

    static byte[] bomb(long n, byte b) {
        return org.telnet4j.testing.ZlibBomb.of(n, b);
    }

    private static byte[] mccp3Start() {
        return bytes(IAC, TelnetCommand.DO, TelnetOption.MCCP3, IAC, TelnetCommand.SB, TelnetOption.MCCP3,
            IAC, TelnetCommand.SE);
    }

    // ---------------------------------------------------------------- item 1 and 2: MCCP3 bomb

    @Test
    void anMccp3BombInOneSegmentIsCutOffByTheRatioLimitAndLogged() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(org.telnet4j.loop.Connection.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try {
            discardEmptyLines = true; // the application keeps up: only the ratio limit can stop it
            InetSocketAddress a = start(TelnetServer.builder().compression(true));
            byte[] z = bomb(62L << 20, (byte) '\n');
            long before = usedAfterGc();
            Socket attacker = connect(a);
            attacker.getOutputStream().write(concat(mccp3Start(), z));
            await("the bomb to be closed", () -> appender.list.stream()
                .anyMatch(x -> x.getFormattedMessage().contains("ratio above 100:1")));
            await("the attacker to be gone", () -> server.connectionCount() == 0);
            assertEquals(-1, drainToEnd(attacker), "the server closed the attacker's connection");
            roundTrip(a, "after the bomb");
            long grown = usedAfterGc() - before;
            assertTrue(grown < 16L << 20, "heap grew by " + grown);
            String line = appender.list.stream().filter(x -> x.getFormattedMessage().contains("ratio above"))
                .findFirst().orElseThrow().getFormattedMessage();
            assertTrue(line.contains("127.0.0.1:") && line.contains("closing"), line);
        } finally {
            log.detachAppender(appender);
        }
    }

    /** Reads until the peer closes; -1 then. */
    private static int drainToEnd(Socket s) throws IOException {
        byte[] buf = new byte[65536];
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (s.getInputStream().read(buf) < 0) {
                    return -1;
                }
            } catch (SocketTimeoutException e) {
                // again
            } catch (IOException e) {
                return -1; // reset: closed too
            }
        }
        return 0;
    }

    @Test
    void evenWithoutDecompressionLimitsTheBombIsHeldWithinTheQueueBounds() throws Exception {
        // Limits far beyond the bomb: only the bounds within a read keep memory flat.
        InetSocketAddress a = start(TelnetServer.builder().compression(true)
            .inflateLimits(new InflateLimits(1 << 20, 1L << 40, 16 * 1024)));
        byte[] z = bomb(62L << 20, (byte) '\n');
        long before = usedAfterGc();
        Socket attacker = connect(a);
        attacker.getOutputStream().write(concat(mccp3Start(), z));
        await("the attacker's reads to pause", () -> {
            for (Session s : server.sessions()) {
                if (s.connection().isReadPaused() && s.heldBytes() > 0) {
                    return true;
                }
            }
            return false;
        });
        roundTrip(a, "during the bomb");
        long grown = usedAfterGc() - before;
        assertTrue(grown < 16L << 20, "heap grew by " + grown);
        assertTrue(onLoop(() -> server.connectionCount()) >= 1, "the attacker stays connected, paused");
        assertFalse(closes.contains("INPUT_LIMIT") || closes.contains("IO_ERROR"), closes.toString());
    }

    @Test
    void aBombWithinGenerousLimitsYieldsToOtherClientsEveryPass() throws Exception {
        // The application keeps up and the limits do not stop the stream: only the slice per
        // pass keeps the loop fair. Another client is answered while the bomb still inflates.
        discardEmptyLines = true;
        InetSocketAddress a = start(TelnetServer.builder().compression(true).negotiationDeadline(Duration.ofMillis(50))
            .inflateLimits(new InflateLimits(1 << 20, 1L << 40, 16 * 1024)));
        byte[] z = bomb(62L << 20, (byte) '\n');
        Socket attacker = connect(a);
        attacker.getOutputStream().write(concat(mccp3Start(), z));
        await("the bomb to start inflating", () -> {
            for (Session s : server.sessions()) {
                if (s.connection().inboundTransform() instanceof org.telnet4j.option.mud.InflateTransform t
                    && t.bytesOut() > 0) {
                    return true;
                }
            }
            return false;
        });
        roundTrip(a, "while inflating");
        long inflated = onLoop(() -> {
            for (Session s : server.sessions()) {
                if (s.connection().inboundTransform() instanceof org.telnet4j.option.mud.InflateTransform t) {
                    return t.bytesOut();
                }
            }
            return -1L;
        });
        assertTrue(inflated > 0 && inflated < 62L << 20, "the other client waited for the whole bomb: " + inflated);
    }

    // ---------------------------------------------------------------- item 1: 200 x 64,000 bytes

    @Test
    void twoHundredClientsSendingLinesAtConnectDoNotExhaustTheServer() throws Exception {
        InetSocketAddress a = start(TelnetServer.builder());
        byte[] flood = "a\n".repeat(32_000).getBytes(StandardCharsets.US_ASCII);
        long before = usedAfterGc();
        for (int i = 0; i < 200; i++) {
            Socket s = connect(a);
            s.setSendBufferSize(128 * 1024);
            s.getOutputStream().write(flood); // the kernel holds what the paused server does not read
        }
        await("every attacker to be paused", () -> {
            int paused = 0;
            for (Session s : server.sessions()) {
                if (s.connection().isReadPaused()) {
                    paused++;
                }
            }
            return paused >= 200;
        });
        roundTrip(a, "amid the flood");
        long grown = usedAfterGc() - before;
        long perConnection = grown / 200;
        System.out.printf("200 flooding clients: heap grew %d bytes, %d per connection%n", grown, perConnection);
        ServerSettings s = server.settings();
        assertTrue(perConnection < s.worstCaseInputBytes(), "per connection " + perConnection
            + " above the stated worst case " + s.worstCaseInputBytes());
    }

    // ---------------------------------------------------------------- item 9: the worst case

    @Test
    void theWorstCasePerConnectionStaysUnderTheStatedFigure() throws Exception {
        InetSocketAddress a = start(TelnetServer.builder());
        ServerSettings st = server.settings();
        // Held lines just under the budget (so parsing goes on), then a line at the length limit,
        // then a subnegotiation at the ceiling, unterminated: every structure at its bound.
        String held = ("x".repeat(60) + "\r\n").repeat(st.maxHeldInput / (Session.HELD_OVERHEAD + 120) - 2);
        byte[] partialLine = "y".repeat(st.maxLineLength).getBytes(StandardCharsets.US_ASCII);
        byte[] sbPayload = new byte[st.maxSubnegotiation - 1];
        java.util.Arrays.fill(sbPayload, (byte) 'z');
        byte[] attack = concat(held.getBytes(StandardCharsets.US_ASCII), partialLine,
            bytes(IAC, TelnetCommand.WILL, TelnetOption.NEW_ENVIRON, IAC, TelnetCommand.SB, TelnetOption.NEW_ENVIRON),
            sbPayload);
        int n = 100;
        long before = usedAfterGc();
        for (int i = 0; i < n; i++) {
            connect(a).getOutputStream().write(attack);
        }
        await("every connection to hold its input", () -> server.sessions().size() >= n);
        // Let the loop take every byte it will; the bound is what matters, not the moment.
        roundTrip(a, "worst case");
        long grown = usedAfterGc() - before;
        long each = grown / n;
        System.out.printf("worst case: %d bytes per connection measured, %d stated%n", each,
            st.worstCaseInputBytes());
        assertTrue(each <= st.worstCaseInputBytes(), "measured " + each + " > stated " + st.worstCaseInputBytes());
        assertTrue(each > st.maxSubnegotiation + st.maxLineLength, "the attack did not fill the buffers: " + each);
    }

    @Test
    void theDefaultConnectionLimitFollowsTheHeap() {
        ServerSettings s = new ServerSettings();
        TelnetServer.builder(); // defaults live in the builder; copy the ones that matter
        s.maxConnections = 10_000;
        s.maxSubnegotiation = 16 * 1024;
        s.maxLineLength = 4096;
        s.maxHeldInput = 8 * 1024;
        s.maxReadSize = 8 * 1024;
        s.maxTerminalTypeLength = 64;
        s.maxEnvironVariables = 64;
        s.maxEnvironBytes = 4096;
        long each = s.worstCaseInputBytes();
        assertEquals(10_000, s.effectiveMaxConnections(10_000L * each * 2));
        int at256 = s.effectiveMaxConnections(256L << 20);
        assertTrue(at256 < 10_000 && (long) at256 * each <= (256L << 20) * 3 / 4, "at 256 MiB: " + at256);
        s.maxConnectionsSet = true;
        assertEquals(10_000, s.effectiveMaxConnections(256L << 20), "a limit set explicitly is kept");
    }

    // ---------------------------------------------------------------- issue 11 defect 7

    @Test
    void aClientThatAnnouncesMccp3AndSendsPlainBytesKeepsItsSession() throws Exception {
        InetSocketAddress a = start(TelnetServer.builder().compression(true));
        Socket c = connect(a);
        OutputStream out = c.getOutputStream();
        out.write(concat(mccp3Start(), "ping plain after mccp3\r\n".getBytes(StandardCharsets.US_ASCII)));
        byte[] got = readUntil(c, "ping plain after mccp3".getBytes(StandardCharsets.US_ASCII));
        assertTrue(indexOf(got, bytes(IAC, TelnetCommand.WONT, TelnetOption.MCCP3)) >= 0,
            "the server turns MCCP3 off");
        out.write("ping still here\r\n".getBytes(StandardCharsets.US_ASCII));
        readUntil(c, "ping still here".getBytes(StandardCharsets.US_ASCII));
        assertFalse(closes.contains("INPUT_LIMIT") || closes.contains("IO_ERROR"), closes.toString());
    }

    // ---------------------------------------------------------------- item 6: held messages

    @Test
    void messagesDuringNegotiationAreHeldAsBytesWithinTheBudgetAndNoneIsLost() throws Exception {
        InetSocketAddress a = start(TelnetServer.builder().gmcp(true));
        Socket c = connect(a);
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.write(bytes(IAC, TelnetCommand.DO, TelnetOption.GMCP));
        String body = " \"" + "v".repeat(900) + "\"";
        for (int i = 0; i < 100; i++) {
            m.write(bytes(IAC, TelnetCommand.SB, TelnetOption.GMCP));
            m.write(("Pkg.N" + i + body).getBytes(StandardCharsets.US_ASCII));
            m.write(bytes(IAC, TelnetCommand.SE));
        }
        m.write("ping gmcp held\r\n".getBytes(StandardCharsets.US_ASCII));
        c.getOutputStream().write(m.toByteArray());
        readUntil(c, "ping gmcp held".getBytes(StandardCharsets.US_ASCII));
        assertEquals(100, gmcp.size(), "every message delivered after onConnect");
        for (int i = 0; i < 100; i++) {
            assertEquals("Pkg.N" + i, gmcp.get(i));
        }
    }
}
