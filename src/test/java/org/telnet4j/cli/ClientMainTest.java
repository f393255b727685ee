package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.telnet4j.examples.ChatBot;
import org.telnet4j.examples.ChatLoop;
import org.telnet4j.server.Session;
import org.telnet4j.server.SessionHandler;
import org.telnet4j.server.Shell;
import org.telnet4j.server.TelnetServer;
import org.telnet4j.testing.ExternalPrograms;
import org.telnet4j.testing.Tmux;

/**
 * {@code bin/telnet4j-client} as people use it: a separate JVM, fed by a pipe, or on a
 * pseudo-terminal run by tmux (line editor, history, password masking, split screen, raw mode),
 * against servers started in this JVM.
 */
class ClientMainTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    // ---- servers --------------------------------------------------------------------------

    private int serve(TelnetServer.Builder b) throws IOException {
        TelnetServer server = b.host("127.0.0.1").port(0).build();
        server.bind();
        server.start();
        cleanup.add(() -> server.shutdown(Duration.ofSeconds(2)));
        return server.localAddress().getPort();
    }

    /** A line-mode server that greets, prompts "> " and answers each line with "echo: LINE". */
    private int lineModeEchoServer(List<Session> sessions) throws IOException {
        return serve(TelnetServer.builder().lineMode(true).handler(new SessionHandler() {
            @Override
            public void onConnect(Session s) {
                sessions.add(s);
                s.send("Welcome to the line-mode test server.\n");
                s.prompt("> ");
            }

            @Override
            public void onLine(Session s, String line) {
                if (line.equals("quit")) {
                    s.send("bye\n");
                    s.close();
                    return;
                }
                s.send("echo: " + line + "\n");
                s.prompt("> ");
            }
        }));
    }

    // ---- the client as a process ----------------------------------------------------------

    private static List<String> clientCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), ClientMain.class.getName()));
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /** A finished client process: its exit status, standard output and standard error. */
    private record Result(int status, String out, String err) {
    }

    /**
     * Runs the client with {@code stdin} as its standard input; if {@code closeStdin} is false
     * the pipe stays open (the client must end by itself).
     */
    private Result runClient(String stdin, boolean closeStdin, String... args) throws Exception {
        return runClient(stdin, closeStdin, Map.of(), args);
    }

    private Result runClient(String stdin, boolean closeStdin, Map<String, String> env, String... args)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder(clientCommand(args));
        pb.environment().put("LANG", "C.UTF-8");
        pb.environment().putAll(env);
        Process p = pb.start();
        cleanup.add(p::destroyForcibly);
        LinkedBlockingQueue<byte[]> out = drain(p.getInputStream());
        LinkedBlockingQueue<byte[]> err = drain(p.getErrorStream());
        OutputStream in = p.getOutputStream();
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
        in.flush();
        if (closeStdin) {
            in.close();
        }
        assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the client did not exit");
        return new Result(p.exitValue(), text(out), text(err));
    }

    private static LinkedBlockingQueue<byte[]> drain(InputStream s) {
        LinkedBlockingQueue<byte[]> q = new LinkedBlockingQueue<>();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Thread t = new Thread(() -> {
            try {
                s.transferTo(buf);
            } catch (IOException ignored) {
                // the process ended
            }
            q.add(buf.toByteArray());
        });
        t.setDaemon(true);
        t.start();
        return q;
    }

    private static String text(LinkedBlockingQueue<byte[]> q) throws InterruptedException {
        byte[] b = q.poll(10, TimeUnit.SECONDS);
        return b == null ? "<no output>" : new String(b, StandardCharsets.UTF_8);
    }

    /** A client on a terminal, and the file its exit status is written to. */
    private record Term(Tmux tmux, Path status) {
        /** Waits for the client to exit; returns its exit status. */
        int exitStatus() throws Exception {
            tmux.waitForExit(WAIT);
            return Integer.parseInt(Files.readString(status).trim());
        }
    }

    /** Starts the client in tmux through a script, with HOME in the temporary directory. */
    private Term clientInTmux(String tmux, int cols, int rows, String... args) throws IOException {
        StringBuilder cmd = new StringBuilder();
        for (String a : clientCommand(args)) {
            cmd.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        Path script = Files.createTempFile(tmp, "client", ".sh");
        Path status = Path.of(script + ".status");
        Files.writeString(script, "#!/bin/sh\n"
            + "unset XDG_DATA_HOME\n"
            + "export LANG=C.UTF-8 HOME='" + tmp + "'\n"
            + "cd '" + new File(".").getAbsolutePath() + "'\n"
            + cmd.substring(1) + "\n"
            + "echo $? > '" + status + "'\n");
        script.toFile().setExecutable(true);
        Tmux t = Tmux.start(tmux, script, cols, rows);
        cleanup.add(t);
        return new Term(t, status);
    }

    /** The screen's rows without the empty ones at the bottom. */
    private static List<String> rows(String screen) {
        List<String> r = new ArrayList<>(Arrays.asList(screen.split("\n", -1)));
        while (!r.isEmpty() && r.get(r.size() - 1).isBlank()) {
            r.remove(r.size() - 1);
        }
        return r;
    }

    /** The last non-empty row of the screen ("" for an empty screen). */
    private static String lastRow(String screen) {
        List<String> r = rows(screen);
        return r.isEmpty() ? "" : r.get(r.size() - 1);
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    // ---- pipe mode ------------------------------------------------------------------------

    @Test
    void pipeSendsStdinLinesPrintsTheEchoesAndExitsZero() throws Exception {
        int port = serve(TelnetServer.builder().handler(new EchoHandler()));
        Path typescript = tmp.resolve("session.typescript");
        Result r = runClient("hello\nwörld, ünïcode\n", true,
            "--linger", "1", "--typescript", typescript.toString(), "127.0.0.1", String.valueOf(port));
        assertEquals(0, r.status(), r.err());
        // each line exactly once: the client refuses the server's echo, the echo service answers
        assertEquals("hello\nwörld, ünïcode\n", r.out(), r.err());
        String recorded = Files.readString(typescript, StandardCharsets.UTF_8);
        assertTrue(recorded.startsWith("Script started on "), recorded);
        assertTrue(recorded.contains("hello\r\nwörld, ünïcode\r\n"), recorded);
        assertTrue(recorded.contains("Script done on "), recorded);
    }

    @Test
    void playsTheExampleMudAndIntroducesItselfOverGmcp() throws Exception {
        java.util.concurrent.LinkedBlockingQueue<String> gmcp = new java.util.concurrent.LinkedBlockingQueue<>();
        org.telnet4j.server.SessionHandler mud = new org.telnet4j.server.SessionHandler() {
            @Override
            public void onConnect(org.telnet4j.server.Session s) {
                s.prompt("By what name are you known? ");
            }

            @Override
            public void onLine(org.telnet4j.server.Session s, String line) {
                s.send("Hello, " + line + ".\n");
                s.sendGmcp("Room.Info", "{\"num\":1}");
                s.close();
            }

            @Override
            public void onGmcp(org.telnet4j.server.Session s, org.telnet4j.option.mud.Gmcp.Message m) {
                gmcp.add(m.toString());
            }
        };
        int port = serve(TelnetServer.builder().lineMode(true).gmcp(true).handler(mud));
        Result r = runClient("Tester\n", false, "127.0.0.1", String.valueOf(port));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Hello, Tester."), r.out());
        assertEquals("Core.Hello {\"client\":\"telnet4j\",\"version\":\"" + ClientMain.VERSION + "\"}",
            gmcp.poll(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("Core.Supports.Set [\"Char 1\",\"Room 1\",\"Comm 1\"]",
            gmcp.poll(10, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void pipeExitsWhenTheServerCloses() throws Exception {
        Shell goodbye = (in, out) -> {
            String line = in.readLine();
            out.println("you said " + line + "; goodbye");
        };
        int port = serve(TelnetServer.builder().lineMode(true).shell(goodbye));
        // standard input stays open: only the server's close can end the client
        Result r = runClient("first\n", false, "127.0.0.1", String.valueOf(port));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("you said first; goodbye\n"), r.out());
    }

    /**
     * Issue 11, defect 8: the server closes on "quit" while the stdin thread is still sending or
     * lingering; the event loop stops under it. Repeated runs must print nothing but the greeting
     * on standard error (the race showed a RejectedExecutionException in about half of them).
     */
    @Test
    void pipeModeExitsQuietlyWhenTheServerClosesOnQuit() throws Exception {
        int port = lineModeEchoServer(new CopyOnWriteArrayList<>());
        for (int run = 1; run <= 8; run++) {
            Result r = runClient("quit\n", true, "127.0.0.1", String.valueOf(port));
            assertEquals(0, r.status(), "run " + run + ": " + r.err());
            assertEquals("Connected to 127.0.0.1 port " + port + ".\n", r.err(), "run " + run);
            assertTrue(r.out().contains("bye"), "run " + run + ": " + r.out());
        }
    }

    /** Issue 11, defect 9: {@code --loglevel trace} hex-dumps the traffic both ways, as --help says. */
    @Test
    void traceLogLevelDumpsTheTrafficBothWays() throws Exception {
        int port = lineModeEchoServer(new CopyOnWriteArrayList<>());
        Result r = runClient("quit\n", true, "--loglevel", "trace", "127.0.0.1", String.valueOf(port));
        assertEquals(0, r.status(), r.err());
        // sent: "quit" CR LF; received: the greeting's first bytes ("Welcome", hex 57 65 6c)
        assertTrue(r.err().contains("> 71 75 69 74 0d 0a"), r.err());
        assertTrue(r.err().matches("(?s).*< .*57 65 6c 63 6f 6d 65.*"), r.err());
    }

    /** Issue 11, defect 12: PORT is optional (23), and usage says so. */
    @Test
    void usageShowsThePortAsOptional() throws Exception {
        Result r = runClient("", true);
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("Missing required parameter: 'HOST'"), r.err());
        assertFalse(r.err().contains("'PORT'"), r.err());
        assertTrue(r.err().contains("HOST [PORT]"), r.err());
    }

    @Test
    void connectionRefusedIsAClearErrorWithStatusOne() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Result r = runClient("", true, "--connect-timeout", "5", "127.0.0.1", String.valueOf(port));
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("cannot connect to 127.0.0.1 port " + port), r.err());
    }

    @Test
    void aMissingCaFileIsAOneLineErrorBeforeConnecting() throws Exception {
        Result r = runClient("", true, "--ssl-cafile", "no-such-ca.pem", "127.0.0.1", "992");
        assertEquals(1, r.status(), r.out() + r.err());
        String err = r.err().strip();
        assertTrue(err.startsWith("telnet4j-client: ") && err.contains("no-such-ca.pem"), err);
        assertFalse(err.contains("\n") || err.contains("Exception"), err);
    }

    @Test
    void terminalTypeAndEnvironmentFlagsReachTheServer() throws Exception {
        int port = serve(TelnetServer.builder().shell(new DefaultShell()));
        Result r = runClient("status\nquit\n", true, Map.of("FOO", "bar", "SECRET", "hidden"),
            "--term", "vt220", "--send-environ", "LANG,FOO", "127.0.0.1", String.valueOf(port));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("terminal:  vt220"), r.out());
        assertTrue(r.out().contains("environ:   {LANG=C.UTF-8, FOO=bar}")
            || r.out().contains("environ:   {FOO=bar, LANG=C.UTF-8}"), r.out());
        assertFalse(r.out().contains("hidden"), r.out()); // not on the allow-list
        assertTrue(r.out().contains("Goodbye."), r.out());
    }

    @Test
    void speedFlagIsTheTerminalSpeedAnswer() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout((int) WAIT.toMillis());
            LinkedBlockingQueue<String> answer = new LinkedBlockingQueue<>();
            Thread server = new Thread(() -> {
                try (Socket c = listener.accept()) {
                    c.setSoTimeout((int) WAIT.toMillis());
                    OutputStream out = c.getOutputStream();
                    out.write(new byte[] {(byte) 255, (byte) 253, 32}); // IAC DO TSPEED
                    out.write(new byte[] {(byte) 255, (byte) 250, 32, 1, (byte) 255, (byte) 240}); // SB TSPEED SEND SE
                    out.flush();
                    InputStream in = c.getInputStream();
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    int b;
                    while ((b = in.read()) >= 0) { // until the reply's IAC SE
                        got.write(b);
                        byte[] a = got.toByteArray();
                        if (a.length >= 2 && (a[a.length - 2] & 0xFF) == 255 && (a[a.length - 1] & 0xFF) == 240) {
                            break;
                        }
                    }
                    answer.add(new String(got.toByteArray(), StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    answer.add("error: " + e);
                }
            });
            server.setDaemon(true);
            server.start();
            Result r = runClient("", true, "--speed", "9600", "--linger", "10",
                "127.0.0.1", String.valueOf(listener.getLocalPort()));
            String reply = answer.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(reply != null && reply.contains("\u00ff\u00fa\u0020\u00009600,9600\u00ff\u00f0"),
                reply + " / " + r);
        }
    }

    @Test
    void badFlagValuesAreClearErrors() throws Exception {
        Result r = runClient("", true, "--encoding", "no-such-charset", "127.0.0.1");
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("unknown charset 'no-such-charset'"), r.err());
        r = runClient("", true, "127.0.0.1", "0");
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("PORT must be 1..65535"), r.err());
        r = runClient("", true, "--raw-mode", "--no-repl", "127.0.0.1");
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("exclude each other"), r.err());
    }

    @Test
    void unknownShellClassIsAClearError() throws Exception {
        Result r = runClient("", true, "--shell", "no.such.Shell", "127.0.0.1", "23");
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("--shell: no class no.such.Shell"), r.err());
    }

    // ---- scripted sessions ----------------------------------------------------------------

    @Test
    void exampleChatBotPlaysTheChatExample() throws Exception {
        ChatLoop chat = new ChatLoop("127.0.0.1", 0);
        int port = chat.server().localAddress().getPort();
        Thread game = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    chat.tick(50);
                }
            } catch (IOException e) {
                // closed
            }
        }, "chat-game");
        game.setDaemon(true);
        game.start();
        cleanup.add(() -> {
            game.interrupt();
            game.join(5000);
            chat.server().close();
        });
        Result r = runClient("", true, "--shell", ChatBot.class.getName(), "127.0.0.1", String.valueOf(port));
        assertEquals(0, r.status(), r.out() + r.err());
        String out = r.out();
        assertTrue(out.contains("Welcome to the chat. You are guest1."), out);
        assertTrue(out.contains("guest1 is now robot."), out);
        assertTrue(out.contains("You say: hello, everybody"), out);
        assertTrue(out.contains("Here: robot\n"), out);
        assertTrue(out.contains("Bye."), out);
    }

    // ---- on a terminal: the line editor ---------------------------------------------------

    @Test
    void splitScreenKeepsThePartialLineBelowServerOutput() throws Exception {
        String tmuxPath = ExternalPrograms.require("tmux", "tmux");
        List<Session> sessions = new CopyOnWriteArrayList<>();
        int port = lineModeEchoServer(sessions);
        // no --history-file: the default place under HOME
        Term tTerm = clientInTmux(tmuxPath, 80, 12, "127.0.0.1", String.valueOf(port));
        Tmux t = tTerm.tmux();
        t.waitFor("Welcome to the line-mode test server.", WAIT);
        t.type("first line");
        t.keys("Enter");
        // the typed line stays on screen above the server's answer, and the prompt comes back
        // ("> ": capture-pane trims the blank)
        String s = t.waitFor(x -> x.contains("echo: first line") && lastRow(x).equals(">"),
            "the answer and a new prompt", WAIT);
        List<String> rows = rows(s);
        assertTrue(rows.contains("> first line"), s);
        assertEquals("echo: first line", rows.get(rows.size() - 2), s);

        t.type("partial inp");
        t.waitFor(x -> lastRow(x).equals("> partial inp"), "the partial line", WAIT);
        Session server = sessions.get(0);
        server.send("news flash 1\nnews flash 2\n");
        s = t.waitFor(x -> x.contains("news flash 2") && lastRow(x).equals("> partial inp"),
            "the news above the partial line", WAIT);
        rows = rows(s);
        int n = rows.size();
        assertEquals("news flash 1", rows.get(n - 3), s);
        assertEquals("news flash 2", rows.get(n - 2), s);
        assertEquals("> partial inp", rows.get(n - 1), s); // still at the bottom, intact

        t.type("ut");
        t.keys("Enter");
        t.waitFor("echo: partial input", WAIT);
        t.keys("C-]");
        assertEquals(0, tTerm.exitStatus());
        assertTrue(t.screen().contains("Connection closed."), t.screen());
        Path history = tmp.resolve(".local/share/telnet4j/history");
        String h = Files.readString(history, StandardCharsets.UTF_8);
        assertTrue(h.contains("first line") && h.contains("partial input"), h);
    }

    @Test
    void historyFromOneRunIsOfferedInTheNext() throws Exception {
        String tmuxPath = ExternalPrograms.require("tmux", "tmux");
        int port = lineModeEchoServer(new CopyOnWriteArrayList<>());
        Path history = tmp.resolve("nested/dir/history");
        String[] args = {"--history-file", history.toString(), "127.0.0.1", String.valueOf(port)};

        Term firstTerm = clientInTmux(tmuxPath, 80, 12, args);
        Tmux first = firstTerm.tmux();
        first.waitFor("Welcome to the line-mode test server.", WAIT);
        first.type("look at the fountain");
        first.keys("Enter");
        first.waitFor("echo: look at the fountain", WAIT);
        first.type("say hi");
        first.keys("Enter");
        first.waitFor("echo: say hi", WAIT);
        first.keys("C-]");
        assertEquals(0, firstTerm.exitStatus());
        assertTrue(Files.readString(history).contains("look at the fountain"));

        Term secondTerm = clientInTmux(tmuxPath, 80, 12, args);
        Tmux second = secondTerm.tmux();
        second.waitFor("Welcome to the line-mode test server.", WAIT);
        // up-arrow: the most recent line of the first run
        second.keys("Up");
        second.waitFor(x -> lastRow(x).equals("> say hi"), "up-arrow history", WAIT);
        second.keys("C-u");
        // a prefix: the rest of the matching line is suggested, faint, and the right arrow takes it
        second.type("look");
        // what was typed in plain text, the rest of the remembered line faint (SGR 2)
        second.waitForWithAttributes(x -> x.contains("> look\u001b[2m at the fountain"), "the faint suggestion", WAIT);
        second.keys("Right", "Enter");
        second.waitFor("echo: look at the fountain", WAIT);
        // the server ends the session: the client says so and exits by itself
        second.type("quit");
        second.keys("Enter");
        String s = second.waitFor("Connection closed by foreign host.", WAIT);
        assertTrue(s.contains("bye"), s);
        assertEquals(0, secondTerm.exitStatus());
    }

    @Test
    void passwordIsMaskedAndKeptOutOfHistory() throws Exception {
        String tmuxPath = ExternalPrograms.require("tmux", "tmux");
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        Shell login = (in, out) -> {
            out.prompt("login: ");
            String name = in.readLine();
            out.setPasswordMode(true);
            out.prompt("Password: ");
            String secret = in.readLine();
            out.setPasswordMode(false);
            received.add(name + "/" + secret);
            out.println("welcome " + name + ", your secret has " + secret.length() + " characters");
            out.prompt("$ ");
            String line;
            while ((line = in.readLine()) != null) {
                out.println("ran " + line);
                out.prompt("$ ");
            }
        };
        int port = serve(TelnetServer.builder().lineMode(true).shell(login));
        Path history = tmp.resolve("history");
        Term tTerm = clientInTmux(tmuxPath, 80, 12, "--history-file", history.toString(), "127.0.0.1",
            String.valueOf(port));
        Tmux t = tTerm.tmux();
        t.waitFor(x -> lastRow(x).equals("login:"), "the login prompt", WAIT);
        t.type("alice");
        t.keys("Enter");
        t.waitFor(x -> lastRow(x).equals("Password:"), "the password prompt", WAIT);
        t.type("hunter2x");
        String s = t.waitFor("Password: ********", WAIT);
        assertFalse(s.contains("hunter2x"), s);
        t.keys("Enter");
        s = t.waitFor("your secret has 8 characters", WAIT);
        assertFalse(s.contains("hunter2x"), s);
        assertEquals("alice/hunter2x", received.poll(10, TimeUnit.SECONDS)); // sent as typed
        // the server turned its echo off again: back to a visible line
        t.type("whoami");
        t.keys("Enter");
        s = t.waitFor("ran whoami", WAIT);
        assertTrue(s.contains("$ whoami"), s);
        t.keys("C-]");
        assertEquals(0, tTerm.exitStatus());
        String h = Files.readString(history, StandardCharsets.UTF_8);
        assertTrue(h.contains("alice") && h.contains("whoami"), h);
        assertFalse(h.contains("hunter2x"), h);
    }

    // ---- on a terminal: raw mode ----------------------------------------------------------

    @Test
    void characterModeServerGetsEveryKeyAsTypedAndWindowSizes() throws Exception {
        String tmuxPath = ExternalPrograms.require("tmux", "tmux");
        // the default shell's commands, event-driven, so that window changes can be reported too
        int port = serve(TelnetServer.builder().handler(new SessionHandler() {
            @Override
            public void onConnect(Session s) {
                s.send("Welcome to telnet4j. Type 'help' for commands.\n");
                s.prompt(DefaultShell.PROMPT);
            }

            @Override
            public void onLine(Session s, String line) {
                if (line.equals("status")) {
                    s.send(DefaultShell.status(s));
                }
                s.prompt(DefaultShell.PROMPT);
            }

            @Override
            public void onWindowSize(Session s, int columns, int rows) {
                if (s.isCharacterMode()) {
                    s.send("\nwindow " + columns + "x" + rows + "\n");
                    s.prompt(DefaultShell.PROMPT);
                }
            }
        }));
        Term term = clientInTmux(tmuxPath, 80, 24, "--history-file", "", "127.0.0.1", String.valueOf(port));
        Tmux t = term.tmux();
        t.waitFor("telnet4j>", WAIT); // "telnet4j> ": capture-pane trims the blank
        // no Enter: the server echoes each key, so the keys left the client one by one
        t.type("sta");
        t.waitFor("telnet4j> sta", WAIT);
        t.type("tus");
        t.keys("Enter");
        String s = t.waitFor("mode:      character", WAIT);
        assertTrue(s.contains("size:      80x24"), s);
        t.resize(100, 30);
        t.waitFor("window 100x30", WAIT);
        t.type("status");
        t.keys("Enter");
        t.waitFor("size:      100x30", WAIT);
        t.keys("C-]");
        assertEquals(0, term.exitStatus());
        assertTrue(t.screen().contains("Connection closed."), t.screen());
    }

    @Test
    void lineModeReportsWindowSizeChanges() throws Exception {
        String tmuxPath = ExternalPrograms.require("tmux", "tmux");
        int port = serve(TelnetServer.builder().lineMode(true).handler(new SessionHandler() {
            @Override
            public void onConnect(Session s) {
                s.send("window " + s.columns() + "x" + s.rows() + "\n");
            }

            @Override
            public void onWindowSize(Session s, int columns, int rows) {
                s.send("window " + columns + "x" + rows + "\n");
            }
        }));
        Term term = clientInTmux(tmuxPath, 80, 12, "--history-file", "", "127.0.0.1", String.valueOf(port));
        Tmux t = term.tmux();
        t.waitFor("window 80x12", WAIT);
        t.type("half a li"); // the editor is reading when the window changes
        t.waitFor(x -> lastRow(x).equals("half a li"), "the typed text", WAIT);
        t.resize(90, 20);
        String s = t.waitFor(x -> x.contains("window 90x20") && lastRow(x).equals("half a li"),
            "the new size above the typed text", WAIT);
        assertTrue(rows(s).indexOf("window 90x20") < rows(s).size() - 1, s);
        t.keys("C-]");
        assertEquals(0, term.exitStatus());
    }

    @Test
    void noReplReadsPlainLinesAndLeavesEchoToTheTerminal() throws Exception {
        String tmuxPath = ExternalPrograms.require("tmux", "tmux");
        int port = lineModeEchoServer(new CopyOnWriteArrayList<>());
        Term term = clientInTmux(tmuxPath, 80, 12, "--no-repl", "127.0.0.1", String.valueOf(port));
        Tmux t = term.tmux();
        t.waitFor("Welcome to the line-mode test server.", WAIT);
        t.type("plain words");
        t.keys("Enter");
        String s = t.waitFor("echo: plain words", WAIT);
        assertTrue(s.contains("> plain words"), s); // the terminal's own echo, after the prompt
        t.keys("C-d"); // end of input: the client lingers for the server, then closes
        assertEquals(0, term.exitStatus());
    }

    @Test
    void rawModeFlagSendsKeysWithoutLocalEcho() throws Exception {
        String tmuxPath = ExternalPrograms.require("tmux", "tmux");
        int port = serve(TelnetServer.builder().lineMode(true).handler(new SessionHandler() {
            @Override
            public void onLine(Session s, String line) {
                s.send("got: " + line + "\n");
            }
        }));
        Term tTerm = clientInTmux(tmuxPath, 80, 12, "--raw-mode", "--history-file", "", "127.0.0.1",
            String.valueOf(port));
        Tmux t = tTerm.tmux();
        t.waitFor("Escape character is", WAIT);
        t.type("xyzzy");
        t.keys("Enter");
        String s = t.waitFor("got: xyzzy", WAIT);
        // a line editor would show the typed line and then the answer: raw mode shows only the answer
        assertEquals(1, count(s, "xyzzy"), s);
        t.keys("C-]");
        assertEquals(0, tTerm.exitStatus());
    }

    // ---- --encoding: each kind, and the retro machines' keys --------------------------------

    static Stream<Arguments> encodings() {
        return Stream.of(
            // --encoding as a user would spell it, and a line beyond ASCII in it
            Arguments.of("UTF-8", "Gr\u00FC\u00DFe \u4E16\u754C \u20AC"),
            Arguments.of("cp437", "\u2554\u2550\u2557 \u00C7a va \u2591\u2593"),
            Arguments.of("petscii", "Ready. \u00A3\u2191\u2713\u2592"),
            Arguments.of("atascii", "READY \u2665\u2666\u2663"),
            Arguments.of("atarist", "Gr\u00FC\u00DFe \u05E9\u05DC\u05D5\u05DD \u221E"),
            Arguments.of("big5bbs", "\u4E2D\u6587 BBS \u7AD9"));
    }

    @ParameterizedTest(name = "--encoding {0}")
    @MethodSource("encodings")
    void pipeModeSpeaksTheEncoding(String name, String text) throws Exception {
        Charset cs = Charset.forName(name);
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        int port = serve(TelnetServer.builder().encoding(cs).handler(new SessionHandler() {
            @Override
            public void onLine(Session s, String line) {
                lines.add(line);
                s.send(line + "\n"); // with the encoding's own line end
            }
        }));
        Result r = runClient(text + "\n", true, "--encoding", name, "--linger", "1",
            "127.0.0.1", String.valueOf(port));
        assertEquals(0, r.status(), r.err());
        // what the server decoded: the client encoded (and ended) the line as the server expects
        assertEquals(text, lines.poll(WAIT.toSeconds(), TimeUnit.SECONDS), r.out() + r.err());
        // and the echo, ended by EOL, RETURN or CR LF, prints as one line of text (UTF-8 here)
        assertEquals(text + "\n", r.out(), r.err());
    }

    @Test
    void fixedEncodingKeepsAContradictingLangFromTheServer() throws Exception {
        // LANG=C.UTF-8 would tell a server (this one does) to switch to UTF-8 under cp437
        int port = serve(TelnetServer.builder().encoding(Charset.forName("cp437")).shell(new DefaultShell()));
        Result r = runClient("status\nquit\n", true, Map.of("FOO", "bar"), "--encoding", "cp437",
            "--send-environ", "LANG,FOO", "127.0.0.1", String.valueOf(port));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("environ:   {FOO=bar}"), r.out());
        assertTrue(r.out().contains("encoding:  IBM437"), r.out());
        // a LANG that agrees with --encoding is disclosed as usual
        r = runClient("status\nquit\n", true, Map.of("FOO", "bar"), "--encoding", "UTF-8",
            "--send-environ", "LANG", "127.0.0.1", String.valueOf(port));
        assertTrue(r.out().contains("environ:   {LANG=C.UTF-8}"), r.out());
    }

    static Stream<Arguments> retroPipeLines() {
        return Stream.of(
            // typed line (UTF-8 on stdin), its bytes on the wire with the machine's line end,
            // and the peer's greeting with the machine's line end
            Arguments.of("atascii", "Ab \u2665", bytes(0x41, 0x62, 0x20, 0x00, 0x9B),
                bytes('H', 'E', 'L', 'L', 'O', 0x9B)),
            Arguments.of("petscii", "Ab \u00A3", bytes(0xC1, 0x42, 0x20, 0x5C, 0x0D),
                bytes(0xC8, 0xC5, 0xCC, 0xCC, 0xCF, 0x0D)));
    }

    @ParameterizedTest(name = "--encoding {0}")
    @MethodSource("retroPipeLines")
    void pipeModeEndsLinesAsTheMachineWithAPeerThatNegotiatesNothing(String name, String typed,
            byte[] wire, byte[] greeting) throws Exception {
        try (RawPeer peer = new RawPeer(greeting, wire[wire.length - 1] & 0xFF)) {
            Result r = runClient(typed + "\n", false, "--encoding", name, "127.0.0.1",
                String.valueOf(peer.port()));
            assertEquals(0, r.status(), r.err());
            assertArrayEquals(wire, peer.read(wire.length, WAIT), r.err());
            assertEquals("HELLO\n", r.out(), r.err()); // the machine's line end is a new line
        }
    }

    static Stream<Arguments> retroKeyboards() {
        return Stream.of(
            // A B, Backspace, Left, Enter; and two lines as the machine ends them
            Arguments.of("atascii", bytes(0x41, 0x42, 0x7E, 0x1E, 0x9B),
                bytes('l', 'i', 'n', 'e', ' ', 'o', 'n', 'e', 0x9B, 'l', 'i', 'n', 'e', ' ', 't', 'w', 'o', 0x9B)),
            Arguments.of("petscii", bytes(0xC1, 0xC2, 0x14, 0x9D, 0x0D),
                bytes('L', 'I', 'N', 'E', ' ', 'O', 'N', 'E', 0x0D, 'L', 'I', 'N', 'E', ' ', 'T', 'W', 'O', 0x0D)));
    }

    @ParameterizedTest(name = "--encoding {0}")
    @MethodSource("retroKeyboards")
    void retroEncodingIsRawModeWithTheMachinesKeys(String name, byte[] keys, byte[] twoLines)
            throws Exception {
        String tmuxPath = ExternalPrograms.require("tmux", "tmux");
        try (RawPeer peer = new RawPeer(new byte[0], -1)) {
            Term term = clientInTmux(tmuxPath, 80, 12, "--encoding", name, "--history-file", "",
                "127.0.0.1", String.valueOf(peer.port()));
            Tmux t = term.tmux();
            t.waitFor("Escape character is", WAIT);
            t.type("AB");
            // sent before any Enter: no line editor holds them back
            assertArrayEquals(Arrays.copyOf(keys, 2), peer.read(2, WAIT));
            assertFalse(t.screen().contains("AB"), t.screen()); // and none shows them locally

            peer.send(twoLines);
            String s = t.waitFor(x -> x.contains("line two"), "the peer's lines", WAIT);
            List<String> rows = rows(s);
            int two = rows.indexOf("line two"); // whole rows: each line end went to column 0 of a new row
            assertTrue(two > 0 && rows.get(two - 1).equals("line one"), s);

            t.keys("BSpace", "Left", "Enter");
            assertArrayEquals(Arrays.copyOfRange(keys, 2, keys.length), peer.read(keys.length - 2, WAIT));
            t.keys("C-]");
            assertEquals(0, term.exitStatus());
        }
    }

    private static byte[] bytes(int... v) {
        byte[] a = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            a[i] = (byte) v[i];
        }
        return a;
    }

    /**
     * A peer that negotiates nothing, as a retro BBS: it sends {@code greeting} on accepting,
     * keeps the data bytes it receives (the client's own IAC offers taken out) and, if
     * {@code closeAfter} is a byte value, closes the connection once it has received that byte.
     */
    private static final class RawPeer implements AutoCloseable {
        private final ServerSocket listener;
        private final LinkedBlockingQueue<Integer> data = new LinkedBlockingQueue<>();
        private final CompletableFuture<Socket> accepted = new CompletableFuture<>();

        RawPeer(byte[] greeting, int closeAfter) throws IOException {
            listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            listener.setSoTimeout((int) WAIT.toMillis());
            Thread t = new Thread(() -> {
                try (Socket c = listener.accept()) {
                    accepted.complete(c);
                    c.getOutputStream().write(greeting);
                    c.getOutputStream().flush();
                    InputStream in = c.getInputStream();
                    int state = 0; // 0 data, 1 after IAC, 2 option byte next, 3 in SB, 4 IAC in SB
                    int b;
                    while ((b = in.read()) >= 0) {
                        switch (state) {
                            case 0:
                                if (b == 255) {
                                    state = 1;
                                } else {
                                    data.add(b);
                                    if (b == closeAfter) {
                                        return;
                                    }
                                }
                                break;
                            case 1:
                                state = b == 255 ? 0 : b >= 251 ? 2 : b == 250 ? 3 : 0;
                                if (b == 255) {
                                    data.add(255);
                                }
                                break;
                            case 2:
                                state = 0;
                                break;
                            case 3:
                                state = b == 255 ? 4 : 3;
                                break;
                            default:
                                state = b == 240 ? 0 : 3;
                                break;
                        }
                    }
                } catch (IOException e) {
                    accepted.completeExceptionally(e); // closed, or nobody came
                }
            }, "raw-peer");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        /** The next {@code n} data bytes, waiting at most {@code timeout} for them. */
        byte[] read(int n, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            while (got.size() < n) {
                Integer b = data.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (b == null) {
                    throw new AssertionError("received only " + Arrays.toString(got.toByteArray()));
                }
                got.write(b);
            }
            return got.toByteArray();
        }

        void send(byte[] b) throws Exception {
            Socket c = accepted.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            c.getOutputStream().write(b);
            c.getOutputStream().flush();
        }

        @Override
        public void close() throws IOException {
            Socket c = accepted.isCompletedExceptionally() ? null : accepted.getNow(null);
            if (c != null) {
                c.close();
            }
            listener.close();
        }
    }

    @Test
    void binScriptIsExecutable() {
        assertTrue(new File("bin/telnet4j-client").canExecute(), "bin/telnet4j-client must be executable");
    }
}
