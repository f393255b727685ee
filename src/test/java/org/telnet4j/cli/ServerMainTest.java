package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telnet4j.testing.ExternalPrograms;

/**
 * The server CLI as a user runs it: a separate JVM started with command-line flags, driven by a
 * real telnet client through a pseudo-terminal (expect) and by a plain socket.
 */
class ServerMainTest {
    private ServerProcess server;

    /** Starts {@code ServerMain} in its own JVM on a free port; returns the port. */
    private int startServer(String... flags) throws Exception {
        server = ServerProcess.start(flags);
        return server.port;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void realTelnetClientGetsCharacterModeAndTheDefaultShell(@TempDir Path tmp) throws Exception {
        String expect = ExternalPrograms.require("expect", "expect");
        ExternalPrograms.require("telnet", "telnet");
        int port = startServer("--connect-maxwait", "5");
        Path script = tmp.resolve("session.exp");
        Files.writeString(script, String.join("\n",
            "set timeout 10",
            "spawn telnet 127.0.0.1 " + port,
            step(2, "\"telnet4j> \""),
            "send \"status\\r\"",
            step(3, "-re \"mode: +character\""),
            step(4, "\"telnet4j> \""),
            // typed, echoed by the server, erased with backspace, then the corrected command
            "send \"helx\\177p\\r\"",
            step(5, "\"commands: help, status\""),
            "send \"quit\\r\"",
            step(6, "\"Goodbye.\""),
            step(7, "eof"),
            "exit 0", ""));
        Process p = new ProcessBuilder(expect, script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "expect script failed at step " + p.exitValue() + ":\n" + out);
        assertTrue(out.contains("terminal:"), out);
    }

    /** An expect step that exits with {@code code} on timeout (braces need newlines in expect). */
    private static String step(int code, String pattern) {
        return "expect {\n  timeout { exit " + code + " }\n  " + pattern + "\n}";
    }

    @Test
    void badFlagsGiveAClearErrorAndUsage() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
            "--encoding", "no-such-charset", "127.0.0.1", "0");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(p.exitValue() != 0, out);
        assertTrue(out.contains("unknown charset 'no-such-charset'"), out);
    }

    @Test
    void binScriptIsExecutable() {
        File f = new File("bin/telnet4j-server");
        assertTrue(f.canExecute(), "bin/telnet4j-server must be executable");
    }
}
