package org.telnet4j.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import org.telnet4j.loop.CloseReason;
import org.telnet4j.loop.Connection;
import org.telnet4j.loop.ConnectionHandler;
import org.telnet4j.loop.EventLoop;
import org.telnet4j.loop.OverflowPolicy;
import org.telnet4j.loop.TlsStage;
import org.telnet4j.server.Session;
import org.telnet4j.server.SessionHandler;
import org.telnet4j.server.TelnetServer;

/**
 * The TLS benchmark (issue 14), run once by hand, never as a timed test:
 * {@code bin/telnet4j-loadtest-tls [CONNECTIONS [SECONDS [CLIENTS [WINDOWS]]]]}. A server JVM of its own
 * (1 GiB heap) serves plain telnet and TLS on one event loop thread each side by side; this JVM
 * is the client, on a loop of its own. In one run it measures
 * <ol>
 * <li>echo throughput over TLS as a ratio of plain echo, after warm-up rounds each way, rounds
 *     alternating so that the machine's noise falls on both alike (CLIENTS connections, 32-byte
 *     lines; the server's CPU counted over the same window as the lines), for each number of
 *     lines in flight per connection in WINDOWS (default {@code 1,4,16,64}): with one, ping-pong,
 *     each line costs a read, a write and a TLS record each way (TLS's worst case); with more, a
 *     server read carries several lines, and so does the record it answers with;</li>
 * <li>TLS handshakes per second on the server's one loop thread (64 in flight);</li>
 * <li>the server's heap per idle TLS connection with CONNECTIONS open (after full GCs).</li>
 * </ol>
 * Certificates are made at start with the JDK's keytool, in a temporary directory.
 */
public final class TlsLoadTest {
    private static final String PASSWORD = "loadtest";
    private static final byte[] LINE = "0123456789abcdefghijklmnopqrstu\n".getBytes(StandardCharsets.US_ASCII);
    private static final PrintStream OUT = System.out;

    private TlsLoadTest() {
    }

