package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void aSmallRunHoldsEveryConnectionAndEchoesEveryLine() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("target", "loadtest-classes")),
            "the load tools were not built (-DskipLoadtest)");
        Path out = Files.createTempFile("loadtest", ".out");
        Path err = Files.createTempFile("loadtest", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of(
                Path.of("bin", "telnet4j-loadtest").toAbsolutePath().toString(),
                "-n", "12", "-c", "2", "-d", "0.3", "--rounds", "1", "--warmup", "0",
                "--warmup-connections", "0", "--histogram-top", "3", "--server-jvm-opts", "-Xmx128m"))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
            BinProcess.prepare(pb);
            pb.environment().put("JAVA_OPTS", "-Xmx192m");
            Process p = pb.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("bin/telnet4j-loadtest did not finish; stderr: " + Files.readString(err));
            }
            String report = Files.readString(out, StandardCharsets.UTF_8);
            String why = "report:\n" + report + "\nstderr:\n" + Files.readString(err, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), why);
            assertTrue(Pattern.compile("(?m)^\\s+held\\s+12: MET$").matcher(report).find(), why);
            assertTrue(report.contains("lines echoed wrong: 0 (plain), 0 (telnet4j)"), why);
            assertTrue(report.contains("client-side failures: none"), why);
            assertTrue(report.contains("telnet4j / plain NIO: "), why);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void aSmallTlsRunReportsEveryFigure() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("target", "loadtest-classes")),
            "the load tools were not built (-DskipLoadtest)");
        Path out = Files.createTempFile("loadtest-tls", ".out");
        Path err = Files.createTempFile("loadtest-tls", ".err");
        try {
            // 20 idle connections, 1 s rounds, 2 echo clients, 1 and then 4 lines in flight.
            ProcessBuilder pb = new ProcessBuilder(List.of(
                Path.of("bin", "telnet4j-loadtest-tls").toAbsolutePath().toString(), "20", "1", "2", "1,4"))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
            BinProcess.prepare(pb);
            pb.environment().put("JAVA_OPTS", "-Xmx192m");
            // Later options win: a small server heap, not touched in advance.
            pb.environment().put("SERVER_JAVA_OPTS", "-Xms128m -Xmx128m -XX:-AlwaysPreTouch");
            Process p = pb.start();
            if (!p.waitFor(240, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("bin/telnet4j-loadtest-tls did not finish; stderr: " + Files.readString(err));
            }
            String report = Files.readString(out, StandardCharsets.UTF_8);
            String why = "report:\n" + report + "\nstderr:\n" + Files.readString(err, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), why);
            String number = "[0-9]+\\.[0-9]{2}";
            assertTrue(Pattern.compile("(?m)^  ping-pong, one line in flight per connection: +" + number
                + " by the wall clock, " + number + " per second of the server loop's CPU \\(1\\.0 lines a read;")
                .matcher(report).find(), why);
            assertTrue(Pattern.compile("(?m)^  4 lines in flight per connection: +" + number + " by the wall clock")
                .matcher(report).find(), why);
            // Each line came back: a read per line in ping-pong, on both kinds of connection.
            assertTrue(Pattern.compile("reads plain 1\\.0[0-9]{2}, TLS 1\\.0[0-9]{2}").matcher(report).find(), why);
            assertTrue(Pattern.compile("(?m)^TLS handshakes on one server loop thread .*: [0-9,]+/s by the wall clock")
                .matcher(report).find(), why);
            assertTrue(report.contains("server heap per idle TLS connection at 20: "), why);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
