package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telnet4j.option.linemode.Linemode;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.testing.ExternalPrograms;

/**
 * The real telnet client (GNU inetutils, or netkit: both BSD telnet with LINEMODE) against our
 * server with {@code linemodeOption(true)}, typed at through a pseudo-terminal by expect: it ends
 * up in LINEMODE with EDIT|TRAPSIG, its terminal edits the line (the typo never reaches us), and
 * ^C arrives as {@code IAC IP}.
 */
class LinemodeInteropTest extends ServerTestBase {
    final LinkedBlockingQueue<Integer> modesAtConnect = new LinkedBlockingQueue<>();

    @Test
    void realTelnetClientEndsUpInLineByLineMode(@TempDir Path tmp) throws Exception {
        String expect = ExternalPrograms.require("expect", "expect");
        String telnet = ExternalPrograms.require("telnet", "inetutils-telnet");
        handler = new RecordingHandler() {
            @Override
            public void onConnect(Session s) {
                modesAtConnect.add(s.linemode());
                s.send("hello, mode " + s.linemode() + "\n");
                super.onConnect(s);
            }

            @Override
            public void onLine(Session s, String line) {
                super.onLine(s, line);
                if (line.equals("quit")) {
                    s.send("bye\n");
                    s.close();
                } else {
                    s.send("said: [" + line + "]\n");
                }
            }

        };
        InetSocketAddress a = start(builder().linemodeOption(true).negotiationDeadline(Duration.ofSeconds(5)));
        Path script = tmp.resolve("linemode.exp");
        Files.writeString(script, String.join("\n",
            "set timeout 10",
            "spawn " + telnet + " 127.0.0.1 " + a.getPort(),
            step(2, "\"hello, mode 3\""),
            // a typo erased with the terminal's erase key: in EDIT mode only "help" is sent
            "send \"helx\\177p\\r\"",
            step(3, "\"said: \\\\\\[help\\\\\\]\""),
            // ^C goes as IAC IP; BSD telnet then drops output until its DO TIMING-MARK is
            // answered, so the next line shows that the session goes on
            "send \"\\003\"",
            "send \"after\\r\"",
            step(4, "\"said: \\\\\\[after\\\\\\]\""),
            "send \"quit\\r\"",
            step(5, "\"bye\""),
            step(6, "eof"),
            "exit 0", ""));
        Process p = new ProcessBuilder(expect, script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "expect script failed at step " + p.exitValue() + ":\n" + out);
        assertEquals(Linemode.EDIT | Linemode.TRAPSIG, (int) modesAtConnect.poll(10, TimeUnit.SECONDS),
            "the client acknowledged MODE EDIT|TRAPSIG before the session started");
        assertEquals("line help", handler.await("line", WAIT), "the line arrives edited, in one piece");
        assertEquals("command " + TelnetCommand.IP, handler.await("command " + TelnetCommand.IP, WAIT));
    }

    /** An expect step that exits with {@code code} on timeout. */
    private static String step(int code, String pattern) {
        return "expect {\n  timeout { exit " + code + " }\n  " + pattern + "\n}";
    }
}
