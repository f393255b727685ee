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
import org.telnet4j.bytes.SocketStage;

/**
 * One socket on an {@link EventLoop}: non-blocking reads into the loop's shared buffer, writes
 * through a bounded {@link OutputQueue}, an optional {@link SocketStage} next to the socket (TLS),
 * and an optional inbound and outbound {@link ByteTransform} above it (MCCP).
 *
 * <p>The life of a connection is one {@link State}:
 * <pre>
 *   OPENING --stage open, or first byte says plain--&gt; OPEN
 *   OPENING --close() with output held---------------&gt; OPENING (closes once open)
 *   OPEN    --close(), or the peer's EOF/close_notify-&gt; CLOSING
 *   CLOSING --queued output sent (+ close_notify)----&gt; LINGERING (FIN sent; handler told)
 *   LINGERING --peer's EOF, or {@link #LINGER_MILLIS}----&gt; CLOSED
 *   any     --abort(), an I/O or TLS error-----------&gt; CLOSED (handler told, once)
 * </pre>
 * A connection without a stage starts OPEN. While OPENING (a TLS handshake, or waiting for the
 * first byte to choose between TLS and plain) everything written is held, in order, and goes out
 * once the stage is open; the handler hears {@link ConnectionHandler#onTransportOpen}. Reading
 * stops in CLOSING, and in LINGERING what arrives is discarded. Apart from the state, input has
 * two flags of its own: paused by the application, and backlogged (read but not yet taken).
 *
 * <p>Output written during a loop pass is sent at the end of that pass (or of the next pass when
 * written between {@code poll} calls), so many small writes become one system call. When the
 * socket will not take everything, the rest waits for OP_WRITE; a peer that never reads fills the
 * queue to its cap and the {@link OverflowPolicy} applies, without touching other connections.
 *
 * <p>Every method must be called on the loop thread; use {@link EventLoop#execute} from others.
 */
public final class Connection implements ByteSink {
    /** Where a connection is in its life; see the class comment for the transitions. */
    public enum State {
        /** The stage next to the socket is not open yet: output is held. */
        OPENING,
        /** Reading and writing. */
        OPEN,
        /** Closed for writing: the queued output (and a stage's closing word) is being sent. */
        CLOSING,
        /** Output shut down (FIN) and the handler told; reading and discarding until the peer's EOF. */
        LINGERING,
        /** The socket is closed. */
        CLOSED
    }

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
    private final ByteSink rawOut = this::toWire;
    private State state = State.OPEN;
    /** TLS, or null: every byte read goes through it first, every byte written last. */
    private SocketStage stage;
    /** While choosing a stage from the first byte: what to ask. */
    private java.util.function.IntFunction<SocketStage> chooser;
    /** Application output not yet given to the stage (held while OPENING; coalesced per pass). */
    private OutputQueue plain;
    private StageWire wire;
    private Timer openTimer;
    private long openTimeoutMillis;
    /** A close asked for while OPENING with output held: done once open. */
    private CloseReason closeWhenOpen;
    private boolean closeWordSent;
    private Throwable failure;
    private volatile long lastInputNanos;
    private long bytesIn;
    private long bytesOut;
    private boolean dirty;
    /** Stream position (in bytes written) where the pending urgent byte goes, or -1. */
    private long urgentAt = -1;
    private byte urgentByte;
    private boolean readPaused;
    /** Input read but not yet taken (a full queue above the parser, or a used-up slice). */
    private boolean backlogged;
    /** In the loop's list of connections to continue on the next pass. */
    boolean inBacklog;
    private int readLimit = EventLoop.READ_BUFFER_SIZE;
    private boolean overflowLogged;
    private CloseReason closingReason;
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

    /** Bytes waiting for the socket: held for the stage, and queued. */
    public int queuedBytes() {
        return out.size() + (plain == null ? 0 : plain.size());
    }

    /** Most bytes the output queue holds before the overflow policy applies. */
    public int outputCap() {
        return out.cap();
    }

    /** Where the connection is in its life. */
    public State state() {
        return state;
    }

