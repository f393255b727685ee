package org.telnet4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/telnet4j-loadtest}: a load benchmark of the telnet4j server, in two processes.
 *
 * <p>The driver (this command) starts the server process ({@code LoadTest server}, see
 * {@link LoadServer}) as a child JVM, then, as the client ({@link LoadClient}, one selector thread),
 * measures:
 * <ol>
 *   <li>connections held: N connections that each complete telnet negotiation, proven by a probe
 *       line echoed after it, and still alive after the heap measurement;</li>
 *   <li>heap per connection: the server's used heap after full GCs with N connections minus with
 *       none, over N, with the class histogram difference that explains it;</li>
 *   <li>echo throughput and latency: C clients in a closed loop against telnet4j's echo shell and
 *       against a plain NIO echo server in the same server process, in alternating segments.</li>
 * </ol>
 * Everything is on 127.0.0.1; every phase is bounded in time; the server process exits when the
 * driver ends (and on its own after a time limit).
 */
@Command(name = "telnet4j-loadtest", mixinStandardHelpOptions = true, version = "telnet4j 0.1.0",
    subcommands = {LoadServer.class}, sortOptions = false,
    description = {"Load benchmark of the telnet4j server: connections held, heap per connection,"
        + " echo throughput and latency against a plain NIO echo server. Loopback only."})
public final class LoadTest implements Callable<Integer> {
    /** The terminal type the load clients report. */
    static final String TERMINAL = "XTERM-256COLOR";
    /** The window size the load clients report. */
    static final int COLUMNS = 132;
    static final int ROWS = 43;

    private static final long HEAP_TARGET = 4096;
    private static final double THROUGHPUT_TARGET = 90.0;

    @Option(names = {"-n", "--connections"}, defaultValue = "10000",
        description = "connections to open and hold (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--in-flight", defaultValue = "256",
        description = "most connections connecting or negotiating at once (default: ${DEFAULT-VALUE})")
    int inFlight;

    @Option(names = "--warmup-connections", defaultValue = "200",
        description = "connections opened and closed before the 0-connection heap reading (default: ${DEFAULT-VALUE})")
    int warmupConnections;

    @Option(names = {"-c", "--clients"}, defaultValue = "100",
        description = "closed-loop echo clients (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = {"-d", "--duration"}, defaultValue = "10",
        description = "measured seconds per server, split over the rounds (default: ${DEFAULT-VALUE})")
    double duration;

    @Option(names = "--rounds", defaultValue = "10",
        description = "segments per server, alternating plain/telnet4j then telnet4j/plain, so that load from"
            + " other processes falls on both alike (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--warmup", defaultValue = "3",
        description = "unmeasured echo seconds per server first (default: ${DEFAULT-VALUE})")
    double warmup;

    @Option(names = "--line-length", defaultValue = "32",
        description = "characters per echoed line, CR LF not counted (default: ${DEFAULT-VALUE})")
    int lineLength;

    @Option(names = "--connect-timeout", defaultValue = "180",
        description = "seconds allowed for opening and negotiating all connections (default: ${DEFAULT-VALUE})")
    long connectTimeout;

    @Option(names = "--server-jvm-opts", defaultValue = "-Xms1g -Xmx1g -XX:+UseG1GC -XX:+AlwaysPreTouch",
        description = "JVM options of the server process (default: ${DEFAULT-VALUE})")
    String serverJvmOpts;

    @Option(names = "--histogram-top", defaultValue = "20",
        description = "classes listed from the heap histogram difference; 0: no histograms (default: ${DEFAULT-VALUE})")
    int histogramTop;

    @Option(names = "--skip-connections", description = "run only the echo throughput part")
    boolean skipConnections;

