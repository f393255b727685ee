package org.telnet4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.telnet4j.fingerprint.Json;
import org.telnet4j.fingerprint.ProbeSettings;
import org.telnet4j.fingerprint.ServerProbe;
import org.telnet4j.tls.TlsFileException;
import org.telnet4j.tls.TlsFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/telnet4j-fingerprint HOST [PORT]}: probes a telnet server and prints one JSON
 * document describing its negotiation, banner and MSSP variables, with a stable {@code
 * telnet_hash} of its protocol behaviour; with {@code --ssl} over TLS, with the TLS facts. Exit
 * status 0 with a document (also when the server closes early), 1 when it cannot connect (also: the
 * TLS handshake fails) or a file cannot be read or written, 2 for bad usage.
 */
@Command(name = "telnet4j-fingerprint", mixinStandardHelpOptions = true, version = "telnet4j 0.1.0",
    description = {"Probes a telnet server and prints what it offers (WILL), requests (DO) and "
        + "refuses, how it answers each option asked for, its banner and MSSP variables, as JSON."},
    sortOptions = false)
public final class FingerprintMain implements Callable<Integer> {

    /** The scan types. */
    enum ScanType { quick, full }

    @Parameters(index = "0", paramLabel = "HOST", description = "server host name or address")
    String host;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PORT", defaultValue = "23",
        description = "port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--scan-type", paramLabel = "quick|full", defaultValue = "quick",
        description = "quick: the options telnet4j knows (RFC and MUD); full: all 256 "
            + "(default: ${DEFAULT-VALUE})")
    ScanType scanType;

    @Option(names = "--save-json", paramLabel = "FILE", description = "also write the document to FILE")
    Path saveJson;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
        description = "give up connecting after this long (default: ${DEFAULT-VALUE})")
    double connectTimeout;

    @Option(names = "--negotiation-wait", paramLabel = "SECONDS", defaultValue = "3",
        description = "longest wait for answers to our requests (default: ${DEFAULT-VALUE})")
    double negotiationWait;

    @Option(names = "--banner-max-bytes", paramLabel = "N", defaultValue = "65536",
        description = "banner bytes kept before and after Enter (default: ${DEFAULT-VALUE})")
    int bannerMaxBytes;

    @Option(names = "--banner-max-wait", paramLabel = "SECONDS", defaultValue = "5",
        description = "longest wait for each banner (default: ${DEFAULT-VALUE})")
    double bannerMaxWait;

    @Option(names = "--banner-quiet-time", paramLabel = "SECONDS", defaultValue = "1",
        description = "a banner ends after this long without a byte (default: ${DEFAULT-VALUE})")
    double bannerQuietTime;

    @Option(names = "--mssp-wait", paramLabel = "SECONDS", defaultValue = "3",
        description = "longest wait for MSSP variables when MSSP is on (default: ${DEFAULT-VALUE})")
    double msspWait;

    @Option(names = "--max-prompt-answers", paramLabel = "N", defaultValue = "3",
        description = "simple prompts answered to get past the opening: yes/no (y), press return "
            + "(Enter), a colour question (y); a login or password prompt is never answered "
            + "(default: ${DEFAULT-VALUE})")
    int maxPromptAnswers;

    @Option(names = "--max-cursor-reports", paramLabel = "N", defaultValue = "8",
        description = "ANSI cursor-position queries (ESC [6n) answered, as an 80x24 terminal would "
            + "(default: ${DEFAULT-VALUE})")
    int maxCursorReports;

    @Option(names = "--ssl", description = "connect with TLS (telnets) and probe through it; the "
        + "document's tls object gives the protocol, cipher and the certificate's subject, issuer, "
        + "names and expiry, and whether it verifies (a certificate that does not is reported, "
        + "not refused)")
    boolean ssl;

    @Option(names = "--ssl-cafile", paramLabel = "FILE", description = "with --ssl (implied): verify "
        + "the certificate against the CAs of this PEM file instead of the system trust store")
    Path sslCafile;

    @Option(names = "--loglevel", paramLabel = "LEVEL", defaultValue = "info",
        description = "trace, debug, info (says when a limit is hit), warn or error; to standard "
            + "error, never mixed with the JSON (default: ${DEFAULT-VALUE})")
    String loglevel;

    @Option(names = "--logfile", paramLabel = "PATH", description = "log to this file instead of standard error")
    String logfile;

    private PrintStream out = System.out;
    private PrintStream err = System.err;

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command with these streams and returns the exit status (for tests and main). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        FingerprintMain m = new FingerprintMain();
        m.out = out;
        m.err = err;
        CommandLine cl = new CommandLine(m);
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) { // a bad flag value: say which, no trace
                cmd.getErr().println("telnet4j-fingerprint: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, not " + port);
        }
        Logging.configure(loglevel, logfile); // standard output carries only the document
        ProbeSettings s = new ProbeSettings(seconds("--connect-timeout", connectTimeout),
            scanType == ScanType.full, seconds("--negotiation-wait", negotiationWait), bannerMaxBytes,
            seconds("--banner-max-wait", bannerMaxWait), seconds("--banner-quiet-time", bannerQuietTime),
            seconds("--mssp-wait", msspWait), maxPromptAnswers, maxCursorReports);
        ServerProbe probe = new ServerProbe(s);
        if (ssl || sslCafile != null) {
            try {
                probe.tls(TlsFiles.trustManager(sslCafile));
            } catch (TlsFileException e) {
                err.println("telnet4j-fingerprint: --ssl-cafile " + e.getMessage());
                return 1;
            }
        }
        Map<String, Object> doc;
        try {
            doc = probe.run(host, port);
        } catch (IOException e) {
            String why = e instanceof UnknownHostException ? "unknown host"
                : e.getMessage() != null ? e.getMessage() : e.toString();
            err.println("telnet4j-fingerprint: cannot connect to " + host + " port " + port + ": " + why);
            return 1;
        }
        String json = Json.pretty(doc);
        out.print(json);
        out.flush();
        if (saveJson != null) {
            try {
                Files.writeString(saveJson, json, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("telnet4j-fingerprint: cannot write " + saveJson + ": " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }

    private static Duration seconds(String flag, double value) {
        if (!(value >= 0) || value > 86_400) {
            throw new IllegalArgumentException(flag + " must be 0 to 86400 seconds, not " + value);
        }
        return Duration.ofMillis(Math.round(value * 1000));
    }
}
