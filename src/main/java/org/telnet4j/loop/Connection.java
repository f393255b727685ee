package org.telnet4j.loop;

import org.telnet4j.bytes.ByteTransform;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.bytes.InboundPipeline;
import org.telnet4j.bytes.ByteSink;

/**
 * One socket on an {@link EventLoop}: non-blocking reads into the loop's shared buffer, writes
 * through a bounded {@link OutputQueue}, and an optional inbound and outbound
 * {@link ByteTransform}.
 *
 * <p>Output written during a loop pass is sent at the end of that pass (or of the next pass when
 * written between {@code poll} calls), so many small writes become one system call. When the
 * socket will not take everything, the rest waits for OP_WRITE; a peer that never reads fills the
 * queue to its cap and the {@link OverflowPolicy} applies, without touching other connections.
 *
 * <p>Every method must be called on the loop thread; use {@link EventLoop#execute} from others.
 */
public final class Connection implements ByteSink {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final RateLimitedLog WARN_LIMIT = new RateLimitedLog();
    private static final RateLimitedLog WARN_FAILED = new RateLimitedLog();

    private final EventLoop loop;
    private final SocketChannel channel;
    private final OutputQueue out;
    private final OverflowPolicy overflowPolicy;
    private final long openedNanos;
    private String addrport;
    private SelectionKey key;
    private ConnectionHandler handler;
    private final InboundPipeline in = new InboundPipeline(this::toHandler);
    private ByteTransform outbound;
    private final ByteSink rawOut = this::queue;
    private volatile long lastInputNanos;
    private long bytesIn;
    private long bytesOut;
    private boolean dirty;
    /** Stream position (in bytes written) where the pending urgent byte goes, or -1. */
    private long urgentAt = -1;
    private byte urgentByte;
    private boolean closing;
    private boolean closed;
    private boolean readPaused;
    /** Input read but not yet taken (a full queue above the parser, or a used-up slice). */
    private boolean backlogged;
    /** In the loop's list of connections to continue on the next pass. */
    boolean inBacklog;
    private int readLimit = EventLoop.READ_BUFFER_SIZE;
    private boolean overflowLogged;
    private CloseReason closingReason;
    /** Closed for the application; the socket still reads and discards until the peer's EOF. */
    private boolean lingering;
    private Timer lingerTimer;
    /** Ends a graceful close whose output the peer never takes. */
    private Timer closeTimer;
    /** One-shot: run when the output queue falls below {@link #belowBytes} (back-pressure). */
    private Runnable whenBelow;
    private int belowBytes;

    Connection(EventLoop loop, SocketChannel channel, int outputCap, OverflowPolicy overflowPolicy) {
        this.loop = loop;
        this.channel = channel;
        this.out = new OutputQueue(outputCap);
        this.overflowPolicy = overflowPolicy;
        this.openedNanos = loop.nanoTime();
        this.lastInputNanos = openedNanos;
        this.addrport = format(remoteAddress(channel));
        try {
            // RFC 854's Synch sends DM as TCP urgent data. Without OOBINLINE the kernel takes
            // that byte out of the stream and the IAC before it would swallow the next byte.
            channel.socket().setOOBInline(true);
        } catch (UnsupportedOperationException | java.io.IOException e) {
            LOG.debug("{} SO_OOBINLINE not available: {}", addrport, e.toString());
        }
    }

    void attach(SelectionKey key, ConnectionHandler handler) {
        this.key = key;
        this.handler = handler;
    }

    /** The loop this connection belongs to. */
    public EventLoop loop() {
        return loop;
    }

    /** The peer's address as {@code "ip:port"}. */
    public String addrport() {
        return addrport;
    }

    /**
     * Names the peer differently in logs and {@link #addrport()}: the real client when the peer
     * is a load balancer that said who it relays for (the PROXY protocol).
     */
    public void setAddrport(String addrport) {
        this.addrport = java.util.Objects.requireNonNull(addrport, "addrport");
    }

