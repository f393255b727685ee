package org.telnet4j.examples;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.telnet4j.server.Shell;
import org.telnet4j.server.ShellReader;
import org.telnet4j.server.ShellWriter;
import org.telnet4j.server.TelnetServer;

/**
 * An embedded admin console: a program (here a pretend job processor) exposes a few commands over
 * telnet on localhost, on a server thread of its own, while it goes on with its work. Each
 * connection runs the blocking {@link Shell} below.
 *
 * <p>Run: {@code bin/telnet4j-example admin [port]} (default 6025), then {@code telnet localhost 6025}
 * and type {@code help}.
 */
public final class AdminConsole implements Shell {
    private final Map<String, String> settings = new ConcurrentHashMap<>();
    private final AtomicLong jobsDone;
    private final long started = System.nanoTime();

    /** A console over the application's job counter. */
    public AdminConsole(AtomicLong jobsDone) {
        this.jobsDone = jobsDone;
        settings.put("workers", "4");
    }

    /** Starts the console's server on {@code port} of localhost, on its own thread. */
    public TelnetServer serve(int port) throws IOException {
        TelnetServer server = TelnetServer.builder().host("localhost").port(port).shell(this)
            .idleTimeout(Duration.ofMinutes(30)).build();
        server.bind();
        server.start();
        return server;
    }

    @Override
    public void run(ShellReader in, ShellWriter out) throws Exception {
        out.println("admin console; 'help' lists commands");
        out.prompt("admin> ");
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.trim().split("\\s+", 3);
            switch (w[0]) {
                case "":
                    break;
                case "help":
                    out.println("uptime | jobs | memory | get [KEY] | set KEY VALUE | quit");
                    break;
                case "uptime":
                    out.println(Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
                    break;
                case "jobs":
                    out.println(jobsDone.get() + " jobs done");
                    break;
                case "memory": {
                    Runtime rt = Runtime.getRuntime();
                    out.println((rt.totalMemory() - rt.freeMemory()) / 1024 + " KiB used of "
                        + rt.maxMemory() / 1024 + " KiB; " + ManagementFactory.getThreadMXBean().getThreadCount()
                        + " threads");
                    break;
                }
                case "get":
                    if (w.length > 1) {
                        out.println(w[1] + " = " + settings.getOrDefault(w[1], "(unset)"));
                    } else {
                        new TreeMap<>(settings).forEach((k, v) -> println(out, k + " = " + v));
                    }
                    break;
                case "set":
                    if (w.length < 3) {
                        out.println("usage: set KEY VALUE");
                    } else {
                        settings.put(w[1], w[2]);
                        out.println("ok");
                    }
                    break;
                case "quit":
                    out.println("bye");
                    return;
                default:
                    out.println("unknown command '" + w[0] + "'; try help");
                    break;
            }
            out.prompt("admin> ");
        }
    }

    private static void println(ShellWriter out, String s) {
        try {
            out.println(s);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The value of a setting, as the application reads it. */
    public String setting(String key) {
        return settings.get(key);
    }

    /** A pretend application that works while its console is open. */
    public static void main(String[] args) throws Exception {
        ExampleArgs a = ExampleArgs.parse("telnet4j-example admin", "usage: bin/telnet4j-example admin [PORT]\n"
            + "Runs the admin console example on localhost port PORT (default 6025; 0 picks a free one).",
            args, 6025, false);
        AtomicLong jobs = new AtomicLong();
        AdminConsole console = new AdminConsole(jobs);
        TelnetServer server = null;
        try {
            server = console.serve(a.port);
        } catch (IOException e) {
            a.cannotListen(e);
        }
        System.out.println("admin console on localhost:" + server.localAddress().getPort());
        while (true) { // the application's own work
            jobs.incrementAndGet();
            Thread.sleep(100);
        }
    }
}
