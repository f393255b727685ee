package org.telnet4j.cli;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.server.SessionHandler;
import org.telnet4j.server.Shell;
import org.telnet4j.server.TelnetServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/telnet4j-server}: runs a telnet server with the default shell or one named. */
@Command(name = "telnet4j-server", mixinStandardHelpOptions = true, version = "telnet4j 0.1.0",
    description = "Runs a telnet server. With no arguments: localhost port 6023, the default shell.",
    sortOptions = false)
public final class ServerMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerMain.class);

    @Parameters(index = "0", defaultValue = "localhost", description = "address to bind (default: ${DEFAULT-VALUE})")
    String host;

    @Parameters(index = "1", defaultValue = "6023", description = "port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--shell", paramLabel = "CLASS", defaultValue = "default",
        description = "'default', 'echo', or a class implementing org.telnet4j.server.Shell or SessionHandler")
    String shell;

    @Option(names = "--encoding", paramLabel = "NAME",
        description = "text encoding until negotiated otherwise (default: the system locale's, else UTF-8)")
    String encoding;

    @Option(names = "--line-mode", description = "let clients edit lines themselves: no WILL ECHO/SGA")
    boolean lineMode;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
        description = "disconnect clients idle this long; 0 never (default: ${DEFAULT-VALUE})")
    long timeout;

    @Option(names = "--connect-maxwait", paramLabel = "SECONDS", defaultValue = "1.5",
        description = "longest wait for option negotiation before the shell starts (default: ${DEFAULT-VALUE})")
    double connectMaxwait;

    @Option(names = "--never-send-ga", description = "never mark prompts with IAC GA")
    boolean neverSendGa;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "10000",
        description = "most simultaneous clients (default: ${DEFAULT-VALUE})")
    int maxConnections;

    @Option(names = "--proxy-protocol",
        description = "expect a PROXY protocol header (v1 or v2, as HAProxy's send-proxy sends) on "
            + "every connection, from --proxy-from addresses only")
    boolean proxyProtocol;

    @Option(names = "--proxy-from", paramLabel = "CIDR,...", defaultValue = "127.0.0.0/8,::1",
        description = "networks allowed to send PROXY headers (default: ${DEFAULT-VALUE})")
    String proxyFrom;

    @Option(names = "--proxy-timeout", paramLabel = "SECONDS", defaultValue = "3",
        description = "longest wait for a balancer's PROXY header (default: ${DEFAULT-VALUE})")
    double proxyTimeout;

    @Option(names = "--drain-timeout", paramLabel = "SECONDS", defaultValue = "30",
        description = "on SIGTERM, longest wait for clients to receive their last output before "
            + "closing (default: ${DEFAULT-VALUE}); a second SIGTERM closes at once")
    double drainTimeout;

    @Option(names = "--drain-message", paramLabel = "TEXT",
        defaultValue = "Server restarting; please reconnect in a moment.",
        description = "what clients are told on SIGTERM (default: ${DEFAULT-VALUE})")
    String drainMessage;

    @Option(names = "--status-interval", paramLabel = "SECONDS", defaultValue = "0",
        description = "log clients and bytes in/out this often, when they changed; 0 never (default: ${DEFAULT-VALUE})")
    double statusInterval;

    @Option(names = "--metrics-port", paramLabel = "PORT",
        description = "serve Prometheus metrics at http://HOST:PORT/metrics (HOST: the server's address)")
    Integer metricsPort;

    @Option(names = "--loglevel", paramLabel = "LEVEL", defaultValue = "info",
        description = "trace (hex-dumps all traffic), debug, info, warn or error (default: ${DEFAULT-VALUE})")
    String loglevel;

    @Option(names = "--logfile", paramLabel = "PATH", description = "log to this file instead of stderr")
    String logfile;

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ServerMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Logging.configure(loglevel, logfile);
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--metrics-port must be 0..65535");
        }
        if (timeout < 0 || connectMaxwait < 0 || drainTimeout < 0 || statusInterval < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                "--timeout, --connect-maxwait, --drain-timeout and --status-interval must not be negative");
        }
        TelnetServer.Builder b = TelnetServer.builder()
            .host(host)
            .port(port)
            .lineMode(lineMode)
            .neverSendGa(neverSendGa)
            .maxConnections(maxConnections)
            .idleTimeout(Duration.ofSeconds(timeout))
            .negotiationDeadline(Duration.ofMillis(Math.round(connectMaxwait * 1000)));
        if (encoding != null) {
            b.encoding(Charsets.forName(encoding));
        }
        if (proxyProtocol) {
            if (proxyTimeout <= 0) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--proxy-timeout must be positive");
            }
            try {
                b.proxyProtocol(org.telnet4j.proxy.Cidr.parseList(proxyFrom));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--proxy-from: " + e.getMessage());
            }
            b.proxyHeaderTimeout(Duration.ofMillis(Math.round(proxyTimeout * 1000)));
        }
        Object sh = shellFor(shell);
        if (sh instanceof Shell) {
            b.shell((Shell) sh);
        } else {
            b.handler((SessionHandler) sh);
        }
        TelnetServer server = b.build();
        server.bind();
        LOG.info("Server ready on {}:{} (shell: {})", host, server.localAddress().getPort(), shell);
        Metrics.start(server, host, metricsPort, statusInterval);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (done.getCount() > 0) { // SIGINT, or SIGTERM where it cannot be caught
                LOG.info("shutting down");
                server.shutdown(Duration.ofSeconds(3));
                done.countDown();
            }
        }, "telnet4j-shutdown"));
        SigTerm.onTerm(() -> {
            LOG.info("SIGTERM: draining {} clients (a second SIGTERM closes at once)",
                server.connectionCount());
            server.drain(Duration.ofMillis(Math.round(drainTimeout * 1000)), drainMessage)
                .whenComplete((v, e) -> done.countDown());
        }, () -> {
            LOG.info("second SIGTERM: closing at once");
            done.countDown();
        });
        server.start();
        done.await();
        server.loop().close();
        return 0;
    }

    /** The shell or handler for a {@code --shell} value. */
    static Object shellFor(String name) throws ReflectiveOperationException {
        switch (name) {
            case "default":
                return new DefaultShell();
            case "echo":
                return new EchoHandler();
            default:
                break;
        }
        Class<?> c;
        try {
            c = Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("--shell: no class " + name + " on the class path");
        }
        if (!Shell.class.isAssignableFrom(c) && !SessionHandler.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException("--shell: " + name
                + " implements neither org.telnet4j.server.Shell nor SessionHandler");
        }
        return c.getDeclaredConstructor().newInstance();
    }
}
