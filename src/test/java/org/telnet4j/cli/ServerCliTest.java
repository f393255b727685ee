package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telnet4j.testing.BinProcess;

/**
 * The server-side bin/ scripts as a user meets them (issue 11, defects 10 and 11): every mistake
 * is one line saying what is wrong, with exit status 2 for bad usage and 1 for a port that
 * cannot be listened on (the line names the address); no Java stack traces. The scripts work
 * through a symlink, and a {@code --shell} class from the user's own {@code CLASSPATH} loads.
 */
class ServerCliTest {
    private static final class Run {
        final int exit;
        final String out;

        Run(int exit, String out) {
            this.exit = exit;
            this.out = out;
        }
    }

    private static Run run(String script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(script.startsWith("/") ? script : Path.of("bin", script).toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        BinProcess.prepare(pb);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), script + " did not exit");
        return new Run(p.exitValue(), out);
    }

    /** One line, starting with the program's name, no trace, the expected exit status. */
    private static void oneLine(Run r, int exit, String program, String says) {
        String why = "output was:\n" + r.out;
        assertEquals(exit, r.exit, why);
        assertEquals(1, r.out.strip().lines().count(), "one line; " + why);
        assertTrue(r.out.startsWith(program + ": "), why);
        assertTrue(r.out.contains(says), why);
        assertFalse(r.out.contains("Exception") || r.out.contains("\tat "), "no stack trace; " + why);
    }

    @Test
    void serverUsageErrorsAreOneLineWithExitTwo() throws Exception {
        oneLine(run("telnet4j-server", "127.0.0.1", "99999"), 2, "telnet4j-server", "PORT must be 0..65535, was 99999");
        oneLine(run("telnet4j-server", "127.0.0.1", "0", "--encoding", "nosuch"), 2, "telnet4j-server",
            "unknown charset 'nosuch'");
        oneLine(run("telnet4j-server", "127.0.0.1", "0", "--max-connections", "0"), 2, "telnet4j-server",
            "--max-connections must be at least 1");
        oneLine(run("telnet4j-server", "127.0.0.1", "0", "--loglevel", "bogus"), 2, "telnet4j-server",
            "unknown log level 'bogus'");
        oneLine(run("telnet4j-server", "127.0.0.1", "0", "--shell", "com.example.Nope"), 2, "telnet4j-server",
            "no class com.example.Nope");
        oneLine(run("telnet4j-server", "no-such-host.invalid", "0"), 2, "telnet4j-server",
            "cannot resolve host 'no-such-host.invalid'");
        oneLine(run("telnet4j-server", "--no-such-flag"), 2, "telnet4j-server", "--no-such-flag");
    }

    @Test
    void aPortInUseNamesTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String port = String.valueOf(taken.getLocalPort());
            oneLine(run("telnet4j-server", "127.0.0.1", port), 1, "telnet4j-server",
                "cannot listen on 127.0.0.1:" + port + ": Address already in use");
            oneLine(run("telnet4j-mud", port, "127.0.0.1"), 1, "telnet4j-mud",
                "cannot listen on 127.0.0.1:" + port);
        }
    }

    @Test
    void examplesSayWhatIsWrong() throws Exception {
        Run help = run("telnet4j-mud", "--help");
        assertEquals(0, help.exit, help.out);
        assertTrue(help.out.startsWith("usage: bin/telnet4j-mud [PORT] [HOST]"), help.out);
        oneLine(run("telnet4j-mud", "99999"), 2, "telnet4j-mud", "PORT must be 0..65535");
        oneLine(run("telnet4j-mud", "--bogus"), 2, "telnet4j-mud", "unknown option '--bogus'");
        oneLine(run("telnet4j-mud", "0", "no-such-host.invalid"), 2, "telnet4j-mud", "cannot resolve host");
        oneLine(run("telnet4j-example", "chat", "abc"), 2, "telnet4j-example chat", "PORT must be a number");
        oneLine(run("telnet4j-example", "admin", "70000"), 2, "telnet4j-example admin", "PORT must be 0..65535");
    }

    /** Connects and disconnects are logged at info, addresses as host:port (no leading slash). */
    @Test
    void connectsDisconnectsAndRefusalsAreLoggedWithHostAndPort() throws Exception {
        try (BinProcess server = BinProcess.start("telnet4j-server", "127.0.0.1", "0",
                "--max-connections", "1", "--connect-maxwait", "0.2")) {
            java.time.Duration wait = java.time.Duration.ofSeconds(10);
            try (Socket first = new Socket("127.0.0.1", server.port)) {
                String p1 = String.valueOf(first.getLocalPort());
                server.waitForLine(java.util.regex.Pattern.compile("INFO .*127\\.0\\.0\\.1:" + p1 + " connected"), wait);
                try (Socket second = new Socket("127.0.0.1", server.port)) {
                    String p2 = String.valueOf(second.getLocalPort());
                    String refused = server.waitForLine(java.util.regex.Pattern.compile("refusing"), wait);
                    assertTrue(refused.endsWith("refusing 127.0.0.1:" + p2), refused);
                }
                first.close();
                server.waitForLine(java.util.regex.Pattern.compile("INFO .*127\\.0\\.0\\.1:" + p1 + " disconnected"), wait);
            }
        }
    }

    @Test
    void usageShowsHostAndPortAsOptional() throws Exception {
        Run r = run("telnet4j-server", "--help");
        assertEquals(0, r.exit, r.out);
        // The synopsis wraps where picocli decides: any white space between the two.
        assertTrue(java.util.regex.Pattern.compile("\\[HOST]\\s+\\[PORT]").matcher(r.out).find(), r.out);
    }

    @Test
    void scriptsWorkThroughASymlink(@TempDir Path tmp) throws Exception {
        Path link = tmp.resolve("telnet4j-server");
        Files.createSymbolicLink(link, Path.of("bin/telnet4j-server").toAbsolutePath());
        Run r = run(link.toString(), "--help");
        assertEquals(0, r.exit, r.out);
        assertTrue(r.out.contains("Usage: telnet4j-server"), r.out);
    }

    @Test
    void aShellClassFromTheUsersClasspathIsLoaded(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("GreeterShell.java");
        Files.writeString(src, String.join("\n",
            "public class GreeterShell implements org.telnet4j.server.Shell {",
            "    public void run(org.telnet4j.server.ShellReader in, org.telnet4j.server.ShellWriter out)",
            "            throws Exception {",
            "        out.println(\"greetings from the user's own shell\");",
            "        out.close();",
            "    }",
            "}", ""));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-cp", System.getProperty("java.class.path"),
            "-d", tmp.toString(), src.toString()), "compiling the shell");
        String cp = System.getProperty("java.class.path") + ":" + tmp;
        try (BinProcess server = BinProcess.start(Map.of("CLASSPATH", cp), "telnet4j-server",
                "127.0.0.1", "0", "--shell", "GreeterShell", "--connect-maxwait", "0.2");
             Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port), 5000);
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            String got = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(got.contains("greetings from the user's own shell"), got);
        }
    }
}
