package org.telnet4j.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telnet4j.testing.ExternalPrograms;
import org.telnet4j.testing.KeytoolCertificates;
import org.telnet4j.testing.Tmux;

/**
 * TLS against real TLS programs, read from the screen where a person would look: the server
 * ({@code telnet4j-server --ssl-certfile/--ssl-keyfile}, {@code --tls-auto}) under
 * {@code openssl s_client} and {@code socat OPENSSL:}, and the client ({@code telnet4j-client
 * --ssl --ssl-cafile}) against {@code openssl s_server} and against {@code socat OPENSSL-LISTEN}
 * in front of busybox telnetd; one-line errors for an untrusted certificate and a plain server.
 */
class TlsPeersTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PROMPT = "tls$ ";

    @TempDir
    Path tmp;
    private KeytoolCertificates certs;
    private final List<Process> processes = new ArrayList<>();
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void makeCertificates() throws Exception {
        certs = KeytoolCertificates.create(tmp);
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        for (Process p : processes) {
            List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
            all.add(p.toHandle());
            all.forEach(ProcessHandle::destroy);
            for (ProcessHandle h : all) {
                try {
                    h.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            }
        }
    }

    private ServerProcess server(String... more) throws Exception {
        List<String> flags = new ArrayList<>(List.of("--ssl-certfile", certs.serverPem().toString(),
            "--ssl-keyfile", certs.serverKeyPem().toString(), "--connect-maxwait", "0.3"));
        flags.addAll(List.of(more));
        ServerProcess s = ServerProcess.start(flags.toArray(new String[0]));
        cleanup.add(s);
        return s;
    }

    private Tmux tmux(List<String> cmd) throws IOException {
        String tmuxPath = ExternalPrograms.require("tmux", "tmux");
        ClientInTmux c = ClientInTmux.startCommand(tmuxPath, tmp, 100, 30, cmd);
        cleanup.add(c);
        return c.tmux;
    }

    @Test
    void opensslSClientReadsTheDefaultShellOverTls() throws Exception {
        String openssl = ExternalPrograms.require("openssl", "openssl");
        ServerProcess server = server();
        Tmux t = tmux(List.of(openssl, "s_client", "-connect", "127.0.0.1:" + server.port, "-CAfile",
            certs.serverPem().toString(), "-verify_return_error", "-crlf", "-quiet"));
        t.waitFor("Welcome to telnet4j", WAIT); // the default shell's greeting, decrypted by openssl
        t.type("status");
        t.keys("Enter");
        String screen = t.waitFor("security:  TLSv1.3 TLS_", WAIT);
        assertTrue(screen.contains("peer:      127.0.0.1:"), screen);
        assertTrue(server.awaitLog("connected (TLSv1.3, TLS_", WAIT), "the connect log line names TLS");
    }

    @Test
    void opensslSClientWithAClientCertificateIsShownInStatus() throws Exception {
        String openssl = ExternalPrograms.require("openssl", "openssl");
        ServerProcess server = server("--ssl-client-ca", certs.clientPem().toString(), "--ssl-client-auth", "required");
        Tmux t = tmux(List.of(openssl, "s_client", "-connect", "127.0.0.1:" + server.port, "-CAfile",
            certs.serverPem().toString(), "-cert", certs.clientPem().toString(), "-key",
            certs.clientKeyPem().toString(), "-crlf", "-quiet"));
        t.waitFor("Welcome to telnet4j", WAIT);
        t.type("status");
        t.keys("Enter");
        t.waitFor("client CN=telnet4j admin", WAIT);
    }

    @Test
    void socatOpensslSendsALineAndReadsTheAnswer() throws Exception {
        String socat = ExternalPrograms.require("socat", "socat");
        ServerProcess server = server();
        Process p = new ProcessBuilder(socat, "-", "OPENSSL:127.0.0.1:" + server.port + ",cafile="
            + certs.serverPem() + ",openssl-commonname=localhost,verify=1").redirectErrorStream(true).start();
        processes.add(p);
        OutputStream in = p.getOutputStream();
        in.write("status\r\n".getBytes(UTF_8));
        in.flush();
        String got = readUntil(p.getInputStream(), "security:  TLSv1.3");
        assertTrue(got.contains("encoding:"), got);
        in.write("quit\r\n".getBytes(UTF_8));
        in.flush();
        assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "socat ends when the server closes");
    }

    @Test
    void tlsAutoServesAPlainTelnetAndATlsClientAtOnce() throws Exception {
        String telnet = ExternalPrograms.require("telnet", "telnet");
        ServerProcess server = server("--tls-auto", "--tls-auto-wait", "0.3");
        Tmux plain = tmux(List.of(telnet, "127.0.0.1", Integer.toString(server.port)));
        Tmux tls = tmux(client("--ssl", "--ssl-cafile", certs.serverPem().toString(), "localhost",
            Integer.toString(server.port)));
        plain.waitFor("Welcome to telnet4j", WAIT);
        tls.waitFor("Welcome to telnet4j", WAIT);
        plain.type("status");
        plain.keys("Enter");
        tls.type("status");
        tls.keys("Enter");
        plain.waitFor("security:  plain (not encrypted)", WAIT);
        tls.waitFor("security:  TLSv1.3 TLS_", WAIT);
    }

    @Test
    void clientTalksToOpensslSServer() throws Exception {
        String openssl = ExternalPrograms.require("openssl", "openssl");
        int port = freePort();
        Process sServer = new ProcessBuilder(openssl, "s_server", "-accept", "127.0.0.1:" + port, "-cert",
            certs.serverPem().toString(), "-key", certs.serverKeyPem().toString(), "-quiet")
            .redirectErrorStream(true).start();
        processes.add(sServer);
        LinkedBlockingQueue<String> said = pump(sServer.getInputStream());
        awaitListening(sServer, port);
        Tmux t = tmux(client("--ssl", "--ssl-cafile", certs.serverPem().toString(), "localhost",
            Integer.toString(port)));
        t.waitFor("Connected to localhost", WAIT);
        sServer.getOutputStream().write("hello from s_server\r\n".getBytes(UTF_8));
        sServer.getOutputStream().flush();
        t.waitFor("hello from s_server", WAIT);
        t.type("typed over tls");
        t.keys("Enter");
        awaitLine(said, "typed over tls");
    }

    @Test
    void clientRunsAShellThroughSocatTlsInFrontOfBusyboxTelnetd() throws Exception {
        String socat = ExternalPrograms.require("socat", "socat");
        String busybox = ExternalPrograms.require("busybox", "busybox-static");
        int telnetdPort = freePort();
        Process telnetd = new ProcessBuilder(busybox, "telnetd", "-F", "-p", Integer.toString(telnetdPort),
            "-b", "127.0.0.1", "-l", promptShell()).redirectErrorStream(true).start();
        processes.add(telnetd);
        awaitListening(telnetd, telnetdPort);
        int port = freePort();
        Process front = new ProcessBuilder(socat, "OPENSSL-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork,cert="
            + certs.serverPem() + ",key=" + certs.serverKeyPem() + ",verify=0", "TCP:127.0.0.1:" + telnetdPort)
            .redirectErrorStream(true).start();
        processes.add(front);
        awaitListening(front, port);
        Tmux t = tmux(client("--ssl", "--ssl-cafile", certs.serverPem().toString(), "localhost",
            Integer.toString(port)));
        t.waitFor(PROMPT.trim(), WAIT);
        t.type("echo tls-$((6*7))");
        t.keys("Enter");
        String screen = t.waitFor("tls-42\n", WAIT);
        assertTrue(screen.contains(PROMPT + "echo tls-$((6*7))"), screen);
    }

    @Test
    void anUntrustedCertificateAndAPlainServerAreOneLineErrorsWithStatusOne() throws Exception {
        String openssl = ExternalPrograms.require("openssl", "openssl");
        int port = freePort();
        Process sServer = new ProcessBuilder(openssl, "s_server", "-accept", "127.0.0.1:" + port, "-cert",
            certs.serverPem().toString(), "-key", certs.serverKeyPem().toString(), "-quiet")
            .redirectErrorStream(true).start();
        processes.add(sServer);
        awaitListening(sServer, port);
        Result r = runClient("--ssl", "localhost", Integer.toString(port)); // the system's CAs: not ours
        assertEquals(1, r.status, r.err);
        assertEquals(1, r.err.strip().lines().count(), r.err);
        assertTrue(r.err.contains("certificate of localhost is not signed by a trusted CA"), r.err);

        ch.qos.logback.classic.Logger guard = (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger("org.telnet4j.server.PlainPortGuard");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen =
            new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        guard.addAppender(seen);
        org.telnet4j.server.TelnetServer plain = org.telnet4j.server.TelnetServer.builder().host("127.0.0.1").port(0).build();
        try {
            int plainPort = plain.bind().getPort();
            plain.start();
            Result p = runClient("--ssl", "--ssl-cafile", certs.serverPem().toString(), "localhost",
                Integer.toString(plainPort));
            assertEquals(1, p.status, p.err);
            assertEquals(1, p.err.strip().lines().count(), p.err);
            // The server's opening negotiation usually arrives before its close: either is the truth.
            assertTrue(p.err.contains("localhost did not answer with TLS (a plain telnet server on this port?)")
                || p.err.contains("localhost closed the connection during the TLS handshake"), p.err);
            // The client has exited: the server's close (and its log line) came before.
            assertTrue(seen.list.stream().anyMatch(e -> e.getFormattedMessage()
                .contains("sent a TLS ClientHello to a plain telnet port")), seen.list.toString());
        } finally {
            guard.detachAppender(seen);
            plain.shutdown(Duration.ofSeconds(2));
        }

        Result n = runClient("--ssl-no-verify", "localhost", Integer.toString(port));
        assertTrue(n.err.contains("WARNING: --ssl-no-verify"), n.err);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static List<String> client(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), ClientMain.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private record Result(int status, String err) {
    }

    /** The client with its input a pipe that ends at once: it connects, or says why not. */
    private Result runClient(String... args) throws Exception {
        Process p = new ProcessBuilder(client(args)).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), UTF_8);
        assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
        return new Result(p.exitValue(), err);
    }

    private String promptShell() throws IOException {
        Path script = tmp.resolve("prompt-shell");
        Files.writeString(script, "#!/bin/sh\nPS1='" + PROMPT + "'\nexport PS1\nexec /bin/sh -i\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }

    /** Waits until {@code p} listens on {@code port} (it dying fails the test). */
    private static void awaitListening(Process p, int port) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                // not yet
            }
            // Waiting for the program to die doubles as the pause between looks.
            if (p.waitFor(20, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("exited with " + p.exitValue() + ": "
                    + new String(p.getInputStream().readAllBytes(), UTF_8));
            }
            assertTrue(System.nanoTime() < end, "nothing listens on " + port);
        }
    }

    private static LinkedBlockingQueue<String> pump(InputStream in) {
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(in, UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    lines.add(l);
                }
            } catch (IOException ignored) {
                // ended
            }
        });
        t.setDaemon(true);
        t.start();
        return lines;
    }

    private static void awaitLine(LinkedBlockingQueue<String> lines, String text) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            String l = lines.poll(left, TimeUnit.NANOSECONDS);
            if (l != null && l.contains(text)) {
                return;
            }
        }
        throw new AssertionError("no line with " + text);
    }

    private static String readUntil(InputStream in, String text) throws IOException {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] b = new byte[4096];
        while (!got.toString(java.nio.charset.StandardCharsets.ISO_8859_1).contains(text)) {
            int n = in.read(b);
            if (n < 0) {
                throw new IOException("EOF before " + text + ": " + got.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            got.write(b, 0, n);
        }
        return got.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