    /**
     * Runs {@code action} once, on the loop thread, as soon as fewer than {@code bytes} are queued
     * for output: at the end of the flush that gets there, or now if already there. For a
     * producer that stops when the queue is full and resumes when it drains, without polling. A
     * later call replaces an earlier one not yet run; it never runs once the connection closed.
     * Loop thread.
     */
    public void whenOutputBelow(int bytes, Runnable action) {
        if (!isOpen()) {
            return;
        }
        if (queuedBytes() < bytes) {
            whenBelow = null;
            action.run();
            return;
        }
        belowBytes = bytes;
        whenBelow = action;
    }

    /** True until the connection is closing or closed (while OPENING, output is held). */
    public boolean isOpen() {
        return state == State.OPEN || state == State.OPENING;
    }

    /** True once closed for the application (lingering or fully closed). */
    public boolean isClosed() {
        return state == State.LINGERING || state == State.CLOSED;
    }

    /** True when a stage (TLS) is next to the socket. */
    public boolean isSecure() {
        return stage != null;
    }

    /** The stage next to the socket, or null for a plain connection. */
    public SocketStage stage() {
        return stage;
    }

    /** The TLS session once the handshake is done, or null (plain, or still opening). */
    public javax.net.ssl.SSLSession tlsSession() {
        return stage instanceof TlsStage && stage.isOpen() ? ((TlsStage) stage).session() : null;
    }

    /** What made the connection fail (a TLS error), or null. */
    public Throwable failure() {
        return failure;
    }

    /**
     * Puts {@code s} next to the socket before anything has been read or written: the connection
     * is OPENING until the stage opens, and is closed (logged) if that takes longer than
     * {@code openTimeoutMillis}. Loop thread.
     */
    public void setStage(SocketStage s, long openTimeoutMillis) {
        if (stage != null || chooser != null || bytesIn > 0) {
            throw new IllegalStateException("a stage is set before the first byte, once");
        }
        this.openTimeoutMillis = openTimeoutMillis;
        beginOpening();
        startStage(s);
    }

    /**
     * Holds output until the peer's first byte, then asks {@code chooser} what it means: a stage
     * to put next to the socket (a TLS ClientHello starts with 0x16), or null for plain. A stage
     * chosen must open within {@code openTimeoutMillis}. See {@link #choosePlain} for a peer that
     * says nothing. Loop thread.
     */
    public void chooseStage(java.util.function.IntFunction<SocketStage> chooser, long openTimeoutMillis) {
        if (stage != null || this.chooser != null || bytesIn > 0) {
            throw new IllegalStateException("a stage is chosen before the first byte, once");
        }
        this.openTimeoutMillis = openTimeoutMillis;
        this.chooser = chooser;
        state = State.OPENING;
        plain = new OutputQueue(out.cap());
    }

    /** Ends {@link #chooseStage} without a byte: the connection is plain (and OPEN). Loop thread. */
    public void choosePlain() {
        if (chooser != null && state == State.OPENING) {
            chooser = null;
            becomeOpen();
        }
    }

    private void beginOpening() {
        state = State.OPENING;
        if (plain == null) {
            plain = new OutputQueue(out.cap());
        }
    }

    private void startStage(SocketStage s) {
        stage = s;
        wire = new StageWire();
        stageSend = (b, o, l) -> stage.send(b, o, l, wire);
        openTimer = loop.schedule(openTimeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS, this::openTimedOut);
        try {
            s.start(wire);
        } catch (IOException e) {
            stageFailed(e);
            return;
        }
        markDirty();
    }

    private void openTimedOut() {
        if (state == State.OPENING && stage != null) {
            LOG.warn("{} {} handshake not finished within {} ms ({} bytes read): closing", addrport,
                stage.name(), openTimeoutMillis, bytesIn);
            failure = new java.net.SocketTimeoutException(stage.name() + " handshake not finished within "
                + openTimeoutMillis + " ms");
            abort(CloseReason.TLS_ERROR);
        }
    }

