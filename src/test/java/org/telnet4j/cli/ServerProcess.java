package org.telnet4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code ServerMain} in a JVM of its own, as a user runs it, on a free loopback port. */
final class ServerProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("Server ready on [^:]+:(\\d+)");

    final Process process;
    final int port;
    /** Everything the server printed, line by line. */
    final LinkedBlockingQueue<String> log;
    /** Lines not yet looked at by {@link #awaitLog}. */
    private final LinkedBlockingQueue<String> fresh;

    private ServerProcess(Process process, int port, LinkedBlockingQueue<String> log,
                          LinkedBlockingQueue<String> fresh) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.fresh = fresh;
    }

    /** Waits for a line of output containing {@code text}; true if one came within {@code timeout}. */
    boolean awaitLog(String text, java.time.Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            String l = fresh.poll(left, TimeUnit.NANOSECONDS);
            if (l != null && l.contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** Starts the server on 127.0.0.1 with {@code flags} and waits until it reports its port. */
    static ServerProcess start(String... flags) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
            "127.0.0.1", "0"));
        cmd.addAll(List.of(flags));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        LinkedBlockingQueue<String> log = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> fresh = new LinkedBlockingQueue<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    log.add(l);
                    fresh.add(l);
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        pump.setDaemon(true);
        pump.start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            String l = fresh.poll(1, TimeUnit.SECONDS);
            if (l != null) {
                Matcher m = READY.matcher(l);
                if (m.find()) {
                    return new ServerProcess(p, Integer.parseInt(m.group(1)), log, fresh);
                }
            }
            if (!p.isAlive() && fresh.isEmpty()) {
                break;
            }
        }
        p.destroy();
        throw new AssertionError("server did not report ready; log: " + log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
