package org.telnet4j.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A program on a pseudo-terminal run by a private tmux server: keys go in with
 * {@code send-keys}, the screen comes out with {@code capture-pane}. Waiting is driven by tmux's
 * own output notifications (a control-mode client reports every write to the pane), so a test
 * waits for the screen to change rather than for a fixed time.
 */
public final class Tmux implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String TARGET = "t:0.0";

    private final String tmux;
    private final String socket;
    private final Process control;
    private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    /** What the program wrote, as tmux reported it, with when the report arrived. */
    private final List<Output> output = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Open once the control client is attached: output from then on is reported. */
    private final java.util.concurrent.CountDownLatch attached = new java.util.concurrent.CountDownLatch(1);

    private record Output(long nanos, String text) {
    }

    private Tmux(String tmux, String socket, Process control) {
        this.tmux = tmux;
        this.socket = socket;
        this.control = control;
    }

    /**
     * Starts {@code script} (an executable file) in a {@code cols x rows} pane of a new tmux
     * server that only this object uses; the pane stays after the program exits.
     */
    public static Tmux start(String tmux, Path script, int cols, int rows) throws IOException {
        String socket = "telnet4j-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
        // Options are set right after the session starts (a -f file with them makes this tmux
        // exit at startup); the program takes far longer than that to draw or exit.
        run(tmux, "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "t",
            "-x", String.valueOf(cols), "-y", String.valueOf(rows), script.toString(),
            ";", "set-option", "-g", "remain-on-exit", "on",     // keep the last screen and the exit status
            ";", "set-option", "-g", "window-size", "manual",    // attaching the observer must not resize
            ";", "set-option", "-g", "status", "off",            // every row is the program's
            ";", "set-option", "-g", "history-limit", "2000");
        Process control = new ProcessBuilder(tmux, "-L", socket, "-C", "attach", "-t", "t")
            .redirectErrorStream(true).start();
        Tmux t = new Tmux(tmux, socket, control);
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(control.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    if (l.startsWith("%session-changed")) {
                        t.attached.countDown();
                    }
                    if (l.startsWith("%output ")) {
                        int data = l.indexOf(' ', 8);
                        if (data > 0) {
                            t.output.add(new Output(System.nanoTime(), unescape(l.substring(data + 1))));
                        }
                    }
                    t.events.add(l);
                }
            } catch (IOException ignored) {
                // the tmux server went away
            }
            t.events.add("%eof");
        }, "tmux-events");
        pump.setDaemon(true);
        pump.start();
        try {
            t.attached.await(20, TimeUnit.SECONDS); // else outputTime misses early output, nothing worse
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return t;
    }

    /** Control mode writes bytes below 32 and the backslash as {@code \\ooo} (octal). */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                try {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                    i += 3;
                    continue;
                } catch (NumberFormatException e) {
                    // not an escape: keep the backslash
                }
            }
            b.append(c);
        }
        return b.toString();
    }

    /**
     * When ({@link System#nanoTime()}) tmux reported the output that completed the first
     * occurrence of {@code text} in what the program wrote from {@code afterNanos} on; -1 if it
     * has not (yet). Timestamps are taken as tmux's notifications arrive, so two of them compare
     * to within a millisecond or so whatever the machine's load: for measuring, say, the time
     * from one message on the screen to the next.
     */
    public long outputTime(String text, long afterNanos) {
        StringBuilder seen = new StringBuilder();
        for (Output o : output) {
            if (o.nanos() < afterNanos) {
                continue;
            }
            seen.append(o.text());
            if (seen.indexOf(text) >= 0) {
                return o.nanos();
            }
        }
        return -1;
    }

    private static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("tmux did not answer: " + String.join(" ", cmd));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }

    private String tmux(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(tmux, "-L", socket));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(new String[0]));
    }

    /** Types text literally (no key names). */
    public void type(String text) throws IOException {
        tmux("send-keys", "-t", TARGET, "-l", text);
    }

    /** Presses keys by tmux name: {@code Enter}, {@code Up}, {@code Right}, {@code C-]}, ... */
    public void keys(String... names) throws IOException {
        List<String> a = new ArrayList<>(List.of("send-keys", "-t", TARGET));
        a.addAll(List.of(names));
        tmux(a.toArray(new String[0]));
    }

    /** The screen as text, one line per row, trailing blanks trimmed. */
    public String screen() throws IOException {
        return tmux("capture-pane", "-p", "-t", TARGET);
    }

    /** The scrollback and the screen, oldest line first, for output that has scrolled away. */
    public String history() throws IOException {
        return tmux("capture-pane", "-p", "-S", "-", "-t", TARGET);
    }

    /** The screen with colours and attributes as escape sequences. */
    public String screenWithAttributes() throws IOException {
        return tmux("capture-pane", "-p", "-e", "-t", TARGET);
    }

    /** Resizes the pane (the program gets SIGWINCH). */
    public void resize(int cols, int rows) throws IOException {
        tmux("resize-window", "-t", "t", "-x", String.valueOf(cols), "-y", String.valueOf(rows));
    }

    /** Waits until the screen contains {@code text}; returns that screen. */
    public String waitFor(String text, Duration timeout) throws IOException, InterruptedException {
        return waitFor(s -> s.contains(text), "\"" + text + "\"", timeout);
    }

    /**
     * Waits until {@code ok} holds for the screen, re-checking whenever tmux reports output (and
     * at least twice a second); fails with the last screen on timeout.
     */
    public String waitFor(Predicate<String> ok, String what, Duration timeout)
            throws IOException, InterruptedException {
        return waitFor(ok, what, timeout, false);
    }

    /** As {@link #waitFor(Predicate, String, Duration)}, on {@link #screenWithAttributes()}. */
    public String waitForWithAttributes(Predicate<String> ok, String what, Duration timeout)
            throws IOException, InterruptedException {
        return waitFor(ok, what, timeout, true);
    }

    private String waitFor(Predicate<String> ok, String what, Duration timeout, boolean attributes)
            throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            String s = attributes ? screenWithAttributes() : screen();
            if (ok.test(s)) {
                return s;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("screen never showed " + what + "; last screen:\n"
                    + s.replace("\u001b", "ESC"));
            }
            events.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(500)), TimeUnit.NANOSECONDS);
            events.clear(); // one look at the screen covers every notification so far
        }
    }

    /**
     * Waits until the program has exited and the pane is dead. (tmux does not always record the
     * exit status, so a script that needs it should write it down itself.)
     */
    public void waitForExit(Duration timeout) throws IOException, InterruptedException {
        waitFor(s -> {
            try {
                return tmux("display-message", "-p", "-t", TARGET, "#{pane_dead}").trim().equals("1");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }, "the program's exit", timeout);
    }

    /** Stops the tmux server and everything in it. */
    @Override
    public void close() {
        try {
            tmux("kill-server");
        } catch (IOException ignored) {
            // already gone
        }
        control.destroy();
    }
}
