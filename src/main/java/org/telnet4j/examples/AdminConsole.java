package org.telnet4j.examples;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.telnet4j.console.Authenticator;
import org.telnet4j.console.Command;
import org.telnet4j.console.CommandException;
import org.telnet4j.console.CommandShell;
import org.telnet4j.console.Console;
import org.telnet4j.console.PasswordFile;
import org.telnet4j.server.TelnetServer;

/**
 * An embedded admin console: a program (here a pretend job processor) exposes commands over
 * telnet on 127.0.0.1 while it goes on with its work. It uses {@link Console}: the line editor
 * (arrows, history, Ctrl-R, Tab), a {@link CommandShell}, and a login when a password file is
 * given.
 *
 * <p>Run: {@code bin/telnet4j-example admin [port] [password-file]} (default port 6025), then
 * {@code telnet localhost 6025} and type {@code help}. Add a user to a password file with
 * {@code bin/telnet4j-example adduser FILE USER}.
 */
public final class AdminConsole {
    /** Log lines kept for {@code tail}. */
    public static final int LOG_LINES = 1000;

    private final Map<String, String> settings = new ConcurrentHashMap<>();
    private final AtomicLong jobsDone;
    private final long started = System.nanoTime();
    private final ArrayDeque<String> log = new ArrayDeque<>();
    private final AtomicBoolean follow = new AtomicBoolean();
    private volatile Console console;

    /** A console over the application's job counter. */
    public AdminConsole(AtomicLong jobsDone) {
        this.jobsDone = jobsDone;
        settings.put("workers", "4");
        settings.put("log.level", "info");
    }

    /** The commands. */
    public CommandShell shell() {
        return new CommandShell()
            .banner("admin console; 'help' lists commands, Tab completes")
            .prompt("admin> ")
            .add(Command.of("uptime", "", "how long the application has run", (out, a) ->
                out.println(Duration.ofNanos(System.nanoTime() - started).truncatedTo(ChronoUnit.SECONDS)
                    .toString().substring(2).toLowerCase())))
            .add(Command.of("jobs", "", "jobs done so far", (out, a) -> out.println(jobsDone.get() + " jobs done")))
            .add(Command.of("memory", "", "heap in use and its limit", (out, a) -> {
                Runtime rt = Runtime.getRuntime();
                out.println((rt.totalMemory() - rt.freeMemory()) / (1024 * 1024) + " MiB used of "
                    + rt.maxMemory() / (1024 * 1024) + " MiB");
            }))
            .add(Command.of("threads", "", "the JVM's threads and their states", (out, a) -> {
                ThreadInfo[] all = ManagementFactory.getThreadMXBean().dumpAllThreads(false, false);
                out.println(all.length + " threads");
                for (ThreadInfo t : all) {
                    out.println(String.format("  %-40s %s", t.getThreadName(), t.getThreadState()));
                }
            }))
            .add(Command.of("get", "[KEY]", "show one setting, or all", (out, a) -> {
                if (a.isEmpty()) {
                    for (Map.Entry<String, String> e : new TreeMap<>(settings).entrySet()) {
                        out.println(e.getKey() + " = " + e.getValue());
                    }
                } else if (settings.containsKey(a.get(0))) {
                    out.println(a.get(0) + " = " + settings.get(a.get(0)));
                } else {
                    throw new CommandException("no setting '" + a.get(0) + "'");
                }
            }).completing((line, cursor) -> keys(line, cursor)))
            .add(Command.of("set", "KEY VALUE", "change a setting", (out, a) -> {
                if (a.size() != 2) {
                    throw new CommandException("usage: set KEY VALUE");
                }
                settings.put(a.get(0), a.get(1));
                log("setting " + a.get(0) + " changed to " + a.get(1));
                out.println("ok");
            }).completing((line, cursor) -> keys(line, cursor)))
            .add(Command.of("tail", "[N]", "the last N log lines (default 10)", (out, a) -> {
                int n;
                try {
                    n = a.isEmpty() ? 10 : Integer.parseInt(a.get(0));
                } catch (NumberFormatException e) {
                    throw new CommandException("N must be a number, was '" + a.get(0) + "'");
                }
                for (String l : lastLog(n)) {
                    out.println(l);
                }
            }))
            .add(Command.of("follow", "on|off", "new log lines shown as they come, above the prompt of every console", (out, a) -> {
                if (a.size() != 1 || !a.get(0).equals("on") && !a.get(0).equals("off")) {
                    throw new CommandException("usage: follow on|off");
                }
                follow.set(a.get(0).equals("on"));
                out.println("follow " + a.get(0));
            }).completing(List.of("on", "off")));
    }

