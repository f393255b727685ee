package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.telnet4j.testing.BinProcess;
import org.telnet4j.testing.ExternalPrograms;

/**
 * The interoperability matrix, telnet libraries of scripting languages against
 * {@code bin/telnet4j-server}: Python's telnetlib, Perl's Net::Telnet and Ruby's net-telnet each run
 * a scripted login (first prompt, {@code help}, {@code status}, {@code quit}; the scripts are in
 * {@code src/test/resources/peers}). No terminal here: the script's output is checked.
 */
class ScriptedPeersTest {
    private static final Pattern TTFP = Pattern.compile("TTFP (\\d+)");

    @Test
    void pythonTelnetlib() throws Exception {
        String python = ExternalPrograms.require("python3", "python3");
        ExternalPrograms.requireThat(run(python, "-c", "import telnetlib").exitCode == 0,
            "this python3 has no telnetlib (removed in 3.13)");
        Result r = session("python3 telnetlib", "python3", python, "telnetlib-session.py");
        assertTrue(r.out.contains("terminal:  unknown"), "telnetlib refuses every option:\n" + r.out);
    }

    @Test
    void perlNetTelnet() throws Exception {
        String perl = ExternalPrograms.require("perl", "perl");
        ExternalPrograms.requireThat(run(perl, "-MNet::Telnet", "-e", "1").exitCode == 0,
            "Perl's Net::Telnet is missing (Debian: libnet-telnet-perl)");
        session("Perl Net::Telnet", "libnet-telnet-perl", perl, "net-telnet-session.pl");
    }

    /**
     * Ruby's net-telnet only parses options up to 39: our {@code IAC DO CHARSET} (42) shows as
     * three bytes of text before the banner, and it never answers it. Before issue 11's fix the
     * login waited the whole negotiation deadline (1.5 s) for that answer; now the session starts
     * at once and works to the end.
     */
    @Test
    void rubyNetTelnet() throws Exception {
        String ruby = ExternalPrograms.require("ruby", "ruby");
        ExternalPrograms.requireThat(run(ruby, "-e", "require 'net/telnet'").exitCode == 0,
            "Ruby's net-telnet is missing (Debian: ruby-net-telnet)");
        session("Ruby net-telnet", "ruby-net-telnet", ruby, "net-telnet-session.rb");
    }

    private Result session(String peer, String pkg, String interpreter, String script) throws Exception {
        try (BinProcess server = BinProcess.start("telnet4j-server", "127.0.0.1", "0",
                "--connect-maxwait", "30")) {
            // A deadline far beyond the script's 10 s timeouts: the prompt must not wait for it.
            Result r = run(interpreter, Path.of("src/test/resources/peers", script).toString(),
                String.valueOf(server.port));
            assertEquals(0, r.exitCode, peer + " script failed:\n" + r.out + "\nserver: " + server.output);
            assertTrue(r.out.contains("Welcome to telnet4j."), r.out);
            assertTrue(r.out.contains("commands: help, status"), "help answered:\n" + r.out);
            assertTrue(r.out.contains("size:      80x24"), "status answered:\n" + r.out);
            assertTrue(r.out.contains("Goodbye."), "quit answered:\n" + r.out);
            Matcher m = TTFP.matcher(r.out);
            assertTrue(m.find(), r.out);
            System.out.println("time-to-first-prompt " + peer + " " + m.group(1) + " ms (" + pkg + " "
                + org.telnet4j.testing.PeerReport.debianVersion(pkg) + ")");
            return r;
        }
    }

    private static final class Result {
        final int exitCode;
        final String out;

        Result(int exitCode, String out) {
            this.exitCode = exitCode;
            this.out = out;
        }
    }

    private static Result run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish:\n" + out);
        }
        return new Result(p.exitValue(), out);
    }
}
