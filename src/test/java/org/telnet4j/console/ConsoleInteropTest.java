package org.telnet4j.console;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.telnet4j.examples.AdminConsole;
import org.telnet4j.server.TelnetServer;
import org.telnet4j.testing.ExternalPrograms;
import org.telnet4j.testing.Tmux;

/**
 * The console's line editor as a person uses it: the admin example console, reached with GNU
 * inetutils {@code telnet}, {@code busybox telnet} and telnet4j's own client in a tmux pane, the
 * screen read after each step. Covers completion (one match and a list), history recall, an edit
 * in the middle of a line, output arriving while a line is typed, and a resize while typing.
 */
class ConsoleInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PROMPT = "admin> ";

    @TempDir
    Path tmp;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    private List<String> client(String name, int port) {
        String p = Integer.toString(port);
        switch (name) {
            case "inetutils-telnet":
                return List.of(ExternalPrograms.require("inetutils-telnet", "inetutils-telnet"), "127.0.0.1", p);
            case "busybox-telnet":
                return List.of(ExternalPrograms.require("busybox", "busybox-static"), "telnet", "127.0.0.1", p);
            case "telnet4j-client":
                return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "org.telnet4j.cli.ClientMain", "127.0.0.1", p);
            default:
                throw new AssertionError(name);
        }
    }

    private Tmux terminal(List<String> cmd, int cols, int rows) throws IOException {
        String tmux = ExternalPrograms.require("tmux", "tmux");
        Path script = Files.createTempFile(tmp, "client", ".sh");
        Files.writeString(script, "#!/bin/sh\nexport LANG=C.UTF-8 HOME='" + tmp + "'\ncd '"
            + new File(".").getAbsolutePath() + "'\nexec " + cmd.stream()
                .map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" ")) + "\n");
        script.toFile().setExecutable(true);
        Tmux t = Tmux.start(tmux, script, cols, rows);
        cleanup.add(t);
        return t;
    }

    /** The screen's rows with the empty ones at the bottom removed. */
    private static List<String> rows(String screen) {
        List<String> r = new ArrayList<>(Arrays.asList(screen.split("\n", -1)));
        while (!r.isEmpty() && r.get(r.size() - 1).isBlank()) {
            r.remove(r.size() - 1);
        }
        return r;
    }

    private static String lastRow(String screen) {
        List<String> r = rows(screen);
        return r.isEmpty() ? "" : r.get(r.size() - 1);
    }

    private static long count(String screen, String text) {
        return rows(screen).stream().filter(l -> l.contains(text)).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"inetutils-telnet", "busybox-telnet", "telnet4j-client"})
    void editingCompletionHistoryOutputAndResize(String clientName) throws Exception {
        AdminConsole app = new AdminConsole(new AtomicLong(7));
        TelnetServer server = app.serve(0);
        cleanup.add(0, server::close);
        Tmux t = terminal(client(clientName, server.localAddress().getPort()), 60, 20);
        t.waitFor(s -> lastRow(s).equals(PROMPT.strip()) || lastRow(s).equals(PROMPT), "the prompt", WAIT);

        // One completion completes; Enter runs it.
        t.type("get wo");
        t.keys("Tab");
        t.waitFor(s -> lastRow(s).equals(PROMPT + "get workers"), "completed 'get workers'", WAIT);
        t.keys("Enter");
        t.waitFor("workers = 4", WAIT);

        // Several completions are listed, the line is kept below the list.
        t.type("t");
        t.keys("Tab");
        String s = t.waitFor(x -> rows(x).stream().anyMatch(l -> l.contains("tail") && l.contains("threads"))
            && lastRow(x).equals(PROMPT + "t"), "the list 'tail threads' and the prompt again", WAIT);
        t.keys("C-u");
        t.waitFor(x -> lastRow(x).equals(PROMPT.strip()), "the line cleared", WAIT);

        // History: Up recalls the last command.
        t.keys("Up");
        t.waitFor(x -> lastRow(x).equals(PROMPT + "get workers"), "history recall", WAIT);
        t.keys("Enter");
        t.waitFor(x -> count(x, "workers = 4") == 2, "the recalled command's answer", WAIT);

        // Ctrl-R finds the command again.
        t.keys("C-r");
        t.type("work");
        t.waitFor(x -> lastRow(x).equals("(reverse-i-search)'work': get workers"), "the reverse search", WAIT);
        t.keys("C-g");
        t.waitFor(x -> lastRow(x).equals(PROMPT.strip()), "the search cancelled", WAIT);

        // An edit in the middle: 'set workrs 8' -> Home, 8 x Right, 'e'.
        t.type("set workrs 8");
        t.keys("Home");
        for (int i = 0; i < 8; i++) {
            t.keys("Right");
        }
        t.type("e");
        t.waitFor(x -> lastRow(x).equals(PROMPT + "set workers 8"), "the inserted letter", WAIT);
        t.keys("Enter");
        t.waitFor(x -> lastRow(x).equals(PROMPT.strip()) && x.contains("ok"), "ok", WAIT);
        assertEquals("8", app.setting("workers"));

        // Output while typing appears above the line being typed.
        t.type("follow on");
        t.keys("Enter");
        t.waitFor("follow on\n", WAIT);
        t.type("partial");
        t.waitFor(x -> lastRow(x).equals(PROMPT + "partial"), "the partial line", WAIT);
        app.log("news flash");
        s = t.waitFor(x -> {
            List<String> r = rows(x);
            return r.size() >= 2 && r.get(r.size() - 2).endsWith("news flash")
                && lastRow(x).equals(PROMPT + "partial");
        }, "the log line above the partial line", WAIT);
        t.type("X");
        t.waitFor(x -> lastRow(x).equals(PROMPT + "partialX"), "typing goes on", WAIT);
        t.keys("C-u");

        // A long line wraps; a resize while typing redraws it at the new width.
        String longArg = "a".repeat(70);
        t.type("get " + longArg);
        String full = PROMPT + "get " + longArg;
        t.waitFor(x -> joinedTail(x, 2).equals(full), "the wrapped line", WAIT);
        // busybox telnet tells the window size only at startup (no NAWS on SIGWINCH): the
        // server cannot know the new width, so the resize half runs with the other two clients.
        if (!clientName.equals("busybox-telnet")) {
            t.resize(40, 20);
            t.waitFor(x -> joinedTail(x, 3).equals(full) && rows(x).get(rows(x).size() - 3).length() == 40,
                "the line redrawn at 40 columns", WAIT);
            awaitColumns(server, 40); // the new width has reached the server (NAWS)
            t.type("Z");
            t.waitFor(x -> joinedTail(x, 3).equals(full + "Z"), "typing after the resize", WAIT);
            // An insert at the start redraws all three rows: it only lands right if the editor
            // lays the line out at the new width.
            t.keys("Home");
            t.type("Q");
            String edited = PROMPT + "Qget " + longArg + "Z";
            s = t.waitFor(x -> joinedTail(x, 3).equals(edited), "the redraw after an insert at the start", WAIT);
            assertTrue(!rows(s).get(rows(s).size() - 4).contains("aaaa"), "no stale copy of the line:\n" + s);
        }
        t.keys("End");
        t.keys("C-u");
        t.type("quit");
        t.keys("Enter");
        t.waitForExit(WAIT);
    }

    /** Waits until the server's session reports {@code cols} columns. */
    private static void awaitColumns(TelnetServer server, int cols) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            CompletableFuture<Integer> c = new CompletableFuture<>();
            server.loop().execute(() -> c.complete(server.sessions().isEmpty() ? -1 : server.sessions().get(0).columns()));
            int now = c.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (now == cols) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("the server never saw " + cols + " columns; it has " + now);
            }
            CompletableFuture<Void> tick = new CompletableFuture<>();
            server.loop().schedule(20, TimeUnit.MILLISECONDS, () -> tick.complete(null));
            tick.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** The last {@code n} rows joined, as a wrapped line reads. */
    private static String joinedTail(String screen, int n) {
        List<String> r = rows(screen);
        if (r.size() < n) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = r.size() - n; i < r.size(); i++) {
            b.append(r.get(i));
        }
        return b.toString();
    }
}
