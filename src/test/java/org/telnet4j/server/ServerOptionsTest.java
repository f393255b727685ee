package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telnet4j.client.BlockingTelnetClient;
import org.telnet4j.client.ClientConfig;

import org.telnet4j.option.Status;
import org.telnet4j.protocol.OptionSet;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;

/**
 * The server's side of the options beyond the opening negotiation, over loopback sockets, for
 * what needs a real peer or the socket: STATUS and TIMING-MARK answered by our own client, a Synch
 * whose DM is TCP urgent data both ways, the close after LOGOUT. The byte rules (AO, LOGOUT,
 * TSPEED, XDISPLOC, SNDLOC, LFLOW, the old ENVIRON, colliding CHARSET requests) are byte tests of
 * {@link ServerProtocol}: {@link ServerOptionsBytesTest}; never-send-ga in line mode is a golden
 * transcript ({@link ServerTranscriptTest}).
 */
class ServerOptionsTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    TelnetServer server;
    final Handler handler = new Handler();

    /** Records the typed option events as well. */
    static final class Handler extends RecordingHandler {
        volatile List<Status.Difference> differences;
        volatile Status.Report report;

        @Override
        public void onSynch(Session s) {
            events.add("synch");
        }

        @Override
        public void onStatus(Session s, Status.Report r, List<Status.Difference> d) {
            report = r;
            differences = d;
            events.add("status " + d);
        }

        @Override
        public void onLogout(Session s) {
            events.add("logout");
        }

        @Override
        public void onTerminalSpeed(Session s, int tx, int rx) {
            events.add("tspeed " + tx + "," + rx);
        }

        @Override
        public void onXDisplay(Session s, String d) {
            events.add("xdisplay " + d);
        }

        @Override
        public void onLocation(Session s, String l) {
            events.add("location " + l);
        }
    }

    InetSocketAddress start(Duration deadline) throws IOException {
        server = TelnetServer.builder().host("127.0.0.1").port(0).negotiationDeadline(deadline)
            .handler(handler).build();
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

    static ClientConfig.Builder client() {
        return ClientConfig.builder().terminalType("xterm").windowSize(80, 24)
            .environAllowList(java.util.Set.of());
    }

    /** Reads with the blocking client until the handler reports an event starting with prefix. */
    String pumpUntil(BlockingTelnetClient c, String prefix) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            String e = handler.events.poll();
            if (e == null) {
                c.readAvailable(Duration.ofMillis(20));
            } else if (e.startsWith(prefix)) {
                return e;
            }
        }
        throw new AssertionError("no event '" + prefix + "' within " + WAIT);
    }

    Session connect(BlockingTelnetClient c) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            Session s = handler.connected.poll();
            if (s != null) {
                return s;
            }
            c.readAvailable(Duration.ofMillis(20));
        }
        throw new AssertionError("no session");
    }

    @Test
    void statusRequestGetsTheClientsViewAndItMatchesOurs() throws Exception {
        InetSocketAddress a = start(Duration.ofSeconds(5));
        try (BlockingTelnetClient c = BlockingTelnetClient.connect("127.0.0.1", a.getPort(), client().build())) {
            Session s = connect(c);
            s.requestStatus();
            assertEquals("status []", pumpUntil(c, "status"));
            assertTrue(handler.report.senderWill(TelnetOption.STATUS), "the client WILL STATUS");
            assertTrue(handler.report.senderDo(TelnetOption.SGA), "the client sees our WILL SGA");
            assertTrue(handler.report.senderWill(TelnetOption.NAWS));
            assertFalse(handler.report.senderWill(TelnetOption.ECHO));
        }
    }

    @Test
    void timingMarkCompletesWhenTheClientHasReadEverythingBefore() throws Exception {
        InetSocketAddress a = start(Duration.ofSeconds(5));
        try (BlockingTelnetClient c = BlockingTelnetClient.connect("127.0.0.1", a.getPort(), client().build())) {
            Session s = connect(c);
            s.send("before the mark\n");
            CompletableFuture<Void> mark = s.timingMark();
            assertFalse(mark.isDone(), "not before the client has read it");
            assertEquals("before the mark", c.readLine(WAIT));
            long end = System.nanoTime() + WAIT.toNanos();
            while (!mark.isDone() && System.nanoTime() < end) {
                c.readAvailable(Duration.ofMillis(20));
            }
            mark.get(1, TimeUnit.SECONDS);
            // And the other direction: the client's blocking API.
            assertTrue(c.timingMark(WAIT));
        }
    }

    @Test
    void aSynchFromTheClientDiscardsThePartLineAndSurvivesTcpUrgentData() throws Exception {
        InetSocketAddress a = start(Duration.ofSeconds(5));
        try (BlockingTelnetClient c = BlockingTelnetClient.connect("127.0.0.1", a.getPort(), client().build())) {
            connect(c);
            c.write("rm -rf");
            c.interruptProcess(); // IAC IP, IAC in-band, DM as urgent data
            c.writeLine("ok");
            assertEquals("synch", pumpUntil(c, "synch"));
            // Without SO_OOBINLINE the kernel would drop the urgent DM and the IAC would eat 'o'.
            assertEquals("line ok", pumpUntil(c, "line"));
        }
    }

    @Test
    void aSynchFromTheServerArrivesAsIacDm() throws Exception {
        InetSocketAddress a = start(Duration.ofMillis(100));
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
            c.socket.setOOBInline(true);
            Session s = handler.awaitSessionWhile(c);
            s.send("x");
            s.sendSynch();
            long end = System.nanoTime() + WAIT.toNanos();
            while (!containsIacDm(c.raw.toByteArray()) && System.nanoTime() < end) {
                c.pump();
            }
            assertTrue(containsIacDm(c.raw.toByteArray()), "IAC DM received");
        }
    }

    private static boolean containsIacDm(byte[] b) {
        for (int i = 0; i + 1 < b.length; i++) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == TelnetCommand.DM) {
                return true;
            }
        }
        return false;
    }

    @Test
    void doLogoutIsAnsweredWillLogoutAndTheSessionCloses() throws Exception {
        InetSocketAddress a = start(Duration.ofMillis(100));
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
            handler.awaitSessionWhile(c);
            int before = c.raw.size();
            c.write(ServerNegotiationTest.bytes(0xFF, 0xFD, TelnetOption.LOGOUT));
            c.awaitClose(WAIT);
            byte[] raw = c.raw.toByteArray();
            assertEquals("FF FB 12", hex(raw, before, raw.length - before), "WILL LOGOUT, then close");
            assertEquals("logout", handler.await("logout", WAIT));
            assertEquals("disconnect " + DisconnectReason.LOGOUT, handler.await("disconnect", WAIT));
        }
    }

    private static String hex(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = off; i < off + len; i++) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format("%02X", b[i] & 0xFF));
        }
        return sb.toString();
    }
}
