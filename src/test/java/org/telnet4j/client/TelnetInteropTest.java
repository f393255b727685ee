package org.telnet4j.client;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.telnet4j.testing.ExternalPrograms;

/**
 * {@link Telnet} and {@link BlockingTelnetClient} against real telnet daemons running a shell:
 * busybox's telnetd, and GNU inetutils' telnetd behind socat (it is an inetd service). Each test
 * starts its daemon on a free loopback port and kills it, with everything it started, afterwards.
 */
class TelnetInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The end of a default shell prompt: {@code $ } or, for root, {@code # }. */
    private static final Pattern PROMPT = Pattern.compile("[$#] $");
    private static final String OWN_PROMPT = "telnet4j$ ";

    /** The daemons, and how to start one on a port with a login program. */
    enum Daemon {
        BUSYBOX {
            @Override
            List<String> command(int port, String login) {
                String busybox = ExternalPrograms.require("busybox", "busybox-static");
                ExternalPrograms.requireThat(hasApplet(busybox, "telnetd"),
                    "this busybox has no telnetd applet (Debian package busybox-static has)");
                return List.of(busybox, "telnetd", "-F", "-p", Integer.toString(port), "-b", "127.0.0.1",
                    "-l", login);
            }
        },
        INETUTILS {
            @Override
            List<String> command(int port, String login) {
                String socat = ExternalPrograms.require("socat", "socat");
                String telnetd = ExternalPrograms.require("telnetd", "inetutils-telnetd");
                return List.of(socat, "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork",
                    "EXEC:" + telnetd + " -E " + login + ",nofork");
            }
        };

        abstract List<String> command(int port, String login);
    }

    @TempDir
    Path tmp;
    private Process daemon;
    private Path daemonLog;

