package org.telnet4j.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.IDN;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The connection under the blocking clients ({@link BlockingTelnetClient}, {@link Telnet}): one
 * socket used on the caller's thread, with a connect timeout, reads that wait at most a given
 * time, writes that give up when the peer stops reading, and a close that any thread may call.
 *
 * <p>Plain connections are a non-blocking {@link SocketChannel} waited on with a {@link Selector}
 * of its own, so a read can also just look ({@code 0} nanoseconds), another thread can wake a
 * waiting read ({@link #wakeup()}), and a script can select on {@link #channel()}. TLS connections
 * are an {@link SSLSocket} (the JDK's blocking TLS): reads wait with the socket timeout, a look
 * waits at most 1 ms, and a read that waits without limit does so in slices of
 * {@value #TLS_WAIT_SLICE_MS} ms so that {@link #wakeup()} is seen. TLS verifies the server's
 * certificate against the context's trust managers and its name against the host name given
 * (endpoint identification "HTTPS", RFC 2818 section 3.1; RFC 6125), and names the host in the
 * handshake (SNI, RFC 6066 section 3) unless it is an address literal, which SNI does not carry.
 *
 * <p>Every byte received goes through one method, {@link #deliver}, to the {@link Receiver} the
 * owner gave: the place for any inbound stage (decompression) between socket and parser.
 *
 * <p>Not thread-safe, except {@link #close()} and {@link #wakeup()}, which any thread may call.
 */
final class BlockingChannel implements AutoCloseable {
    /** How a TLS read without limit waits between looks at {@link #wakeup()}. */
    static final int TLS_WAIT_SLICE_MS = 50;
    private static final int READ_CHUNK = 16 * 1024;

    /** Where the bytes read go. */
    @FunctionalInterface
    interface Receiver {
        /** Bytes from the peer, valid only during the call. */
        void onBytes(byte[] b, int off, int len) throws IOException;
    }

    private final SocketChannel channel;     // plain only
    private final Selector selector;         // plain only
    private final SelectionKey key;          // plain only
    private final SSLSocket tls;             // TLS only
    private final InputStream tlsIn;
    private final OutputStream tlsOut;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_CHUNK);
    private Receiver receiver = (b, off, len) -> { };
    private volatile boolean closed;
    private volatile boolean woken;

    private BlockingChannel(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.tls = null;
        this.tlsIn = null;
        this.tlsOut = null;
        Selector sel = null;
        try {
            channel.configureBlocking(false);
            sel = Selector.open();
            this.key = channel.register(sel, SelectionKey.OP_READ);
            this.selector = sel;
        } catch (IOException | RuntimeException e) {
            closeQuietly(sel);
            throw e;
        }
    }

    private BlockingChannel(SSLSocket tls) throws IOException {
        this.channel = null;
        this.selector = null;
        this.key = null;
        this.tls = tls;
        this.tlsIn = tls.getInputStream();
        this.tlsOut = tls.getOutputStream();
    }

    /**
     * Connects to {@code host:port}, trying each of its addresses in turn (as Python's
     * {@code socket.create_connection} does), then runs the TLS handshake if {@code tls} is given.
     *
     * @param connectTimeout bounds each connection attempt and the TLS handshake; null for none
     * @param tls the TLS context (its trust managers decide which servers are trusted); null for
     *     plain telnet
     * @throws javax.net.ssl.SSLException if the handshake fails: unknown CA, wrong host name,
     *     expired certificate, a plain server on the port ({@link org.telnet4j.tls.TlsErrors} words it)
     */
    static BlockingChannel connect(String host, int port, Duration connectTimeout, SSLContext tls)
            throws IOException {
        int millis = connectTimeout == null ? 0
            : (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        IOException failure = null;
        for (InetAddress address : InetAddress.getAllByName(host)) {
            InetSocketAddress to = new InetSocketAddress(address, port);
            try {
                if (tls == null) {
                    SocketChannel ch = SocketChannel.open();
                    try {
                        ch.socket().connect(to, millis);
                        prepare(ch.socket());
                        return new BlockingChannel(ch);
                    } catch (IOException | RuntimeException e) {
                        closeQuietly(ch);
                        throw e;
                    }
                }
                Socket s = new Socket();
                try {
                    s.connect(to, millis);
                    prepare(s);
                } catch (IOException | RuntimeException e) {
                    closeQuietly(s);
                    throw e;
                }
                // The handshake is not retried on the next address: a certificate problem is
                // the same there, and a second try would hide it behind another error.
                return new BlockingChannel(handshake(tls, s, host, port, millis));
            } catch (javax.net.ssl.SSLException e) {
                throw e;
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure != null ? failure : new SocketException("no address for " + host);
    }

    private static void prepare(Socket s) throws SocketException {
        s.setTcpNoDelay(true);
        s.setOOBInline(true); // a Synch's DM arrives as urgent data: keep it in the stream
    }

    private static SSLSocket handshake(SSLContext context, Socket plain, String host, int port, int millis)
            throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        try {
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            if (isHostName(host)) {
                p.setServerNames(List.of(new SNIHostName(IDN.toASCII(host, IDN.ALLOW_UNASSIGNED))));
            }
            s.setSSLParameters(p);
            s.setSoTimeout(millis);
            s.startHandshake();
            s.setSoTimeout(0);
            return s;
        } catch (SocketTimeoutException e) {
            closeQuietly(s);
            throw new SocketTimeoutException("the TLS handshake with " + host + ":" + port
                + " did not finish within " + millis + " ms");
        } catch (IOException | RuntimeException e) {
            closeQuietly(s);
            throw e;
        }
    }

    /** A name, not an IPv4 or IPv6 literal (RFC 6066 section 3: "Literal IPv4 and IPv6 addresses are not permitted"). */
    static boolean isHostName(String host) {
        if (host.indexOf(':') >= 0) {
            return false;
        }
        return !host.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !host.endsWith(".") && !host.isEmpty();
    }

    /** Sets where received bytes go (the one inbound path, see the class comment). */
    void receiver(Receiver r) {
        this.receiver = r;
    }

    /** Hands bytes read to the receiver: every received byte passes here and only here. */
    private void deliver(byte[] b, int off, int len) throws IOException {
        receiver.onBytes(b, off, len);
    }

    /**
     * Reads once and delivers what came: waits at most {@code nanos} for it ({@code -1}: without
     * limit, {@code 0}: only looks at what is there already). Returns the number of bytes
     * delivered, 0 if none came in time (or {@link #wakeup()} was called), -1 at the end of the
     * stream or after {@link #close()}.
     */
    int read(long nanos) throws IOException {
        if (closed) {
            return -1;
        }
        return tls == null ? readPlain(nanos) : readTls(nanos);
    }

    private int readPlain(long nanos) throws IOException {
        int n = readPlainNow();
        if (n != 0 || nanos == 0) {
            return n;
        }
        try {
            if (nanos < 0) {
                selector.select();
            } else {
                selector.select(Math.max(1, (nanos + 999_999) / 1_000_000));
            }
            selector.selectedKeys().clear();
        } catch (ClosedSelectorException e) {
            return -1; // closed by another thread
        }
        return readPlainNow();
    }

    private int readPlainNow() throws IOException {
        readBuffer.clear();
        int n;
        try {
            n = channel.read(readBuffer);
        } catch (ClosedChannelException e) {
            if (closed) {
                return -1;
            }
            throw e;
        }
        if (n > 0) {
            deliver(readBuffer.array(), 0, n);
        }
        return n;
    }

    private int readTls(long nanos) throws IOException {
        byte[] b = readBuffer.array();
        woken = false;
        long end = nanos < 0 ? 0 : System.nanoTime() + nanos;
        while (true) {
            long wait;
            if (nanos == 0) {
                wait = 1; // a look: records already decrypted come at once, the network gets 1 ms
            } else if (nanos < 0) {
                wait = TLS_WAIT_SLICE_MS;
            } else {
                wait = Math.max(1, Math.min(Integer.MAX_VALUE, (end - System.nanoTime() + 999_999) / 1_000_000));
            }
            int n;
            try {
                tls.setSoTimeout((int) wait);
                n = tlsIn.read(b, 0, b.length);
            } catch (SocketTimeoutException e) {
                n = 0;
            } catch (SocketException e) {
                if (closed) {
                    return -1;
                }
                throw e;
            }
            if (n > 0) {
                deliver(b, 0, n);
                return n;
            }
            if (n < 0 || closed) {
                return -1;
            }
            if (nanos == 0 || woken || nanos > 0 && System.nanoTime() - end >= 0) {
                return 0;
            }
        }
    }

    /**
     * Writes everything; waits for room at most {@code stall} each time nothing can be written
     * (null: as long as it takes).
     *
     * @throws SocketTimeoutException if the peer read nothing for {@code stall}
     */
    void write(byte[] b, int off, int len, Duration stall) throws IOException {
        if (closed) {
            throw new SocketException("telnet connection is not open");
        }
        if (tls != null) {
            // A TLS write blocks until the kernel takes the records; the stall bound does not
            // apply (SSLSocket has no write timeout), as with a blocking socket.
            tlsOut.write(b, off, len);
            return;
        }
        ByteBuffer bb = ByteBuffer.wrap(b, off, len);
        long deadline = stall == null ? 0 : System.nanoTime() + stall.toNanos();
        while (bb.hasRemaining()) {
            if (channel.write(bb) > 0) {
                deadline = stall == null ? 0 : System.nanoTime() + stall.toNanos();
                continue;
            }
            long left = stall == null ? -1 : Math.max(0, deadline - System.nanoTime());
            if (left == 0) {
                throw new SocketTimeoutException("peer did not read for " + stall);
            }
            awaitWritable(left);
        }
    }

    private void awaitWritable(long nanos) throws IOException {
        try {
            key.interestOps(SelectionKey.OP_WRITE);
            try {
                if (nanos < 0) {
                    selector.select();
                } else {
                    selector.select(Math.max(1, (nanos + 999_999) / 1_000_000));
                }
                selector.selectedKeys().clear();
            } finally {
                if (key.isValid()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
        } catch (ClosedSelectorException | CancelledKeyException e) {
            throw new SocketException("telnet connection closed");
        }
    }

    /**
     * Sends one byte as TCP urgent data (a Synch's DM, RFC 854). Over TLS the byte goes in the
     * stream instead: TLS has no urgent data, and a byte outside the records would break them.
     */
    void sendUrgent(int b) throws IOException {
        if (tls != null) {
            tlsOut.write(b);
        } else {
            socket().sendUrgentData(b);
        }
    }

    /** Makes a read waiting in another thread return 0 soon. */
    void wakeup() {
        woken = true;
        Selector sel = selector;
        if (sel != null) {
            try {
                sel.wakeup();
            } catch (RuntimeException ignored) {
                // closed meanwhile: nobody to wake
            }
        }
    }

    /** The plain connection's channel (non-blocking, owned by this object); null over TLS. */
    SocketChannel channel() {
        return channel;
    }

    /** The socket, for its addresses and options: over TLS the {@link SSLSocket}. */
    Socket socket() {
        return tls != null ? tls : channel.socket();
    }

    /** The TLS session (protocol, cipher suite, the server's certificates); null when plain. */
    SSLSession tlsSession() {
        return tls == null ? null : tls.getSession();
    }

    /** True after {@link #close()}. */
    boolean isClosed() {
        return closed;
    }

    /** Closes; idempotent, never blocks, any thread: a read waiting in another thread ends (-1). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(selector); // wakes a thread blocked in select()
        closeQuietly(channel);
        closeQuietly(tls);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
    }
}
