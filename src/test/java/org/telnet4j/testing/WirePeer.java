package org.telnet4j.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The other end of a telnet connection, scripted by a test: a raw socket on 127.0.0.1 that
 * records every byte it receives, telnet commands included and nothing answered, and sends what
 * the test tells it to. As a server ({@link #listen()}) for the client CLI, or as a client
 * ({@link #connect}) for the server CLI. Each received chunk keeps its arrival time, so a test can
 * tell when a byte came without sleeping.
 */
public final class WirePeer implements AutoCloseable {
    private final ServerSocket listener;
    private final CompletableFuture<Socket> socket = new CompletableFuture<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    /** Offsets into {@link #received} where each chunk began, and when it arrived. */
    private final List<long[]> arrivals = new ArrayList<>();
    private volatile long acceptedNanos;
    private volatile boolean ended;

    private WirePeer(ServerSocket listener) {
        this.listener = listener;
    }

    /** A peer listening on a free loopback port; it takes one connection. */
    public static WirePeer listen() throws IOException {
        ServerSocket l = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        l.setSoTimeout(60_000);
        WirePeer p = new WirePeer(l);
        Thread t = new Thread(() -> {
            try {
                Socket s = l.accept();
                p.acceptedNanos = System.nanoTime();
                p.socket.complete(s);
                p.pump(s);
            } catch (IOException e) {
                p.socket.completeExceptionally(e);
                p.end();
            }
        }, "wire-peer");
        t.setDaemon(true);
        t.start();
        return p;
    }

    /** A peer connected to {@code 127.0.0.1:port}. */
    public static WirePeer connect(int port) throws IOException {
        WirePeer p = new WirePeer(null);
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        s.setTcpNoDelay(true);
        p.acceptedNanos = System.nanoTime();
        p.socket.complete(s);
        Thread t = new Thread(() -> p.pump(s), "wire-peer");
        t.setDaemon(true);
        t.start();
        return p;
    }

    private void pump(Socket s) {
        byte[] buf = new byte[8192];
        try {
            InputStream in = s.getInputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (this) {
                    arrivals.add(new long[] {received.size(), System.nanoTime()});
                    received.write(buf, 0, n);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // closed
        }
        end();
    }

    private synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** The listening port ({@link #listen()} only). */
    public int port() {
        return listener.getLocalPort();
    }

    /** This end's local port once connected (which a status line names). */
    public int localPort() throws Exception {
        return socket.get(30, TimeUnit.SECONDS).getLocalPort();
    }

    /** When the connection was made, by {@link System#nanoTime()}. */
    public long connectedNanos() throws Exception {
        socket.get(30, TimeUnit.SECONDS);
        return acceptedNanos;
    }

    /** Everything received so far. */
    public synchronized byte[] received() {
        return received.toByteArray();
    }

    /** True once the other end closed the connection. */
    public boolean ended() {
        return ended;
    }

    /**
     * Waits until what was received contains {@code seq}; fails after {@code timeout} or when the
     * connection ends first. @return the offset of its first occurrence
     */
    public int await(byte[] seq, Duration timeout) throws InterruptedException {
        int at = awaitOrNot(seq, timeout);
        if (at < 0) {
            throw new AssertionError("no " + RawTelnetClient.hex(seq) + " within " + timeout
                + (ended ? " (connection closed)" : "") + "; received " + RawTelnetClient.hex(received()));
        }
        return at;
    }

    /** As {@link #await}, but returns -1 instead of failing. */
    public synchronized int awaitOrNot(byte[] seq, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            int at = RawTelnetClient.indexOf(received.toByteArray(), seq);
            if (at >= 0) {
                return at;
            }
            long left = end - System.nanoTime();
            if (left <= 0 || ended) {
                return -1;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Waits until the other end closes; false if it has not within {@code timeout}. */
    public synchronized boolean awaitEnd(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!ended) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** When the byte at {@code offset} of {@link #received()} arrived, by {@link System#nanoTime()}. */
    public synchronized long arrivalNanos(int offset) {
        long t = -1;
        for (long[] a : arrivals) {
            if (a[0] > offset) {
                break;
            }
            t = a[1];
        }
        return t;
    }

    /** Sends bytes as they are. */
    public void send(byte[] b) throws Exception {
        Socket s = socket.get(30, TimeUnit.SECONDS);
        s.getOutputStream().write(b);
        s.getOutputStream().flush();
    }

    /** Sends bytes given as ints (0..255). */
    public void send(int... b) throws Exception {
        send(bytes(b));
    }

    /** Ints (0..255) as bytes. */
    public static byte[] bytes(int... v) {
        byte[] a = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            a[i] = (byte) v[i];
        }
        return a;
    }

    @Override
    public void close() throws IOException {
        Socket s = socket.isCompletedExceptionally() ? null : socket.getNow(null);
        if (s != null) {
            s.close();
        }
        if (listener != null) {
            listener.close();
        }
    }
}