    @AfterEach
    void stopDaemon() throws InterruptedException {
        if (daemon == null) {
            return;
        }
        // The daemon's sessions (shells, forked telnetds) first: once it dies they are orphans.
        List<ProcessHandle> all = new ArrayList<>(daemon.descendants().toList());
        all.add(daemon.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    /** Starts the daemon on a free port and waits until it listens; returns the port. */
    private int start(Daemon kind, String login) throws Exception {
        daemonLog = tmp.resolve("daemon.log");
        for (int attempt = 1; ; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                port = probe.getLocalPort();
            }
            ProcessBuilder pb = new ProcessBuilder(kind.command(port, login)).redirectErrorStream(true)
                .redirectOutput(daemonLog.toFile());
            daemon = pb.start();
            long end = System.nanoTime() + WAIT.toNanos();
            while (!listening(port)) {
                // Waiting for the daemon to die doubles as the pause between looks.
                if (daemon.waitFor(20, TimeUnit.MILLISECONDS)) {
                    break;
                }
                if (System.nanoTime() - end > 0) {
                    fail(kind + " did not listen on " + port + " within " + WAIT + ": " + log());
                }
            }
            if (daemon.isAlive()) {
                return port;
            }
            if (attempt == 3) {
                fail(kind + " exited with " + daemon.exitValue() + ": " + log());
            }
            // Most likely someone else took the port between the probe and the daemon's bind.
        }
    }

    /** True if something listens on 127.0.0.1:port, read from the kernel's table (no connection made). */
    private static boolean listening(int port) throws IOException {
        String local = String.format(Locale.ROOT, "0100007F:%04X", port);
        for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[1].equals(local) && f[3].equals("0A")) {
                return true;
            }
        }
        return false;
    }

    private String log() {
        try {
            return Files.readString(daemonLog, ISO_8859_1);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static boolean hasApplet(String busybox, String applet) {
        try {
            Process p = new ProcessBuilder(busybox, "--list").redirectErrorStream(true).start();
            String list = new String(p.getInputStream().readAllBytes(), ISO_8859_1);
            p.waitFor(10, TimeUnit.SECONDS);
            return list.lines().anyMatch(applet::equals);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A login program that starts an interactive shell with a prompt a test can wait for. */
    private String ownPromptShell() throws IOException {
        Path script = tmp.resolve("prompt-shell");
        Files.writeString(script, "#!/bin/sh\nPS1='" + OWN_PROMPT + "'\nexport PS1\nexec /bin/sh -i\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script.toString();
    }

    @ParameterizedTest
    @EnumSource(Daemon.class)
    void telnetlibStyleSessionWithAShell(Daemon kind) throws Exception {
        int port = start(kind, "/bin/sh");
        try (Telnet t = new Telnet("127.0.0.1", port, WAIT)) {
            Telnet.ExpectResult prompt = t.expect(List.of(PROMPT), WAIT);
            assertEquals(0, prompt.index(), "no prompt: '" + prompt.text() + "' " + log());

            t.write("echo hello-$((6*7))\n");
            Telnet.ExpectResult r = t.expect(List.of(Pattern.compile("not found"), Pattern.compile("hello-42")),
                WAIT);
            assertEquals(1, r.index(), "'" + r.text() + "'");
            assertEquals(0, t.expect(List.of(PROMPT), WAIT).index(), "the next prompt follows");

            t.write("exit\n");
            t.readAll(); // until the daemon closes; the connection timeout bounds each wait
            assertTrue(t.isEof());
            assertThrows(EOFException.class, t::readVeryEager);
            assertArrayEquals(new byte[0], t.readAll());
        }
    }

    @ParameterizedTest
    @EnumSource(Daemon.class)
    void blockingClientSessionWithAShell(Daemon kind) throws Exception {
        int port = start(kind, ownPromptShell());
        ClientConfig config = ClientConfig.builder().terminalType("dumb").windowSize(100, 30)
            .connectTimeout(WAIT).build();
        try (BlockingTelnetClient c = BlockingTelnetClient.connect("127.0.0.1", port, config)) {
            assertNotNull(c.readUntil(OWN_PROMPT, WAIT), "no prompt " + log());

            c.writeLine("echo hello-$((6*7))");
            List<String> lines = new ArrayList<>();
            String line;
            // A line of output may follow a prompt on the same line: look at line ends. (inetutils'
            // telnetd asks for BINARY, which the default config accepts; in BINARY it hands our CR LF
            // to the pty unchanged, which is two Enters, so an extra prompt appears.)
            while ((line = c.readLine(WAIT)) != null && !line.endsWith("hello-42")) {
                lines.add(line);
            }
            assertNotNull(line, "no hello-42; lines: " + lines);

            c.writeLine("stty size"); // the window size went by NAWS to the daemon's pty
            while ((line = c.readLine(WAIT)) != null && !line.endsWith("30 100")) {
                lines.add(line);
            }
            assertNotNull(line, "the size sent by NAWS did not reach the pty; lines: " + lines);

            c.writeLine("exit");
            while (c.readLine(WAIT) != null) {
                // the rest of the session
            }
            assertTrue(c.isEof(), "the daemon closed the connection");
            assertNull(c.readLine(Duration.ofMillis(10)));
        }
    }

    /**
     * The window size travels as one subnegotiation right after WILL NAWS. busybox telnetd cannot
     * parse one split over TCP segments (it takes the payload for typed input), so this checks it
     * in several sessions: a client that split it failed in one session out of a few.
     */
    @ParameterizedTest
    @EnumSource(Daemon.class)
    void theWindowSizeArrivesWholeInEverySession(Daemon kind) throws Exception {
        int port = start(kind, ownPromptShell());
        ClientConfig config = ClientConfig.builder().windowSize(132, 43).connectTimeout(WAIT).build();
        for (int session = 1; session <= 10; session++) {
            try (BlockingTelnetClient c = BlockingTelnetClient.connect("127.0.0.1", port, config)) {
                assertNotNull(c.readUntil(OWN_PROMPT, WAIT), "session " + session + ": no prompt " + log());
                c.writeLine("stty size");
                List<String> lines = new ArrayList<>();
                String line;
                while ((line = c.readLine(WAIT)) != null && !line.endsWith("43 132")) {
                    lines.add(line);
                }
                assertNotNull(line, "session " + session + ": no size; lines: " + lines);
                assertTrue(lines.stream().noneMatch(l -> l.contains("not found")),
                    "session " + session + ": stray input reached the shell: " + lines);
                c.writeLine("exit");
            }
        }
    }
}
