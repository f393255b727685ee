package org.telnet4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.exec.ExecTerminalProvider;
import org.jline.terminal.spi.SystemStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.charset.LocaleCharset;
import org.telnet4j.charset.RetroKeys;
import org.telnet4j.client.ClientConfig;
import org.telnet4j.client.ClientHandler;
import org.telnet4j.client.ClientSession;
import org.telnet4j.client.ClientShell;
import org.telnet4j.client.ClientShellHandler;
import org.telnet4j.client.TelnetClient;
import org.telnet4j.loop.CloseReason;
import org.telnet4j.loop.EventLoop;
import org.telnet4j.protocol.NegotiationEvent;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/telnet4j-client}: a telnet client for people. On a terminal it is a line editor with
 * history and a split screen, or a raw terminal when the server takes over echo (and from the
 * start with an ATASCII or PETSCII {@code --encoding}, typing and showing as those machines do;
 * see {@link org.telnet4j.charset.RetroKeys}); with standard
 * input from a pipe it sends the lines and prints what comes back; with {@code --shell} a
 * {@link ClientShell} class talks to the server.
 */
@Command(name = "telnet4j-client", mixinStandardHelpOptions = true, version = "telnet4j 0.1.0",
    description = {"Connects to a telnet server. Ctrl-] quits.",
        "On a terminal: a line editor (history, suggestions, masked passwords), or raw mode when "
            + "the server echoes (from the start with --encoding atascii or petscii, keys mapped "
            + "to that machine's). From a pipe: sends standard input's lines, prints what arrives."},
    sortOptions = false)
public final class ClientMain implements Callable<Integer> {
    /** The version announced in GMCP Core.Hello. */
    static final String VERSION = "0.1.0";

    private static final Logger LOG = LoggerFactory.getLogger(ClientMain.class);

