package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telnet4j.testing.BinProcess;
import org.telnet4j.testing.ExternalPrograms;
import org.telnet4j.testing.Tmux;

/**
 * {@code bin/telnet4j-server --robot-check} against real clients: inetutils and busybox telnet on
 * a tmux terminal pass by terminal (they never see the question); a script client that never
 * answers (socat) is asked the question and closed at {@code --robot-check-timeout}; Python's
 * telnetlib, which is no terminal, passes by answering the question.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RobotCheckPeersTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void inetutilsTelnetOnATerminalPassesByTerminal(@TempDir Path tmp) throws Exception {
        String telnet = ExternalPrograms.require("inetutils-telnet", "inetutils-telnet");
        onTerminal(tmp, telnet);
    }

    @Test
    void busyboxTelnetOnATerminalPassesByTerminal(@TempDir Path tmp) throws Exception {
        String busybox = ExternalPrograms.require("busybox", "busybox-static");
        onTerminal(tmp, busybox + " telnet");
    }

    private void onTerminal(Path tmp, String client) throws Exception {
        String tmux = ExternalPrograms.require("tmux", "tmux");
        try (BinProcess server = BinProcess.start("telnet4j-server", "127.0.0.1", "0", "--robot-check")) {
            Path sh = tmp.resolve("client.sh");
            Files.writeString(sh, "#!/bin/sh\nexport LANG=C.UTF-8 TERM=xterm\nexec " + client + " 127.0.0.1 "
                + server.port + "\n");
            Files.setPosixFilePermissions(sh, PosixFilePermissions.fromString("rwx------"));
            try (Tmux t = Tmux.start(tmux, sh, 80, 24)) {
                String s = t.waitFor(x -> x.contains("telnet4j>"), "the shell's prompt", WAIT);
                server.waitForLine(Pattern.compile("robot check passed by terminal \\(cursor moved 2 columns\\)"), WAIT);
                assertFalse(s.contains("Robot check"), "a terminal is never asked:\n" + s);
                assertFalse(s.contains("\u4e2d"), "the wide character is erased:\n" + s);
                t.type("help");
                t.keys("Enter");
                t.waitFor(x -> x.contains("commands: help"), "the shell answers", WAIT);
            }
        }
    }

    @Test
    void aScriptThatNeverAnswersIsAskedAndClosedAtTheTimeout() throws Exception {
        String socat = ExternalPrograms.require("socat", "socat");
        try (BinProcess server = BinProcess.start("telnet4j-server", "127.0.0.1", "0", "--robot-check",
                "--robot-check-timeout", "2")) {
            // Its standard input is our pipe, open and silent: socat sends nothing at all.
            Process p = new ProcessBuilder(socat, "-", "TCP:127.0.0.1:" + server.port)
                .redirectErrorStream(true).start();
            try {
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(out.contains("Robot check: how much is"), out);
                assertTrue(out.contains("Robot check failed: no answer within 2 s. Goodbye."), out);
                assertFalse(out.contains("telnet4j>"), "no shell for a bot:\n" + out);
            } finally {
                p.destroy();
            }
            server.waitForLine(Pattern.compile("robot check failed \\(no cursor position report; no answer "
                + "within 2 s\\); closing"), WAIT);
        }
    }

    @Test
    void pythonTelnetlibPassesByAnsweringTheQuestion() throws Exception {
        String py = ExternalPrograms.require("python3", "python3");
        try (BinProcess server = BinProcess.start("telnet4j-server", "127.0.0.1", "0", "--robot-check")) {
            Process p = new ProcessBuilder(py, "-W", "ignore", "-c", String.join("\n",
                "import re, telnetlib",
                "t = telnetlib.Telnet('127.0.0.1', " + server.port + ", 20)",
                "q = t.read_until(b'? ', 15)",
                "m = re.search(rb'how much is (\\d+) plus (\\d+)', q)",
                "t.write(str(int(m.group(1)) + int(m.group(2))).encode() + b'\\r\\n')",
                "print(t.read_until(b'telnet4j> ', 15).decode('utf-8', 'replace'))",
                "")).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertTrue(out.contains("telnet4j> "), "the shell starts after the answer:\n" + out);
            server.waitForLine(Pattern.compile("robot check passed by question"), WAIT);
        }
    }
}
