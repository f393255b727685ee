package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 10: errors on the loop thread of {@code bin/telnet4j-server}, in a JVM of its own.
 * A stack overflow in one session's handler closes that session; an error that cannot be contained
 * ends the process with one line and a non-zero status instead of leaving it deaf; SIGTERM ends it
 * promptly, even with the loop wedged.
 */
class LoopFailureCliTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private ServerProcess server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.process.destroyForcibly();
            server.process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private ServerProcess start() throws Exception {
        server = ServerProcess.start("--shell", HostileHandler.class.getName(), "--connect-maxwait", "0.2");
        return server;
    }

    @Test
    void aStackOverflowInOneSessionsHandlerClosesThatSessionOnly() throws Exception {
        start();
        try (Peer before = new Peer(server.port); Peer victim = new Peer(server.port)) {
            before.await("hostile ready");
            victim.await("hostile ready");
            victim.send("soe");
            victim.awaitClose();
            before.send("still there");
            before.await("echo: still there");
            try (Peer after = new Peer(server.port)) {
                after.await("hostile ready");
                after.send("hi");
                after.await("echo: hi");
            }
        }
        assertTrue(server.process.isAlive());
        assertTrue(server.awaitLog("overflowed the stack", WAIT), String.join("\n", server.log));
    }

    @Test
    void anErrorTheLoopCannotContainEndsTheProcessWithOneLineAndNonZeroStatus() throws Exception {
        start();
        try (Peer p = new Peer(server.port)) {
            p.await("hostile ready");
            p.send("oom");
            assertTrue(server.process.waitFor(30, TimeUnit.SECONDS), "the server exits instead of living on deaf");
        }
        assertEquals(1, server.process.exitValue());
        server.awaitLog("telnet4j-server: exiting", WAIT);
        String log = String.join("\n", server.log);
        assertTrue(log.contains("telnet4j-server: exiting: the event loop died of java.lang.OutOfMemoryError: "
            + HostileHandler.OOM_MESSAGE), log);
        assertTrue(log.lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace for users:\n" + log);
    }

    @Test
    void sigtermEndsTheServerPromptlyWithClientsConnected() throws Exception {
        start();
        try (Peer p = new Peer(server.port)) {
            p.await("hostile ready");
            server.process.destroy(); // SIGTERM
            assertTrue(server.process.waitFor(20, TimeUnit.SECONDS), "SIGTERM ends the server");
            p.awaitClose();
        }
        assertEquals(0, server.process.exitValue(), "SIGTERM drains, then the server exits cleanly");
    }

    @Test
    void sigtermEndsTheServerEvenWhenTheLoopIsWedged() throws Exception {
        start();
        try (Peer p = new Peer(server.port)) {
            p.await("hostile ready");
            p.send("hang"); // the loop thread never comes back
            p.send("unanswered");
            server.process.toHandle().destroy(); // SIGTERM; keeps our end of its output open
            assertTrue(server.process.waitFor(30, TimeUnit.SECONDS), "SIGTERM ends a wedged server too");
            assertTrue(server.awaitLog("does not answer: closing at once", WAIT), String.join("\n", server.log));
        }
    }

    @Test
    void aSecondSigtermClosesAtOnceWhileTheDrainCannotFinish() throws Exception {
        start();
        try (Peer p = new Peer(server.port)) {
            p.await("hostile ready");
            p.send("hang"); // the loop thread never comes back: the drain cannot run
            p.send("unanswered");
            assertTrue(server.process.toHandle().destroy()); // SIGTERM
            assertTrue(server.awaitLog("SIGTERM: draining", WAIT), String.join("\n", server.log));
            assertTrue(server.process.toHandle().destroy()); // well within the loop's 5 s to answer
            assertTrue(server.process.waitFor(30, TimeUnit.SECONDS), "a second SIGTERM ends it");
            assertTrue(server.awaitLog("second SIGTERM: closing at once", WAIT), String.join("\n", server.log));
        }
    }

    @Test
    void theScriptExecsTheJvmSoSignalsReachItAndHeapExhaustionExits() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("bin/telnet4j-server"));
        String launch = lines.stream().filter(l -> l.startsWith("exec ")).collect(Collectors.joining());
        assertTrue(launch.startsWith("exec java "), "exec: SIGTERM goes to the JVM, not to bash: " + launch);
        assertTrue(launch.contains("-XX:+ExitOnOutOfMemoryError"), launch);
    }

    /** A bare socket peer: sends lines, waits for text in what arrives (commands and all). */
    private static final class Peer implements AutoCloseable {
        private final Socket socket = new Socket();
        private final InputStream in;
        private final ByteArrayOutputStream got = new ByteArrayOutputStream();

        Peer(int port) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(100);
            in = socket.getInputStream();
        }

        void send(String line) throws IOException {
            socket.getOutputStream().write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        void await(String text) throws IOException {
            long end = System.nanoTime() + WAIT.toNanos();
            while (!got.toString(StandardCharsets.ISO_8859_1).contains(text)) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("no '" + text + "' within " + WAIT + "; got: " + got);
                }
                if (read() < 0) {
                    throw new AssertionError("closed before '" + text + "'; got: " + got);
                }
            }
        }

        void awaitClose() throws IOException {
            long end = System.nanoTime() + WAIT.toNanos();
            while (read() >= 0) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("not closed within " + WAIT + "; got: " + got);
                }
            }
        }

        private int read() throws IOException {
            byte[] b = new byte[4096];
            try {
                int n = in.read(b);
                if (n > 0) {
                    got.write(b, 0, n);
                }
                return n;
            } catch (SocketTimeoutException e) {
                return 0;
            } catch (IOException e) {
                return -1; // reset: closed too
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