    /** This end's socket address, or null once closed. */
    public SocketAddress localAddress() {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** The peer's socket address, or null once closed. */
    public SocketAddress remoteAddress() {
        return remoteAddress(channel);
    }

    /** Nanoseconds since the last input arrived. Safe from any thread (approximately). */
    public long idleNanos() {
        return System.nanoTime() - lastInputNanos;
    }

    /** Nanoseconds since the connection opened. */
    public long ageNanos() {
        return System.nanoTime() - openedNanos;
    }

    /** Bytes received from the socket. */
    public long bytesIn() {
        return bytesIn;
    }

    /** Bytes written to the socket. */
    public long bytesOut() {
        return bytesOut;
    }

    /** Bytes waiting in the output queue. */
    public int queuedBytes() {
        return out.size();
    }

    /** Most bytes the output queue holds before the overflow policy applies. */
    public int outputCap() {
        return out.cap();
    }

    /**
     * Runs {@code action} once, on the loop thread, as soon as fewer than {@code bytes} are queued
     * for output: at the end of the flush that gets there, or now if already there. For a
     * producer that stops when the queue is full and resumes when it drains, without polling. A
     * later call replaces an earlier one not yet run; it never runs once the connection closed.
     * Loop thread.
     */
    public void whenOutputBelow(int bytes, Runnable action) {
        if (closed || closing) {
            return;
        }
        if (out.size() < bytes) {
            whenBelow = null;
            action.run();
            return;
        }
        belowBytes = bytes;
        whenBelow = action;
    }

    /** True until the connection is closed or closing. */
    public boolean isOpen() {
        return !closing && !closed;
    }

    /** True once fully closed. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Installs an inbound transform; bytes not yet delivered, including the rest of the buffer
     * being delivered when this is called from {@link ConnectionHandler#onInput}, pass through it.
     */
    public void setInboundTransform(ByteTransform t) {
        in.setTransform(t);
    }

    /** The inbound transform in place, or null. */
    public ByteTransform inboundTransform() {
        return in.transform();
    }

    /** Installs an outbound transform; everything written after this call passes through it. */
    public void setOutboundTransform(ByteTransform t) {
        ByteTransform old = outbound;
        if (old != null && old != t) {
            outbound = null;
            try {
                old.finish(rawOut); // e.g. the end of a zlib stream: the peer returns to plain
            } catch (IOException e) {
                LOG.warn("{} outbound transform finish failed: {}", addrport, e.toString());
            }
            old.close();
        }
        this.outbound = t;
    }

    /**
     * Stops or resumes reading from the socket (backpressure from the application). Called while
     * input is being delivered, it also stops the delivery if the handler returns early (see
     * {@link ConnectionHandler#onInput}): the rest of the read waits here, and goes on, on the
     * loop's next pass, once reading resumes.
     */
    public void setReadPaused(boolean paused) {
        if (paused == readPaused || closed) {
            return;
        }
        readPaused = paused;
        updateInterest();
        if (!paused && backlogged) {
            loop.addBacklog(this);
        }
    }

    /** True while reading is paused by {@link #setReadPaused}. */
    public boolean isReadPaused() {
        return readPaused;
    }

    /**
     * Caps one read from the socket, and with it the input this connection can hold back when its
     * handler is full (at most one read). Default and maximum: the loop's read buffer, 64 KiB.
     */
    public void setReadLimit(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("read limit must be positive, was " + bytes);
        }
        readLimit = Math.min(bytes, EventLoop.READ_BUFFER_SIZE);
    }

    /** Input read from the socket and not yet taken by the handler, in bytes. */
    public int backlogBytes() {
        return in.backlogBytes();
    }

    /** Appends bytes to the output, through the outbound transform if any. */
    @Override
    public void write(byte[] buf, int off, int len) {
        if (closed || closing || len == 0) {
            return;
        }
        if (outbound == null) {
            queue(buf, off, len);
            return;
        }
        try {
            outbound.apply(buf, off, len, rawOut);
            markDirty(); // a compressor may hold it all: the flush at the end of the pass pushes it
        } catch (IOException e) {
            LOG.warn("{} outbound transform failed: {}", addrport, e.toString());
            abort(CloseReason.IO_ERROR);
        }
    }

    private void queue(byte[] buf, int off, int len) {
        if (closed) {
            return;
        }
        if (!out.append(buf, off, len)) {
            handler.onOutputOverflow(this, out.size());
            if (overflowPolicy == OverflowPolicy.DISCONNECT) {
                LOG.warn("{} output queue full ({} bytes queued, {} more): peer is not reading; disconnecting",
                    addrport, out.size(), len);
                abort(CloseReason.OUTPUT_OVERFLOW);
            } else if (!overflowLogged) {
                overflowLogged = true;
                LOG.warn("{} output queue full ({} bytes queued): discarding output until it drains",
                    addrport, out.size());
            }
            return;
        }
        overflowLogged = false;
        markDirty();
    }

    private void markDirty() {
        if (!dirty) {
            dirty = true;
            loop.markDirty(this);
        }
    }

