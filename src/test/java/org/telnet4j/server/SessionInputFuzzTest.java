package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.telnet4j.loop.EventLoop;
import org.telnet4j.testing.RetainedSize;

/**
 * Coverage-guided fuzzing of a server session's input path: the bytes a client sends, through the
 * connection's inbound transform (MCCP3), the engine, {@link ServerNegotiation}, the options, the
 * line editor and the line queue. No seam feeds a {@link Session} without a socket (a
 * {@link org.telnet4j.loop.Connection} wraps a {@code SocketChannel}), so one server per JVM (per
 * fuzz run) listens on loopback, driven by this thread's {@code poll}, with every option it
 * has switched on (MCCP2/3, GMCP, MSDP, MSSP, LINEMODE) and small limits. Per input: a client
 * connects, sends the input, and once the server has read it all (or closed the connection):
 *
 * <ul>
 * <li>the session's retained state ({@link RetainedSize}: everything reachable from the
 * {@code Session} but the server, its settings, the loop and the handler) is at most
 * {@link #budget}: the sum of the limits the server has today, computed from its settings, plus
 * a term proportional to the input for the state issue 12 has not bounded yet (NEW-ENVIRON
 * variables, terminal-type names, CHARSET offers);</li>
 * <li>the server still answers: a probe connection opened at the start sends {@code IAC AYT} and
 * must see {@code [Yes]};</li>
 * <li>the application took the lines (as a game loop does, {@code nextLine()} after each poll),
 * and after the client hangs up the connection goes away: no session is left behind.</li>
 * </ul>
 *
 * <p>Regression mode replays {@code src/test/resources/org/telnet4j/server/SessionInputFuzzTestInputs/<method>/}.
 */
class SessionInputFuzzTest {
    static final int MAX_SB = 512;
    static final int MAX_LINE = 256;
    static final int MAX_LINES = 32;
    static final int OUTPUT_CAP = 64 * 1024;
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final byte[] AYT = {(byte) 255, (byte) 246};

    private static TelnetServer server;
    private static Socket probe;
    private static Session probeSession;

    /**
     * The most a session may hold after reading {@code inputLength} bytes. Today's limits: one
     * subnegotiation buffer, one line being edited, {@link #MAX_LINES} queued lines before start
     * and as many after, the output queue, {@link Session#MAX_EARLY_MESSAGES} held GMCP/MSDP
     * messages parsed from one payload each (issue 12 measured 24 bytes of heap per payload byte),
     * and a fixed 64 KiB for the objects every session has (engine, decoder, MCCP buffers). Plus
     * 32 bytes per input byte for what has no limit of its own yet: each NEW-ENVIRON variable,
     * terminal-type name or CHARSET offer is at most what the peer sent, in strings and map entries.
     */
    static long budget(int inputLength) {
        long lines = 2L * MAX_LINES * (40 + 2L * MAX_LINE);
        return 64 * 1024 + MAX_SB + 2L * MAX_LINE + lines + OUTPUT_CAP
            + Session.MAX_EARLY_MESSAGES * 24L * MAX_SB + 32L * inputLength;
    }

    @FuzzTest
    void sessionInput(byte[] input) throws IOException {
        // Jazzer's SSRF detector flags every connect (its policy lasts one execution): these go
        // to our own server on loopback.
        try (SilentCloseable loopback = BugDetectors.allowNetworkConnections((host, port) ->
            (host.equals("127.0.0.1") || host.equals("localhost"))
                && (server == null || port == server.localAddress().getPort()))) {
            feed(input);
        }
    }

    private static void feed(byte[] input) throws IOException {
        start();
        try (Socket client = new Socket()) {
            client.connect(server.localAddress(), 5000);
            Session s = waitForSession();
            OutputStream out = client.getOutputStream();
            out.write(input);
            out.flush();
            waitFor(() -> s.connection().bytesIn() >= input.length || s.connection().isClosed(),
                "the server to read " + input.length + " bytes (read " + s.connection().bytesIn() + ")");
            long held = RetainedSize.of(s, TelnetServer.class, ServerSettings.class, EventLoop.class,
                SessionHandler.class);
            assertTrue(held <= budget(input.length), "session holds ~" + held + " bytes, budget "
                + budget(input.length) + " for " + input.length + " input bytes");
            assertStillAnswers();
        }
        waitFor(() -> server.connectionCount() == 1, "the client's connection to go away ("
            + server.connectionCount() + " open)");
    }

    /** The server, listening on an ephemeral loopback port, and a probe connection; once per JVM. */
    private static void start() throws IOException {
        if (server != null) {
            return;
        }
        server = TelnetServer.builder().host("127.0.0.1").port(0)
            .maxSubnegotiation(MAX_SB).maxLineLength(MAX_LINE).maxQueuedLines(MAX_LINES)
            .outputQueueCap(OUTPUT_CAP).encoding(StandardCharsets.UTF_8)
            .negotiationDeadline(Duration.ofMillis(200))
            .compression(true).gmcp(true).msdp(true).linemodeOption(true)
            .mssp(() -> Map.of("NAME", List.of("fuzz")))
            .build();
        server.bind();
        probe = new Socket();
        probe.connect(server.localAddress(), 5000);
        probeSession = waitForSession();
    }

    /** Polls until a session other than the probe's is open, and returns it. */
    private static Session waitForSession() throws IOException {
        Session[] found = new Session[1];
        waitFor(() -> {
            for (Session s : server.openSessions()) {
                if (s != probeSession && s.connection().isOpen()) {
                    found[0] = s;
                    return true;
                }
            }
            return false;
        }, "the server to accept a connection");
        return found[0];
    }

    /** The probe sends IAC AYT and must read [Yes] among what arrives. */
    private static void assertStillAnswers() throws IOException {
        probe.getOutputStream().write(AYT);
        InputStream in = probe.getInputStream();
        StringBuilder seen = new StringBuilder();
        waitFor(() -> {
            try {
                while (in.available() > 0) {
                    seen.append((char) in.read());
                }
            } catch (IOException e) {
                throw new AssertionError("probe connection failed", e);
            }
            int at = seen.indexOf("[Yes]");
            if (at >= 0) {
                seen.delete(0, at + 5);
                return true;
            }
            return false;
        }, "the server to answer the probe's AYT");
    }

    /** Runs the server's loop on this thread until {@code done}, for at most {@link #WAIT_NANOS}. */
    private static void waitFor(BooleanSupplier done, String what) throws IOException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (true) {
            server.poll(1);
            for (Session s : server.openSessions()) {
                while (s.nextLine() != null) {
                    // the application takes every line, as a game loop does
                }
            }
            if (done.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            probe.close();
            server.close();
            server = null;
        }
    }
}