    @Parameters(index = "0", paramLabel = "HOST", description = "server host name or address")
    String host;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PORT", defaultValue = "23",
        description = "port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--raw-mode", description = "raw terminal from the start: every key sent as typed "
        + "(default: only when the server negotiates ECHO and SGA)")
    boolean rawMode;

    @Option(names = "--no-repl", description = "no line editor: read plain lines from standard input, "
        + "local echo left to the terminal")
    boolean noRepl;

    @Option(names = "--history-file", paramLabel = "PATH",
        description = "line-editor history (default: $XDG_DATA_HOME/telnet4j/history, else "
            + "~/.local/share/telnet4j/history; \"\" keeps it in memory)")
    String historyFile;

    @Option(names = "--encoding", paramLabel = "NAME",
        description = "text encoding until the server negotiates one (default: the locale's, else "
            + "UTF-8); atascii and petscii also mean raw mode, with keys sent and output shown as "
            + "on those machines")
    String encoding;

    @Option(names = "--term", paramLabel = "TYPE", description = "terminal type to announce (default: $TERM, else xterm)")
    String term;

    @Option(names = "--speed", paramLabel = "BPS", description = "terminal speed to announce (TSPEED; default: 38400)")
    Integer speed;

    @Option(names = "--send-environ", paramLabel = "NAME", split = ",",
        description = "environment variables the server may read (NEW-ENVIRON; default: TERM,LANG,COLUMNS,LINES,COLORTERM)")
    List<String> sendEnviron;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
        description = "give up connecting after this long (default: ${DEFAULT-VALUE})")
    double connectTimeout;

    @Option(names = "--linger", paramLabel = "SECONDS", defaultValue = "2",
        description = "from a pipe: after standard input ends, close once the server has been quiet "
            + "this long (default: ${DEFAULT-VALUE})")
    double linger;

    @Option(names = "--typescript", paramLabel = "FILE", description = "append everything received, as text, to FILE")
    Path typescript;

    @Option(names = "--shell", paramLabel = "CLASS",
        description = "run a scripted session: a class implementing org.telnet4j.client.ClientShell")
    String shell;

    @Option(names = "--loglevel", paramLabel = "LEVEL", defaultValue = "warn",
        description = "trace (hex-dumps all traffic), debug, info, warn or error (default: ${DEFAULT-VALUE})")
    String loglevel;

    @Option(names = "--logfile", paramLabel = "PATH", description = "log to this file instead of standard error")
    String logfile;

    @Option(names = "--send-proxy", paramLabel = "VERSION", arity = "0..1", fallbackValue = "1",
        description = "send a PROXY protocol header first (version 1 or 2; default 1), for a server "
            + "or balancer that expects one")
    Integer sendProxy;

    @Option(names = "--ssl", description = "connect with TLS (telnets); the server's certificate is "
        + "checked against the system's trust store (or --ssl-cafile) and must name HOST")
    boolean ssl;

    @Option(names = "--ssl-cafile", paramLabel = "FILE", description = "trust the CA certificates in "
        + "this PEM file instead of the system's (implies --ssl)")
    String sslCafile;

    @Option(names = "--ssl-no-verify", description = "do not check the server's certificate at all "
        + "(implies --ssl; anyone between you and the server can read and change the session)")
    boolean sslNoVerify;

    // ---- telnetlib3 parity (issue 16 item 4): negotiation, encoding, retro keys, files ----
    @Option(names = "--always-do", paramLabel = "OPTION", split = ",",
        description = "send DO at connect and agree to the server's WILL for these options: names "
            + "(GMCP, NAWS, new-environ) or numbers 0..255; repeatable, or a comma list")
    List<String> alwaysDo = new java.util.ArrayList<>();

    @Option(names = "--always-dont", paramLabel = "OPTION", split = ",",
        description = "refuse the server's WILL with DONT for these, even options the client supports")
    List<String> alwaysDont = new java.util.ArrayList<>();

    @Option(names = "--always-will", paramLabel = "OPTION", split = ",",
        description = "send WILL at connect and agree to the server's DO for these")
    List<String> alwaysWill = new java.util.ArrayList<>();

    @Option(names = "--always-wont", paramLabel = "OPTION", split = ",",
        description = "refuse the server's DO with WONT for these, even options the client supports")
    List<String> alwaysWont = new java.util.ArrayList<>();

    @Option(names = "--force-binary",
        description = "ask for BINARY both ways at connect (RFC 856), whatever the encoding")
    boolean forceBinary;

    @Option(names = "--compression", negatable = true,
        description = "accept MCCP2 and MCCP3 (the server compresses, and so do we when it asks); "
            + "--no-compression refuses both (default: MCCP2 accepted, MCCP3 refused)")
    Boolean compression;

    @Option(names = "--connect-minwait", paramLabel = "SECONDS", defaultValue = "0",
        description = "wait at least this long after connecting before input is sent or the "
            + "--shell starts (default: ${DEFAULT-VALUE})")
    double connectMinwait;

    @Option(names = "--connect-maxwait", paramLabel = "SECONDS", defaultValue = "4",
        description = "wait at most this long for the server to answer our requests (WILL, DO) "
            + "before input is sent or the --shell starts (default: ${DEFAULT-VALUE})")
    double connectMaxwait;

    @Option(names = "--encoding-errors", paramLabel = "MODE", defaultValue = "replace",
        description = "received bytes that are not text in the encoding: replace (shown as "
            + "U+FFFD), ignore (dropped) or strict (the connection is closed, saying why) "
            + "(default: ${DEFAULT-VALUE})")
    String encodingErrors;

    @Option(names = "--gmcp-modules", paramLabel = "LIST", defaultValue = "Char 1,Room 1,Comm 1",
        description = "GMCP packages announced in Core.Supports.Set when the server offers GMCP, "
            + "comma-separated (default: ${DEFAULT-VALUE})")
    String gmcpModules;

    @Option(names = "--ansi-keys",
        description = "with --encoding atascii or petscii: arrow, function and editing keys go "
            + "out as ANSI escape sequences instead of the machine's key codes")
    boolean ansiKeys;

    @Option(names = "--ascii-eol",
        description = "with --encoding atascii: bytes 0x0D and 0x0A are CR and LF (shown as such, "
            + "and Enter sends CR) instead of graphics, with EOL 0x9B")
    boolean asciiEol;

    @Option(names = "--typescript-mode", paramLabel = "MODE", defaultValue = "append",
        description = "append to the --typescript file or rewrite it (default: ${DEFAULT-VALUE})")
    String typescriptMode;

    @Option(names = "--logfile-mode", paramLabel = "MODE", defaultValue = "append",
        description = "append to the --logfile or rewrite it (default: ${DEFAULT-VALUE})")
    String logfileMode;

    @Option(names = "--logfmt", paramLabel = "FORMAT",
        description = "log line format: Python logging's, as telnetlib3 takes it, or a logback "
            + "pattern (default: '%%d{HH:mm:ss.SSS} %%-5level %%logger{0} - %%msg%%n')")
    String logfmt;

    @Option(names = "--line-mode",
        description = "always edit lines here and echo them locally: the server's WILL ECHO is "
            + "refused, so the client never goes raw (excludes --raw-mode)")
    boolean lineMode;
    // ---- end of telnetlib3 parity options ----

    private final PrintStream err = System.err;
    private javax.net.ssl.SSLContext tlsContext;
    private final CountDownLatch closed = new CountDownLatch(1);
    private Typescript record;

    /** Entry point. */
    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new ClientMain());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) { // a bad flag value: say which, no trace
                cmd.getErr().println("telnet4j-client: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (port < 1 || port > 65535) {
            return usage("PORT must be 1..65535, was " + port);
        }
        if (!(connectTimeout > 0) || !(linger >= 0)) {
            return usage("--connect-timeout must be positive and --linger not negative");
        }
        if (rawMode && noRepl) {
            return usage("--raw-mode and --no-repl exclude each other");
        }
        if (rawMode && lineMode) {
            return usage("--raw-mode and --line-mode exclude each other");
        }
        if (!(connectMinwait >= 0) || !(connectMaxwait >= 0)) {
            return usage("--connect-minwait and --connect-maxwait must not be negative");
        }
        boolean typescriptAppend = appendMode("--typescript-mode", typescriptMode);
        boolean logAppend = appendMode("--logfile-mode", logfileMode);
        java.nio.charset.CodingErrorAction onError = errorAction(encodingErrors);
        Logging.configure(loglevel, logfile, logfmt, logAppend);
        javax.net.ssl.SSLContext tls = null;
        if (ssl || sslCafile != null || sslNoVerify) {
            try {
                tls = org.telnet4j.tls.TlsFiles.clientContext(sslCafile == null ? null : java.nio.file.Path.of(sslCafile),
                    sslNoVerify);
            } catch (org.telnet4j.tls.TlsFileException e) {
                err.println("telnet4j-client: " + e.getMessage());
                return 1;
            }
            if (sslNoVerify) {
                String warn = "WARNING: --ssl-no-verify: the server's certificate is not checked; anyone "
                    + "between you and " + host + " can read and change this session";
                org.slf4j.LoggerFactory.getLogger(ClientMain.class).warn(warn); // stderr, without --logfile
                if (logfile != null) {
                    err.println("telnet4j-client: " + warn); // and the terminal, whatever the log says
                }
            }
        }
        this.tlsContext = tls;
        Charset enc = encoding == null ? null : Charsets.forName(encoding);
        ClientShell script = shell == null ? null : loadShell(shell);

        // The line editor cannot edit as an Atari or a Commodore does (their own backspace,
        // cursor keys and return): with their charsets every key goes to the server, mapped.
        boolean retro = RetroKeys.isMapped(enc);
        Terminal terminal = null;
        boolean pipe = false;
        if (script == null) {
            ExecTerminalProvider tty = new ExecTerminalProvider();
            if (!tty.isSystemStream(SystemStream.Input)) {
                pipe = true;
            } else if (noRepl || !tty.isSystemStream(SystemStream.Output)) {
                pipe = true; // plain line reading; the terminal echoes
            } else {
                terminal = TerminalBuilder.builder().system(true).provider("exec").name("telnet4j").build();
            }
        }
        try {
            if (typescript != null) {
                record = Typescript.open(typescript, host + " " + port, typescriptAppend);
            }
            ClientConfig config = config(enc, terminal, pipe, onError);
            EventLoop loop = new EventLoop();
            loop.start("telnet4j-client");
            try {
                if (script != null) {
                    return runShell(loop, config, script);
                } else if (terminal != null) {
                    return runTerminal(loop, config, terminal, rawMode || retro);
                } else {
                    return runPipe(loop, config);
                }
            } finally {
                loop.shutdown(2000);
            }
        } finally {
            if (record != null) {
                record.close();
            }
            if (terminal != null) {
                terminal.close();
            }
        }
    }

    private int usage(String message) {
        err.println("telnet4j-client: " + message);
        return 2;
    }

    /** True for "append", false for "rewrite"; anything else is a bad value. */
    static boolean appendMode(String flag, String mode) {
        switch (mode.toLowerCase(java.util.Locale.ROOT)) {
            case "append":
                return true;
            case "rewrite":
                return false;
            default:
                throw new IllegalArgumentException(flag + " must be append or rewrite, was '" + mode + "'");
        }
    }

    /** {@code --encoding-errors}: replace, ignore or strict. */
    static java.nio.charset.CodingErrorAction errorAction(String mode) {
        switch (mode.toLowerCase(java.util.Locale.ROOT)) {
            case "replace":
                return java.nio.charset.CodingErrorAction.REPLACE;
            case "ignore":
                return java.nio.charset.CodingErrorAction.IGNORE;
            case "strict":
                return java.nio.charset.CodingErrorAction.REPORT;
            default:
                throw new IllegalArgumentException("--encoding-errors must be replace, ignore or strict, was '"
                    + mode + "'");
        }
    }

    /** Option numbers for the names or numbers of an {@code --always-*} flag. */
    static int[] options(String flag, List<String> names) {
        int[] out = new int[names.size()];
        int n = 0;
        for (String name : names) {
            if (name.isBlank()) {
                continue;
            }
            try {
                out[n++] = TelnetOption.byName(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(flag + ": unknown telnet option '" + name.trim()
                    + "' (a name such as GMCP or NAWS, or a number 0..255)");
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Fails when one option is both wanted and refused on the same side. */
    private static void exclusive(String yes, int[] want, String no, int[] refuse) {
        for (int a : want) {
            for (int b : refuse) {
                if (a == b) {
                    throw new IllegalArgumentException(yes + " and " + no + " both name "
                        + TelnetOption.name(a));
                }
            }
        }
    }

    /**
     * The telnetlib3-parity settings: the {@code --always-*} lists, BINARY, MCCP, GMCP packages,
     * line mode and strict decoding.
     */
    private void parity(ClientConfig.Builder b, java.nio.charset.CodingErrorAction onError) {
        int[] doOpts = options("--always-do", alwaysDo);
        int[] dontOpts = options("--always-dont", alwaysDont);
        int[] willOpts = options("--always-will", alwaysWill);
        int[] wontOpts = options("--always-wont", alwaysWont);
        exclusive("--always-do", doOpts, "--always-dont", dontOpts);
        exclusive("--always-will", willOpts, "--always-wont", wontOpts);
        if (lineMode) {
            exclusive("--always-do", doOpts, "--line-mode (which refuses)", new int[] {TelnetOption.ECHO});
            b.neverDo(TelnetOption.ECHO); // the server must not echo: lines are edited here
        }
        if (forceBinary) {
            exclusive("--force-binary (BINARY)", new int[] {TelnetOption.BINARY}, "--always-dont",
                dontOpts);
            exclusive("--force-binary (BINARY)", new int[] {TelnetOption.BINARY}, "--always-wont",
                wontOpts);
            b.offerWill(TelnetOption.BINARY).offerDo(TelnetOption.BINARY);
        }
        if (Boolean.TRUE.equals(compression)) {
            b.compressOutput(true).alwaysDo(TelnetOption.MCCP2);
        } else if (Boolean.FALSE.equals(compression)) {
            b.neverDo(TelnetOption.MCCP2, TelnetOption.MCCP3);
        }
        List<String> modules = new java.util.ArrayList<>();
        for (String m : gmcpModules.split(",")) {
            if (!m.isBlank()) {
                modules.add(m.trim());
            }
        }
        // MUD servers that offer GMCP get the usual introduction (Core.Hello, Core.Supports.Set).
        b.gmcp("telnet4j", VERSION, modules.toArray(new String[0]));
        b.offerDo(doOpts).neverDo(dontOpts).offerWill(willOpts).neverWill(wontOpts);
        b.decodeErrors(onError);
    }

    /**
     * {@code --connect-minwait}/{@code --connect-maxwait}: returns once at least the minimum has
     * passed since connecting and no request of ours awaits an answer, or once the maximum has
     * passed (or the connection closed), whichever is first.
     */
    private void settle(EventLoop loop, ClientSession s) throws InterruptedException {
        if (!(connectMinwait > 0) && alwaysDo.isEmpty() && alwaysWill.isEmpty() && !forceBinary) {
            // No minimum and no requests of our own at connect (only --always-do, --always-will
            // and --force-binary make them): nothing to wait for, start as before.
            return;
        }
        long start = System.nanoTime();
        long min = start + Math.round(connectMinwait * 1e9);
        long max = start + Math.round(Math.max(connectMinwait, connectMaxwait) * 1e9);
        while (closed.getCount() > 0) {
            long now = System.nanoTime();
            boolean pending = negotiating(loop, s);
            if (now - max >= 0) {
                if (pending) {
                    LOG.info("negotiation still unsettled after --connect-maxwait {} s: going on", connectMaxwait);
                }
                return;
            }
            if (now - min >= 0 && !pending) {
                return;
            }
            // Woken at once if the connection closes; otherwise look again in 20 ms.
            closed.await(Math.min(20_000_000L, (now - min < 0 ? min : max) - now), TimeUnit.NANOSECONDS);
        }
    }

    /** Asks the loop whether a request of ours awaits the server's answer. */
    private static boolean negotiating(EventLoop loop, ClientSession s) throws InterruptedException {
        java.util.concurrent.CompletableFuture<Boolean> f = new java.util.concurrent.CompletableFuture<>();
        try {
            loop.execute(() -> f.complete(s.isNegotiating()));
            return f.get(1, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException
                 | java.util.concurrent.RejectedExecutionException e) {
            return false; // the loop is gone or wedged: nothing to wait for
        }
    }

    private ClientConfig config(Charset enc, Terminal terminal, boolean pipe,
            java.nio.charset.CodingErrorAction onError) {
        ClientConfig.Builder b = ClientConfig.builder();
        if (enc != null) {
            b.encoding(enc);
        }
        String type = term;
        if (type == null || type.isEmpty()) {
            type = System.getenv("TERM");
        }
        if (type == null || type.isEmpty()) {
            type = "xterm";
        }
        b.terminalType(type);
        if (speed != null) {
            if (speed <= 0) {
                throw new IllegalArgumentException("--speed must be positive, was " + speed);
            }
            b.terminalSpeed(speed, speed);
        }
        if (terminal != null) {
            b.windowSize(Math.max(0, terminal.getWidth()), Math.max(0, terminal.getHeight()));
        }
        Set<String> allow = new LinkedHashSet<>(sendEnviron != null ? sendEnviron : ClientConfig.DEFAULT_ENVIRON);
        allow.removeIf(String::isBlank);
        String lang = System.getenv("LANG");
        Charset langCharset = lang == null ? null : LocaleCharset.fromLocale(lang);
        if (enc != null && langCharset != null && !langCharset.equals(enc)) {
            // A server may take its charset from LANG's codeset (telnet4j's does): disclose
            // nothing that contradicts --encoding.
            allow.remove("LANG");
        }
        b.environAllowList(allow);
        for (String name : allow) {
            String v = System.getenv(name);
            if (name.equals("TERM")) {
                v = type; // what we announce, so TTYPE and the environment agree
            } else if (v == null && terminal != null && name.equals("COLUMNS")) {
                v = String.valueOf(terminal.getWidth());
            } else if (v == null && terminal != null && name.equals("LINES")) {
                v = String.valueOf(terminal.getHeight());
            }
            if (v != null) {
                b.environ(name, v);
            }
        }
        b.connectTimeout(Duration.ofMillis(Math.round(connectTimeout * 1000)));
        if (sendProxy != null) {
            if (sendProxy != 1 && sendProxy != 2) {
                throw new IllegalArgumentException("--send-proxy must be 1 or 2, was " + sendProxy);
            }
            b.sendProxyHeader(sendProxy);
        }
        if (pipe) {
            b.neverDo(TelnetOption.ECHO); // nobody types: the server must not echo our input back
        }
        parity(b, onError); // after the defaults above: the user's flags win
        if (tlsContext != null) {
            b.tls(tlsContext).tlsVerifyHostname(!sslNoVerify);
        }
        return b.build();
    }

    private ClientSession connect(EventLoop loop, ClientConfig config, ClientHandler handler) {
        try {
            return TelnetClient.connect(loop, host, port, config, handler).get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            String why = c instanceof java.net.UnknownHostException ? "unknown host"
                : tlsContext != null && !(c instanceof java.net.ConnectException)
                    ? org.telnet4j.tls.TlsErrors.describe(c, host)
                : c.getMessage() != null ? c.getMessage() : c.toString();
            err.println("telnet4j-client: cannot connect to " + host + " port " + port + ": " + why);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Set when the server's input went past a limit; the exit status is then 1. */
    private volatile String inputLimit;

    private int runPipe(EventLoop loop, ClientConfig config) throws InterruptedException {
        PipeClient pipe = new PipeClient(LocaleCharset.get(), linger, closed);
        ClientSession s = connect(loop, config, new Events() {
            @Override
            public void onText(ClientSession session, String text) {
                super.onText(session, text);
                pipe.text(text, session.charset());
            }

            @Override
            public void onDisconnect(ClientSession session, CloseReason reason) {
                pipe.disconnected();
                super.onDisconnect(session, reason);
            }
        });
        if (s == null) {
            return 1;
        }
        err.println("Connected to " + host + " port " + port + ".");
        settle(loop, s);
        int status = pipe.run(s);
        return inputLimit != null ? 1 : status;
    }

    private int runTerminal(EventLoop loop, ClientConfig config, Terminal terminal, boolean raw)
            throws IOException, InterruptedException {
        Path history = historyPath();
        TerminalClient ui = new TerminalClient(terminal, raw, history, closed);
        ui.retroOptions(ansiKeys, asciiEol);
        ui.begin();
        try {
            return runTerminal(loop, config, ui);
        } finally {
            ui.end();
        }
    }

    private int runTerminal(EventLoop loop, ClientConfig config, TerminalClient ui)
            throws IOException, InterruptedException {
        ui.message("Trying " + host + " port " + port + "...");
        ClientSession s = connect(loop, config, new Events() {
            @Override
            public void onConnect(ClientSession session) {
                ui.message("Connected to " + host + ". Escape character is '^]'.");
            }

            @Override
            public void onText(ClientSession session, String text) {
                super.onText(session, text);
                ui.text(session, text);
            }

            @Override
            public void onCommand(ClientSession session, int command) {
                if (command == TelnetCommand.GA || command == TelnetCommand.EOR) {
                    ui.promptMark();
                }
            }

            @Override
            public void onOptionChange(ClientSession session, NegotiationEvent event, Side side, int option) {
                ui.optionsChanged(session);
            }

            @Override
            public void onDisconnect(ClientSession session, CloseReason reason) {
                super.onDisconnect(session, reason);
                ui.disconnected();
            }
        });
        if (s == null) {
            return 1;
        }
        settle(loop, s);
        int status = ui.run(s);
        return inputLimit != null ? 1 : status;
    }

    private Path historyPath() {
        if (historyFile != null) {
            return historyFile.isEmpty() ? null : Path.of(historyFile);
        }
        String data = System.getenv("XDG_DATA_HOME");
        if (data != null && !data.isEmpty()) {
            return Path.of(data, "telnet4j", "history");
        }
        String home = System.getenv("HOME"); // as the shell's ~; the JVM's user.home ignores it
        if (home == null || home.isEmpty()) {
            home = System.getProperty("user.home");
        }
        return Path.of(home, ".local", "share", "telnet4j", "history");
    }

    private int runShell(EventLoop loop, ClientConfig config, ClientShell script) throws InterruptedException {
        ClientShellHandler handler = new ClientShellHandler(new Events());
        ClientSession s = connect(loop, config, handler);
        if (s == null) {
            return 1;
        }
        settle(loop, s);
        int status = 0;
        try {
            handler.run(s, script);
        } catch (Exception e) {
            err.println("telnet4j-client: " + shell + " failed: " + e);
            LOG.debug("shell failed", e);
            status = 1;
        }
        if (!closed.await(5, TimeUnit.SECONDS)) {
            LOG.warn("the connection did not close within 5 s");
        }
        return status;
    }

    /** The shell for a {@code --shell} value. */
    static ClientShell loadShell(String name) throws ReflectiveOperationException {
        Class<?> c;
        try {
            c = Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("--shell: no class " + name + " on the class path");
        }
        if (!ClientShell.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException("--shell: " + name + " does not implement "
                + ClientShell.class.getName());
        }
        return (ClientShell) c.getDeclaredConstructor().newInstance();
    }

    /** What every mode does with events: record the typescript, note the end. */
    private class Events implements ClientHandler {
        @Override
        public void onText(ClientSession session, String text) {
            if (record != null) {
                record.text(text);
            }
        }

        @Override
        public void onDisconnect(ClientSession session, CloseReason reason) {
            LOG.debug("disconnected: {}", reason);
            if (reason == CloseReason.INPUT_LIMIT) {
                // A decompression bomb, say: tell the user why the session ended, exit non-zero.
                inputLimit = session.limitMessage();
                err.println("telnet4j-client: connection closed: the server's " + inputLimit);
            }
            closed.countDown();
        }
    }
}