    /** Entry point: {@code [CONNECTIONS [SECONDS [CLIENTS [WINDOWS]]]]}, or {@code server P12} for the server JVM. */
    public static void main(String[] args) throws Exception {
        Logging.configure("warn", null); // stderr: stdout carries the figures (and the server's answers)
        if (args.length > 0 && args[0].equals("server")) {
            server(Path.of(args[1]));
            return;
        }
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int[] windows = java.util.Arrays.stream((args.length > 3 ? args[3] : "1,4,16,64").split(","))
            .mapToInt(w -> Integer.parseInt(w.trim())).toArray();
        Path dir = Files.createTempDirectory("telnet4j-tls-load");
        Path p12 = dir.resolve("server.p12");
        keytool(p12);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            // The heap's pages touched at start: otherwise the first passes through the young
            // generation fault in fresh pages (seen as the kernel's clear_page in TLS rounds, which
            // allocate more), a cost no steady-state server pays.
            "-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:+AlwaysPreTouch"));
        // SERVER_JAVA_OPTS: more options for the server JVM only (a profiler, say), split at spaces.
        String extra = System.getenv("SERVER_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TlsLoadTest.class.getName(), "server",
            p12.toString()));
        Process server = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader from = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
             PrintStream to = new PrintStream(server.getOutputStream(), true, StandardCharsets.US_ASCII)) {
            String first;
            while ((first = from.readLine()) != null && !first.startsWith("ports ")) {
                OUT.println("server: " + first); // a JVM option's own word (JFR's "Started recording")
            }
            if (first == null) {
                throw new IllegalStateException("the server JVM ended before it listened");
            }
            String[] ports = first.split(" ");
            InetSocketAddress plain = new InetSocketAddress("127.0.0.1", Integer.parseInt(ports[1]));
            InetSocketAddress tls = new InetSocketAddress("127.0.0.1", Integer.parseInt(ports[2]));
            SSLContext client = clientContext(p12);
            EventLoop loop = new EventLoop();
            loop.start("tls-loadtest-client");
            try {
                OUT.printf(Locale.ROOT, "TLS benchmark: %d echo clients, %d s a round, %d idle connections%n",
                    clients, seconds, connections);
                java.util.function.LongSupplier cpu = () -> ask(to, from, "cpu");
                java.util.function.LongSupplier alloc = () -> ask(to, from, "alloc");
                java.util.function.LongSupplier io = () -> ask(to, from, "io");
                // Warm-up, both ways, three rounds each before the first window: after one, the first
                // TLS round measured was still well below the next two in nearly every run (the JIT,
                // the heap's sizing); one each way before each later window.
                List<String> summary = new ArrayList<>();
                for (int i = 0; i < windows.length; i++) {
                    summary.add(compare(windows[i], loop, plain, tls, client, clients, seconds, i == 0 ? 3 : 1,
                        cpu, alloc, io));
                }
                OUT.printf(Locale.ROOT, "echo throughput TLS/plain by lines in flight per connection (goal >= 0.8):%n");
                summary.forEach(OUT::println);
                handshakes(loop, tls, client, 1);
                long h0 = ask(to, from, "cpu");
                long[] hs = handshakes(loop, tls, client, seconds);
                long h1 = ask(to, from, "cpu");
                OUT.printf(Locale.ROOT, "TLS handshakes on one server loop thread (TLS 1.3, ECDSA P-256, 64 in flight):"
                    + " %,.0f/s by the wall clock, %,.0f per second of its CPU%n",
                    hs[0] / (hs[1] / 1e9), hs[0] / ((h1 - h0) / 1e9));
                long before = ask(to, from, "heap");
                List<Connection> idle = open(loop, tls, client, connections);
                long count;
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while ((count = ask(to, from, "count")) < idle.size() && System.nanoTime() < end) {
                    Thread.sleep(200); // the server settles its negotiations (its deadline is 0.1 s)
                }
                long after = ask(to, from, "heap");
                OUT.printf(Locale.ROOT, "server heap per idle TLS connection at %,d: %,d B (goal <= 24 KiB)%n",
                    count, (after - before) / Math.max(1, count));
                long beforePlain = after;
                List<Connection> idlePlain = open(loop, plain, null, Math.min(connections, 18_000 - connections));
                end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while ((count = ask(to, from, "count")) < idle.size() + idlePlain.size() && System.nanoTime() < end) {
                    Thread.sleep(200);
                }
                long afterPlain = ask(to, from, "heap");
                OUT.printf(Locale.ROOT, "server heap per idle plain connection at %,d (same run): %,d B%n",
                    idlePlain.size(), (afterPlain - beforePlain) / Math.max(1, idlePlain.size()));
            } finally {
                loop.close();
                to.println("quit");
                server.waitFor(10, TimeUnit.SECONDS);
                server.destroyForcibly();
            }
        }
    }

    /**
     * Echo rounds with {@code window} lines in flight per connection, plain and TLS alternating
     * ({@code warmups} of each first, unreported); prints each round and returns the summary line:
     * lines per second by the wall clock and per second of the server loop's CPU, the lines a
     * server read carried, and what TLS added per read (one record in, one out) in server CPU.
     */
    private static String compare(int window, EventLoop loop, InetSocketAddress plain, InetSocketAddress tls,
        SSLContext client, int clients, int seconds, int warmups, java.util.function.LongSupplier cpu,
        java.util.function.LongSupplier alloc, java.util.function.LongSupplier io) throws Exception {
        String label = window == 1 ? "ping-pong, one line in flight per connection"
            : window + " lines in flight per connection";
        OUT.printf(Locale.ROOT, "echo, %s:%n", label);
        for (int i = 0; i < warmups; i++) {
            echo(loop, plain, null, clients, window, seconds, cpu, alloc, io);
            echo(loop, tls, client, clients, window, seconds, cpu, alloc, io);
        }
        long[] plainSum = new long[7];
        long[] tlsSum = new long[7];
        double plainWall = 0;
        double tlsWall = 0;
        for (int round = 1; round <= 3; round++) {
            long[] p = echo(loop, plain, null, clients, window, seconds, cpu, alloc, io);
            long[] t = echo(loop, tls, client, clients, window, seconds, cpu, alloc, io);
            for (int i = 0; i < 7; i++) {
                plainSum[i] += p[i];
                tlsSum[i] += t[i];
            }
            double pw = p[0] / (p[1] / 1e9);
            double tw = t[0] / (t[1] / 1e9);
            double pc = p[0] / (p[2] / 1e9);
            double tc = t[0] / (t[2] / 1e9);
            plainWall += pw;
            tlsWall += tw;
            OUT.printf(Locale.ROOT, "  round %d: wall clock: plain %,.0f lines/s, TLS %,.0f, ratio %.2f;"
                + " per second of the server loop's CPU: plain %,.0f, TLS %,.0f, ratio %.2f%n",
                round, pw, tw, tw / pw, pc, tc, tc / pc);
            OUT.printf(Locale.ROOT, "    server loop per line: allocated plain %,d B, TLS %,d B;"
                + " reads plain %.3f, TLS %.3f; writes plain %.3f, TLS %.3f; TCP segments (both ends) plain %.2f,"
                + " TLS %.2f%n",
                p[3] / Math.max(1, p[0]), t[3] / Math.max(1, t[0]), (double) p[4] / Math.max(1, p[0]),
                (double) t[4] / Math.max(1, t[0]), (double) p[5] / Math.max(1, p[0]), (double) t[5] / Math.max(1, t[0]),
                (double) p[6] / Math.max(1, p[0]), (double) t[6] / Math.max(1, t[0]));
        }
        double plainCpuPerLine = (double) plainSum[2] / plainSum[0];
        double tlsCpuPerLine = (double) tlsSum[2] / tlsSum[0];
        double linesPerRead = tlsSum[4] == 0 ? Double.NaN : (double) tlsSum[0] / tlsSum[4];
        return String.format(Locale.ROOT, "  %-45s %.2f by the wall clock, %.2f per second of the server loop's CPU"
            + " (%.1f lines a read; TLS adds %.1f us of server CPU a read, plain costs %.2f us a line)",
            label + ":", tlsWall / plainWall, plainCpuPerLine / tlsCpuPerLine, linesPerRead,
            (tlsCpuPerLine - plainCpuPerLine) * linesPerRead / 1e3, plainCpuPerLine / 1e3);
    }

    private static long ask(PrintStream to, BufferedReader from, String what) {
        to.println(what);
        try {
            return Long.parseLong(from.readLine().trim());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------ the server JVM

    private static void server(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext ctx = context();
        ctx.init(kmf.getKeyManagers(), null, null);
        SessionHandler echo = new SessionHandler() {
            @Override
            public void onLine(Session s, String line) {
                s.send(line + "\n");
            }
        };
        EventLoop loop = new EventLoop();
        TelnetServer plain = TelnetServer.builder().loop(loop).host("127.0.0.1").port(0).handler(echo)
            .maxConnections(20_000).maxConnectionsPerAddress(20_000).idleTimeout(Duration.ofHours(1))
            .negotiationDeadline(Duration.ofMillis(100)).build();
        TelnetServer tls = TelnetServer.builder().loop(loop).host("127.0.0.1").port(0).handler(echo)
            .maxConnections(20_000).maxConnectionsPerAddress(20_000).idleTimeout(Duration.ofHours(1))
            .negotiationDeadline(Duration.ofMillis(100)).tls(ctx).build();
        int p = plain.bind().getPort();
        int t = tls.bind().getPort();
        Thread loopThread = loop.start("tls-loadtest-server");
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        OUT.println("ports " + p + " " + t);
        OUT.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String cmd;
        while ((cmd = in.readLine()) != null && !cmd.equals("quit")) {
            if (cmd.equals("heap")) {
                Runtime rt = Runtime.getRuntime();
                for (int i = 0; i < 4; i++) {
                    System.gc();
                }
                OUT.println(rt.totalMemory() - rt.freeMemory());
            } else if (cmd.equals("cpu")) {
                OUT.println(threads.getThreadCpuTime(loopThread.getId())); // the loop thread's CPU time, ns
            } else if (cmd.equals("io")) {
                OUT.println(loopThreadIo()); // the loop thread's read and write system calls so far
            } else if (cmd.equals("alloc")) {
                // Bytes the loop thread has allocated: per echoed line, a measure of the GC's work.
                OUT.println(((com.sun.management.ThreadMXBean) threads).getThreadAllocatedBytes(loopThread.getId()));
            } else if (cmd.equals("count")) {
                CompletableFuture<Integer> n = new CompletableFuture<>();
                loop.execute(() -> n.complete(plain.sessions().size() + tls.sessions().size()));
                OUT.println(n.get(10, TimeUnit.SECONDS));
            }
            OUT.flush();
        }
        loop.close();
        System.exit(0);
    }

    /** TCP segments this machine has sent ({@code OutSegs} of /proc/net/snmp), both ends; 0 without it. */
    private static long tcpOutSegments() {
        try {
            List<String> snmp = Files.readAllLines(Path.of("/proc/net/snmp"));
            for (int i = 0; i + 1 < snmp.size(); i++) {
                if (snmp.get(i).startsWith("Tcp:") && snmp.get(i + 1).startsWith("Tcp:")) {
                    List<String> names = List.of(snmp.get(i).split("\\s+"));
                    String[] values = snmp.get(i + 1).split("\\s+");
                    return Long.parseLong(values[names.indexOf("OutSegs")]);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /**
     * The server loop thread's {@code syscr} and {@code syscw} from Linux's per-thread
     * {@code /proc/self/task/TID/io} (found by the thread's name), as {@code reads * 2^32 + writes};
     * 0 where there is no such file.
     */
    private static long loopThreadIo() {
        try (java.nio.file.DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                // comm holds at most 15 characters of the name
                if (Files.readString(t.resolve("comm")).trim().equals("tls-loadtest-server".substring(0, 15))) {
                    long r = 0;
                    long w = 0;
                    for (String line : Files.readAllLines(t.resolve("io"))) {
                        if (line.startsWith("syscr:")) {
                            r = Long.parseLong(line.substring(6).trim());
                        } else if (line.startsWith("syscw:")) {
                            w = Long.parseLong(line.substring(6).trim());
                        }
                    }
                    return (r << 32) + w;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    // ------------------------------------------------------------------------------ the client side

    private static TlsStage clientStage(SSLContext ctx) {
        SSLEngine e = ctx.createSSLEngine("localhost", 0);
        e.setUseClientMode(true);
        return new TlsStage(e);
    }

    /**
     * Lines echoed by {@code clients} ping-pong connections over {@code seconds}, and the server
     * loop's CPU time ({@code cpu}) and allocation ({@code alloc}) over the same window, once all
     * are open: {lines, nanos, cpu nanos, bytes allocated}.
     */
    private static long[] echo(EventLoop loop, InetSocketAddress to, SSLContext tls, int clients, int window,
        int seconds,
        java.util.function.LongSupplier cpu, java.util.function.LongSupplier alloc, java.util.function.LongSupplier io)
        throws Exception {
        AtomicLong lines = new AtomicLong();
        List<Connection> open = new ArrayList<>();
        List<CompletableFuture<Connection>> ready = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            CompletableFuture<Connection> up = new CompletableFuture<>();
            ready.add(up);
            loop.connect(to, 10_000, 1 << 20, OverflowPolicy.DISCONNECT, c -> new Echoer(lines, up)).thenAccept(c -> {
                if (tls != null) {
                    c.setStage(clientStage(tls), 10_000);
                } else {
                    up.complete(c);
                }
                for (int w = 0; w < window; w++) {
                    c.write(LINE, 0, LINE.length); // held until the handshake is done
                }
            });
        }
        for (CompletableFuture<Connection> f : ready) {
            open.add(f.get(60, TimeUnit.SECONDS));
        }
        long cpu0 = cpu.getAsLong();
        long alloc0 = alloc.getAsLong();
        long io0 = io.getAsLong();
        long segs0 = tcpOutSegments();
        long start = lines.get();
        long t0 = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long[] rate = {lines.get() - start, System.nanoTime() - t0, 0, 0, 0, 0, 0};
        rate[6] = tcpOutSegments() - segs0;
        rate[2] = cpu.getAsLong() - cpu0;
        rate[3] = alloc.getAsLong() - alloc0;
        long io1 = io.getAsLong();
        rate[4] = (io1 >>> 32) - (io0 >>> 32);
        rate[5] = (io1 & 0xFFFFFFFFL) - (io0 & 0xFFFFFFFFL);
        CompletableFuture<Void> closed = new CompletableFuture<>();
        loop.execute(() -> {
            open.forEach(c -> c.abort(CloseReason.LOCAL_CLOSE));
            closed.complete(null);
        });
        closed.get(10, TimeUnit.SECONDS);
        return rate;
    }

    /** Sends a line after each line that comes back. */
    private static final class Echoer implements ConnectionHandler {
        private final AtomicLong lines;
        private final CompletableFuture<Connection> up;

        Echoer(AtomicLong lines, CompletableFuture<Connection> up) {
            this.lines = lines;
            this.up = up;
        }

        @Override
        public void onTransportOpen(Connection c) {
            up.complete(c);
        }

        @Override
        public int onInput(Connection c, byte[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (buf[i] == '\n') {
                    lines.incrementAndGet();
                    c.write(LINE, 0, LINE.length);
                }
            }
            return len;
        }

        @Override
        public void onClosed(Connection c, CloseReason reason) {
            up.completeExceptionally(new java.io.IOException("closed: " + reason));
        }
    }

    /** TLS handshakes completed, 64 at a time, each connection closed once open: {count, nanos}. */
    private static long[] handshakes(EventLoop loop, InetSocketAddress to, SSLContext tls, int seconds) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicInteger inFlight = new AtomicInteger();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (System.nanoTime() - end > 0) {
                if (inFlight.get() == 0) {
                    finished.complete(null);
                }
                return;
            }
            inFlight.incrementAndGet();
            loop.connect(to, 10_000, 1 << 16, OverflowPolicy.DISCONNECT, c -> new ConnectionHandler() {
                @Override
                public void onTransportOpen(Connection conn) {
                    done.incrementAndGet();
                    conn.close();
                }

                @Override
                public int onInput(Connection conn, byte[] buf, int off, int len) {
                    return len;
                }

                @Override
                public void onClosed(Connection conn, CloseReason reason) {
                    inFlight.decrementAndGet();
                    next[0].run();
                }
            }).thenAccept(c -> c.setStage(clientStage(tls), 10_000));
        };
        long t0 = System.nanoTime();
        loop.execute(() -> {
            for (int i = 0; i < 64; i++) {
                next[0].run();
            }
        });
        finished.get(seconds + 60L, TimeUnit.SECONDS);
        return new long[] {done.get(), System.nanoTime() - t0};
    }

    /** Opens {@code n} connections (TLS when {@code tls} is set), 256 at a time, and leaves them idle. */
    private static List<Connection> open(EventLoop loop, InetSocketAddress to, SSLContext tls, int n) throws Exception {
        List<Connection> all = new ArrayList<>();
        for (int from = 0; from < n; from += 256) {
            List<CompletableFuture<Connection>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + 256); i++) {
                CompletableFuture<Connection> up = new CompletableFuture<>();
                batch.add(up);
                loop.connect(to, 60_000, 1 << 16, OverflowPolicy.DISCONNECT, c -> new ConnectionHandler() {
                    @Override
                    public void onTransportOpen(Connection conn) {
                        up.complete(conn);
                    }

                    @Override
                    public int onInput(Connection conn, byte[] buf, int off, int len) {
                        return len;
                    }

                    @Override
                    public void onClosed(Connection conn, CloseReason reason) {
                        up.completeExceptionally(new java.io.IOException("closed: " + reason));
                    }
                }).thenAccept(c -> {
                    if (tls != null) {
                        c.setStage(clientStage(tls), 60_000);
                    } else {
                        up.complete(c);
                    }
                });
            }
            for (CompletableFuture<Connection> f : batch) {
                all.add(f.get(120, TimeUnit.SECONDS));
            }
        }
        return all;
    }

    /**
     * The SSLContext both ends use: the JDK's, or, with TLS_PROVIDER set to a provider's class
     * name on the class path (Conscrypt's {@code org.conscrypt.OpenSSLProvider}, say), that one's.
     */
    private static SSLContext context() throws Exception {
        String provider = System.getenv("TLS_PROVIDER");
        if (provider == null || provider.isBlank()) {
            return SSLContext.getInstance("TLS");
        }
        java.security.Provider p = (java.security.Provider) Class.forName(provider).getConstructor().newInstance();
        return SSLContext.getInstance("TLS", p);
    }

    // ------------------------------------------------------------------------------ certificates

    private static void keytool(Path p12) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
            "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
            "-keystore", p12.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }

    private static SSLContext clientContext(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", ks.getCertificate("server"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = context();
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
