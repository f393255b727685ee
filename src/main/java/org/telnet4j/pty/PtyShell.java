package org.telnet4j.pty;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.server.DisconnectReason;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.server.Session;
import org.telnet4j.server.SessionHandler;

/**
 * Runs a program in a pseudo-terminal for each client, as {@code telnetlib3-server --pty-exec}
 * does: a shell, a game, any text program, put on the network.
 *
 * <pre>{@code
 * TelnetServer.builder()
 *     .handler(PtyShell.of("/bin/bash", List.of("--login"), Map.of()))
 *     .build().start();
 * }</pre>
 *
 * <p>What the client's session becomes for the program:
 * <ul>
 * <li>its terminal type is {@code TERM} ({@link TerminalNames} maps names terminfo lacks), its
 *     window size (NAWS) the terminal's size, at the start and at every change (the program gets
 *     SIGWINCH; a dimension of 0 becomes 80 columns or 24 rows, one above 1000 becomes 1000), its
 *     charset {@code LANG}; the rest of the environment is built from nothing: {@code TERM},
 *     {@code LANG}, {@code HOME}, {@code USER}, {@code LOGNAME}, {@code PATH} ({@value #DEFAULT_PATH}),
 *     then the server variables named with {@link Builder#passEnvironment}, then
 *     {@link Builder#environment};</li>
 * <li>by default the client is put in character mode (WILL ECHO, WILL SGA): every key goes to
 *     the program at once and the terminal, not the server, echoes; with
 *     {@link Builder#lineMode} the client edits and echoes lines itself and the terminal keeps
 *     its canonical editing with its echo off, for line programs such as {@code bc};</li>
 * <li>telnet commands become the terminal's keys, as {@code stty} has them set: IAC IP and BRK
 *     interrupt, SUSP suspends, EOF ends input, ABORT quits; IAC AO drops output read from the
 *     program and not yet sent; Enter (CR LF, CR NUL, CR) arrives as CR.</li>
 * </ul>
 *
 * <p>Output is read only as fast as the client takes it: when the client's output queue is
 * full, the terminal is not read and the program blocks in its writes. When the
 * program exits, its status is logged and the session closes once the last output is delivered.
 * When the client goes first, the program's process group gets SIGHUP, then SIGTERM and SIGKILL
 * {@link Builder#hangupGrace} apart. A program that cannot be started (missing, not executable,
 * or beyond {@link Builder#forkLimit}) gets the client a one-line message and a closed
 * connection, and the server a log line; other sessions go on.
 *
 * <p>Needs {@code org.jetbrains.pty4j:pty4j} on the class path (an optional dependency of
 * telnet4j; nothing of it loads until a program starts) and Linux.
 */
