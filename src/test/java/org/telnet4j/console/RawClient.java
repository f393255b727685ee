package org.telnet4j.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A bare telnet peer for tests: a socket bound to a chosen loopback source address that answers
 * no negotiation and collects every byte; waits are bounded and wake on arriving data.
 */
final class RawClient implements AutoCloseable {
    private final Socket s = new Socket();
    private final ByteArrayOutputStream got = new ByteArrayOutputStream();
    private boolean eof;

    RawClient(String sourceAddress, InetSocketAddress server) throws IOException {
        s.bind(new InetSocketAddress(sourceAddress, 0));
        s.connect(server, 5000);
        InputStream in = s.getInputStream();
        Thread t = new Thread(() -> {
            byte[] b = new byte[4096];
            try {
                int n;
                while ((n = in.read(b)) > 0) {
                    synchronized (this) {
                        got.write(b, 0, n);
                        notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // closed
            }
            synchronized (this) {
                eof = true;
                notifyAll();
            }
        }, "raw-client");
        t.setDaemon(true);
        t.start();
    }

    void send(String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    void sendBytes(byte[] b) throws IOException {
        s.getOutputStream().write(b);
        s.getOutputStream().flush();
    }

    synchronized String text() {
        return new String(got.toByteArray(), StandardCharsets.UTF_8);
    }

    synchronized byte[] bytes() {
        return got.toByteArray();
    }

    /** Waits until what arrived after {@code from} characters contains {@code text}. */
    synchronized String await(String text, int from, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            String t = text();
            if (t.indexOf(text, from) >= 0) {
                return t;
            }
            long left = end - System.nanoTime();
            if (left <= 0 || eof) {
                throw new AssertionError("never got \"" + text + "\"" + (eof ? " (closed)" : "")
                    + "; got:\n" + t.substring(Math.min(from, t.length())));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits until {@code text} has arrived {@code times} times in all. */
    synchronized String awaitCount(String text, int times, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            String t = text();
            int n = 0;
            for (int i = t.indexOf(text); i >= 0; i = t.indexOf(text, i + 1)) {
                n++;
            }
            if (n >= times) {
                return t;
            }
            long left = end - System.nanoTime();
            if (left <= 0 || eof) {
                throw new AssertionError("never got \"" + text + "\" " + times + " times" + (eof ? " (closed)" : "")
                    + "; got:\n" + t);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits until the server closes the connection. */
    synchronized void awaitClose(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!eof) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("still open; got:\n" + text());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    @Override
    public void close() throws IOException {
        s.close();
    }
}
