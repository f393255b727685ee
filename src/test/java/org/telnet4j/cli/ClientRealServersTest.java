package org.telnet4j.cli;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.telnet4j.client.Telnet;
import org.telnet4j.testing.ExternalPrograms;
import org.telnet4j.testing.Tmux;

/**
 * The interoperability matrix of issue 11 where telnet4j is the client: {@code bin/telnet4j-client}
 * on a tmux terminal against busybox telnetd, GNU inetutils telnetd (behind socat: it is an inetd
 * service) and TinyMUX, and {@link Telnet} (the telnetlib port) against busybox telnetd. Each
 * check is what a person at the terminal would look at, read from the screen: a shell command
 * and its output at column 0, what {@code cat -v} shows of typed keys (no stray NUL: defect 2),
 * Ctrl-C stopping {@code sleep 100}, {@code stty size} and {@code top} following resizes, {@code vi}
 * moved about with the arrow keys and typing without Enter (inetutils' default "kludge" line mode:
 * defect 3); for TinyMUX create, look, say, QUIT.
 *
 * <p>Each row prints {@code time-to-first-prompt PEER MS}: from the client's "Connected" message
 * to the first prompt (TinyMUX: its welcome screen) on the screen, timed from tmux's output
 * notifications. It is a figure for README, never a pass/fail criterion.
 */
class ClientRealServersTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PROMPT = "matrix$ ";

    /** The telnet daemons that run a shell, and how to start one on a port with a login program. */
    enum Daemon {
        BUSYBOX("busybox-telnetd", "busybox-static") {
            @Override
            List<String> command(int port, String login) {
                String busybox = ExternalPrograms.require("busybox", "busybox-static");
                ExternalPrograms.requireThat(hasApplet(busybox, "telnetd"),
                    "this busybox has no telnetd applet (Debian package busybox-static has)");
                return List.of(busybox, "telnetd", "-F", "-p", Integer.toString(port), "-b", "127.0.0.1",
                    "-l", login);
            }
        },
        INETUTILS("inetutils-telnetd", "inetutils-telnetd") {
            @Override
            List<String> command(int port, String login) {
                String socat = ExternalPrograms.require("socat", "socat");
                String telnetd = ExternalPrograms.require("telnetd", "inetutils-telnetd");
                return List.of(socat, "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork",
                    "EXEC:" + telnetd + " -E " + login + ",nofork");
            }
        };

        final String peer;
        final String debianPackage;

        Daemon(String peer, String debianPackage) {
            this.peer = peer;
            this.debianPackage = debianPackage;
        }

        abstract List<String> command(int port, String login);
    }

    @TempDir
    Path tmp;
    private final List<Process> daemons = new ArrayList<>();
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        for (Process daemon : daemons) {
            // Its sessions (shells, forked telnetds, TinyMUX's helper) first: once it dies they are orphans.
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
    }

    // ---- the rows -------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Daemon.class)
    void clientRunsAShellThroughTheDaemon(Daemon kind) throws Exception {
        String tmuxPath = ExternalPrograms.require("tmux", "tmux");
        String busybox = ExternalPrograms.require("busybox", "busybox-static"); // vi and top
        int port = startDaemon(kind, promptShell());
        warmUp(port, PROMPT, "exit");
        Proxy proxy = proxy(port);
        ClientInTmux c = client(tmuxPath, 80, 24, proxy.port());
        Tmux t = c.tmux;
        String s = t.waitFor(x -> ClientInTmux.lastRow(x).equals(PROMPT.trim()), "the shell's prompt", WAIT);
        report(kind.peer + "/" + version(kind.debianPackage), proxy.connected(), outputTime(t, PROMPT));

        // A command, shown as typed (not masked), its output at column 0, then the next prompt.
        t.type("echo hello-$((6*7))");
        t.keys("Enter");
        s = waitForPrompt(t, "hello-42");
        List<String> rows = ClientInTmux.allRows(s);
        assertTrue(rows.contains(PROMPT + "echo hello-$((6*7))"), "the command as typed: " + s);
        assertTrue(rows.contains("hello-42"), "output at column 0: " + s);

        // cat -v shows exactly what was typed: no ^@ from a NUL left over from Enter (defect 2).
        t.type("cat -v");
        t.keys("Enter");
        t.waitFor(x -> ClientInTmux.lastRow(x).equals(PROMPT + "cat -v"), "cat started", WAIT);
        t.type("abc \"q\" $x");
        t.keys("Enter");
        t.waitFor(x -> count(ClientInTmux.allRows(x), "abc \"q\" $x") == 2, "cat's copy of the line", WAIT);
        t.type("x");
        t.keys("C-a");
        t.type("y");
        t.keys("Enter");
        s = t.waitFor(x -> count(ClientInTmux.allRows(x), "x^Ay") == 2, "cat's copy of x Ctrl-A y", WAIT);
        rows = ClientInTmux.allRows(s);
        assertEquals(2, count(rows, "abc \"q\" $x"), "the echo and cat's copy, nothing added: " + s);
        assertFalse(s.contains("^@"), "a NUL reached the program: " + s);
        t.keys("C-d");
        waitForPrompt(t, PROMPT + "cat -v");

        // Ctrl-C stops sleep 100: the shell reports 130 (128 + SIGINT).
        t.type("sleep 100");
        t.keys("Enter");
        t.waitFor(x -> ClientInTmux.lastRow(x).equals(PROMPT + "sleep 100"), "sleep running", WAIT);
        t.keys("C-c");
        waitForPrompt(t, PROMPT + "sleep 100");
        t.type("echo status-$?");
        t.keys("Enter");
        s = waitForPrompt(t, "status-");
        assertTrue(ClientInTmux.allRows(s).contains("status-130"), s);

        // stty size follows a resize (NAWS, and busybox must not get a NUL before it).
        sttySizeShows(t, "24 80");
        t.resize(100, 30);
        t.waitFor(x -> ClientInTmux.allRows(x).size() == 30, "the taller window", WAIT);
        sttySizeShows(t, "30 100");

        // top redraws at the new size: after a resize to 130 columns its long command lines (this
        // JVM's, for one) run past column 100.
        t.type(busybox + " top -d 1");
        t.keys("Enter");
        t.waitFor(x -> x.contains("PID") && x.contains("Mem:"), "top", WAIT);
        t.resize(130, 30);
        t.waitFor(x -> ClientInTmux.allRows(x).stream().anyMatch(r -> r.length() > 100),
            "top drawn at 130 columns", WAIT);
        t.type("q");
        waitForPrompt(t, "");

        // vi: arrow keys move, and typing shows at once (no Enter: character mode).
        Path file = tmp.resolve("vi.txt");
        Files.writeString(file, "line one\nline two\n");
        t.type(busybox + " vi " + file);
        t.keys("Enter");
        t.waitFor(x -> x.contains("line two") && x.contains("~"), "vi showing the file", WAIT);
        t.keys("Down", "Right", "Right");
        t.type("iX");
        t.keys("Escape");
        t.waitFor(x -> ClientInTmux.allRows(x).contains("liXne two"), "the insertion, before any Enter", WAIT);
        t.type(":wq");
        t.keys("Enter");
        waitForPrompt(t, "");
        assertEquals("line one\nliXne two\n", Files.readString(file, StandardCharsets.UTF_8));

        t.type("exit");
        t.keys("Enter");
        assertEquals(0, c.exitStatus(WAIT));
        assertTrue(t.screen().contains("Connection closed by foreign host."), t.screen());

        baselineTelnet(tmuxPath, kind.peer, port, PROMPT, "exit");
    }

    /**
     * The same measurement with the system's telnet (inetutils), in the same run, as the
     * baseline the client's figure is read against (the machine's load moves both).
     */
    private void baselineTelnet(String tmuxPath, String peer, int port, String prompt, String quit)
            throws Exception {
        String telnet = ExternalPrograms.require("telnet", "inetutils-telnet");
        Proxy proxy = proxy(port);
        // telnet starts in a millisecond, before tmux's control client (which times the output)
        // is attached: it waits for an Enter, sent once Tmux.start has seen the attach.
        ClientInTmux b = ClientInTmux.startCommand(tmuxPath, tmp, 80, 24, List.of("/bin/sh", "-c",
            "read go; exec \"$0\" 127.0.0.1 " + proxy.port(), telnet));
        cleanup.add(b);
        Tmux t = b.tmux;
        t.keys("Enter");
        t.waitFor(x -> x.contains(prompt.trim()), "telnet's first prompt", WAIT);
        report("baseline-telnet/" + version("inetutils-telnet") + "/" + peer, proxy.connected(),
            outputTime(t, prompt));
        t.type(quit);
        t.keys("Enter");
        b.exitStatus(WAIT);
    }

    @Test
    void clientPlaysTinyMux() throws Exception {
        String tmuxPath = ExternalPrograms.require("tmux", "tmux");
        int port = startTinyMux();
        warmUp(port, "Welcome to TinyMUX", "QUIT");
        Proxy proxy = proxy(port);
        ClientInTmux c = client(tmuxPath, 80, 24, proxy.port());
        Tmux t = c.tmux;
        t.waitFor(x -> x.contains("create <name> <password>"), "the welcome screen", WAIT);
        report("tinymux/" + version("tinymux"), proxy.connected(), outputTime(t, "Welcome to TinyMUX"));

        t.type("create Tester s3cret");
        t.keys("Enter");
        t.waitFor("Limbo", WAIT);
        t.type("look");
        t.keys("Enter");
        String s = t.waitFor(x -> count(ClientInTmux.allRows(x), "Limbo") >= 2, "look's room name", WAIT);
        assertTrue(ClientInTmux.allRows(s).contains("look"), "the typed line stays: " + s);
        t.type("say hello there");
        t.keys("Enter");
        s = t.waitFor(x -> x.contains("You say, ") && x.contains("hello there\u201d"), "the say", WAIT);
        t.type("QUIT");
        t.keys("Enter");
        assertEquals(0, c.exitStatus(WAIT));
        s = t.screen();
        assertTrue(s.contains("Connection closed by foreign host."), s);

        baselineTelnet(tmuxPath, "tinymux", port, "Welcome to TinyMUX", "QUIT");
    }

    @Test
    void telnetlibPortTalksToBusyboxTelnetd() throws Exception {
        int port = startDaemon(Daemon.BUSYBOX, promptShell());
        warmUp(port, PROMPT, "exit");
        long start = System.nanoTime();
        try (Telnet tn = new Telnet("127.0.0.1", port, WAIT)) {
            byte[] greeting = tn.readUntil(PROMPT, WAIT);
            long prompt = System.nanoTime();
            String text = new String(greeting, ISO_8859_1);
            assertTrue(text.endsWith(PROMPT), "readUntil stops at the prompt: '" + text + "'");
            report("Telnet/busybox-telnetd/" + version("busybox-static"), start, prompt);

            tn.write("echo $((6*7))-abc\n");
            Telnet.ExpectResult r = tn.expect(List.of(Pattern.compile("not found"),
                Pattern.compile("\n(\\d+)-abc")), WAIT);
            assertEquals(1, r.index(), new String(r.data(), ISO_8859_1));
            assertEquals("42", r.match().group(1));
            byte[] rest = tn.readUntil(PROMPT, WAIT);
            assertTrue(new String(rest, ISO_8859_1).endsWith(PROMPT), new String(rest, ISO_8859_1));

            tn.write("exit\n");
            tn.readAll(); // until the daemon closes
            assertTrue(tn.isEof());
        }
    }

    // ---- helpers --------------------------------------------------------------------------

    /**
     * A TCP relay on loopback in front of a server, noting when the client connected: the start
     * of "time to first prompt" for any client, ours or the baseline, without trusting what a
     * client prints (inetutils telnet's "Escape character" line can wait for the server's first
     * bytes in its output buffer).
     */
    private record Proxy(ServerSocket socket, java.util.concurrent.atomic.AtomicLong accepted) {
        int port() {
            return socket.getLocalPort();
        }

        /** {@link System#nanoTime()} when the first client connected, -1 if none has. */
        long connected() {
            return accepted.get();
        }
    }

    private Proxy proxy(int serverPort) throws IOException {
        ServerSocket listen = new ServerSocket(0, 4, InetAddress.getByName("127.0.0.1"));
        Proxy proxy = new Proxy(listen, new java.util.concurrent.atomic.AtomicLong(-1));
        cleanup.add(listen);
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    java.net.Socket client = listen.accept();
                    proxy.accepted().compareAndSet(-1, System.nanoTime());
                    java.net.Socket server = new java.net.Socket("127.0.0.1", serverPort);
                    client.setTcpNoDelay(true);
                    server.setTcpNoDelay(true);
                    relay(client, server);
                    relay(server, client);
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    /** Copies {@code from} to {@code to} until either closes; then closes both. */
    private static void relay(java.net.Socket from, java.net.Socket to) {
        Thread t = new Thread(() -> {
            try (from; to) {
                byte[] buf = new byte[8192];
                java.io.InputStream in = from.getInputStream();
                java.io.OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                }
            } catch (IOException closed) {
                // one side went away
            }
        }, "proxy-relay");
        t.setDaemon(true);
        t.start();
    }

    private ClientInTmux client(String tmuxPath, int cols, int rows, int port) throws IOException {
        ClientInTmux c = ClientInTmux.start(tmuxPath, tmp, cols, rows, "--history-file", "", "127.0.0.1",
            String.valueOf(port));
        cleanup.add(c);
        return c;
    }

    /**
     * Runs {@code stty size} until it prints {@code size}: the new size travels from tmux to the
     * client (SIGWINCH), to the daemon (NAWS) and to its pty while the test types, so the first
     * run may still see the old one; each run is told apart by a numbered marker.
     */
    private static void sttySizeShows(Tmux t, String size) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        for (int run = 1; ; run++) {
            String marker = "size-run-" + run;
            t.type("stty size; echo " + marker);
            t.keys("Enter");
            String s = waitForPrompt(t, "\n" + marker);
            List<String> rows = ClientInTmux.allRows(s);
            int at = rows.lastIndexOf(marker);
            if (at > 0 && rows.get(at - 1).equals(size)) {
                return;
            }
            if (System.nanoTime() - end > 0) {
                fail("stty size never showed " + size + "; last screen:\n" + s);
            }
        }
    }

    /** Waits until {@code text} is on the screen and the prompt is the last row again. */
    private static String waitForPrompt(Tmux t, String text) throws Exception {
        return t.waitFor(x -> x.contains(text) && ClientInTmux.lastRow(x).equals(PROMPT.trim()),
            "\"" + text + "\" and the next prompt", WAIT);
    }

    /**
     * One session to a freshly started server before anything is timed: its first session pays
     * for cold caches (the shell's first exec), which would count against whichever client came
     * first.
     */
    private static void warmUp(int port, String prompt, String quit) throws IOException {
        try (Telnet tn = new Telnet("127.0.0.1", port, WAIT)) {
            tn.readUntil(prompt, WAIT);
            tn.write(quit + "\n");
            tn.readAll();
        }
    }

    /**
     * When tmux reported the output holding {@code text}; waits for the report, which can come a
     * little after the screen (read with capture-pane) shows the text.
     */
    private static long outputTime(Tmux t, String text) throws Exception {
        t.waitFor(x -> t.outputTime(text, 0) >= 0, "tmux's report of \"" + text + "\"", WAIT);
        return t.outputTime(text, 0);
    }

    private static void report(String peer, long fromNanos, long toNanos) {
        String ms = fromNanos < 0 || toNanos < 0 ? "unmeasured"
            : String.format(Locale.ROOT, "%.1f", (toNanos - fromNanos) / 1e6);
        System.out.println("time-to-first-prompt " + peer + " " + ms);
    }

    private static int count(List<String> rows, String row) {
        return (int) rows.stream().filter(row::equals).count();
    }

    /** The installed version of a Debian package, or "unknown". */
    private static String version(String debianPackage) {
        try {
            Process p = new ProcessBuilder("dpkg-query", "-W", "-f", "${Version}", debianPackage)
                .redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && !v.isEmpty() ? v : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** A login program: an interactive shell with a prompt the test can wait for. */
    private String promptShell() throws IOException {
        Path script = tmp.resolve("prompt-shell");
        Files.writeString(script, "#!/bin/sh\nPS1='" + PROMPT + "'\nexport PS1\nexec /bin/sh -i\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script.toString();
    }

    /**
     * {@code command} with SIGINT back to its default action. A daemon started in the background
     * of a non-interactive shell (as CI runs Maven) inherits SIGINT ignored, and so would every
     * shell it starts: Ctrl-C would then fail for a reason that is not the client's. A shell
     * cannot undo an ignored signal it inherited (POSIX), so perl does it before exec.
     */
    static List<String> withDefaultSigint(List<String> command) {
        String perl = ExternalPrograms.require("perl", "perl-base");
        List<String> cmd = new ArrayList<>(List.of(perl, "-e",
            "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec $ARGV[0]: $!\\n\"", "--"));
        cmd.addAll(command);
        return cmd;
    }

    /** Starts a daemon on a free port and waits until it listens; returns the port. */
    private int startDaemon(Daemon kind, String login) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            Path log = tmp.resolve(kind.peer + ".log");
            Process daemon = new ProcessBuilder(withDefaultSigint(kind.command(port, login)))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            daemons.add(daemon);
            if (awaitListening(daemon, port)) {
                return port;
            }
            if (attempt == 3) {
                fail(kind + " exited with " + daemon.exitValue() + ": " + Files.readString(log, ISO_8859_1));
            }
            // Most likely someone else took the port between the probe and the daemon's bind.
        }
    }

    /** Installs a TinyMUX game in a temporary directory, on a free loopback port; returns the port. */
    private int startTinyMux() throws Exception {
        return startTinyMux(tmp, daemons);
    }

    /**
     * Installs a TinyMUX game under {@code tmp}, runs netmux (added to {@code daemons}, for the
     * caller to stop) on a free loopback port, and returns the port. Also used by
     * FingerprintMainTest.
     */
    static int startTinyMux(Path tmp, List<Process> daemons) throws Exception {
        String install = ExternalPrograms.require("tinymux-install", "tinymux");
        Path dir = tmp.resolve("mux");
        Files.createDirectories(dir);
        Process p = new ProcessBuilder(install).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "tinymux-install: " + out);
        Path game = dir.resolve("tinymux/game");
        Path conf = game.resolve("netmux.conf");
        String config = Files.readString(conf, ISO_8859_1);
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            Files.writeString(conf, config.replaceAll("(?m)^port\\s+\\d+$", "port " + port)
                + "\nip_address 127.0.0.1\n", ISO_8859_1);
            // netmux itself, in the foreground (Startmux only puts it in the background with nohup).
            ProcessBuilder pb = new ProcessBuilder(withDefaultSigint(List.of("./bin/netmux", "-c", "netmux.conf",
                "-p", "netmux.pid", "-e", "."))).directory(game.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("netmux.out").toFile());
            pb.environment().put("LD_LIBRARY_PATH", "./bin");
            Process mux = pb.start();
            daemons.add(mux);
            if (awaitListening(mux, port)) {
                return port;
            }
            if (attempt == 3) {
                fail("netmux exited with " + mux.exitValue());
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }

    /** Waits until the daemon listens on the port (true) or exits (false). */
    private static boolean awaitListening(Process daemon, int port) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!listening(port)) {
            // Waiting for the daemon to die doubles as the pause between looks.
            if (daemon.waitFor(20, TimeUnit.MILLISECONDS)) {
                return false;
            }
            if (System.nanoTime() - end > 0) {
                fail("nothing listened on " + port + " within " + WAIT);
            }
        }
        return daemon.isAlive();
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
}
