package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telnet4j.testing.RawTelnetClient;
import picocli.CommandLine;

/** The --pty-exec command line, and that a server without it loads nothing of the PTY code. */
class PtyHostingCliTest {
    @TempDir
    Path tmp;

    @Test
    void argumentsAfterTheDoubleDashGoToTheProgram() {
        ServerMain m = new ServerMain();
        String[] rest = m.takePtyArgs(new String[] {"127.0.0.1", "0", "--pty-exec", "/bin/bash", "--",
            "--norc", "-c", "echo --"});
        assertArrayEquals(new String[] {"127.0.0.1", "0", "--pty-exec", "/bin/bash"}, rest);
        assertEquals(List.of("--norc", "-c", "echo --"), m.ptyArgs);
        new CommandLine(m).parseArgs(rest);
        assertEquals("/bin/bash", m.ptyExec);
        assertEquals("127.0.0.1", m.host);

        ServerMain none = new ServerMain();
        assertArrayEquals(new String[] {"--pty-exec", "bc"}, none.takePtyArgs(new String[] {"--pty-exec", "bc"}));
        assertEquals(List.of(), none.ptyArgs);
    }

    @Test
    void repeatableEnvAndTheForkLimitParse() {
        ServerMain m = new ServerMain();
        new CommandLine(m).parseArgs("--pty-exec", "bc", "--pty-env", "EDITOR", "--pty-env", "PATH",
            "--pty-fork-limit", "3", "--line-mode");
        assertEquals(List.of("EDITOR", "PATH"), m.ptyEnv);
        assertEquals(3, m.ptyForkLimit);
        assertTrue(m.lineMode);
    }

    @Test
    void programArgumentsWithoutAProgramAreAnError() {
        ServerMain m = new ServerMain();
        new CommandLine(m).parseArgs(m.takePtyArgs(new String[] {"127.0.0.1", "0", "--", "--norc"}));
        CommandLine.ParameterException e = org.junit.jupiter.api.Assertions.assertThrows(
            CommandLine.ParameterException.class, m::call);
        assertEquals("arguments after -- are for --pty-exec PROGRAM, which is not given", e.getMessage());
    }

    @Test
    void aServerWithoutPtyExecLoadsNoPtyClass() throws Exception {
        Path classes = tmp.resolve("classes.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xlog:class+load=info:file=" + classes, "-cp", System.getProperty("java.class.path"),
            ServerMain.class.getName(), "127.0.0.1", "0", "--shell", "echo")
            .redirectErrorStream(true).start();
        try {
            java.io.BufferedReader r = new java.io.BufferedReader(
                new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            int port = -1;
            while ((line = r.readLine()) != null) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("Server ready on [^:]+:(\\d+)").matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                    break;
                }
            }
            assertTrue(port > 0, "the server did not start");
            try (RawTelnetClient c = new RawTelnetClient("127.0.0.1", port)) {
                c.write("hello\r\n".getBytes(StandardCharsets.US_ASCII));
                c.readUntil("hello".getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(15));
            }
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains("org.telnet4j.server.Session "), "the class log is empty?");
        assertFalse(loaded.contains("com.pty4j"), "pty4j loaded");
        assertFalse(loaded.contains("jtermios"), "jtermios loaded");
        assertFalse(loaded.contains("org.telnet4j.pty."), "org.telnet4j.pty loaded");
        assertFalse(loaded.contains("kotlin."), "kotlin loaded");
    }
}