    private void becomeOpen() {
        if (state != State.OPENING) {
            return;
        }
        state = State.OPEN;
        if (stage == null && plain != null) {
            // Plain after all: what was held goes to the socket queue, and so does all that follows.
            OutputQueue held = plain;
            plain = null;
            try {
                while (!held.isEmpty()) {
                    held.drainTo(out::appendUnbounded, Integer.MAX_VALUE); // held was bounded by the cap
                }
            } catch (IOException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        if (openTimer != null) {
            openTimer.cancel();
            openTimer = null;
        }
        markDirty(); // the held output goes at the end of this pass
        if (handler != null) {
            handler.onTransportOpen(this);
        }
        CloseReason r = closeWhenOpen;
        if (r != null && state == State.OPEN) {
            closeWhenOpen = null;
            close(r);
        }
    }

    private void stageFailed(IOException e) {
        if (state == State.CLOSED) {
            return;
        }
        failure = e;
        String what = e.getMessage() == null ? e.toString() : e.getMessage();
        if (stage.isClient()) {
            LOG.debug("{} {} failed{}: {}: closing", addrport, stage.name(),
                state == State.OPENING ? " during the handshake" : "", what);
        } else {
            WARN_FAILED.warn(LOG, "{} {} failed{}: {}: closing", addrport, stage.name(),
                state == State.OPENING ? " during the handshake" : "", what);
        }
        // Its alert, if any, is queued: try to send it now, without waiting for the peer.
        try {
            out.writeTo(channel);
        } catch (IOException ignored) {
            // the peer is gone
        }
        abort(CloseReason.TLS_ERROR);
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
        if (paused == readPaused || isClosed()) {
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
        if (!isOpen() || len == 0) {
            return;
        }
        if (outbound == null) {
            toWire(buf, off, len);
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

    /** Below the transforms: to the stage (held, and wrapped at the flush) or to the socket. */
    private void toWire(byte[] buf, int off, int len) {
        if (plain == null) {
            queue(buf, off, len);
            return;
        }
        if (state == State.CLOSED) {
            return;
        }
        if (!plain.append(buf, off, len)) {
            overflow(plain.size() + out.size(), len);
            return;
        }
        overflowLogged = false;
        markDirty();
    }

    private void queue(byte[] buf, int off, int len) {
        if (state == State.CLOSED) {
            return;
        }
        if (!out.append(buf, off, len)) {
            overflow(out.size(), len);
            return;
        }
        overflowLogged = false;
        markDirty();
    }

    private void overflow(int queued, int len) {
        handler.onOutputOverflow(this, queued);
        if (overflowPolicy == OverflowPolicy.DISCONNECT) {
            LOG.warn("{} output queue full ({} bytes queued, {} more): peer is not reading; disconnecting",
                addrport, queued, len);
            abort(CloseReason.OUTPUT_OVERFLOW);
        } else if (!overflowLogged) {
            overflowLogged = true;
            LOG.warn("{} output queue full ({} bytes queued): discarding output until it drains",
                addrport, queued);
        }
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

    /**
     * Closes after the queued output has been sent, reporting {@code reason}. While OPENING with
     * output held, the stage opens first (within its deadline) so that the held output is
     * delivered; a stage's closing word (TLS close_notify) follows the last byte.
     */
    public void close(CloseReason reason) {
        if (!isOpen()) {
            return;
        }
        if (state == State.OPENING) {
            if (stage != null && plain.isEmpty()) {
                closeWhenOpen = null; // nothing to wait for: the stage says goodbye at once
            } else if (chooser != null && plain.isEmpty()) {
                chooser = null; // undecided and nothing to say: close as plain
            } else {
                if (closeWhenOpen == null) {
                    closeWhenOpen = reason;
                }
                return;
            }
        }
        state = State.CLOSING;
        closingReason = reason;
        flushTransform();
        markDirty(); // the flush at the end of the pass completes the close
        if (state == State.CLOSING && queuedBytes() > 0) {
            // A peer that never reads would hold the connection (and its slot) for ever.
            closeTimer = loop.schedule(loop.closeTimeoutMillis(), java.util.concurrent.TimeUnit.MILLISECONDS,
                this::closeTimedOut);
        }
    }

    private void closeTimedOut() {
        if (state == State.CLOSING) {
            LOG.warn("{} did not take the last {} bytes within {} ms of closing: closing at once",
                addrport, queuedBytes(), loop.closeTimeoutMillis());
            abort(closingReason);
        }
    }

    /** How long a closed connection waits for the peer to close its side before giving up. */
    static final long LINGER_MILLIS = 2000;

    /** Closes at once, discarding queued output. */
    public void abort(CloseReason reason) {
        if (state == State.LINGERING) {
            endLinger();
            return;
        }
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        cancelTimers();
        out.clear();
        if (plain != null) {
            plain.clear();
        }
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
        if (state != State.CLOSED && (ops & SelectionKey.OP_READ) != 0) {
            read();
        }
    }

    private void read() {
        ByteBuffer rb = loop.readBuffer();
        rb.clear();
        if (stage != null && state != State.LINGERING) {
            stage.carry(rb); // a record split by the last read: this read completes it
        }
        rb.limit(Math.min(rb.capacity(), rb.position() + readLimit));
        int start = rb.position();
        int n;
        try {
            n = channel.read(rb);
        } catch (IOException e) {
            LOG.debug("{} read failed: {}", addrport, e.toString());
            abort(CloseReason.IO_ERROR);
            return;
        }
        if (state == State.LINGERING) {
            if (n < 0) {
                endLinger(); // the peer has closed too: a clean, complete close
            }
            return; // input after our close is discarded
        }
        if (n < 0) {
            if (state == State.CLOSING) {
                abort(closingReason);
            } else if (state == State.OPENING) {
                LOG.info("{} closed by the peer before the {} handshake finished ({} bytes read)", addrport,
                    stage != null ? stage.name() : "TLS", bytesIn);
                if (stage != null) {
                    failure = new javax.net.ssl.SSLHandshakeException("Remote host terminated the handshake");
                }
                abort(CloseReason.PEER_CLOSED);
            } else {
                // The peer will send nothing more; whatever we queued may still reach it.
                close(CloseReason.PEER_CLOSED);
                setReadPausedInternal();
            }
            return;
        }
        if (n == 0 || state == State.CLOSING) {
            return;
        }
        bytesIn += n;
        lastInputNanos = loop.nanoTime();
        if (chooser != null) {
            java.util.function.IntFunction<SocketStage> c = chooser;
            chooser = null;
            SocketStage s = c.apply(rb.get(start) & 0xFF);
            if (s == null) {
                becomeOpen();
            } else {
                startStage(s);
            }
            if (state == State.CLOSED) {
                return;
            }
        }
        if (stage == null) {
            deliver(rb.array(), rb.arrayOffset() + start, n);
            return;
        }
        rb.flip();
        try {
            stage.received(rb, wire);
        } catch (IOException e) {
            stageFailed(e);
            return;
        }
        afterStage();
    }

    /** After the stage has taken a read: it may have opened, or the peer said goodbye. */
    private void afterStage() {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.OPENING && stage.isOpen()) {
            becomeOpen();
        }
        if (stage.isInputDone() && state == State.OPENING) {
            LOG.info("{} closed by the peer during the {} handshake", addrport, stage.name());
            abort(CloseReason.PEER_CLOSED);
        } else if (stage.isInputDone() && state == State.OPEN) {
            // The peer's close_notify: like EOF, what we queued may still reach it.
            close(CloseReason.PEER_CLOSED);
            setReadPausedInternal();
        }
        if (state != State.CLOSED) {
            afterDelivery();
        }
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
        if (!isOpen() || !backlogged || readPaused) {
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
        if (isClosed()) {
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
        return isClosed() ? len : handler.onInput(this, buf, off, len);
    }

    private void flushTransform() {
        if (outbound != null && !isClosed()) {
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
     * outbound transform or a stage (TLS, MCCP) there is no urgent data to speak of: the byte goes
     * in-band. A second call before the first byte has gone out also sends in-band. Loop thread.
     */
    public void writeUrgent(byte b) {
        if (!isOpen()) {
            return;
        }
        if (outbound != null || plain != null || urgentAt >= 0) {
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

    /** Wire bytes queued ahead of the socket before more held output is wrapped. */
    private static final int WRAP_AHEAD = 32 * 1024;

    /**
     * Gives held output to the open stage, a chunk at a time, while little is queued for the
     * socket: many small writes in one pass become few records, and a slow peer's output waits
     * here, unwrapped, instead of growing the wire queue. Then, when all is said and the
     * connection is closing, the stage's closing word.
     */
    private void wrapHeld() throws IOException {
        if (stage == null || !stage.isOpen() && state != State.CLOSING) {
            return;
        }
        wire.inFlush = true;
        try {
            if (stage.isOpen()) {
                while (!plain.isEmpty() && out.size() < WRAP_AHEAD && state != State.CLOSED) {
                    plain.drainTo(stageSend, 16 * 1024);
                }
            }
            if (state == State.CLOSING && plain.isEmpty() && !closeWordSent) {
                closeWordSent = true;
                stage.close(wire);
            }
        } finally {
            wire.inFlush = false;
        }
    }

    /** Gives held output to the stage; made with the stage, so a plain connection has none (16 B). */
    private OutputQueue.Drain stageSend;

    /** Writes queued output; called at the end of a loop pass and on OP_WRITE. */
    void flush() {
        dirty = false;
        if (isClosed()) {
            return;
        }
        flushTransform();
        try {
            while (true) {
                wrapHeld();
                if (state == State.CLOSED) {
                    return;
                }
                if (!writeOut()) {
                    break; // the socket is full: OP_WRITE
                }
                if (stage == null || !stage.isOpen() || plain.isEmpty()) {
                    break;
                }
            }
        } catch (IOException e) {
            if (e instanceof javax.net.ssl.SSLException) {
                stageFailed(e);
                return;
            }
            LOG.debug("{} write failed: {}", addrport, e.toString());
            abort(CloseReason.IO_ERROR);
            return;
        }
        if (state == State.CLOSING && out.isEmpty() && urgentAt < 0 && (plain == null || plain.isEmpty())
            && (stage == null || closeWordSent)) {
            finishClose();
            return;
        }
        updateInterest();
        Runnable below = whenBelow;
        if (below != null && queuedBytes() < belowBytes) {
            whenBelow = null;
            below.run(); // what it writes marks the connection dirty: flushed later in this pass
        }
    }

    /** Writes the wire queue. @return true if it is empty now */
    private boolean writeOut() throws IOException {
        while (!out.isEmpty() || urgentAt >= 0) {
            if (urgentAt >= 0 && bytesOut == urgentAt) {
                if (!sendUrgent()) {
                    return false;
                }
                continue;
            }
            int n = out.writeTo(channel, urgentAt >= 0 ? (int) (urgentAt - bytesOut) : Integer.MAX_VALUE);
            if (n == 0) {
                return false;
            }
            bytesOut += n;
        }
        return true;
    }

    private void cancelTimers() {
        if (closeTimer != null) {
            closeTimer.cancel();
            closeTimer = null;
        }
        if (openTimer != null) {
            openTimer.cancel();
            openTimer = null;
        }
    }

    /**
     * Everything queued has been written: send FIN (shutdownOutput), tell the handler, then keep
     * reading and discarding until the peer's EOF. Closing a socket with unread input makes the
     * kernel send RST, and an RST destroys whatever the peer had not read yet: the very output
     * we just waited to deliver.
     */
    private void finishClose() {
        cancelTimers();
        state = State.LINGERING;
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
        if (state != State.LINGERING) {
            return;
        }
        state = State.CLOSED;
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
        if (stage != null) {
            stage.release();
        }
    }

    private void updateInterest() {
        if (key == null || !key.isValid()) {
            return;
        }
        int ops = 0;
        if (!readPaused && state != State.CLOSING && !backlogged) {
            ops |= SelectionKey.OP_READ;
        }
        if (!out.isEmpty() || urgentAt >= 0) {
            ops |= SelectionKey.OP_WRITE;
        }
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /** The stage's way to the socket and up to the handler, and the loop's shared scratch. */
    private final class StageWire implements SocketStage.Wire {
        /**
         * While the flush wraps held output: what the stage queues is written by that same flush,
         * so the connection is not put on the loop's dirty list again (a second, empty flush).
         */
        boolean inFlush;

        @Override
        public void toSocket(byte[] buf, int off, int len) {
            // Bounded by the stage: handshake records, and at most WRAP_AHEAD plus a record of data.
            if (state != State.CLOSED) {
                out.appendUnbounded(buf, off, len);
                if (!inFlush) {
                    markDirty();
                }
            }
        }

        @Override
        public void toApplication(byte[] buf, int off, int len) {
            if (state == State.OPENING && stage.isOpen()) {
                becomeOpen(); // the handshake's last record and data in one read: open first
            }
            if (!isOpen()) {
                return;
            }
            try {
                in.feed(buf, off, len);
            } catch (IOException e) {
                inputFailed(e);
            }
        }

        @Override
        public ByteBuffer scratch(int which, int size) {
            return loop.scratch(which, size);
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
        return "Connection[" + addrport + (isClosed() ? ", closed" : state == State.CLOSING ? ", closing"
            : state == State.OPENING ? ", opening" : "") + "]";
    }
}
