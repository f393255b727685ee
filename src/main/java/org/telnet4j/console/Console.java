package org.telnet4j.console;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.server.DisconnectReason;
import org.telnet4j.server.Session;
import org.telnet4j.server.SessionHandler;
import org.telnet4j.server.TelnetServer;

/**
 * A telnet console inside a running JVM: a {@link TelnetServer} on its own thread whose sessions
 * get the console's line editor, an optional login, and a {@link CommandShell}. It binds to
 * {@code 127.0.0.1} unless told otherwise, and logs a WARN line when it is bound elsewhere with no
 * {@link Authenticator}.
 *
 * <pre>{@code
 * CommandShell shell = new CommandShell()
 *     .add(Command.of("uptime", "", "how long this JVM has run", (out, args) -> out.println(...)));
 * Console console = Console.builder().port(6023).shell(shell).build();
 * console.start();
 * }</pre>
 *
 * <p>Each session runs its login and commands on a thread of its own (virtual on JVMs that have
 * them), while editing and echo stay on the server's event loop.
 */
public final class Console implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    private static final Method OF_VIRTUAL = findVirtual();

    private final Builder b;
    private TelnetServer server;

    private Console(Builder b) {
        this.b = b;
    }

    /** A builder with the defaults: 127.0.0.1, port 6023, no login, a shell with help and exit. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds and starts the console's server on a thread of its own.
     *
     * @return the server (its {@code localAddress()} tells the port when 0 was asked for)
     */
    public synchronized TelnetServer start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        TelnetServer.Builder sb = TelnetServer.builder().host(b.host).port(b.port)
            .idleTimeout(b.idleTimeout).handler(new Handler());
        b.server.accept(sb);
        TelnetServer s = sb.build();
        InetSocketAddress at = s.bind();
        if (exposed(b.host, b.authenticator != null)) {
            LOG.warn("CONSOLE WITHOUT LOGIN on {}:{}: anyone who can reach this address gets the shell; "
                + "bind to 127.0.0.1 or set an authenticator", b.host, at.getPort());
        } else {
            LOG.info("console on {}:{} ({})", b.host, at.getPort(),
                b.authenticator == null ? "no login, loopback only" : "login required");
        }
        s.start();
        server = s;
        return s;
    }

    /** The running server, or null before {@link #start}. */
    public synchronized TelnetServer server() {
        return server;
    }

    /**
     * Prints text to every console session, above the line each user is typing (log lines,
     * alerts). Thread-safe.
     */
    public void broadcast(String text) {
        TelnetServer s = server();
        if (s == null) {
            return;
        }
        s.loop().execute(() -> {
            for (Session session : s.sessions()) {
                ConsoleSession c = ConsoleSession.of(session);
                if (c != null) {
                    c.print(text);
                }
            }
        });
    }

    /** Stops the server and closes every session. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
        }
    }

    /** True if a console on {@code host} is reachable from other machines with no login. */
    static boolean exposed(String host, boolean hasLogin) {
        return !hasLogin && !isLoopback(host);
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /** The client's IP address without its port: what failed logins are counted by. */
    static String address(Session session) {
        SocketAddress a = session.connection().remoteAddress();
        if (a instanceof InetSocketAddress i && i.getAddress() != null) {
            return i.getAddress().getHostAddress();
        }
        return String.valueOf(a);
    }

    private final class Handler implements SessionHandler {
        @Override
        public void onConnect(Session session) {
            // The console edits and echoes (character mode, RFC 857/858) whatever the client is:
            // a password must never be echoed by the client itself.
            session.setEcho(true);
            session.setSuppressGoAhead(true);
            ConsoleSession c = ConsoleSession.attach(session, b.maxLine, ConsoleEditor.DEFAULT_MAX_TYPEAHEAD,
                ConsoleSession.DEFAULT_ESCAPE_TIMEOUT_MS);
            c.editor().setHistory(b.history != null ? b.history : History.inMemory(b.historySize));
            if (b.authenticator != null && b.guard.isLocked(address(session))) {
                LOG.info("{} console connection refused: address locked out after failed logins",
                    session.addrport());
                session.send("Too many failed logins from your address; try again later.\n");
                session.close();
                return;
            }
            ConsoleIO io = new ConsoleIO(c);
            startThread("telnet4j-console-" + session.addrport(), () -> run(io));
        }

        @Override
        public void onLine(Session session, String line) {
            ConsoleSession c = ConsoleSession.of(session);
            if (c != null) { // typed before the console took over the input
                c.editor().feed(line + "\r");
            }
        }

        @Override
        public void onWindowSize(Session session, int columns, int rows) {
            ConsoleSession.windowChanged(session);
        }

        @Override
        public void onCommand(Session session, int command) {
            ConsoleSession.command(session, command);
        }

        @Override
        public void onDisconnect(Session session, DisconnectReason reason) {
            ConsoleSession.closed(session);
        }
    }

    private void run(ConsoleIO io) {
        try {
            String user = null;
            if (b.authenticator != null) {
                user = new Login(b.authenticator, b.guard, b.attempts).run(io);
                if (user == null) {
                    return;
                }
            }
            b.shell.run(io, user);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("{} console failed", io.session().addrport(), e);
        } finally {
            io.close();
        }
    }

    private static Method findVirtual() {
        try {
            return Thread.class.getMethod("ofVirtual");
        } catch (NoSuchMethodException e) {
            return null; // Java 17-20
        }
    }

    private static void startThread(String name, Runnable task) {
        if (OF_VIRTUAL != null) {
            try {
                Object builder = OF_VIRTUAL.invoke(null);
                Method named = builder.getClass().getMethod("name", String.class);
                named.setAccessible(true);
                builder = named.invoke(builder, name);
                Method start = builder.getClass().getMethod("start", Runnable.class);
                start.setAccessible(true);
                start.invoke(builder, task);
                return;
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("no virtual thread, using a platform thread: {}", e.toString());
            }
        }
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    /** Settings for a {@link Console}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 6023;
        private CommandShell shell = new CommandShell();
        private Authenticator authenticator;
        private LoginGuard guard = new LoginGuard();
        private int attempts = 3;
        private History history;
        private int historySize = 500;
        private int maxLine = ConsoleEditor.DEFAULT_MAX_LINE;
        private Duration idleTimeout = Duration.ofMinutes(30);
        private Consumer<TelnetServer.Builder> server = s -> { };

        private Builder() {
        }

        /** Address to bind; default {@code 127.0.0.1}. Elsewhere without a login logs a WARN line. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port; default 6023; 0 picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The commands. */
        public Builder shell(CommandShell shell) {
            this.shell = Objects.requireNonNull(shell, "shell");
            return this;
        }

        /** Asks for a user and password before the shell; null (the default) for no login. */
        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = authenticator;
            return this;
        }

        /** Failed-login delays and lock-outs; default {@link LoginGuard#LoginGuard()}. */
        public Builder loginGuard(LoginGuard guard) {
            this.guard = Objects.requireNonNull(guard, "guard");
            return this;
        }

        /** Login attempts on one connection before it is closed; default 3. */
        public Builder loginAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("loginAttempts must be at least 1, was " + attempts);
            }
            this.attempts = attempts;
            return this;
        }

        /** One history for every session (thread-safe, the application's); default one per session. */
        public Builder history(History history) {
            this.history = history;
            return this;
        }

        /** Lines a per-session history keeps; default 500. */
        public Builder historySize(int lines) {
            if (lines < 1) {
                throw new IllegalArgumentException("historySize must be at least 1, was " + lines);
            }
            this.historySize = lines;
            return this;
        }

        /** Longest line a user may type; default {@link ConsoleEditor#DEFAULT_MAX_LINE}. */
        public Builder maxLineLength(int chars) {
            if (chars < 1) {
                throw new IllegalArgumentException("maxLineLength must be at least 1, was " + chars);
            }
            this.maxLine = chars;
            return this;
        }

        /** Idle sessions are closed after this; default 30 minutes. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Further server settings (connection limits, output cap, encoding...). */
        public Builder server(Consumer<TelnetServer.Builder> settings) {
            this.server = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The console, not yet started. */
        public Console build() {
            return new Console(this);
        }
    }

    /** A name typed by a client, safe for a log line: control characters shown as '?'. */
    static String printable(String s) {
        String t = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return t.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** The login step: user, masked password, delays and lock-outs from the guard. */
    static final class Login {
        private final Authenticator auth;
        private final LoginGuard guard;
        private final int attempts;

        Login(Authenticator auth, LoginGuard guard, int attempts) {
            this.auth = auth;
            this.guard = guard;
            this.attempts = attempts;
        }

        /** The user who logged in, or null (the caller closes the session). */
        String run(ConsoleIO io) throws InterruptedException {
            Session s = io.session();
            String pre = auth.preauthenticated(s);
            if (pre != null) {
                LOG.info("{} console user {} known from the connection", s.addrport(), pre);
                return pre;
            }
            String addr = address(s);
            for (int i = 0; i < attempts; i++) {
                if (guard.isLocked(addr)) {
                    io.println("Too many failed logins from your address; try again later.");
                    return null;
                }
                String user = io.readLine("login: ");
                if (user == null) {
                    return null;
                }
                String pw = io.readPassword("Password: ");
                if (pw == null) {
                    return null;
                }
                char[] p = pw.toCharArray();
                boolean ok;
                try {
                    ok = auth.authenticate(user.strip(), p);
                } finally {
                    Arrays.fill(p, '\0');
                }
                if (ok) {
                    guard.succeeded(addr);
                    LOG.info("{} console login as {}", s.addrport(), printable(user.strip()));
                    return user.strip();
                }
                Duration d = guard.failed(addr);
                LOG.info("{} console login failed for user '{}'", s.addrport(), printable(user.strip()));
                // The delay is spent on this session's own thread: other sessions go on.
                Thread.sleep(d.toMillis());
                io.println("Login incorrect");
            }
            io.println("Too many attempts.");
            return null;
        }
    }
}
