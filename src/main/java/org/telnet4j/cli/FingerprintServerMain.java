package org.telnet4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.fingerprint.ClientProbeSettings;
import org.telnet4j.fingerprint.FingerprintServer;
import org.telnet4j.fingerprint.FingerprintStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/telnet4j-fingerprint-server [HOST] [PORT] [--data-dir DIR]}: probes every telnet
 * client that connects, writes {@code DIR/client/<telnet-hash>/<session>.json}, shows the client
 * what was learnt and closes. Runs until stopped; exit status 1 when it cannot listen or use the
 * data directory, 2 for bad usage.
 */
@Command(name = "telnet4j-fingerprint-server", mixinStandardHelpOptions = true, version = "telnet4j 0.1.0",
    description = {"Probes each telnet client that connects (options it offers and accepts, terminal "
        + "types, window size, environment, SLC, CHARSET, loops), saves one JSON document per "
        + "session, shows the client the result and closes."},
    sortOptions = false)
public final class FingerprintServerMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(FingerprintServerMain.class);

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST", defaultValue = "localhost",
        description = "address to listen on (default: ${DEFAULT-VALUE})")
    String host;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PORT", defaultValue = "6023",
        description = "port, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "fingerprints",
        description = "documents go to DIR/client/<telnet-hash>/<session>.json (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--probe-time", paramLabel = "SECONDS", defaultValue = "20",
        description = "longest probe of one client (default: ${DEFAULT-VALUE})")
    double probeTime;

    @Option(names = "--negotiation-wait", paramLabel = "SECONDS", defaultValue = "3",
        description = "longest wait for answers, per phase (default: ${DEFAULT-VALUE})")
    double negotiationWait;

    @Option(names = "--opening-quiet", paramLabel = "SECONDS", defaultValue = "0.5",
        description = "the client's unprompted opening ends after this long without a byte "
            + "(default: ${DEFAULT-VALUE})")
    double openingQuiet;

    @Option(names = "--max-value-bytes", paramLabel = "N", defaultValue = "256",
        description = "bytes kept of a terminal type, environment value or charset name "
            + "(default: ${DEFAULT-VALUE})")
    int maxValueBytes;

    @Option(names = "--max-subnegotiation", paramLabel = "N", defaultValue = "16384",
        description = "longest subnegotiation taken; longer ones are cut (default: ${DEFAULT-VALUE})")
    int maxSubnegotiation;

    @Option(names = "--max-files-per-fingerprint", paramLabel = "N", defaultValue = "1000",
        description = "documents kept per telnet hash (default: ${DEFAULT-VALUE})")
    int maxFilesPerFingerprint;

    @Option(names = "--max-fingerprints", paramLabel = "N", defaultValue = "1000",
        description = "telnet hashes kept in total (default: ${DEFAULT-VALUE})")
    int maxFingerprints;

    @Option(names = "--max-clients", paramLabel = "N", defaultValue = "32",
        description = "clients probed at once; more are closed at once (default: ${DEFAULT-VALUE})")
    int maxClients;

    @Option(names = "--loglevel", paramLabel = "LEVEL", defaultValue = "info",
        description = "trace, debug, info (one line per client, and when a limit is hit), warn or "
            + "error (default: ${DEFAULT-VALUE})")
    String loglevel;

    @Option(names = "--logfile", paramLabel = "PATH", description = "log to this file instead of standard error")
    String logfile;

    private PrintStream err = System.err;
    private CountDownLatch stop = new CountDownLatch(1);

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command with these streams and returns the exit status (it runs until the JVM stops). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        FingerprintServerMain m = new FingerprintServerMain();
        m.err = err;
        CommandLine cl = new CommandLine(m);
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("telnet4j-fingerprint-server: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
        }
        Logging.configure(loglevel, logfile);
        ClientProbeSettings s = new ClientProbeSettings(seconds("--probe-time", probeTime),
            seconds("--opening-quiet", openingQuiet), seconds("--negotiation-wait", negotiationWait),
            maxValueBytes, maxSubnegotiation, maxFilesPerFingerprint, maxFingerprints, maxClients);
        FingerprintStore store;
        try {
            store = new FingerprintStore(dataDir, maxFilesPerFingerprint, maxFingerprints);
        } catch (IOException e) {
            err.println("telnet4j-fingerprint-server: cannot use --data-dir " + dataDir + ": " + e);
            return 1;
        }
        FingerprintServer server = new FingerprintServer(s, store, null);
        InetSocketAddress a;
        try {
            a = server.start(host, port);
        } catch (IOException e) {
            err.println("telnet4j-fingerprint-server: cannot listen on " + host + " port " + port + ": "
                + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (IOException e) {
                // stopping anyway
            }
        }));
        // The same "ready" line as bin/telnet4j-server, so scripts and tests find the port alike.
        LOG.info("Server ready on {}:{} (fingerprinting clients into {})", host, a.getPort(),
            dataDir.resolve("client").toAbsolutePath());
        stop.await();
        return 0;
    }

    private static Duration seconds(String flag, double value) {
        if (!(value >= 0) || value > 86_400) {
            throw new IllegalArgumentException(flag + " must be 0 to 86400 seconds, not " + value);
        }
        return Duration.ofMillis(Math.round(value * 1000));
    }
}