    /**
     * Closes after the queued output has been sent (miniboa's {@code deactivate}). Input is no
     * longer read.
     */
    public void close() {
        close(CloseReason.LOCAL_CLOSE);
    }

    /** Closes after the queued output has been sent, reporting {@code reason}. */
    public void close(CloseReason reason) {
        if (closed || closing) {
            return;
        }
        closing = true;
        closingReason = reason;
        flushTransform();
        markDirty(); // the flush at the end of the pass completes the close
        if (!closed && !out.isEmpty()) {
            // A peer that never reads would hold the connection (and its slot) for ever.
            closeTimer = loop.schedule(loop.closeTimeoutMillis(), java.util.concurrent.TimeUnit.MILLISECONDS,
                this::closeTimedOut);
        }
    }

    private void closeTimedOut() {
        if (closing && !closed) {
            LOG.warn("{} did not take the last {} bytes within {} ms of closing: closing at once",
                addrport, out.size(), loop.closeTimeoutMillis());
            abort(closingReason);
        }
    }

    /** How long a closed connection waits for the peer to close its side before giving up. */
    static final long LINGER_MILLIS = 2000;

    /** Closes at once, discarding queued output. */
    public void abort(CloseReason reason) {
        if (lingering) {
            endLinger();
            return;
        }
        if (closed) {
            return;
        }
        closed = true;
        closing = false;
        cancelCloseTimer();
        out.clear();
        releaseTransforms();
        closeSocket();
        if (handler != null) {
            handler.onClosed(this, reason);
        }
    }

