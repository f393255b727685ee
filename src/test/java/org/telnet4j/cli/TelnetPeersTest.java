package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telnet4j.testing.BinProcess;
import org.telnet4j.testing.ExternalPrograms;
import org.telnet4j.testing.PeerReport;
import org.telnet4j.testing.Tmux;

/**
 * The interoperability matrix, stock telnet clients against {@code bin/telnet4j-server}: inetutils
 * {@code telnet} and {@code busybox telnet}, in character mode and with {@code --line-mode}, typed
 * at through tmux, checked on the screen as a person would: the prompt, the typed text and the
 * replies start at column 0 (no staircase), typing is echoed, backspace erases a two-byte
 * {@code é} as one character, {@code status} shows the window size and follows a resize,
 * Ctrl-C drops the typed line and prompts afresh.
 */
class TelnetPeersTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String PROMPT = "telnet4j> ";

    @Test
    void inetutilsTelnetInCharacterMode(@TempDir Path tmp) throws Exception {
        String telnet = ExternalPrograms.require("inetutils-telnet", "inetutils-telnet");
        drive(tmp, "inetutils-telnet (character mode)", "inetutils-telnet", false, true, true, telnet);
    }

    /** Issue 11, defect 1: once BINARY was agreed, every reply started where the typing ended. */
    @Test
    void inetutilsTelnetInLineModeHasNoStaircase(@TempDir Path tmp) throws Exception {
        String telnet = ExternalPrograms.require("inetutils-telnet", "inetutils-telnet");
        drive(tmp, "inetutils-telnet (--line-mode)", "inetutils-telnet", true, true, true, telnet);
    }

    /** busybox telnet sends its window size once, at connect: it has no SIGWINCH handling. */
    @Test
    void busyboxTelnetInCharacterMode(@TempDir Path tmp) throws Exception {
        String busybox = busyboxTelnet();
        drive(tmp, "busybox telnet (character mode)", "busybox-static", false, false, true, busybox, "telnet");
    }

    /**
     * In line mode busybox telnet takes Ctrl-C itself (its console menu), so that check is left
     * out; and it sends no new window size on a resize.
     */
    @Test
    void busyboxTelnetInLineMode(@TempDir Path tmp) throws Exception {
        String busybox = busyboxTelnet();
        drive(tmp, "busybox telnet (--line-mode)", "busybox-static", true, false, false, busybox, "telnet");
    }

    private static String busyboxTelnet() throws Exception {
        String busybox = ExternalPrograms.require("busybox", "busybox-static");
        Process p = new ProcessBuilder(busybox, "--list").redirectErrorStream(true).start();
        String list = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        ExternalPrograms.requireThat(Arrays.asList(list.split("\\s+")).contains("telnet"),
            "this busybox has no telnet applet (Debian's busybox-static has)");
        return busybox;
    }

    private void drive(Path tmp, String peer, String pkg, boolean lineMode, boolean resizes,
            boolean ctrlC, String... client) throws Exception {
        String tmux = ExternalPrograms.require("tmux", "tmux");
        String[] flags = lineMode ? new String[] {"127.0.0.1", "0", "--line-mode"} : new String[] {"127.0.0.1", "0"};
        try (BinProcess server = BinProcess.start("telnet4j-server", flags)) {
            Path script = tmp.resolve("client.sh");
            Files.writeString(script, "#!/bin/sh\nexec " + String.join(" ", client) + " 127.0.0.1 "
                + server.port + "\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            long t0 = System.nanoTime();
            try (Tmux t = Tmux.start(tmux, script, 80, 24)) {
                t.waitFor(s -> lastLine(s).equals(PROMPT.trim()), "the first prompt", WAIT);
                PeerReport.timeToFirstPrompt(peer, pkg, t0);

                t.type("help");
                t.keys("Enter");
                String s = t.waitFor(x -> x.contains("commands: help"), "the help text", WAIT);
                assertTrue(lineStarting(s, PROMPT + "help") == 1, "the typed command is echoed after the prompt:\n" + s);
                assertTrue(lineStarting(s, "commands: help") == 1, "the reply starts at column 0:\n" + s);
                t.waitFor(x -> lastLine(x).equals(PROMPT.trim()), "the next prompt at column 0", WAIT);

                // e, é (two bytes in UTF-8), one backspace, lp: the server must get "help".
                t.type("heé");
                t.keys("BSpace");
                t.type("lp");
                t.keys("Enter");
                s = t.waitFor(x -> lineStarting(x, "commands: help") == 2,
                    "help again after backspace over é", WAIT);

                t.type("status");
                t.keys("Enter");
                s = t.waitFor(x -> x.contains("connected:"), "the status report", WAIT);
                assertTrue(lineStarting(s, "size:      80x24") == 1, "status shows 80x24 from column 0:\n" + s);
                assertTrue(lineStarting(s, "mode:      " + (lineMode ? "line" : "character")) == 1, s);
                if (resizes) {
                    t.resize(100, 30);
                    t.waitFor(x -> true, "", WAIT); // one look at the screen after the resize
                    t.type("status");
                    t.keys("Enter");
                    t.waitFor(x -> lineStarting(x, "size:      100x30") == 1, "the new size after a resize", WAIT);
                }
                if (ctrlC) {
                    t.type("hel");
                    t.waitFor(x -> lastLine(x).endsWith("hel"), "hel typed", WAIT);
                    t.keys("C-c");
                    t.waitFor(x -> lastLine(x).equals(PROMPT.trim()), "a fresh prompt after Ctrl-C", WAIT);
                    t.type("p");
                    t.keys("Enter");
                    s = t.waitFor(x -> x.contains("no such command: p "), "the line after Ctrl-C", WAIT);
                    assertTrue(lineStarting(s, "no such command: p (try 'help')") == 1,
                        "Ctrl-C dropped 'hel'; only 'p' was sent:\n" + s);
                }
                t.type("quit");
                t.keys("Enter");
                t.waitFor(x -> lineStarting(x, "Goodbye.") == 1, "Goodbye at column 0", WAIT);
            }
        }
    }

    /** How many lines of the screen start with {@code text} (at column 0). */
    static int lineStarting(String screen, String text) {
        int n = 0;
        for (String l : screen.split("\n", -1)) {
            if (l.startsWith(text)) {
                n++;
            }
        }
        return n;
    }

    /** The last non-blank line of the screen, trimmed at the end. */
    static String lastLine(String screen) {
        String[] lines = screen.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i].stripTrailing();
            }
        }
        return "";
    }
}
