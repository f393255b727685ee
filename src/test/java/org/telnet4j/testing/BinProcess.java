package org.telnet4j.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code bin/} script run as a user runs it, on a free loopback port. The build step is skipped
 * ({@code TELNET4J_SKIP_BUILD}: Maven has compiled the classes already) and the test's class path
 * goes in through {@code CLASSPATH}, which the scripts add to theirs, since {@code target/lib}
 * exists only after the package phase.
 */
public final class BinProcess implements AutoCloseable {
    /** The servers' "ready" lines: ServerMain's and the examples' own. */
    private static final Pattern PORT = Pattern.compile(
        "(?:Server ready on [^:\\s]+:|Tiny MUD on port |chat on localhost:|admin console on localhost:)(\\d+)");

    /** The process. */
    public final Process process;
    /** The port it listens on. */
    public final int port;
    /** Everything it printed, line by line. */
    public final LinkedBlockingQueue<String> output;

    private final LinkedBlockingQueue<String> fresh;

    private BinProcess(Process process, int port, LinkedBlockingQueue<String> output,
            LinkedBlockingQueue<String> fresh) {
        this.process = process;
        this.port = port;
        this.output = output;
        this.fresh = fresh;
    }

    /** Waits for a line of output (from now on) matching {@code p}; fails with the output after {@code timeout}. */
    public String waitForLine(Pattern p, java.time.Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            String l = left > 0 ? fresh.poll(left, TimeUnit.NANOSECONDS) : null;
            if (l == null) {
                throw new AssertionError("no line matching " + p + " within " + timeout + "; output: " + output);
            }
            if (p.matcher(l).find()) {
                return l;
            }
        }
    }

    /** The environment for running a bin/ script from a test (see the class comment). */
    public static void prepare(ProcessBuilder pb) {
        Map<String, String> env = pb.environment();
        env.put("TELNET4J_SKIP_BUILD", "1");
        env.put("CLASSPATH", System.getProperty("java.class.path"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    }

    /** Starts {@code bin/<script> args...} and waits until it names its port. */
    public static BinProcess start(String script, String... args) throws IOException, InterruptedException {
        return start(Map.of(), script, args);
    }

    /** As {@link #start(String, String...)}, with {@code env} added to the environment. */
    public static BinProcess start(Map<String, String> env, String script, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of("bin", script).toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        prepare(pb);
        pb.environment().putAll(env);
        Process p = pb.start();
        LinkedBlockingQueue<String> all = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> fresh = new LinkedBlockingQueue<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    all.add(l);
                    fresh.add(l);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "bin-output");
        pump.setDaemon(true);
        pump.start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            String l = fresh.poll(500, TimeUnit.MILLISECONDS);
            if (l != null) {
                Matcher m = PORT.matcher(l);
                if (m.find()) {
                    return new BinProcess(p, Integer.parseInt(m.group(1)), all, fresh);
                }
            } else if (!p.isAlive()) {
                break;
            }
        }
        p.destroy();
        throw new AssertionError("bin/" + script + " did not report its port; output: " + all);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
