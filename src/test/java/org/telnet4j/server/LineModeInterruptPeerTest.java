package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.testing.ExternalPrograms;
import org.telnet4j.testing.Tmux;

/**
 * Ctrl-C in line mode, typed into stock inetutils {@code telnet} on a tmux terminal against a
 * line-mode server in this JVM, checked on the screen. The terminal edits the line, so Ctrl-C
 * is SIGINT to telnet, which sends {@code IAC IP IAC DO TM} (one write, as a capture of its
 * bytes shows; {@code autoflush} is on by default) and discards what arrives until our
 * {@code WILL TM} (RFC 860; RFC 1123 section 3.2.3). The line end the server owes for the
 * abandoned line must therefore come after that answer: sent before it, the client drops it and
 * what comes next is glued to {@code ^C}.
 */
class LineModeInterruptPeerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PROMPT = "> ";

    @TempDir
    Path tmp;

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    /** What the handler was given: lines as "line X", commands as "command N". */
    private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    /** When the server's application says something after the interrupt. */
    private enum AfterInterrupt {
        /** Nothing: the owed line end is all the client gets, and the user types on. */
        NOTHING,
        /** A new prompt from the loop thread, while the read that held the IP is handled. */
        PROMPT_AT_ONCE,
        /** A new prompt from the shell's own thread, as {@link BlockingBridge} shells do. */
        PROMPT_FROM_SHELL
    }

    /** The application says nothing on Ctrl-C: the cursor still goes to a line of its own. */
    @Test
    void theNextLineTypedAfterCtrlCStartsOnANewLine() throws Exception {
        Tmux t = telnet(serve(AfterInterrupt.NOTHING));
        typeAndInterrupt(t);
        String s = t.waitFor(x -> rows(x).contains(PROMPT + "hel^C"), "the interrupted line", WAIT);
        t.type("again");
        // The terminal echoes what is typed: on the row below the interrupted one, from column 0.
        s = t.waitFor(x -> lastRow(x).endsWith("again"), "the new typing", WAIT);
        assertBelow(s, PROMPT + "hel^C", "again", "typing after Ctrl-C starts a new line");
        t.keys("Enter");
        s = t.waitFor(x -> x.contains("echo: again"), "the answer to the new line", WAIT);
        assertBelow(s, "again", "echo: again", "the answer follows on the next line");
        assertEquals(PROMPT.trim(), lastRow(s), "and the prompt after it:\n" + s);
        assertHandlerGot("again");
    }

    /**
     * The application prompts on Ctrl-C as it handles it, on the loop thread, before the DO TM
     * after the IP has been parsed: the server holds the owed line end and the prompt until its
     * WILL TM has gone. Sent before it, telnet discarded both and left the user at
     * {@code > hel^C} with no prompt.
     */
    @Test
    void aPromptSentAtOnceAfterCtrlCStandsOnItsOwnLine() throws Exception {
        promptsAfterCtrlC(AfterInterrupt.PROMPT_AT_ONCE);
    }

    /**
     * A shell on its own thread prompts again after Ctrl-C; its prompt is queued to the loop, so
     * it goes after the read that held the IP and the DO TM.
     */
    @Test
    void aPromptFromTheShellAfterCtrlCStandsOnItsOwnLine() throws Exception {
        promptsAfterCtrlC(AfterInterrupt.PROMPT_FROM_SHELL);
    }

    private void promptsAfterCtrlC(AfterInterrupt after) throws Exception {
        Tmux t = telnet(serve(after));
        typeAndInterrupt(t);
        String s = t.waitFor(x -> rows(x).contains(PROMPT + "hel^C") && lastRow(x).equals(PROMPT.trim()),
            "the interrupted line, and a fresh prompt", WAIT);
        assertBelow(s, PROMPT + "hel^C", PROMPT.trim(), "the fresh prompt is on the next line");
        t.type("again");
        t.keys("Enter");
        s = t.waitFor(x -> x.contains("echo: again"), "the answer to the new line", WAIT);
        assertBelow(s, PROMPT + "hel^C", PROMPT + "again", "the new line is typed after the fresh prompt");
        assertBelow(s, PROMPT + "again", "echo: again", "the answer follows on the next line");
        assertEquals(PROMPT.trim(), lastRow(s), "and the prompt after it:\n" + s);
        assertHandlerGot("again");
    }

    /** Types "hel" after the first prompt and presses Ctrl-C. */
    private void typeAndInterrupt(Tmux t) throws Exception {
        t.waitFor(x -> lastRow(x).equals(PROMPT.trim()), "the prompt", WAIT);
        t.type("hel");
        t.waitFor(x -> lastRow(x).equals(PROMPT + "hel"), "hel typed", WAIT);
        t.keys("C-c");
        assertEquals("command " + TelnetCommand.IP, events.poll(WAIT.toSeconds(), TimeUnit.SECONDS),
            "Ctrl-C reached the server as IAC IP, and no line before it");
    }

    /** The handler got {@code line} next, and nothing of the abandoned "hel". */
    private void assertHandlerGot(String line) throws InterruptedException {
        assertEquals("line " + line, events.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    /** Row {@code lower} is exactly the row after row {@code upper} (both matched whole). */
    private static void assertBelow(String screen, String upper, String lower, String what) {
        List<String> r = rows(screen);
        int i = r.lastIndexOf(upper);
        assertTrue(i >= 0 && i + 1 < r.size() && r.get(i + 1).equals(lower),
            what + ": \"" + lower + "\" right below \"" + upper + "\":\n" + screen);
    }

    /** A line-mode server that greets, prompts and echoes lines, and does {@code after} on IP. */
    private int serve(AfterInterrupt after) throws IOException {
        TelnetServer.Builder b = TelnetServer.builder().host("127.0.0.1").port(0).lineMode(true)
            .negotiationDeadline(Duration.ofSeconds(5));
        if (after == AfterInterrupt.PROMPT_FROM_SHELL) {
            b.shell((in, out) -> {
                out.println("Welcome.");
                out.prompt(PROMPT);
                String line;
                while ((line = in.readLine()) != null) {
                    // BlockingBridge hands the shell an empty line for an interrupt.
                    events.add(line.isEmpty() ? "command " + TelnetCommand.IP : "line " + line);
                    if (!line.isEmpty()) {
                        out.println("echo: " + line);
                    }
                    out.prompt(PROMPT);
                }
            });
        } else {
            b.handler(new SessionHandler() {
                @Override
                public void onConnect(Session s) {
                    s.send("Welcome.\n");
                    s.prompt(PROMPT);
                }

                @Override
                public void onLine(Session s, String line) {
                    events.add("line " + line);
                    s.send("echo: " + line + "\n");
                    s.prompt(PROMPT);
                }

                @Override
                public void onCommand(Session s, int command) {
                    events.add("command " + command);
                    if (command == TelnetCommand.IP && after == AfterInterrupt.PROMPT_AT_ONCE) {
                        s.prompt(PROMPT);
                    }
                }
            });
        }
        TelnetServer server = b.build();
        server.bind();
        server.start();
        cleanup.add(() -> server.shutdown(Duration.ofSeconds(2)));
        return server.localAddress().getPort();
    }

    /** inetutils telnet, connected to {@code port}, on an 80x24 tmux terminal. */
    private Tmux telnet(int port) throws IOException {
        String tmux = ExternalPrograms.require("tmux", "tmux");
        String telnet = ExternalPrograms.require("inetutils-telnet", "inetutils-telnet");
        Path script = tmp.resolve("telnet.sh");
        Files.writeString(script, "#!/bin/sh\nexport LANG=C.UTF-8 TERM=xterm\nexec " + telnet
            + " 127.0.0.1 " + port + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Tmux t = Tmux.start(tmux, script, 80, 24);
        cleanup.add(t);
        return t;
    }

    /** The screen's rows, trailing blanks trimmed. */
    private static List<String> rows(String screen) {
        List<String> r = new ArrayList<>();
        for (String l : Arrays.asList(screen.split("\n", -1))) {
            r.add(l.stripTrailing());
        }
        return r;
    }

    /** The last non-blank row. */
    private static String lastRow(String screen) {
        List<String> r = rows(screen);
        for (int i = r.size() - 1; i >= 0; i--) {
            if (!r.get(i).isEmpty()) {
                return r.get(i);
            }
        }
        return "";
    }
}
