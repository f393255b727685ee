package org.telnet4j.cli;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST", defaultValue = "localhost",
        description = "address to bind (default: ${DEFAULT-VALUE})")
    String host;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PORT", defaultValue = "6023",
        description = "port, 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--shell", paramLabel = "CLASS", defaultValue = "default",
        description = "'default', 'echo', or a class implementing org.telnet4j.server.Shell or SessionHandler")
    String shell;

    @Option(names = "--encoding", paramLabel = "NAME",
        description = "text encoding until negotiated otherwise (default: the system locale's, else "
            + "UTF-8); 'false': a bytes shell, no decoding: each byte is one character (Latin-1) "
            + "both ways, no CHARSET negotiation, BINARY asked for both ways")
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

    @Option(names = "--max-connections", paramLabel = "N",
        description = "most simultaneous clients (default: 10000, or fewer if the heap is too small"
            + " for that many at the worst case; the figure is logged)")
    Integer maxConnections;

    @Option(names = "--max-per-address", paramLabel = "N", defaultValue = "64",
        description = "most simultaneous clients from one IP address; 0 no limit (default: ${DEFAULT-VALUE})")
    int maxPerAddress;

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

    @Option(names = "--robot-check", description = "before the shell, check for a terminal (cursor position "
        + "around a wide character) or ask a short question; no answer closes the session")
    boolean robotCheck;

    @Option(names = "--robot-check-timeout", paramLabel = "SECONDS", defaultValue = "5",
        description = "time for the robot check's question (default: ${DEFAULT-VALUE})")
    double robotCheckTimeout;

    @Option(names = "--loglevel", paramLabel = "LEVEL", defaultValue = "info",
        description = "trace (hex-dumps all traffic), debug, info, warn or error (default: ${DEFAULT-VALUE})")
    String loglevel;

    @Option(names = "--logfile", paramLabel = "PATH", description = "log to this file instead of stderr")
    String logfile;

    // ---- telnetlib3 parity (issue 16 item 4): --force-binary, --[no-]compression, --logfmt ----
    @Option(names = "--force-binary",
        description = "ask for BINARY both ways at connect, whatever the encoding (text is encoded "
            + "in it either way; this makes 8-bit bytes legal from the start)")
    boolean forceBinary;

    @Option(names = "--compression", negatable = true,
        description = "offer MCCP2 and MCCP3 (compress what the server sends, accept compressed "
            + "input); --no-compression, the default, refuses both")
    boolean compression;

    @Option(names = "--logfmt", paramLabel = "FORMAT",
        description = "log line format: Python logging's, as telnetlib3 takes it (e.g. "
            + "'%%(levelname)s %%(filename)s:%%(lineno)d %%(message)s'), or a logback pattern "
            + "(default: '%%d{HH:mm:ss.SSS} %%-5level %%logger{0} - %%msg%%n')")
    String logfmt;
    // ---- end of telnetlib3 parity options ----

    // --pty-exec: hosting a program in a pseudo-terminal (org.telnet4j.pty.PtyShell).
    @Option(names = "--pty-exec", paramLabel = "PROGRAM",
        description = "run PROGRAM in a pseudo-terminal for each client; its arguments go after --")
    String ptyExec;

    @Option(names = "--pty-env", paramLabel = "NAME",
        description = "pass this variable of the server's environment to the program (repeatable)")
    java.util.List<String> ptyEnv = new java.util.ArrayList<>();

    @Option(names = "--pty-fork-limit", paramLabel = "N", defaultValue = "0",
        description = "most programs running at once; more clients are told the server is busy; 0 no limit (default: ${DEFAULT-VALUE})")
    int ptyForkLimit;

    // TLS (telnets): org.telnet4j.tls reads the files; the handshake runs on the event loop.
    @Option(names = "--ssl-certfile", paramLabel = "FILE",
        description = "serve TLS with this certificate chain (PEM, e.g. Let's Encrypt's fullchain.pem) "
            + "or PKCS#12 keystore (password in $TELNET4J_SSL_PASSWORD); reread when it changes")
    String sslCertfile;

    @Option(names = "--ssl-keyfile", paramLabel = "FILE",
        description = "the private key for --ssl-certfile (PEM: PKCS#8, PKCS#1 RSA or SEC1 EC); not for PKCS#12")
    String sslKeyfile;

    @Option(names = "--ssl-client-ca", paramLabel = "FILE",
        description = "ask clients for a certificate signed by a CA in this PEM file (see --ssl-client-auth)")
    String sslClientCa;

    @Option(names = "--ssl-client-auth", paramLabel = "requested|required", defaultValue = "required",
        description = "with --ssl-client-ca: whether a client certificate is only requested or required (default: ${DEFAULT-VALUE})")
    String sslClientAuth;

    @Option(names = "--tls-auto", description = "with --ssl-certfile: serve TLS and plain telnet on the one "
        + "port; the client's first byte decides (a client that says nothing is plain)")
    boolean tlsAuto;

    @Option(names = "--tls-auto-wait", paramLabel = "SECONDS", defaultValue = "0.5",
        description = "with --tls-auto: how long to wait for a client's first byte before serving it plain (default: ${DEFAULT-VALUE})")
    double tlsAutoWait;

    /** The program's arguments: everything after the first {@code --}. */
    java.util.List<String> ptyArgs = java.util.List.of();

    /** How long a SIGTERM waits for the event loop to take the drain before closing at once. */
    static final long LOOP_ANSWER_MILLIS = 5000;

    /** Entry point. */
    public static void main(String[] args) {
        ServerMain m = new ServerMain();
        System.exit(commandLine(m).execute(m.takePtyArgs(args)));
    }

    /**
     * The command line with one-line errors: a bad value exits 2 with what is wrong, a server that
     * cannot listen exits 1 naming the address; no Java stack traces for users.
     */
    static CommandLine commandLine() {
        return commandLine(new ServerMain());
    }

    /** {@link #commandLine()} for {@code m}, whose program arguments may already be cut off. */
    static CommandLine commandLine(ServerMain m) {
        CommandLine cl = new CommandLine(m);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("telnet4j-server: " + e.getMessage());
                return 2;
            }
            if (e instanceof CannotListen) {
                cmd.getErr().println("telnet4j-server: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("telnet4j-server: " + e.getMessage()
                + " (try --help)");
            return 2;
        });
        return cl;
    }

    /** The TLS options onto {@code b}. @return an exit status when the files cannot be used, else null */
    private Integer tls(TelnetServer.Builder b) {
        if (sslCertfile == null) {
            if (sslKeyfile != null || sslClientCa != null || tlsAuto) {
                throw new IllegalArgumentException("--ssl-keyfile, --ssl-client-ca and --tls-auto need --ssl-certfile");
            }
            return null;
        }
        org.telnet4j.server.TlsClientAuth auth;
        switch (sslClientAuth.toLowerCase(java.util.Locale.ROOT)) {
            case "requested":
                auth = org.telnet4j.server.TlsClientAuth.REQUESTED;
                break;
            case "required":
                auth = org.telnet4j.server.TlsClientAuth.REQUIRED;
                break;
            default:
                throw new IllegalArgumentException("--ssl-client-auth must be requested or required, was " + sslClientAuth);
        }
        if (!(tlsAutoWait > 0)) {
            throw new IllegalArgumentException("--tls-auto-wait must be positive, was " + tlsAutoWait);
        }
        try {
            b.tls(org.telnet4j.tls.ReloadingServerContext.of(java.nio.file.Path.of(sslCertfile),
                sslKeyfile == null ? null : java.nio.file.Path.of(sslKeyfile),
                sslClientCa == null ? null : java.nio.file.Path.of(sslClientCa)));
        } catch (org.telnet4j.tls.TlsFileException e) {
            System.err.println("telnet4j-server: " + e.getMessage());
            return 1;
        }
        if (sslClientCa != null) {
            b.tlsClientAuth(auth);
        }
        b.tlsAuto(tlsAuto).tlsAutoWait(Duration.ofMillis(Math.max(1, Math.round(tlsAutoWait * 1000))));
        return null;
    }

    /** The server could not bind: the message names the address. */
    static final class CannotListen extends Exception {
        private static final long serialVersionUID = 1L;

        CannotListen(String message) {
            super(message);
        }
    }

    /**
     * Cuts everything after the first {@code --} out of {@code args}, as the program's arguments
     * (so they can look like options: {@code --pty-exec /bin/bash -- --norc}). @return the rest
     */
    String[] takePtyArgs(String[] args) {
        int cut = java.util.Arrays.asList(args).indexOf("--");
        if (cut < 0) {
            return args;
        }
        ptyArgs = java.util.List.of(args).subList(cut + 1, args.length);
        return java.util.Arrays.copyOf(args, cut);
    }

    @Override
    public Integer call() throws Exception {
        if (timeout < 0 || connectMaxwait < 0 || maxPerAddress < 0) {
            throw new IllegalArgumentException(
                "--timeout, --connect-maxwait and --max-per-address must not be negative");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("PORT must be 0..65535, was " + port);
        }
        if (maxConnections != null && maxConnections < 1) {
            throw new IllegalArgumentException("--max-connections must be at least 1, was " + maxConnections);
        }
        Logging.configure(loglevel, logfile, logfmt, true);
        try {
            java.net.InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve host '" + host + "'");
        }
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            throw new IllegalArgumentException("--metrics-port must be 0..65535, was " + metricsPort);
        }
        if (drainTimeout < 0 || statusInterval < 0) {
            throw new IllegalArgumentException("--drain-timeout and --status-interval must not be negative");
        }
        TelnetServer.Builder b = TelnetServer.builder()
            .host(host)
            .port(port)
            .lineMode(lineMode)
            .neverSendGa(neverSendGa)
            .maxConnectionsPerAddress(maxPerAddress)
            .idleTimeout(Duration.ofSeconds(timeout))
            .negotiationDeadline(Duration.ofMillis(Math.round(connectMaxwait * 1000)));
        if (maxConnections != null) {
            b.maxConnections(maxConnections);
        }
        if (encoding != null && encoding.equalsIgnoreCase("false")) {
            b.bytesOnly(true); // as telnetlib3's --encoding false: the shell gets bytes
        } else if (encoding != null) {
            b.encoding(Charsets.forName(encoding));
        }
        if (forceBinary) {
            b.forceBinary(true); // bytesOnly turned it on already
        }
        b.compression(compression);
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
        if (ptyExec == null && !ptyArgs.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                "arguments after -- are for --pty-exec PROGRAM, which is not given");
        }
        if (ptyForkLimit < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--pty-fork-limit must not be negative");
        }
        Object sh = ptyExec != null ? PtyHosting.shell(ptyExec, ptyArgs, ptyEnv, lineMode, ptyForkLimit)
            : shellFor(shell);
        if (ptyExec != null) {
            shell = "pty " + ptyExec;
        }
        if (sh instanceof Shell) {
            b.shell((Shell) sh);
        } else {
            b.handler((SessionHandler) sh);
        }
        if (robotCheck) {
            if (!(robotCheckTimeout > 0) || robotCheckTimeout > 3600) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                    "--robot-check-timeout must be more than 0 and at most 3600 seconds");
            }
            b.robotCheck(Duration.ofMillis(Math.round(robotCheckTimeout * 1000)));
        }
        Integer tlsFailed = tls(b);
        if (tlsFailed != null) {
            return tlsFailed;
        }
        TelnetServer server = b.build();
        bind(server, host, port);
        LOG.info("Server ready on {}:{} (shell: {})", host, server.localAddress().getPort(), shell);
        Metrics.start(server, host, metricsPort, statusInterval);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (done.getCount() > 0) { // SIGINT, or SIGTERM where it cannot be caught
                LOG.info("shutting down");
                // Bounded even when the loop is wedged; returns at once when it has died.
                server.shutdown(Duration.ofSeconds(3));
                done.countDown();
            }
        }, "telnet4j-shutdown"));
        java.util.concurrent.atomic.AtomicBoolean now = new java.util.concurrent.atomic.AtomicBoolean();
        long drainMillis = Math.round(drainTimeout * 1000);
        SigTerm.onTerm(() -> {
            LOG.info("SIGTERM: draining {} clients (a second SIGTERM closes at once)",
                server.connectionCount());
            CountDownLatch answers = new CountDownLatch(1);
            try {
                server.loop().execute(answers::countDown);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                answers.countDown(); // the loop is gone: the watcher below ends the process
            }
            server.drain(Duration.ofMillis(drainMillis), drainMessage)
                .whenComplete((v, e) -> done.countDown());
            // The drain runs on the loop. If the loop is wedged (a handler that never returns) it
            // never ends, so SIGTERM must still end the process: at once when the loop does not
            // answer within LOOP_ANSWER_MILLIS, else a little after the drain's own deadline.
            Thread guard = new Thread(() -> {
                try {
                    if (!answers.await(LOOP_ANSWER_MILLIS, TimeUnit.MILLISECONDS) && done.getCount() > 0) {
                        LOG.warn("the event loop does not answer: closing at once instead of draining");
                        now.set(true);
                        done.countDown();
                        return;
                    }
                    if (!done.await(drainMillis + 5000, TimeUnit.MILLISECONDS)) {
                        LOG.warn("the drain did not finish within {} ms: closing at once", drainMillis + 5000);
                        now.set(true);
                        done.countDown();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "telnet4j-drain-guard");
            guard.setDaemon(true);
            guard.start();
        }, () -> {
            LOG.info("second SIGTERM: closing at once");
            now.set(true);
            done.countDown();
        });
        server.start();
        // The server ends when a drain (SIGTERM) or the shutdown hook is done, or when the loop
        // dies of an Error it could not contain: then nothing serves clients any more, so exit
        // and say why rather than live on accepting nothing.
        Thread watcher = new Thread(() -> {
            try {
                server.loop().awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.countDown();
        }, "telnet4j-loop-watch");
        watcher.setDaemon(true);
        watcher.start();
        done.await();
        Throwable failure = server.loop().failure();
        if (failure != null) {
            System.err.println("telnet4j-server: exiting: the event loop died of " + oneLine(failure));
            return 1;
        }
        if (now.get()) {
            // Abort what is left; bounded even when the loop is wedged.
            server.shutdown(Duration.ZERO);
        } else {
            server.loop().close();
        }
        return 0;
    }

    /** An error as one line: class, message and where it was thrown. */
    static String oneLine(Throwable e) {
        StackTraceElement[] st = e.getStackTrace();
        return st.length == 0 ? e.toString() : e + " (at " + st[0] + ")";
    }

    /** Binds {@code server}, turning a failure into one line that names the address. */
    static void bind(TelnetServer server, String host, int port) throws CannotListen {
        try {
            server.bind();
        } catch (java.io.IOException e) {
            String why = e instanceof java.net.BindException && e.getMessage() != null
                ? e.getMessage() : e.toString();
            throw new CannotListen("cannot listen on " + host + ":" + port + ": " + why);
        }
    }

    /** The shell or handler for a {@code --shell} value. */
    static Object shellFor(String name) {
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
            throw new IllegalArgumentException("--shell: no class " + name + " on the class path"
                + " (bin/telnet4j-server adds $CLASSPATH to it)");
        }
        if (!Shell.class.isAssignableFrom(c) && !SessionHandler.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException("--shell: " + name
                + " implements neither org.telnet4j.server.Shell nor SessionHandler");
        }
        try {
            return c.getDeclaredConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("--shell: " + name + " has no public no-argument constructor");
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalArgumentException("--shell: " + name + "'s constructor failed: " + e.getCause());
        } catch (IllegalAccessException | InstantiationException e) {
            throw new IllegalArgumentException("--shell: cannot create " + name + ": " + e.getMessage());
        }
    }
}
