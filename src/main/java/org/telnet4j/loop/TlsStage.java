package org.telnet4j.loop;

import java.io.IOException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.telnet4j.bytes.SocketStage;

/**
 * TLS next to the socket, with the JDK's {@link SSLEngine}, driven without blocking on the loop
 * thread: handshake records are written as the engine asks for them while reading (and the other
 * way round), delegated tasks (certificate checks, key agreement: CPU work, no I/O) run inline,
 * and {@code close_notify} goes out when the owner closes.
 *
 * <p>Memory: the engine's packet and application buffers are the loop's, shared by every
 * connection ({@link SocketStage.Wire#scratch}); a connection keeps only the engine and, between
 * two reads that split a record, the bytes of that partial record.
 *
 * <p>Refused: renegotiation asked for by the peer once the handshake is done (TLS 1.2 and older;
 * TLS 1.3 has none, and its post-handshake messages, key updates and tickets, are fine). A peer
 * that floods tiny records costs one decryption each, but no more than one read's worth (64 KiB)
 * per loop pass, like any other connection's input.
 */
public final class TlsStage implements SocketStage {
    private static final int APP_SCRATCH = 0;
    private static final int NET_SCRATCH = 1;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    /**
     * The engine's buffer sizes, read once and again when the handshake finishes or a record does
     * not fit: {@code getSession()} takes the engine's lock, too dear once per record.
     */
    private int appSize;
    private int packetSize;
    /** Known once open: TLS 1.3 has no renegotiation to refuse. */
    private boolean tls13;
    private byte[] partial;
    private boolean open;
    private boolean inputDone;
    private boolean closeSent;
    private boolean released;

    /** A stage around {@code engine} (client or server mode already set). */
    public TlsStage(SSLEngine engine) {
        this.engine = engine;
        readSizes();
    }

    private void readSizes() {
        SSLSession s = engine.getSession();
        appSize = s.getApplicationBufferSize();
        packetSize = s.getPacketBufferSize();
    }

    /** The handshake is done: the negotiated session's sizes and protocol are the ones that hold. */
    private void opened() {
        open = true;
        readSizes();
        tls13 = "TLSv1.3".equals(engine.getSession().getProtocol());
    }

    /** The engine's session: protocol, cipher suite, peer certificates (once open). */
    public SSLSession session() {
        return engine.getSession();
    }

    /** The engine. */
    public SSLEngine engine() {
        return engine;
    }

    @Override
    public boolean isClient() {
        return engine.getUseClientMode();
    }

    @Override
    public String name() {
        return "TLS";
    }

    @Override
    public void start(Wire wire) throws IOException {
        engine.beginHandshake();
        handshake(engine.getHandshakeStatus(), wire);
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isInputDone() {
        return inputDone;
    }

    @Override
    public int carried() {
        return partial == null ? 0 : partial.length;
    }

    @Override
    public void carry(ByteBuffer readBuffer) {
        if (partial != null) {
            readBuffer.put(partial);
            partial = null;
        }
    }

    @Override
    public void received(ByteBuffer net, Wire wire) throws IOException {
        ByteBuffer app = wire.scratch(APP_SCRATCH, 2 * appSize);
        app.clear();
        try {
            while (net.hasRemaining() && !released && !inputDone) {
                SSLEngineResult r = engine.unwrap(net, app);
                switch (r.getStatus()) {
                    case BUFFER_UNDERFLOW:
                        keep(net); // a partial record: the next read completes it
                        break;
                    case BUFFER_OVERFLOW:
                        if (app.position() > 0) {
                            deliver(app, wire);
                            continue;
                        }
                        int had = app.capacity();
                        readSizes(); // the session's sizes may have grown since they were read
                        app = wire.scratch(APP_SCRATCH, 2 * appSize);
                        if (app.capacity() <= had) {
                            throw new SSLException("record larger than the application buffer");
                        }
                        app.clear();
                        continue;
                    case CLOSED:
                        inputDone = true; // close_notify: what follows it is not TLS
                        break;
                    default:
                        break;
                }
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW || inputDone) {
                    break; // after close_notify our answer is the owner's close()
                }
                if (!open || r.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
                    handshake(r.getHandshakeStatus(), wire);
                }
                if (app.remaining() < appSize) {
                    deliver(app, wire); // room for one more record only if the scratch is empty again
                }
            }
        } catch (SSLException e) {
            failed(wire);
            throw e;
        }
        deliver(app, wire);
    }

