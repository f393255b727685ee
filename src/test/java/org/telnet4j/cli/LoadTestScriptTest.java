package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.telnet4j.testing.BinProcess;

/**
 * {@code bin/telnet4j-loadtest} and {@code bin/telnet4j-loadtest-tls} as a user runs them, at a
 * tiny scale: the load tools live apart from
 * the library (src/loadtest/java, compiled into target/loadtest-classes by the {@code loadtest}
 * profile) and this is what keeps {@code mvn verify} running them. The figures are not asserted
 * (the machine is shared); the correctness lines are: every connection held, no echo wrong, no
 * client-side failure, and exit status 0.
 */
class LoadTestScriptTest {

    /** A finished run: its report (stdout) and, for failure messages, both streams. */
    private record Run(String report, String why) {
    }

    /**
     * Runs a bin script with {@code env} added, waits at most {@code seconds}, and checks it
     * exited 0.
     */
    private static Run run(List<String> command, Map<String, String> env, int seconds)
        throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("target", "loadtest-classes")),
            "the load tools were not built (-DskipLoadtest)");
        Path out = Files.createTempFile("loadtest", ".out");
        Path err = Files.createTempFile("loadtest", ".err");
        try {
            List<String> cmd = new ArrayList<>(command);
            cmd.set(0, Path.of("bin", command.get(0)).toAbsolutePath().toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            BinProcess.prepare(pb);
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("bin/" + command.get(0) + " did not finish; stderr: " + Files.readString(err));
            }
            String report = Files.readString(out, StandardCharsets.UTF_8);
            String why = "report:\n" + report + "\nstderr:\n" + Files.readString(err, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), why);
            return new Run(report, why);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void aSmallRunHoldsEveryConnectionAndEchoesEveryLine() throws IOException, InterruptedException {
        Run r = run(List.of("telnet4j-loadtest", "-n", "12", "-c", "2", "-d", "0.3", "--rounds", "1", "--warmup", "0",
            "--warmup-connections", "0", "--histogram-top", "3", "--server-jvm-opts", "-Xmx128m"),
            Map.of("JAVA_OPTS", "-Xmx192m"), 180);
        assertTrue(Pattern.compile("(?m)^\\s+held\\s+12: MET$").matcher(r.report()).find(), r.why());
        assertTrue(r.report().contains("lines echoed wrong: 0 (plain), 0 (telnet4j)"), r.why());
        assertTrue(r.report().contains("client-side failures: none"), r.why());
        assertTrue(r.report().contains("telnet4j / plain NIO: "), r.why());
    }

    @Test
    void aSmallTlsRunReportsEveryFigure() throws IOException, InterruptedException {
        // 20 idle connections, 1 s rounds, 2 echo clients, 1 and then 4 lines in flight; later
        // options win: a small server heap, not touched in advance.
        Run r = run(List.of("telnet4j-loadtest-tls", "20", "1", "2", "1,4"),
            Map.of("JAVA_OPTS", "-Xmx192m", "SERVER_JAVA_OPTS", "-Xms128m -Xmx128m -XX:-AlwaysPreTouch"), 240);
        String number = "[0-9]+\\.[0-9]{2}";
        assertTrue(Pattern.compile("(?m)^  ping-pong, one line in flight per connection: +" + number
            + " by the wall clock, " + number + " per second of the server loop's CPU \\(1\\.0 lines a read;")
            .matcher(r.report()).find(), r.why());
        assertTrue(Pattern.compile("(?m)^  4 lines in flight per connection: +" + number + " by the wall clock")
            .matcher(r.report()).find(), r.why());
        // Each line came back: a read per line in ping-pong, on both kinds of connection.
        assertTrue(Pattern.compile("reads plain 1\\.0[0-9]{2}, TLS 1\\.0[0-9]{2}").matcher(r.report()).find(), r.why());
        assertTrue(Pattern.compile("(?m)^TLS handshakes on one server loop thread .*: [0-9,]+/s by the wall clock")
            .matcher(r.report()).find(), r.why());
        assertTrue(r.report().contains("server heap per idle TLS connection at 20: "), r.why());
    }
}
