package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.telnet4j.testing.WirePeer.bytes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.telnet4j.testing.RawTelnetClient;
import org.telnet4j.testing.WirePeer;

/**
 * The server CLI's telnetlib3-parity flags (issue 16 item 4), as a user runs them: the server in
 * a JVM of its own, a scripted client on a raw socket that records the server's bytes, and the
 * server's log.
 */
class ServerParityCliTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int IAC = 255;
    private static final int WILL = 251;
    private static final int WONT = 252;
    private static final int DO = 253;
    private static final int SB = 250;
    private static final int SE = 240;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void forceBinaryAsksForBinaryBothWaysAtConnect() throws Exception {
        try (ServerProcess srv = ServerProcess.start("--shell", "echo", "--force-binary");
             WirePeer c = WirePeer.connect(srv.port)) {
            c.await(bytes(IAC, WILL, 0), WAIT);
            c.await(bytes(IAC, DO, 0), WAIT);
        }
        // Without the flag and with an ASCII-compatible charset, BINARY waits for CHARSET: the
        // opening requests (up to WILL SGA, the last) carry no BINARY.
        try (ServerProcess srv = ServerProcess.start("--shell", "echo", "--encoding", "UTF-8");
             WirePeer c = WirePeer.connect(srv.port)) {
            int sga = c.await(bytes(IAC, WILL, 3), WAIT);
            byte[] opening = Arrays.copyOf(c.received(), sga + 3);
            assertEquals(-1, RawTelnetClient.indexOf(opening, bytes(IAC, WILL, 0)), RawTelnetClient.hex(opening));
            assertEquals(-1, RawTelnetClient.indexOf(opening, bytes(IAC, DO, 0)), RawTelnetClient.hex(opening));
        }
    }

    @Test
    void compressionOffersMccpAndCompressesAfterTheClientAgrees() throws Exception {
        try (ServerProcess srv = ServerProcess.start("--shell", "echo", "--compression", "--connect-maxwait", "0.2");
             WirePeer c = WirePeer.connect(srv.port)) {
            c.await(bytes(IAC, WILL, 86), WAIT);
            c.await(bytes(IAC, WILL, 87), WAIT);
            c.send(IAC, DO, 86);
            int start = c.await(bytes(IAC, SB, 86, IAC, SE), WAIT) + 5;
            c.send(ascii("squeeze me\r\n"));
            // What follows is one zlib stream (RFC 1950) that holds the echoed line.
            long end = System.nanoTime() + WAIT.toNanos();
            String text = "";
            while (!text.contains("squeeze me") && System.nanoTime() < end) {
                c.awaitOrNot(ascii("never"), Duration.ofMillis(50)); // wait for more to arrive
                text = inflate(Arrays.copyOfRange(c.received(), start, c.received().length));
            }
            assertTrue(text.contains("squeeze me"), text);
        }
    }

    private static String inflate(byte[] z) throws Exception {
        Inflater inf = new Inflater();
        inf.setInput(z);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = inf.inflate(buf)) > 0) {
            out.write(buf, 0, n);
        }
        inf.end();
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void noCompressionRefusesMccp() throws Exception {
        try (ServerProcess srv = ServerProcess.start("--shell", "echo", "--no-compression");
             WirePeer c = WirePeer.connect(srv.port)) {
            c.await(bytes(IAC, WILL, 3), WAIT);
            c.send(IAC, DO, 86, IAC, DO, 87);
            c.await(bytes(IAC, WONT, 86), WAIT);
            c.await(bytes(IAC, WONT, 87), WAIT);
        }
    }

    @Test
    void encodingFalseIsABytesShell() throws Exception {
        // 0xC3 '(' is malformed UTF-8, 0xE9 0x80 0xFE any bytes: all come back as they went.
        byte[] line = bytes('b', 0xC3, '(', 0xE9, 0x80, 0xFE, 'z');
        try (ServerProcess srv = ServerProcess.start("--shell", "echo", "--encoding", "false",
                "--connect-maxwait", "0.2");
             WirePeer c = WirePeer.connect(srv.port)) {
            c.await(bytes(IAC, WILL, 0), WAIT); // BINARY asked for both ways
            c.await(bytes(IAC, DO, 0), WAIT);
            c.send(IAC, WILL, 0, IAC, DO, 0);
            c.send(RawTelnetClient.concat(line, ascii("\r\n")));
            int at = c.await(line, WAIT);
            assertArrayEquals(line, Arrays.copyOfRange(c.received(), at, at + line.length));
            byte[] all = c.received();
            assertEquals(-1, RawTelnetClient.indexOf(all, bytes(IAC, DO, 42)), "no CHARSET: " + RawTelnetClient.hex(all));
            // A client announcing a charset (WILL CHARSET) is refused: a bytes shell has none.
            c.send(IAC, WILL, 42);
            c.await(bytes(IAC, 254, 42), WAIT);
        }
        // The same line through a UTF-8 shell: the malformed byte is replaced.
        try (ServerProcess srv = ServerProcess.start("--shell", "echo", "--encoding", "UTF-8",
                "--connect-maxwait", "0.2");
             WirePeer c = WirePeer.connect(srv.port)) {
            c.await(bytes(IAC, WILL, 3), WAIT);
            c.send(RawTelnetClient.concat(line, ascii("\r\n")));
            c.await(bytes('b', 0xEF, 0xBF, 0xBD, '('), WAIT);
        }
    }

    @Test
    void statusIntervalNamesEachClientWithItsBytes() throws Exception {
        try (ServerProcess srv = ServerProcess.start("--shell", "echo", "--status-interval", "0.2",
                "--connect-maxwait", "0.2");
             WirePeer a = WirePeer.connect(srv.port);
             WirePeer b = WirePeer.connect(srv.port)) {
            a.await(bytes(IAC, WILL, 3), WAIT);
            b.await(bytes(IAC, WILL, 3), WAIT);
            a.send(ascii("ping\r\n"));
            a.await(ascii("ping\r\n"), WAIT);
            Pattern p = Pattern.compile("status: 2 clients, in \\d+ B, out \\d+ B: 127\\.0\\.0\\.1:\\d+ "
                + "\\(in \\d+ B, out \\d+ B\\), 127\\.0\\.0\\.1:\\d+ \\(in \\d+ B, out \\d+ B\\)");
            String l = awaitLine(srv, p);
            assertTrue(l.contains("127.0.0.1:" + a.localPort() + " (in ") && l.contains("127.0.0.1:"
                + b.localPort() + " (in "), l);
            // a sent "ping" (6 bytes) after its negotiation answers: its "in" is at least that
            assertTrue(Pattern.compile("127\\.0\\.0\\.1:" + a.localPort() + " \\(in ([6-9]|\\d\\d+) B").matcher(l).find(), l);
            long same = srv.log.stream().filter(x -> x.endsWith(l.substring(l.indexOf("status: ")))).count();
            assertEquals(1, same, "one line per change: " + srv.log);
        }
    }

    private static String awaitLine(ServerProcess srv, Pattern p) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            for (String l : srv.log) {
                if (p.matcher(l).find()) {
                    return l;
                }
            }
            srv.awaitLog("status:", Duration.ofMillis(200));
        }
        throw new AssertionError("no " + p + " in " + srv.log);
    }

    @Test
    void logfmtTakesPythonFormatsAndLogbackPatterns() throws Exception {
        try (ServerProcess srv = ServerProcess.start("--logfmt", "%(levelname)s [%(name)s] %(message)s")) {
            assertTrue(srv.log.stream().anyMatch(l -> l.startsWith("INFO [org.telnet4j.cli.ServerMain] Server ready on ")),
                srv.log.toString());
        }
        try (ServerProcess srv = ServerProcess.start("--logfmt", "%(levelname)-6s%(filename)s:%(lineno)d 100%% %(message)s")) {
            assertTrue(srv.log.stream().anyMatch(l -> l.matches("INFO  ServerMain\\.java:\\d+ 100% Server ready on .*")),
                srv.log.toString());
        }
        try (ServerProcess srv = ServerProcess.start("--logfmt", "%level :: %msg")) {
            assertTrue(srv.log.stream().anyMatch(l -> l.startsWith("INFO :: Server ready on ")), srv.log.toString());
        }
        assertEquals("telnet4j-server: --logfmt: %(asctimes) has no equivalent here; use levelname, message, name,"
            + " filename, lineno, module, funcName, pathname, threadName, process, asctime, msecs or relativeCreated",
            badRun("--logfmt", "%(asctimes)s %(message)s"));
        assertTrue(badRun("--logfmt", "%nosuchword").startsWith("telnet4j-server: --logfmt: not a log format: "));
    }

    /** Runs the server with a bad flag; returns its one line of error output (exit status 2). */
    private static String badRun(String... flags) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(), "127.0.0.1", "0"));
        cmd.addAll(List.of(flags));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertEquals(1, out.lines().count(), out);
        return out;
    }
}
