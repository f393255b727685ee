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
 * {@code bin/telnet4j-loadtest-tls [CONNECTIONS [SECONDS [CLIENTS]]]}. A server JVM of its own
 * (1 GiB heap) serves plain telnet and TLS on one event loop thread each side by side; this JVM
 * is the client, on a loop of its own. In one run it measures
 * <ol>
 * <li>echo throughput over TLS as a ratio of plain echo, after three warm-up rounds each way, rounds
 *     alternating so that the machine's noise falls on both alike (CLIENTS connections, 32-byte
 *     lines, one in flight each; the server's CPU counted over the same window as the lines);</li>
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

    /** Entry point: {@code [CONNECTIONS [SECONDS [CLIENTS]]]}, or {@code server P12} for the server JVM. */
    public static void main(String[] args) throws Exception {
        Logging.configure("warn", null); // stderr: stdout carries the figures (and the server's answers)
        if (args.length > 0 && args[0].equals("server")) {
            server(Path.of(args[1]));
            return;
        }
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        Path dir = Files.createTempDirectory("telnet4j-tls-load");
        Path p12 = dir.resolve("server.p12");
        keytool(p12);
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path"),
            TlsLoadTest.class.getName(), "server", p12.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader from = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
             PrintStream to = new PrintStream(server.getOutputStream(), true, StandardCharsets.US_ASCII)) {
            String[] ports = from.readLine().split(" ");
            InetSocketAddress plain = new InetSocketAddress("127.0.0.1", Integer.parseInt(ports[1]));
            InetSocketAddress tls = new InetSocketAddress("127.0.0.1", Integer.parseInt(ports[2]));
            SSLContext client = clientContext(p12);
            EventLoop loop = new EventLoop();
            loop.start("tls-loadtest-client");
            try {
                OUT.printf(Locale.ROOT, "TLS benchmark: %d echo clients, %d s a round, %d idle connections%n",
                    clients, seconds, connections);
                java.util.function.LongSupplier cpu = () -> ask(to, from, "cpu");
                // Warm-up, both ways, three rounds each: after one, the first TLS round measured was
                // still well below the next two in nearly every run (the JIT, the heap's sizing).
                for (int i = 0; i < 3; i++) {
                    echo(loop, plain, null, clients, seconds, cpu);
                    echo(loop, tls, client, clients, seconds, cpu);
                }
                double plainSum = 0;
                double tlsSum = 0;
                double plainCpu = 0;
                double tlsCpu = 0;
                double plainRound = 0;
                double tlsRound = 0;
                for (int round = 1; round <= 3; round++) {
                    long c0 = cpu.getAsLong();
                    long[] p = echo(loop, plain, null, clients, seconds, cpu);
                    long c1 = cpu.getAsLong();
                    long[] t = echo(loop, tls, client, clients, seconds, cpu);
                    long c2 = cpu.getAsLong();
                    double pw = p[0] / (p[1] / 1e9);
                    double tw = t[0] / (t[1] / 1e9);
                    double pc = p[0] / (p[2] / 1e9);
                    double tc = t[0] / (t[2] / 1e9);
                    plainSum += pw;
                    tlsSum += tw;
                    plainCpu += pc;
                    tlsCpu += tc;
                    plainRound += p[0] / ((c1 - c0) / 1e9);
                    tlsRound += t[0] / ((c2 - c1) / 1e9);
                    OUT.printf(Locale.ROOT, "  round %d: wall clock: plain %,.0f lines/s, TLS %,.0f, ratio %.2f;"
                        + " per second of the server loop's CPU: plain %,.0f, TLS %,.0f, ratio %.2f%n",
                        round, pw, tw, tw / pw, pc, tc, tc / pc);
                }
                OUT.printf(Locale.ROOT, "echo throughput TLS/plain: %.2f by the wall clock, %.2f per second of the"
                    + " server loop thread's CPU (goal >= 0.8)%n", tlsSum / plainSum, tlsCpu / plainCpu);
                // Before, the CPU was counted over the whole round: connects, the 50 handshakes
                // and the closes too, while the lines were counted only once all were open.
                OUT.printf(Locale.ROOT, "  (per CPU second counted over whole rounds, handshakes included: %.2f)%n",
                    tlsRound / plainRound);
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
        SSLContext ctx = SSLContext.getInstance("TLS");
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

    // ------------------------------------------------------------------------------ the client side

    private static TlsStage clientStage(SSLContext ctx) {
        SSLEngine e = ctx.createSSLEngine("localhost", 0);
        e.setUseClientMode(true);
        return new TlsStage(e);
    }

    /**
     * Lines echoed by {@code clients} ping-pong connections over {@code seconds}, and the server
     * loop's CPU time ({@code cpu}) over the same window, once all are open: {lines, nanos, cpu nanos}.
     */
    private static long[] echo(EventLoop loop, InetSocketAddress to, SSLContext tls, int clients, int seconds,
        java.util.function.LongSupplier cpu) throws Exception {
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
                c.write(LINE, 0, LINE.length); // held until the handshake is done
            });
        }
        for (CompletableFuture<Connection> f : ready) {
            open.add(f.get(60, TimeUnit.SECONDS));
        }
        long cpu0 = cpu.getAsLong();
        long start = lines.get();
        long t0 = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long[] rate = {lines.get() - start, System.nanoTime() - t0, 0};
        rate[2] = cpu.getAsLong() - cpu0;
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
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