public final class PtyShell implements SessionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PtyShell.class);
    private static final String KEY = PtyShell.class.getName();

    private final String program;
    private final List<String> args;
    private final Map<String, String> environment;
    private final List<String> passed;
    private final boolean lineMode;
    private final int forkLimit;
    private final Duration grace;
    private final TerminalNames terminals;
    private final AtomicInteger running = new AtomicInteger();

    private PtyShell(Builder b) {
        this.program = b.program;
        this.args = List.copyOf(b.args);
        this.environment = Map.copyOf(b.environment);
        this.passed = List.copyOf(b.passed);
        this.lineMode = b.lineMode;
        this.forkLimit = b.forkLimit;
        this.grace = b.grace;
        this.terminals = b.terminals;
    }

    /**
     * A shell that runs {@code program} with {@code args}, in character mode, with
     * {@code environment} added to the minimal one; see {@link #builder} for the rest.
     */
    public static PtyShell of(String program, List<String> args, Map<String, String> environment) {
        return builder(program).args(args).environment(environment).build();
    }

    /** A builder for a shell that runs {@code program} (a path, or a name looked up in PATH). */
    public static Builder builder(String program) {
        return new Builder(program);
    }

    /** Programs running now. */
    public int running() {
        return running.get();
    }

    /** The PATH a program gets unless the server's is passed through: {@value}. */
    public static final String DEFAULT_PATH = ProgramEnvironment.DEFAULT_PATH;

    /**
     * Why {@code program} cannot be run with {@code path} as PATH ("no such file", "not
     * executable", ...), or null if it can.
     */
    public static String cannotRun(String program, String path) {
        Path p = resolve(program, path);
        if (p == null) {
            return program.contains("/") ? "no such file" : "not found in " + path;
        }
        if (Files.isDirectory(p)) {
            return "is a directory";
        }
        if (!Files.isExecutable(p)) {
            return "not executable";
        }
        return null;
    }

    /** The file {@code program} names: itself if it has a slash, else the first match in PATH. */
    static Path resolve(String program, String path) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.exists(p) ? p : null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public void onConnect(Session session) {
        if (forkLimit > 0 && running.get() >= forkLimit) {
            LOG.warn("{} refused: {} programs running, the limit (pty fork limit)", session.addrport(), forkLimit);
            refuse(session, "The server is busy: " + forkLimit
                + " programs are running, as many as it allows. Try again later.");
            return;
        }
        String term = terminals.termFor(session.terminalType());
        Map<String, String> env = ProgramEnvironment.build(term, session.charset(), passed, System::getenv,
            environment);
        String path = env.get("PATH");
        String why = cannotRun(program, path);
        if (why != null) {
            LOG.error("{} cannot run {}: {}", session.addrport(), program, why);
            refuse(session, "Cannot run " + program + ": " + why + ".");
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(resolve(program, path).toString());
        command.addAll(args);
        if (lineMode) {
            session.setEcho(false);
        } else {
            session.setEcho(true);
            session.setSuppressGoAhead(true);
        }
        if (WindowSize.clamped(session.columns(), session.rows())) {
            LOG.info("{} window {}x{} outside 1..{}: using {}", session.addrport(), session.columns(),
                session.rows(), WindowSize.MAX, WindowSize.clamp(session.columns(), session.rows()));
        }
        String home = env.get("HOME");
        String dir = home != null && Files.isDirectory(Path.of(home)) ? home : "/";
        running.incrementAndGet();
        HostedProgram h;
        try {
            h = HostedProgram.start(session, command, env, dir,
                WindowSize.clamp(session.columns(), session.rows()), lineMode, grace, running::decrementAndGet);
        } catch (java.io.IOException | RuntimeException | LinkageError e) {
            running.decrementAndGet();
            LOG.error("{} cannot run {}: {}", session.addrport(), program, e.toString());
            refuse(session, "Cannot run " + program + ": " + e.getMessage() + ".");
            return;
        }
        session.setAttribute(KEY, h);
        session.setRawInput((s, buf, off, len) -> h.input(buf, off, len));
    }

    private static void refuse(Session session, String message) {
        session.send(message + "\n");
        session.close();
    }

    private static HostedProgram program(Session session) {
        return (HostedProgram) session.getAttribute(KEY);
    }

    /** Lines typed while negotiating, before the program started: they go to it, with Enter. */
    @Override
    public void onLine(Session session, String line) {
        HostedProgram h = program(session);
        if (h != null) {
            byte[] b = (line + "\r").getBytes(session.charset());
            h.input(b, 0, b.length);
        }
    }

    @Override
    public void onWindowSize(Session session, int columns, int rows) {
        HostedProgram h = program(session);
        if (h != null) {
            if (WindowSize.clamped(columns, rows)) {
                LOG.info("{} window {}x{} outside 1..{}: using {}", session.addrport(), columns, rows,
                    WindowSize.MAX, WindowSize.clamp(columns, rows));
            }
            h.resize(WindowSize.clamp(columns, rows));
        }
    }

    @Override
    public void onCommand(Session session, int command) {
        HostedProgram h = program(session);
        if (h == null) {
            return;
        }
        if (command == TelnetCommand.AO) {
            h.abortOutput(); // the session has already answered with a Synch (RFC 1123 3.2.4)
            return;
        }
        InputTranslator.Key key = InputTranslator.keyFor(command);
        if (key != null) {
            h.key(key);
        }
    }

    @Override
    public void onDisconnect(Session session, DisconnectReason reason) {
        HostedProgram h = program(session);
        if (h != null) {
            h.clientGone();
        }
    }

    /**
     * Hands on to {@link #onDisconnect(Session, DisconnectReason)}, for a handler written before
     * it that wraps this one and still forwards the deprecated method.
     *
     * @deprecated the server calls {@link #onDisconnect(Session, DisconnectReason)}
     */
    @Deprecated
    @Override
    public void onDisconnect(Session session, org.telnet4j.loop.CloseReason reason) {
        onDisconnect(session, DisconnectReason.of(reason));
    }

    @Override
    public String toString() {
        return "PtyShell[" + program + " " + args + (lineMode ? ", line mode" : "") + "]";
    }

    /** Settings for a {@link PtyShell}. */
    public static final class Builder {
        private final String program;
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> passed = new ArrayList<>();
        private boolean lineMode;
        private int forkLimit;
        private Duration grace = Duration.ofSeconds(2);
        private TerminalNames terminals = TerminalNames.system();

        private Builder(String program) {
            this.program = Objects.requireNonNull(program, "program");
            if (program.isEmpty()) {
                throw new IllegalArgumentException("program must not be empty");
            }
        }

        /** Arguments after the program name. */
        public Builder args(List<String> arguments) {
            args.addAll(arguments);
            return this;
        }

        /** Variables added to the program's environment (they win over the defaults). */
        public Builder environment(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        /** Names of the server's environment variables to pass to the program when set. */
        public Builder passEnvironment(List<String> names) {
            passed.addAll(names);
            return this;
        }

        /**
         * Line mode: the client edits and echoes lines itself (the server does not offer WILL
         * ECHO; build the server with {@code lineMode(true)} so it does not offer SGA either) and
         * the terminal keeps canonical editing with its echo off. Default off: character mode.
         */
        public Builder lineMode(boolean on) {
            lineMode = on;
            return this;
        }

        /** Most programs running at once; 0 (the default) for no limit. */
        public Builder forkLimit(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("forkLimit must not be negative");
            }
            forkLimit = max;
            return this;
        }

        /** Time between SIGHUP, SIGTERM and SIGKILL when the client leaves first; default 2 s. */
        public Builder hangupGrace(Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("hangupGrace must not be negative");
            }
            grace = d;
            return this;
        }

        /** The shell. */
        public PtyShell build() {
            return new PtyShell(this);
        }
    }
}
