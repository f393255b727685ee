package org.telnet4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.TrustManagerFactory;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.telnet4j.bytes.SocketStage;
import org.telnet4j.loop.TlsStage;

/**
 * What one echoed line costs in TLS alone, without sockets: a client {@link SSLEngine} wraps
 * {@code lines} lines of 33 bytes as one record, the server's {@link TlsStage} unwraps it and wraps
 * the same bytes back as one record, and the client unwraps that. One operation is that round
 * trip: two wraps and two unwraps, both ends' work, the server's half being {@code TlsStage}'s.
 *
 * <p>It is the floor under {@code bin/telnet4j-loadtest-tls}, whose "TLS adds ... us of server CPU
 * a read" is the same work done in a live server between system calls, with its caches colder.
 * {@code suite} compares TLS 1.3's two AES-GCM suites (the server prefers AES-128 by default).
 *
 * <p>Run: {@code java -jar target/benchmarks.jar TlsRecordBenchmark -prof gc}. Certificates are
 * made in setup with the JDK's keytool, in a temporary directory.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
public class TlsRecordBenchmark {
    private static final String PASSWORD = "benchmark";
    private static final byte[] LINE = "0123456789abcdefghijklmnopqrstu\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Lines a record carries: 1 is ping-pong echo; more is what a busy connection batches. */
    @Param({"1", "16", "64"})
    public int lines;

    @Param({"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"})
    public String suite;

    private Path dir;
    private SSLEngine client;
    private TlsStage server;
    private Capture wire;
    private byte[] payload;
    private ByteBuffer net;
    private ByteBuffer app;

    /** The server stage's side: what it sends is kept for the client, what it decodes echoed. */
    private static final class Capture implements SocketStage.Wire {
        private final ByteBuffer[] scratch = new ByteBuffer[2];
        final ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
        byte[] received = new byte[1 << 16];
        int receivedLength;

        @Override
        public void toSocket(byte[] buf, int off, int len) {
            toClient.put(buf, off, len);
        }

        @Override
        public void toApplication(byte[] buf, int off, int len) {
            System.arraycopy(buf, off, received, receivedLength, len);
            receivedLength += len;
        }

        @Override
        public ByteBuffer scratch(int which, int size) {
            if (scratch[which] == null || scratch[which].capacity() < size) {
                scratch[which] = ByteBuffer.allocate(size);
            }
            return scratch[which];
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("telnet4j-tls-bench");
        Path p12 = dir.resolve("server.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
            "-validity", "2", "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", PASSWORD,
            "-keypass", PASSWORD).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + new String(out, StandardCharsets.UTF_8));
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

        client = ctx.createSSLEngine("localhost", 992);
        client.setUseClientMode(true);
        client.setEnabledProtocols(new String[] {"TLSv1.3"});
        client.setEnabledCipherSuites(new String[] {suite});
        SSLEngine s = ctx.createSSLEngine();
        s.setUseClientMode(false);
        server = new TlsStage(s);
        wire = new Capture();
        net = ByteBuffer.allocate(1 << 17);
        app = ByteBuffer.allocate(1 << 17);
        payload = new byte[LINE.length * lines];
        for (int i = 0; i < lines; i++) {
            System.arraycopy(LINE, 0, payload, i * LINE.length, LINE.length);
        }
        handshake();
        if (!suite.equals(s.getSession().getCipherSuite())) {
            throw new IllegalStateException("negotiated " + s.getSession().getCipherSuite());
        }
        echo(); // and check that the bytes came back
        app.flip();
        byte[] back = new byte[app.remaining()];
        app.get(back);
        if (!Arrays.equals(back, payload)) {
            throw new IllegalStateException("the echo differs from what was sent");
        }
    }

    /** Both ends, in memory, until the client is done and has read the server's tickets. */
    private void handshake() throws IOException {
        ByteBuffer empty = ByteBuffer.allocate(0);
        server.start(wire);
        client.beginHandshake();
        for (int round = 0; round < 100; round++) {
            SSLEngineResult.HandshakeStatus hs = client.getHandshakeStatus();
            if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = client.getDelegatedTask()) != null) {
                    task.run();
                }
                continue;
            }
            if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                net.clear();
                client.wrap(empty, net);
                net.flip();
                if (net.hasRemaining()) {
                    server.received(net, wire);
                }
                continue;
            }
            // The client waits for the server (or is done): hand it what the server sent.
            wire.toClient.flip();
            boolean had = wire.toClient.hasRemaining();
            while (wire.toClient.hasRemaining()) {
                app.clear();
                SSLEngineResult r = client.unwrap(wire.toClient, app);
                if (r.getStatus() != SSLEngineResult.Status.OK) {
                    break;
                }
                if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK
                    || r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                    break;
                }
            }
            wire.toClient.compact();
            if (!had && hs == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING && server.isOpen()) {
                return;
            }
        }
        throw new IllegalStateException("the handshake did not finish");
    }

    /** One line (or batch) there and back: the benchmark's operation. */
    private void echo() throws IOException {
        net.clear();
        client.wrap(ByteBuffer.wrap(payload), net);
        net.flip();
        wire.receivedLength = 0;
        server.received(net, wire);
        server.send(wire.received, 0, wire.receivedLength, wire);
        wire.toClient.flip();
        app.clear();
        client.unwrap(wire.toClient, app);
        wire.toClient.clear();
    }

    @Benchmark
    public int echoThroughTls() throws IOException {
        echo();
        return app.position();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
