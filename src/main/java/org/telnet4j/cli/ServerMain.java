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

    @Option(names = "--loglevel", paramLabel = "LEVEL", defaultValue = "info",
        description = "trace (hex-dumps all traffic), debug, info, warn or error (default: ${DEFAULT-VALUE})")
    String loglevel;

    @Option(names = "--logfile", paramLabel = "PATH", description = "log to this file instead of stderr")
    String logfile;

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

    /** The program's arguments: everything after the first {@code --}. */
    java.util.List<String> ptyArgs = java.util.List.of();

    /** Entry point. */
    public static void main(String[] args) {
        ServerMain m = new ServerMain();
        System.exit(new CommandLine(m).execute(m.takePtyArgs(args)));
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
        Logging.configure(loglevel, logfile);
        if (timeout < 0 || connectMaxwait < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                "--timeout and --connect-maxwait must not be negative");
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
        TelnetServer server = b.build();
        server.bind();
        LOG.info("Server ready on {}:{} (shell: {})", host, server.localAddress().getPort(), shell);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down");
            server.shutdown(Duration.ofSeconds(3));
            done.countDown();
        }, "telnet4j-shutdown"));
        server.start();
        done.await();
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
