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
import org.telnet4j.option.FlowControl;
import org.telnet4j.option.Status;
import org.telnet4j.protocol.OptionSet;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;

/** The server's side of the options beyond the opening negotiation, over loopback sockets. */
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
    void terminalSpeedXDisplayAndLocationAreReported() throws Exception {
        InetSocketAddress a = start(Duration.ofSeconds(5));
        ClientConfig cfg = client().terminalSpeed(9600, 4800).xdisplay("unix:0").location("Room 12").build();
        try (BlockingTelnetClient c = BlockingTelnetClient.connect("127.0.0.1", a.getPort(), cfg)) {
            Session s = connect(c);
            assertEquals("Room 12", s.location(), "the offered SNDLOC arrived during negotiation");
            s.requestTerminalSpeed();
            assertEquals("tspeed 9600,4800", pumpUntil(c, "tspeed"));
            assertEquals(9600, s.terminalSpeed()[0]);
            s.requestXDisplay();
            assertEquals("xdisplay unix:0", pumpUntil(c, "xdisplay"));
            assertEquals("unix:0", s.xdisplay());
            c.protocol().options().setLocation("Room 13");
            assertEquals("location Room 13", pumpUntil(c, "location"));
        }
    }

    @Test
    void flowControlCommandsReachTheClient() throws Exception {
        InetSocketAddress a = start(Duration.ofSeconds(5));
        try (BlockingTelnetClient c = BlockingTelnetClient.connect("127.0.0.1", a.getPort(), client().build())) {
            Session s = connect(c);
            s.sendFlowControl(FlowControl.RESTART_ANY);
            long end = System.nanoTime() + WAIT.toNanos();
            while (!c.protocol().options().flowControl().isRestartAny() && System.nanoTime() < end) {
                c.readAvailable(Duration.ofMillis(20));
            }
            assertTrue(c.protocol().options().flowControl().isRestartAny());
            s.sendFlowControl(FlowControl.OFF);
            end = System.nanoTime() + WAIT.toNanos();
            while (c.protocol().options().flowControl().isEnabled() && System.nanoTime() < end) {
                c.readAvailable(Duration.ofMillis(20));
            }
            assertFalse(c.protocol().options().flowControl().isEnabled());
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

    @Test
    void abortOutputIsAnsweredWithASynch() throws Exception {
        InetSocketAddress a = start(Duration.ofMillis(100));
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
            c.socket.setOOBInline(true);
            handler.awaitSessionWhile(c);
            int before = c.raw.size();
            c.write(ServerNegotiationTest.bytes(0xFF, TelnetCommand.AO));
            long end = System.nanoTime() + WAIT.toNanos();
            while (c.raw.size() < before + 2 && System.nanoTime() < end) {
                c.pump();
            }
            byte[] raw = c.raw.toByteArray();
            assertEquals("FF F2", hex(raw, before, raw.length - before), "RFC 1123 3.2.4: AO gets a Synch");
        }
    }

    @Test
    void lineModeWithoutGoAheadsStillOffersSuppressGoAhead() throws Exception {
        server = TelnetServer.builder().host("127.0.0.1").port(0).lineMode(true).neverSendGa(true)
            .negotiationDeadline(Duration.ofMillis(100)).handler(handler).build();
        InetSocketAddress a = server.bind();
        server.start();
        try (TestTelnetClient c = new TestTelnetClient(a, null)) {
            byte[] raw = c.readRaw(ServerNegotiationTest.OPENING.length, WAIT);
            assertTrue(contains(raw, ServerNegotiationTest.bytes(0xFF, 0xFB, TelnetOption.SGA)),
                "RFC 1123 3.2.2: a server that never sends GA offers WILL SGA");
            assertFalse(contains(raw, ServerNegotiationTest.bytes(0xFF, 0xFB, TelnetOption.ECHO)));
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

    @Test
    void oldEnvironIsAskedOnlyAfterNewEnvironIsRefusedAndReversedRepliesAreRead() throws Exception {
        InetSocketAddress a = start(Duration.ofSeconds(5));
        try (TestTelnetClient c = new TestTelnetClient(a, null)) {
            byte[] doEnviron = ServerNegotiationTest.bytes(0xFF, 0xFD, TelnetOption.ENVIRON);
            c.readRaw(ServerNegotiationTest.OPENING.length, WAIT);
            assertFalse(contains(c.raw.toByteArray(), doEnviron), "no DO ENVIRON while NEW-ENVIRON may come");
            c.write(ServerNegotiationTest.bytes(0xFF, 0xFC, TelnetOption.NEW_ENVIRON));
            pumpFor(c, doEnviron);
            c.write(ServerNegotiationTest.bytes(0xFF, 0xFB, TelnetOption.ENVIRON));
            // The request uses RFC 1408's codes: SEND, VAR "USER", ...
            pumpFor(c, ServerNegotiationTest.bytes(0xFF, 0xFA, TelnetOption.ENVIRON, 1, 0, 'U', 'S', 'E', 'R'));
            // A BSD client answers with VAR and VALUE swapped: IS VALUE(0)... is VAR 1 "USER" VALUE 0 "joe".
            byte[] is = ServerNegotiationTest.bytes(0xFF, 0xFA, TelnetOption.ENVIRON, 0, 1, 'U', 'S', 'E', 'R', 0,
                'j', 'o', 'e', 1, 'L', 'A', 'N', 'G', 0, 'C', 0xFF, 0xF0);
            c.write(is);
            Session s = handler.awaitSessionWhile(c);
            assertEquals("joe", s.environment().get("USER"));
            assertEquals("C", s.environment().get("LANG"));
        }
    }

    @Test
    void aClientCharsetRequestCollidingWithOursIsRejected() throws Exception {
        InetSocketAddress a = start(Duration.ofSeconds(5));
        try (TestTelnetClient c = new TestTelnetClient(a, null)) {
            c.readRaw(ServerNegotiationTest.OPENING.length, WAIT);
            c.write(ServerNegotiationTest.bytes(0xFF, 0xFB, TelnetOption.CHARSET));
            pumpFor(c, ServerNegotiationTest.bytes(0xFF, 0xFA, TelnetOption.CHARSET, 1)); // our REQUEST
            c.write(ServerNegotiationTest.bytes(0xFF, 0xFA, TelnetOption.CHARSET, 1, ' ', 'U', 'T', 'F', '-', '8',
                0xFF, 0xF0));
            pumpFor(c, ServerNegotiationTest.bytes(0xFF, 0xFA, TelnetOption.CHARSET, 3, 0xFF, 0xF0));
        }
    }

    private static void pumpFor(TestTelnetClient c, byte[] wanted) throws IOException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!contains(c.raw.toByteArray(), wanted)) {
            if (!c.pump() || System.nanoTime() > end) {
                throw new AssertionError("never received " + hex(wanted, 0, wanted.length) + "; got "
                    + hex(c.raw.toByteArray(), 0, c.raw.size()));
            }
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String hex(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = off; i < off + len; i++) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format("%02X", b[i] & 0xFF));
        }
        return sb.toString();
    }
}