    /** Called by the loop when the key is ready. */
    void onReady(int ops) {
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            flush();
        }
        if ((!closed || lingering) && (ops & SelectionKey.OP_READ) != 0) {
            read();
        }
    }

    private void read() {
        ByteBuffer rb = loop.readBuffer();
        rb.clear();
        rb.limit(readLimit);
        int n;
        try {
            n = channel.read(rb);
        } catch (IOException e) {
            LOG.debug("{} read failed: {}", addrport, e.toString());
            abort(CloseReason.IO_ERROR);
            return;
        }
        if (lingering) {
            if (n < 0) {
                endLinger(); // the peer has closed too: a clean, complete close
            }
            return; // input after our close is discarded
        }
        if (n < 0) {
            if (closing) {
                abort(closingReason);
            } else {
                // The peer will send nothing more; whatever we queued may still reach it.
                close(CloseReason.PEER_CLOSED);
                setReadPausedInternal();
            }
            return;
        }
        if (n == 0 || closing) {
            return;
        }
        bytesIn += n;
        lastInputNanos = loop.nanoTime();
        deliver(rb.array(), rb.arrayOffset(), n);
    }

    private void setReadPausedInternal() {
        readPaused = true;
        updateInterest();
    }

    /** Feeds bytes to the handler, routing through the inbound transform where one is set. */
    void deliver(byte[] buf, int off, int len) {
        try {
            in.feed(buf, off, len);
        } catch (IOException e) {
            inputFailed(e);
            return;
        }
        afterDelivery();
    }

    /** On the loop's pass: offers the input held back, if reading is not paused. */
    void continueInput() {
        if (closed || closing || !backlogged || readPaused) {
            return;
        }
        try {
            in.resume();
        } catch (IOException e) {
            inputFailed(e);
            return;
        }
        afterDelivery();
    }

    private void afterDelivery() {
        if (closed) {
            return;
        }
        boolean more = in.hasBacklog();
        if (more != backlogged) {
            backlogged = more;
            updateInterest(); // no socket reads while input waits: the kernel's buffer holds the rest
        }
        if (more && !readPaused) {
            loop.addBacklog(this); // a used-up slice, or a pause for a transform: go on next pass
        }
    }

    private void inputFailed(IOException e) {
        if (e instanceof org.telnet4j.protocol.InputLimitException) {
            WARN_LIMIT.warn(LOG, "{} {}: closing", addrport, e.getMessage());
            abort(CloseReason.INPUT_LIMIT);
        } else {
            WARN_FAILED.warn(LOG, "{} inbound transform failed: {}", addrport, e.getMessage());
            abort(CloseReason.IO_ERROR);
        }
    }

    private int toHandler(byte[] buf, int off, int len) {
        return closed ? len : handler.onInput(this, buf, off, len);
    }

    private void flushTransform() {
        if (outbound != null && !closed) {
            try {
                outbound.flush(rawOut);
            } catch (IOException e) {
                LOG.warn("{} outbound transform flush failed: {}", addrport, e.toString());
                abort(CloseReason.IO_ERROR);
            }
        }
    }

    /**
     * Sends one byte as TCP urgent data after everything queued so far (RFC 854's Synch: the
     * caller queues {@code IAC} and passes {@code DM} here). The kernel sends it with the urgent
     * pointer set, which the peer's TCP reports even while its receive window is closed. With an
     * outbound transform (TLS, MCCP) there is no urgent data to speak of: the byte goes in-band.
     * A second call before the first byte has gone out also sends in-band. Loop thread.
     */
    public void writeUrgent(byte b) {
        if (closed || closing) {
            return;
        }
        if (outbound != null || urgentAt >= 0) {
            write(new byte[] {b}, 0, 1);
            return;
        }
        urgentAt = bytesOut + out.size();
        urgentByte = b;
        markDirty();
    }

    private boolean sendUrgent() throws IOException {
        try {
            channel.socket().sendUrgentData(urgentByte & 0xFF);
        } catch (java.net.SocketException e) {
            if (e.getMessage() != null && e.getMessage().contains("buffer full")) {
                return false; // retried on OP_WRITE
            }
            throw e;
        }
        urgentAt = -1;
        bytesOut++;
        return true;
    }

    /** Writes queued output; called at the end of a loop pass and on OP_WRITE. */
    void flush() {
        dirty = false;
        if (closed) {
            return;
        }
        flushTransform();
        try {
            while (!out.isEmpty() || urgentAt >= 0) {
                if (urgentAt >= 0 && bytesOut == urgentAt) {
                    if (!sendUrgent()) {
                        break;
                    }
                    continue;
                }
                int n = out.writeTo(channel, urgentAt >= 0 ? (int) (urgentAt - bytesOut) : Integer.MAX_VALUE);
                if (n == 0) {
                    break;
                }
                bytesOut += n;
            }
        } catch (IOException e) {
            LOG.debug("{} write failed: {}", addrport, e.toString());
            abort(CloseReason.IO_ERROR);
            return;
        }
        if (out.isEmpty() && urgentAt < 0 && closing) {
            finishClose();
            return;
        }
        updateInterest();
        Runnable below = whenBelow;
        if (below != null && out.size() < belowBytes) {
            whenBelow = null;
            below.run(); // what it writes marks the connection dirty: flushed later in this pass
        }
    }

    /**
     * Everything queued has been written: send FIN (shutdownOutput), tell the handler, then keep
     * reading and discarding until the peer's EOF. Closing a socket with unread input makes the
     * kernel send RST, and an RST destroys whatever the peer had not read yet: the very output
     * we just waited to deliver.
     */
    private void cancelCloseTimer() {
        if (closeTimer != null) {
            closeTimer.cancel();
            closeTimer = null;
        }
    }

    private void finishClose() {
        cancelCloseTimer();
        closing = false;
        closed = true;
        lingering = true;
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            LOG.debug("{} shutdownOutput: {}", addrport, e.toString());
        }
        releaseTransforms();
        if (key != null && key.isValid()) {
            key.interestOps(SelectionKey.OP_READ);
        }
        lingerTimer = loop.schedule(LINGER_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS, this::endLinger);
        if (handler != null) {
            handler.onClosed(this, closingReason);
        }
    }

    private void endLinger() {
        if (!lingering) {
            return;
        }
        lingering = false;
        if (lingerTimer != null) {
            lingerTimer.cancel();
        }
        closeSocket();
    }

    /** Deregisters and closes the socket; the loop forgets this connection. */
    private void closeSocket() {
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("{} close: {}", addrport, e.toString());
        }
        loop.connectionClosed(this);
    }

    private void releaseTransforms() {
        in.close();
        if (outbound != null) {
            outbound.close();
            outbound = null;
        }
    }

    private void updateInterest() {
        if (key == null || !key.isValid()) {
            return;
        }
        int ops = 0;
        if (!readPaused && !closing && !backlogged) {
            ops |= SelectionKey.OP_READ;
        }
        if (!out.isEmpty() || urgentAt >= 0) {
            ops |= SelectionKey.OP_WRITE;
        }
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    private static SocketAddress remoteAddress(SocketChannel ch) {
        try {
            return ch.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    private static String format(SocketAddress a) {
        if (a instanceof InetSocketAddress) {
            InetSocketAddress i = (InetSocketAddress) a;
            String host = i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString();
            return host + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    @Override
    public String toString() {
        return "Connection[" + addrport + (closed ? ", closed" : closing ? ", closing" : "") + "]";
    }
}
