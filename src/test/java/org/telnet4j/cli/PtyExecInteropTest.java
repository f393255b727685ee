package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telnet4j.testing.ExternalPrograms;
import org.telnet4j.testing.Tmux;

/**
 * {@code telnet4j-server --pty-exec} hosting real programs (bash, busybox vi, bc), used through
 * real clients (inetutils telnet, telnet4j-client) on a terminal, reading the screen. After each
 * test the server must have no process left under it.
 */
class PtyExecInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** bash --norc's prompt, as root or not, as the last row of the screen. */
    private static final String PROMPT = "bash-[0-9.]+[#$]";

    @TempDir
    Path tmp;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private ServerProcess server;

    @AfterEach
    void stop() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        if (server != null) {
            try {
                awaitNoChildOf(server.process);
            } finally {
                server.close();
            }
        }
    }

    /** Waits until the server has no descendant process: every hosted program ended and was reaped. */
    private static void awaitNoChildOf(Process p) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<ProcessHandle> left = p.descendants().collect(Collectors.toList());
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("processes left under the server: " + left.stream()
                    .map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).collect(Collectors.toList()));
            }
            left.get(0).onExit().completeOnTimeout(null, 200, java.util.concurrent.TimeUnit.MILLISECONDS).join();
        }
    }

    private Tmux inTmux(int cols, int rows, List<String> command) throws IOException {
        String tmux = ExternalPrograms.require("tmux", "tmux");
        StringBuilder cmd = new StringBuilder();
        for (String a : command) {
            cmd.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        Path script = Files.createTempFile(tmp, "client", ".sh");
        Files.writeString(script, "#!/bin/sh\nexport LANG=C.UTF-8 HOME='" + tmp + "'\n"
            + "cd '" + new File(".").getAbsolutePath() + "'\n" + cmd.substring(1) + "\n"
            + "echo \"client exited $?\"\n");
        script.toFile().setExecutable(true);
        Tmux t = Tmux.start(tmux, script, cols, rows);
        cleanup.add(t);
        return t;
    }

    private Tmux telnet(int cols, int rows) throws IOException {
        String telnet = ExternalPrograms.require("telnet", "inetutils-telnet");
        return inTmux(cols, rows, List.of(telnet, "127.0.0.1", String.valueOf(server.port)));
    }

    private static List<String> rows(String screen) {
        List<String> r = new ArrayList<>(Arrays.asList(screen.split("\n", -1)));
        while (!r.isEmpty() && r.get(r.size() - 1).isBlank()) {
            r.remove(r.size() - 1);
        }
        return r;
    }

    private static String lastRow(String screen) {
        List<String> r = rows(screen);
        return r.isEmpty() ? "" : r.get(r.size() - 1).trim();
    }

    private static boolean atPrompt(String screen) {
        return lastRow(screen).matches(PROMPT);
    }

    /** Types a command, Enter, and waits for the prompt after {@code expect}. */
    private static String run(Tmux t, String command, String expect) throws Exception {
        t.type("clear");
        t.keys("Enter");
        t.waitFor(s -> rows(s).size() == 1 && atPrompt(s), "a cleared screen", WAIT);
        t.type(command);
        t.keys("Enter");
        return t.waitFor(s -> s.contains(expect) && atPrompt(s), expect + " then the prompt", WAIT);
    }

    @Test
    void bashThroughInetutilsTelnet() throws Exception {
        server = ServerProcess.start("--pty-exec", "/bin/bash", "--", "--norc");
        Tmux t = telnet(90, 30);
        t.waitFor(PtyExecInteropTest::atPrompt, "bash's prompt", WAIT);

        // the window size follows the client's terminal, at the start and after a resize
        run(t, "stty size", "\n30 90\n");
        t.resize(100, 35);
        run(t, "stty size", "\n35 100\n");
        // tmux's TERM as telnet sent it, known to terminfo; the locale of a UTF-8 session
        run(t, "echo $TERM $LANG; infocmp >/dev/null && echo known", "known\n");

        // Ctrl-C stops a foreground program
        t.type("sleep 100; echo not-interrupted");
        t.keys("Enter");
        t.waitFor(s -> lastRow(s).endsWith("sleep 100; echo not-interrupted"), "the command running", WAIT);
        t.keys("C-c");
        String s = t.waitFor(PtyExecInteropTest::atPrompt, "the prompt after Ctrl-C", WAIT);
        assertTrue(!s.contains("\nnot-interrupted"), s);

        // vi opens full screen and the arrow keys move the cursor
        Path file = Files.writeString(tmp.resolve("three.txt"), "line one\nline two\nline three\n");
        t.type("busybox vi " + file);
        t.keys("Enter");
        s = t.waitFor(x -> rows(x).size() == 35 && lastRow(x).contains("three.txt"), "vi's full screen", WAIT);
        assertTrue(rows(s).get(3).startsWith("~"), s); // the rows past the file are vi's
        t.keys("Down", "Down", "Right", "Right");
        t.type("x");
        t.waitFor(x -> x.contains("\nline hree\n") || x.contains("\nlie three\n"), "a character deleted", WAIT);
        s = t.screen();
        assertTrue(s.contains("\nlie three\n"), "the cursor moved 2 down and 2 right:\n" + s);
        // still in command mode ('x' does not leave it); an Escape now would run into the ':'
        t.type(":q!");
        t.keys("Enter");
        t.waitFor(PtyExecInteropTest::atPrompt, "the prompt after vi", WAIT);

        // exit ends bash, and the server closes the connection
        t.type("exit");
        t.keys("Enter");
        t.waitFor(x -> x.contains("Connection closed by foreign host.") && x.contains("client exited"),
            "telnet told the connection closed", WAIT);
        assertTrue(server.log.stream().anyMatch(l -> l.contains("/bin/bash") && l.contains("exited with status 0")),
            String.join("\n", server.log));
    }

    @Test
    void bashThroughTelnet4jClient() throws Exception {
        server = ServerProcess.start("--pty-exec", "/bin/bash", "--", "--norc");
        Tmux t = inTmux(84, 20, List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), ClientMain.class.getName(),
            "127.0.0.1", String.valueOf(server.port)));
        t.waitFor(PtyExecInteropTest::atPrompt, "bash's prompt", WAIT);
        run(t, "stty size", "\n20 84\n");
        t.resize(70, 22);
        run(t, "stty size", "\n22 70\n");
        t.type("sleep 100");
        t.keys("Enter");
        t.waitFor(s -> lastRow(s).endsWith("sleep 100"), "the command running", WAIT);
        t.keys("C-c");
        t.waitFor(PtyExecInteropTest::atPrompt, "the prompt after Ctrl-C", WAIT);
        t.type("exit");
        t.keys("Enter");
        t.waitFor(x -> x.contains("client exited 0"), "the client's exit", WAIT);
    }

    @Test
    void lineModeWithBc() throws Exception {
        String bc = ExternalPrograms.require("bc", "bc");
        server = ServerProcess.start("--line-mode", "--pty-exec", bc, "--", "-q");
        Tmux t = telnet(80, 24);
        t.waitFor("Escape character is", WAIT);
        t.type("6*7");
        t.keys("Enter");
        String s = t.waitFor(x -> rows(x).contains("42"), "bc's answer", WAIT);
        // bc reads through readline, which shows what it reads itself: how often "6*7" appears
        // depends on when readline started; lineModeEchoesOnlyOnce checks the terminal's echo.
        assertTrue(rows(s).contains("6*7"), s);
        t.type("quit");
        t.keys("Enter");
        t.waitFor(x -> x.contains("Connection closed by foreign host."), "the connection closed", WAIT);
    }

    @Test
    void lineModeEchoesOnlyOnce() throws Exception {
        // A program without a line editor of its own: the client echoes the line, the terminal
        // (its echo off in line mode) must not echo it again.
        server = ServerProcess.start("--line-mode", "--pty-exec", "/bin/sh", "--", "-c",
            "read x; echo \"[${#x}]\"; read y");
        Tmux t = telnet(80, 24);
        t.waitFor("Escape character is", WAIT);
        t.type("hello");
        t.keys("Enter");
        String s = t.waitFor(x -> rows(x).contains("[5]"), "the program's answer", WAIT);
        assertEquals(1, rows(s).stream().filter(r -> r.equals("hello")).count(), s);
    }

    @Test
    void aClientThatLeavesHangsUpItsProgram() throws Exception {
        server = ServerProcess.start("--pty-exec", "/bin/bash", "--", "--norc");
        Tmux t = telnet(80, 24);
        t.waitFor(PtyExecInteropTest::atPrompt, "bash's prompt", WAIT);
        t.type("sleep 100");
        t.keys("Enter");
        t.waitFor(s -> lastRow(s).endsWith("sleep 100"), "the command running", WAIT);
        // The echo is on the screen before bash has forked: wait for the program itself.
        ProcessHandle sleep = awaitDescendant(server.process, PtyExecInteropTest::isSleep, "sleep");
        ProcessHandle bash = sleep.parent().orElseThrow();
        assertTrue(bash.info().command().orElse("").endsWith("/bash"), "sleep runs under bash: " + describe(bash));
        t.keys("C-]");
        t.waitFor("telnet>", WAIT);
        t.type("quit");
        t.keys("Enter");
        t.waitFor("client exited", WAIT);
        // The hang-up reaches bash, which passes it on to its foreground job.
        awaitExit(sleep, "sleep, after the client left");
        awaitExit(bash, "bash, after the client left");
        // @AfterEach: nothing at all is left under the server
    }

    private static boolean isSleep(ProcessHandle h) {
        return h.info().command().orElse("").endsWith("/sleep")
            && h.info().arguments().map(a -> Arrays.equals(a, new String[] {"100"})).orElse(true);
    }

    /** The first descendant of {@code p} that {@code is}, once there is one; fails after WAIT. */
    private static ProcessHandle awaitDescendant(Process p, Predicate<ProcessHandle> is,
            String what) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<ProcessHandle> h = p.descendants().filter(is).findFirst();
            if (h.isPresent()) {
                return h.get();
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no " + what + " under the server within " + WAIT + "; under it: "
                    + p.descendants().map(PtyExecInteropTest::describe).collect(Collectors.toList()));
            }
            // Nothing tells us when a process has started: look again shortly.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static void awaitExit(ProcessHandle h, String what) throws Exception {
        try {
            h.onExit().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " still runs after " + WAIT + ": " + describe(h), e);
        }
    }

    private static String describe(ProcessHandle h) {
        return h.pid() + " " + h.info().commandLine().orElse("?");
    }

    @Test
    void aMissingProgramIsToldToEveryClient() throws Exception {
        server = ServerProcess.start("--pty-exec", "/no/such/program");
        assertTrue(server.log.stream().anyMatch(l -> l.contains("--pty-exec /no/such/program: no such file")),
            String.join("\n", server.log));
        for (int i = 0; i < 2; i++) {
            Tmux t = telnet(80, 24);
            t.waitFor(x -> x.contains("Cannot run /no/such/program: no such file.")
                && x.contains("Connection closed by foreign host."), "the message and the close", WAIT);
        }
    }
}