    private List<String> keys(String line, int cursor) {
        String word = line.substring(line.lastIndexOf(' ', cursor - 1) + 1, cursor);
        if (line.substring(0, cursor).trim().split("\\s+").length > 2
                || line.substring(0, cursor).trim().split("\\s+").length == 2 && word.isEmpty()) {
            return List.of(); // only the key completes
        }
        return new TreeMap<>(settings).keySet().stream().filter(k -> k.startsWith(word)).toList();
    }

    /** The application logs a line: kept for {@code tail}, shown to consoles following the log. */
    public void log(String line) {
        String l = LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + line;
        synchronized (log) {
            if (log.size() == LOG_LINES) {
                log.removeFirst();
            }
            log.addLast(l);
        }
        Console c = console;
        if (c != null && follow.get()) {
            c.broadcast(l + "\n");
        }
    }

    private List<String> lastLog(int n) {
        synchronized (log) {
            List<String> all = new ArrayList<>(log);
            return all.subList(Math.max(0, all.size() - Math.max(0, n)), all.size());
        }
    }

    /** Starts the console on {@code port} of 127.0.0.1, on its own thread; a login if {@code auth} is set. */
    public TelnetServer serve(int port, Authenticator auth) throws IOException {
        Console c = Console.builder().port(port).shell(shell()).authenticator(auth).build();
        console = c;
        return c.start();
    }

    /** Starts the console without a login (loopback only). */
    public TelnetServer serve(int port) throws IOException {
        return serve(port, null);
    }

    /** The value of a setting, as the application reads it. */
    public String setting(String key) {
        return settings.get(key);
    }

    /** A pretend application that works while its console is open. */
    public static void main(String[] args) throws Exception {
        String[] portArg = args.length > 1 ? new String[] {args[0]} : args;
        ExampleArgs a = ExampleArgs.parse("telnet4j-example admin",
            "usage: bin/telnet4j-example admin [PORT] [PASSWORD-FILE]\n"
            + "Runs the admin console example on 127.0.0.1 port PORT (default 6025; 0 picks a free one);"
            + " with PASSWORD-FILE (see adduser) a login is required.",
            portArg, 6025, false);
        if (args.length > 2) {
            System.err.println("telnet4j-example admin: too many arguments (try --help)");
            System.exit(2);
        }
        Authenticator auth = null;
        if (args.length > 1) {
            try {
                auth = PasswordFile.load(Path.of(args[1]));
            } catch (IOException e) {
                System.err.println("telnet4j-example admin: cannot read password file " + args[1] + ": "
                    + e.getMessage());
                System.exit(1);
            }
        }
        AtomicLong jobs = new AtomicLong();
        AdminConsole app = new AdminConsole(jobs);
        TelnetServer server = null;
        try {
            server = app.serve(a.port, auth);
        } catch (IOException e) {
            a.cannotListen(e);
        }
        System.out.println("admin console on 127.0.0.1:" + server.localAddress().getPort()
            + (auth == null ? " (no login)" : " (login required)"));
        while (true) { // the application's own work
            long n = jobs.incrementAndGet();
            if (n % 50 == 0) {
                app.log("job " + n + " done");
            }
            Thread.sleep(100);
        }
    }
}