    private final PrintStream progress = System.err;
    private volatile Process serverProcess;
    private volatile Control control;

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadTest()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (connections < 1 || clients < 1 || rounds < 1 || duration <= 0 || warmup < 0
            || lineLength < 1 || inFlight < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "counts and times must be positive");
        }
        StringBuilder report = new StringBuilder();
        Thread cleanup = new Thread(this::stopServer, "loadtest-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try (LoadClient client = new LoadClient(TERMINAL, COLUMNS, ROWS)) {
            Map<String, Integer> ports = startServer();
            InetAddress lo = InetAddress.getByName("127.0.0.1");
            InetSocketAddress telnet = new InetSocketAddress(lo, ports.get("telnet"));
            InetSocketAddress plain = new InetSocketAddress(lo, ports.get("plain"));
            control = new Control(new InetSocketAddress(lo, ports.get("control")));
            header(report, ports);
            boolean connectionsMet = true;
            boolean heapMet = true;
            if (!skipConnections) {
                long[] met = connectionsAndHeap(client, telnet, report);
                connectionsMet = met[0] != 0;
                heapMet = met[1] != 0;
            }
            boolean throughputMet = throughput(client, telnet, plain, report);
            failures(client, report);
            report.append('\n');
            if (!skipConnections) {
                report.append(String.format(Locale.ROOT, "targets: connections %s, heap/connection %s, throughput %s%n",
                    met(connectionsMet), met(heapMet), met(throughputMet)));
            } else {
                report.append(String.format(Locale.ROOT, "target: throughput %s%n", met(throughputMet)));
            }
            System.out.print(report);
            System.out.flush();
            control.quit();
        } finally {
            stopServer();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
        return 0;
    }

    private static String met(boolean ok) {
        return ok ? "MET" : "MISSED";
    }

    // ------------------------------------------------------------------------------ server process

    private Map<String, Integer> startServer() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String o : serverJvmOpts.trim().split("\\s+")) {
            if (!o.isEmpty()) {
                cmd.add(o);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(LoadTest.class.getName());
        cmd.add("server");
        cmd.add("--max-connections=" + Math.max(connections, clients));
        cmd.add("--max-seconds=" + (connectTimeout + 900));
        progress.println("loadtest: starting the server process: " + String.join(" ", cmd.subList(0, cmd.size() - 6))
            + " ... LoadTest server");
        serverProcess = new ProcessBuilder(cmd)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        serverProcess.getOutputStream().close();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(serverProcess.getInputStream(),
                StandardCharsets.US_ASCII))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("READY ")) {
                        ready.complete(line);
                    } else {
                        progress.println("server: " + line);
                    }
                }
            } catch (IOException e) {
                // process gone
            }
            ready.complete(null);
        }, "loadtest-server-stdout");
        reader.setDaemon(true);
        reader.start();
        String line = ready.get(60, TimeUnit.SECONDS);
        if (line == null) {
            throw new IllegalStateException("the server process ended before it was ready");
        }
        Map<String, Integer> ports = new HashMap<>();
        for (String kv : line.substring(6).split(" ")) {
            int eq = kv.indexOf('=');
            ports.put(kv.substring(0, eq), Integer.parseInt(kv.substring(eq + 1)));
        }
        return ports;
    }

    private void stopServer() {
        Process p = serverProcess;
        if (p == null) {
            return;
        }
        Control c = control;
        if (c != null) {
            c.close(); // the server process exits when its control connection ends
        }
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void header(StringBuilder out, Map<String, Integer> ports) {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        out.append(String.format(Locale.ROOT, "telnet4j load test, %s, Java %s (%s), %d CPUs, load average %.2f at start%n",
            LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
            System.getProperty("java.version"), System.getProperty("java.vm.name"),
            Runtime.getRuntime().availableProcessors(), load));
        out.append(String.format(Locale.ROOT, "server JVM: %s (pid %d; telnet4j echo shell on 127.0.0.1:%d, plain NIO echo on 127.0.0.1:%d)%n",
            serverJvmOpts, ports.get("pid"), ports.get("telnet"), ports.get("plain")));
        out.append(String.format(Locale.ROOT, "client JVM: %s (one selector thread)%n",
            String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())));
    }

    // ------------------------------------------------------------------------------ parts 1 and 2

    /** @return {connections target met, heap target met} as 0/1 */
    private long[] connectionsAndHeap(LoadClient client, InetSocketAddress telnet, StringBuilder out)
        throws Exception {
        long timeout = TimeUnit.SECONDS.toNanos(connectTimeout);
        progress.printf("loadtest: warm-up: %d connections opened and closed%n", warmupConnections);
        if (warmupConnections > 0) {
            LoadClient.OpenResult w = client.open(telnet, warmupConnections, true, inFlight, timeout);
            client.probe(w.conns, TimeUnit.SECONDS.toNanos(30));
            client.closeAll(w.conns);
            waitForServer(0);
            // The server keeps a session in its negotiation queue until that session's deadline
            // (1.5 s after connecting) has passed, closed or not: wait it out, or the warm-up
            // sessions would still be counted in the 0-connection reading.
            Thread.sleep(2500);
        }
        Map<String, Long> stats0 = control.stats();
        progress.println("loadtest: heap with 0 connections...");
        long heap0 = control.heap();
        Map<String, long[]> histo0 = histogramTop > 0 ? control.histogram() : null;

        progress.printf("loadtest: opening %,d connections (at most %d in flight)...%n", connections, inFlight);
        LoadClient.OpenResult r = client.open(telnet, connections, true, inFlight, timeout);
        int ttype = LoadClient.ttypeAnswered(r.conns);
        progress.printf("loadtest: %,d negotiated in %.1f s%n", r.ready, r.nanos / 1e9);
        Thread.sleep(2000); // past the negotiation deadline of the last ones: nothing pending
        Map<String, Long> statsN = control.stats();
        progress.println("loadtest: heap with " + r.ready + " connections...");
        long heapN = control.heap();
        Map<String, long[]> histoN = histogramTop > 0 ? control.histogram() : null;
        progress.println("loadtest: probing every connection again...");
        int alive = client.probe(r.conns, TimeUnit.SECONDS.toNanos(60));
        Map<String, Long> statsAlive = control.stats();

        progress.println("loadtest: closing them...");
        client.closeAll(r.conns);
        boolean drained = waitForServer(0);
        Thread.sleep(2500); // as after the warm-up: past the negotiation deadline of the last ones
        long heapClosed = control.heap();
        Map<String, long[]> histoClosed = histogramTop > 0 ? control.histogram() : null;

        long held = Math.min(alive, statsAlive.get("open"));
        // No thread per connection: the JVM's own threads (JIT compilers, GC) may come and go a little.
        boolean oneThread = statsN.get("threads") - stats0.get("threads") < 10;
        boolean connectionsMet = held >= connections && statsN.get("negotiated") - stats0.get("negotiated") >= connections
            && oneThread;
        long perConn = r.ready > 0 ? Math.round((heapN - heap0) / (double) r.ready) : -1;
        boolean heapMet = r.ready > 0 && perConn <= HEAP_TARGET;

        out.append(String.format(Locale.ROOT, "%n1. Connections held (target: %,d negotiated connections on the one loop thread)%n", connections));
        row(out, "requested", String.format(Locale.ROOT, "%,d (at most %d connecting or negotiating at a time)", connections, inFlight));
        row(out, "negotiated (probe echoed after it)", String.format(Locale.ROOT, "%,d in %.1f s (%,.0f per s)",
            r.ready, r.nanos / 1e9, r.ready / (r.nanos / 1e9)));
        row(out, "client answered TTYPE SEND", String.format(Locale.ROOT, "%,d", ttype));
        row(out, "server: open / onConnect", String.format(Locale.ROOT, "%,d / %,d (%,d with terminal type and window size known at onConnect), refused %,d",
            statsN.get("open"), statsN.get("onConnect") - stats0.get("onConnect"),
            statsN.get("negotiated") - stats0.get("negotiated"), statsN.get("refused")));
        row(out, "alive after the heap readings", String.format(Locale.ROOT, "%,d (probe echoed again; server open: %,d)",
            alive, statsAlive.get("open")));
        row(out, "server JVM threads", String.format(Locale.ROOT, "%d with 0 connections, %d with %,d (one telnet4j loop thread)",
            stats0.get("threads"), statsN.get("threads"), statsN.get("open")));
        row(out, "connect to probe echo (ms)", String.format(Locale.ROOT, "p50 %.1f, p90 %.1f, p99 %.1f, max %.1f%s",
            r.negotiation.getValueAtPercentile(50) / 1e6, r.negotiation.getValueAtPercentile(90) / 1e6,
            r.negotiation.getValueAtPercentile(99) / 1e6, r.negotiation.getMaxValue() / 1e6,
            r.negotiation.getMaxValue() < TimeUnit.MILLISECONDS.toNanos(1500)
                ? " (all settled before the server's 1.5 s negotiation deadline)" : ""));
        row(out, "held", String.format(Locale.ROOT, "%,d: %s", held, met(connectionsMet)));

        out.append(String.format(Locale.ROOT, "%n2. Heap per connection in the server JVM (used heap after full GCs; target: <= %,d B)%n", HEAP_TARGET));
        row(out, "0 connections", String.format(Locale.ROOT, "%,d B (after %d warm-up connections came and went)", heap0, warmupConnections));
        row(out, String.format(Locale.ROOT, "%,d connections", r.ready), String.format(Locale.ROOT, "%,d B", heapN));
        row(out, "per connection", String.format(Locale.ROOT, "%,d B: %s", perConn, met(heapMet)));
        row(out, "after all were closed", String.format(Locale.ROOT, "%,d B (%+,d B against 0 connections%s)",
            heapClosed, heapClosed - heap0, drained ? "" : "; the server had not closed them all"));
        if (histo0 != null && histoN != null && r.ready > 0) {
            out.append(String.format(Locale.ROOT, "   where it goes (class histogram with %,d connections minus with 0):%n", r.ready));
            histogramDiff(out, histo0, histoN, r.ready, histogramTop);
        }
        if (histo0 != null && histoClosed != null && r.ready > 0) {
            out.append(String.format(Locale.ROOT, "   still held after closing (class histogram after closing minus with 0, per connection that was open):%n"));
            histogramDiff(out, histo0, histoClosed, r.ready, 5);
        }
        return new long[] {connectionsMet ? 1 : 0, heapMet ? 1 : 0};
    }

    private static void histogramDiff(StringBuilder out, Map<String, long[]> before, Map<String, long[]> after, int n,
                                      int top) {
        List<Map.Entry<String, long[]>> diff = new ArrayList<>();
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            diff.add(Map.entry(e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]}));
        }
        for (Map.Entry<String, long[]> e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                diff.add(Map.entry(e.getKey(), new long[] {-e.getValue()[0], -e.getValue()[1]}));
            }
        }
        diff.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
        long total = 0;
        for (Map.Entry<String, long[]> e : diff) {
            total += e.getValue()[1];
        }
        out.append(String.format(Locale.ROOT, "   %9s %9s  %s%n", "B/conn", "objs/conn", "class"));
        long shown = 0;
        for (int i = 0; i < Math.min(top, diff.size()); i++) {
            long[] v = diff.get(i).getValue();
            shown += v[1];
            out.append(String.format(Locale.ROOT, "   %9.1f %9.2f  %s%n", v[1] / (double) n, v[0] / (double) n, diff.get(i).getKey()));
        }
        out.append(String.format(Locale.ROOT, "   %9.1f %9s  (all other classes)%n", (total - shown) / (double) n, ""));
        out.append(String.format(Locale.ROOT, "   %9.1f %9s  total%n", total / (double) n, ""));
    }

    private boolean waitForServer(long open) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() - deadline < 0) {
            if (control.stats().get("open") <= open) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    // ------------------------------------------------------------------------------ part 3

    /** Per-server totals of the measured segments. */
    private static final class Totals {
        final String name;
        final Histogram hist = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        long lines;
        long nanos;
        long mismatched;
        long serverCpu;
        long loopCpu;
        long loopAlloc;
        long clientCpu;
        long gcs;

        Totals(String name) {
            this.name = name;
        }

        double linesPerSecond() {
            return lines / (nanos / 1e9);
        }
    }

    private boolean throughput(LoadClient client, InetSocketAddress telnet, InetSocketAddress plain,
                               StringBuilder out) throws Exception {
        long timeout = TimeUnit.SECONDS.toNanos(60);
        progress.printf("loadtest: echo: %d clients to each server...%n", clients);
        LoadClient.OpenResult tel = client.open(telnet, clients, true, clients, timeout);
        LoadClient.OpenResult pl = client.open(plain, clients, false, clients, timeout);
        byte[] line = line(lineLength);
        long warm = Math.round(warmup * 1e9);
        if (warm > 0) {
            progress.printf("loadtest: echo warm-up, %.1f s each...%n", warmup);
            client.echo(pl.conns, line, warm, null);
            client.echo(tel.conns, line, warm, null);
        }
        Totals tTel = new Totals("telnet4j --shell echo");
        Totals tPlain = new Totals("plain NIO echo");
        long segment = Math.round(duration * 1e9 / rounds);
        for (int round = 0; round < rounds; round++) {
            boolean plainFirst = round % 2 == 0;
            for (int k = 0; k < 2; k++) {
                boolean isPlain = (k == 0) == plainFirst;
                Totals t = isPlain ? tPlain : tTel;
                progress.printf("loadtest: echo round %d/%d: %s, %.1f s%n", round + 1, rounds, t.name, segment / 1e9);
                Map<String, Long> cpu0 = control.cpu();
                long client0 = clientCpu();
                LoadClient.EchoResult r = client.echo(isPlain ? pl.conns : tel.conns, line, segment, t.hist);
                long client1 = clientCpu();
                Map<String, Long> cpu1 = control.cpu();
                t.lines += r.lines;
                t.nanos += r.nanos;
                t.mismatched += r.mismatched;
                t.clientCpu += client1 - client0;
                t.serverCpu += cpu1.get("process") - cpu0.get("process");
                String p = isPlain ? "plain" : "telnet";
                t.loopCpu += cpu1.get(p + "Cpu") - cpu0.get(p + "Cpu");
                t.loopAlloc += cpu1.get(p + "Alloc") - cpu0.get(p + "Alloc");
                t.gcs += cpu1.get("gcCount") - cpu0.get("gcCount");
            }
        }
        int telReady = LoadClient.count(tel.conns, LoadClient.READY);
        int plainReady = LoadClient.count(pl.conns, LoadClient.READY);
        client.closeAll(tel.conns);
        client.closeAll(pl.conns);

        double ratio = 100.0 * tTel.linesPerSecond() / tPlain.linesPerSecond();
        boolean metTarget = ratio >= THROUGHPUT_TARGET;
        out.append(String.format(Locale.ROOT, "%n3. Echo throughput: %d clients per server (connected: %d telnet4j, %d plain);"
            + " closed loop: send a line, wait for its echo, repeat%n", clients, telReady, plainReady));
        out.append(String.format(Locale.ROOT, "   %d-byte lines (%d characters + CR LF); %.1f s measured per server in %d segments, alternating, after %.1f s warm-up each%n",
            line.length, lineLength, duration, rounds, warmup));
        out.append(String.format(Locale.ROOT, "   %-22s %10s %8s %8s %8s %8s %8s   %s%n", "", "lines/s", "p50", "p90", "p99", "p99.9", "max",
            "(latency in µs)"));
        for (Totals t : new Totals[] {tPlain, tTel}) {
            Histogram h = t.hist;
            out.append(String.format(Locale.ROOT, "   %-22s %,10.0f %8.1f %8.1f %8.1f %8.1f %8.1f%n", t.name, t.linesPerSecond(),
                h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3));
        }
        out.append(String.format(Locale.ROOT, "   %-22s %12s %12s %12s %12s %8s%n", "per echoed line:", "server CPU", "loop thread",
            "loop alloc", "client CPU", "GCs"));
        for (Totals t : new Totals[] {tPlain, tTel}) {
            double l = Math.max(1, t.lines);
            out.append(String.format(Locale.ROOT, "   %-22s %9.2f µs %9.2f µs %10.0f B %9.2f µs %8d%n", t.name,
                t.serverCpu / l / 1e3, t.loopCpu / l / 1e3, t.loopAlloc / l, t.clientCpu / l / 1e3, t.gcs));
        }
        out.append(String.format(Locale.ROOT, "   %-22s server %.2f, client %.2f (plain); server %.2f, client %.2f (telnet4j)%n",
            "CPU busy (cores):", tPlain.serverCpu / (double) tPlain.nanos, tPlain.clientCpu / (double) tPlain.nanos,
            tTel.serverCpu / (double) tTel.nanos, tTel.clientCpu / (double) tTel.nanos));
        out.append(String.format(Locale.ROOT, "   lines echoed wrong: %d (plain), %d (telnet4j)%n", tPlain.mismatched, tTel.mismatched));
        out.append(String.format(Locale.ROOT, "   telnet4j / plain NIO: %.1f %% (target: >= %.0f %%): %s%n", ratio, THROUGHPUT_TARGET,
            met(metTarget)));
        return metTarget && tTel.mismatched == 0;
    }

    private static byte[] line(int length) {
        byte[] b = new byte[length + 2];
        String pattern = "telnet4j load test line 0123456789 abcdefghijklmnopqrstuvwxyz ";
        for (int i = 0; i < length; i++) {
            b[i] = (byte) pattern.charAt(i % pattern.length());
        }
        b[length] = '\r';
        b[length + 1] = '\n';
        return b;
    }

    private static long clientCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void failures(LoadClient client, StringBuilder out) {
        out.append('\n');
        if (client.failures().isEmpty() && client.strayLines() == 0) {
            out.append("client-side failures: none\n");
            return;
        }
        out.append("client-side failures:\n");
        for (Map.Entry<String, Integer> e : client.failures().entrySet()) {
            out.append(String.format(Locale.ROOT, "   %,8d  %s%n", e.getValue(), e.getKey()));
        }
        if (client.strayLines() > 0) {
            out.append(String.format(Locale.ROOT, "   %,8d  unexpected lines from the server%n", client.strayLines()));
        }
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "   %-36s %s%n", label, value));
    }

    // ------------------------------------------------------------------------------ control channel

    /** The driver's end of the server process's control port. */
    private static final class Control {
        private static final Pattern HISTO_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");
        private final Socket socket;
        private final BufferedReader in;
        private final PrintWriter out;

        Control(InetSocketAddress address) throws IOException {
            socket = new Socket();
            socket.connect(address, 10_000);
            socket.setSoTimeout(120_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = new PrintWriter(socket.getOutputStream(), false, StandardCharsets.US_ASCII);
        }

        private String ask(String cmd) throws IOException {
            out.println(cmd);
            out.flush();
            String line = in.readLine();
            if (line == null || line.startsWith("ERROR")) {
                throw new IOException("control command " + cmd + ": " + line);
            }
            return line;
        }

        private static Map<String, Long> values(String line) {
            Map<String, Long> m = new HashMap<>();
            for (String kv : line.trim().split(" ")) {
                int eq = kv.indexOf('=');
                m.put(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1)));
            }
            return m;
        }

        Map<String, Long> stats() throws IOException {
            return values(ask("STATS"));
        }

        Map<String, Long> cpu() throws IOException {
            return values(ask("CPU"));
        }

        long heap() throws IOException {
            return values(ask("HEAP")).get("heap");
        }

        /** Class name to {instances, bytes}. */
        Map<String, long[]> histogram() throws IOException {
            out.println("HISTO");
            out.flush();
            Map<String, long[]> m = new HashMap<>();
            String line;
            while ((line = in.readLine()) != null && !line.equals("END")) {
                Matcher mt = HISTO_ROW.matcher(line);
                if (mt.matches()) {
                    long[] v = m.computeIfAbsent(mt.group(3), k -> new long[2]);
                    v[0] += Long.parseLong(mt.group(1));
                    v[1] += Long.parseLong(mt.group(2));
                }
            }
            return m;
        }

        void quit() {
            try {
                ask("QUIT");
            } catch (IOException e) {
                // the process is stopped anyway
            }
            close();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
