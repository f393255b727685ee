package org.telnet4j.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * The load test's baseline: a minimal line-echo server with no telnet at all, on one
 * {@link Selector} thread, written the way a plain NIO echo server usually is. Each read goes into
 * one shared heap buffer; every complete line in it (up to and including its LF) is written back
 * with one write call; a partial line waits for the rest. A write the socket does not take whole
 * is kept and reading pauses until it has drained.
 *
 * <p>It exists to give {@link LoadTest} a number to compare telnet4j's echo throughput with, in
 * the same process and run: same sockets, same client, no protocol.
 */
final class PlainEchoServer implements AutoCloseable {
    private static final int MAX_CARRY = 64 * 1024;

    private final Selector selector;
    private final ServerSocketChannel listener;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private volatile boolean running = true;
    private Thread thread;

    /** A connection's state: the start of an unfinished line and output the socket did not take. */
    private static final class Conn {
        byte[] carry;
        int carryLen;
        ByteBuffer pending;
    }

    PlainEchoServer(InetSocketAddress address) throws IOException {
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        listener.bind(address, 1024);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
    }

    int port() throws IOException {
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    /** Starts the selector thread. */
    Thread start(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void run() {
        try {
            while (running) {
                selector.select(this::onKey, 1000);
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                System.err.println("plain echo server stopped: " + e);
            }
        }
    }

    private void onKey(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        try {
            if (key.isAcceptable()) {
                accept();
                return;
            }
            SocketChannel ch = (SocketChannel) key.channel();
            Conn c = (Conn) key.attachment();
            if (key.isWritable() && !drain(key, ch, c)) {
                return;
            }
            if (key.isReadable()) {
                read(key, ch, c);
            }
        } catch (IOException e) {
            close(key);
        }
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = listener.accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true); // as telnet4j's acceptor does
            ch.register(selector, SelectionKey.OP_READ, new Conn());
        }
    }

    private void read(SelectionKey key, SocketChannel ch, Conn c) throws IOException {
        ByteBuffer rb = readBuffer;
        rb.clear();
        int n = ch.read(rb);
        if (n < 0) {
            close(key);
            return;
        }
        byte[] a = rb.array();
        int lastLf = n - 1;
        while (lastLf >= 0 && a[lastLf] != '\n') {
            lastLf--;
        }
        if (lastLf < 0) {
            keep(c, a, 0, n);
            return;
        }
        ByteBuffer out;
        if (c.carryLen == 0) {
            out = rb.limit(lastLf + 1).position(0);
        } else {
            byte[] joined = Arrays.copyOf(c.carry, c.carryLen + lastLf + 1);
            System.arraycopy(a, 0, joined, c.carryLen, lastLf + 1);
            c.carryLen = 0;
            out = ByteBuffer.wrap(joined);
        }
        ch.write(out);
        if (out.hasRemaining()) {
            ByteBuffer copy = ByteBuffer.allocate(out.remaining());
            copy.put(out).flip();
            c.pending = copy;
            key.interestOps(SelectionKey.OP_WRITE); // stop reading until the client catches up
        }
        if (lastLf + 1 < n) {
            keep(c, a, lastLf + 1, n - lastLf - 1);
        }
    }

    /** Keeps the start of an unfinished line. */
    private void keep(Conn c, byte[] a, int off, int len) throws IOException {
        int need = c.carryLen + len;
        if (need > MAX_CARRY) {
            throw new IOException("line longer than " + MAX_CARRY + " bytes");
        }
        if (c.carry == null || c.carry.length < need) {
            c.carry = Arrays.copyOf(c.carry == null ? new byte[0] : c.carry, Math.max(need, 256));
        }
        System.arraycopy(a, off, c.carry, c.carryLen, len);
        c.carryLen = need;
    }

    /** @return true when nothing is left to write */
    private boolean drain(SelectionKey key, SocketChannel ch, Conn c) throws IOException {
        if (c.pending != null) {
            ch.write(c.pending);
            if (c.pending.hasRemaining()) {
                return false;
            }
            c.pending = null;
        }
        key.interestOps(SelectionKey.OP_READ);
        return true;
    }

    private static void close(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            for (SelectionKey k : new ArrayList<>(selector.keys())) {
                close(k);
            }
            selector.close();
        } catch (IOException | ClosedSelectorException ignored) {
            // shutting down
        }
    }
}