    private void deliver(ByteBuffer app, Wire wire) {
        if (app.position() > 0 && !released) {
            int n = app.position();
            app.clear();
            wire.toApplication(app.array(), app.arrayOffset(), n);
        }
        app.clear();
    }

    private void keep(ByteBuffer net) {
        byte[] p = new byte[net.remaining()];
        net.get(p);
        partial = p;
    }

    /** Does what the handshake asks for until it needs the peer's next bytes. */
    private void handshake(SSLEngineResult.HandshakeStatus hs, Wire wire) throws IOException {
        while (!released) {
            switch (hs) {
                case NEED_TASK:
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run(); // CPU work (signatures, key agreement): no I/O, no blocking
                    }
                    hs = engine.getHandshakeStatus();
                    continue;
                case NEED_WRAP:
                    refuseRenegotiation();
                    SSLEngineResult r = wrap(EMPTY, wire);
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED && r.bytesProduced() == 0) {
                        return;
                    }
                    hs = r.getHandshakeStatus();
                    continue;
                case FINISHED:
                    if (!open) {
                        opened();
                    }
                    return;
                case NOT_HANDSHAKING:
                    if (!open && engine.getSession().getCipherSuite() != null
                        && !"SSL_NULL_WITH_NULL_NULL".equals(engine.getSession().getCipherSuite())) {
                        opened();
                    }
                    return;
                default: // NEED_UNWRAP, NEED_UNWRAP_AGAIN: the peer's turn
                    refuseRenegotiation();
                    return;
            }
        }
    }

    /**
     * A handshake after the first one is renegotiation (TLS 1.2 and older: the peer's
     * ClientHello or HelloRequest), refused as RFC 5746 allows; TLS 1.3 has no renegotiation and
     * its post-handshake messages (RFC 8446 section 4.6) are not handshakes in this sense.
     */
    private void refuseRenegotiation() throws SSLException {
        if (open && !tls13 && !engine.isInboundDone()) {
            throw new SSLException("peer asked to renegotiate: refused");
        }
    }

    private SSLEngineResult wrap(ByteBuffer src, Wire wire) throws IOException {
        ByteBuffer net = wire.scratch(NET_SCRATCH, packetSize);
        net.clear();
        SSLEngineResult r = engine.wrap(src, net);
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            int had = net.capacity();
            readSizes(); // the session's sizes may have grown since they were read
            net = wire.scratch(NET_SCRATCH, packetSize);
            if (net.capacity() <= had) {
                throw new SSLException("TLS record larger than the packet buffer");
            }
            net.clear();
            r = engine.wrap(src, net);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                throw new SSLException("TLS record larger than the packet buffer");
            }
        }
        if (net.position() > 0) {
            wire.toSocket(net.array(), net.arrayOffset(), net.position());
        }
        return r;
    }

    @Override
    public void send(byte[] buf, int off, int len, Wire wire) throws IOException {
        ByteBuffer src = ByteBuffer.wrap(buf, off, len);
        try {
            while (src.hasRemaining() && !released) {
                SSLEngineResult r = wrap(src, wire);
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    if (inputDone) {
                        // The peer closed first and the engine answered for both directions (TLS
                        // 1.2 and older, RFC 5246 section 7.2.1; some engines in 1.3 too): nothing
                        // more can reach the peer, and the owner is closing. Not a failure.
                        return;
                    }
                    throw new SSLException("TLS output already closed");
                }
                if (r.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
                    handshake(r.getHandshakeStatus(), wire); // a key update's answer, a ticket
                }
            }
        } catch (SSLException e) {
            failed(wire);
            throw e;
        }
    }

    /** After a failure the engine may have an alert to send: queued, best effort. */
    private void failed(Wire wire) {
        close(wire);
    }

    @Override
    public void close(Wire wire) {
        if (closeSent || released) {
            return;
        }
        closeSent = true;
        engine.closeOutbound();
        try {
            for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
                if (wrap(EMPTY, wire).bytesProduced() == 0) {
                    break;
                }
            }
        } catch (IOException e) {
            // nothing more can be said to this peer
        }
    }

    @Override
    public void release() {
        released = true;
        partial = null;
        if (!closeSent) {
            engine.closeOutbound();
        }
    }
}
