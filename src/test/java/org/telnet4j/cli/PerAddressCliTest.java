package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code bin/telnet4j-server --max-per-address N}, as a user runs it. */
class PerAddressCliTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void theFlagLimitsConnectionsFromOneAddress() throws Exception {
        try (ServerProcess server = ServerProcess.start("--max-per-address", "2", "--connect-maxwait", "0.2");
             Socket one = connect(server.port);
             Socket two = connect(server.port)) {
            assertTrue(readUntil(one, "telnet4j> ").contains("Welcome to telnet4j"));
            readUntil(two, "telnet4j> ");
            try (Socket three = connect(server.port)) {
                String text = readToEnd(three);
                assertTrue(text.equals("Too many connections from your address; try again later.\r\n"), text);
            }
            assertTrue(server.awaitLog("127.0.0.1 has 2 connections open, the per-address limit", WAIT),
                String.join("\n", server.log));
        }
    }

    @Test
    void aNegativeLimitIsABadFlag() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
            "--max-per-address", "-1", "127.0.0.1", "0");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(p.exitValue() != 0, out);
        assertTrue(out.contains("--max-per-address must not be negative"), out);
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(100);
        return s;
    }

    /** What arrives (telnet commands included) until {@code text} does; fails after WAIT. */
    private static String readUntil(Socket s, String text) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        long end = System.nanoTime() + WAIT.toNanos();
        InputStream in = s.getInputStream();
        byte[] b = new byte[4096];
        while (!got.toString(StandardCharsets.ISO_8859_1).contains(text)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no '" + text + "' within " + WAIT + "; got: " + got);
            }
            try {
                int n = in.read(b);
                if (n < 0) {
                    throw new AssertionError("closed before '" + text + "'; got: " + got);
                }
                got.write(b, 0, n);
            } catch (SocketTimeoutException e) {
                // keep waiting until the deadline
            }
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    private static String readToEnd(Socket s) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        long end = System.nanoTime() + WAIT.toNanos();
        InputStream in = s.getInputStream();
        byte[] b = new byte[4096];
        while (true) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not closed within " + WAIT + "; got: " + got);
            }
            try {
                int n = in.read(b);
                if (n < 0) {
                    return got.toString(StandardCharsets.ISO_8859_1);
                }
                got.write(b, 0, n);
            } catch (SocketTimeoutException e) {
                // keep waiting until the deadline
            }
        }
    }
}
