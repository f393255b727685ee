package org.telnet4j.server;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.bytes.SocketStage;
import org.telnet4j.loop.CloseReason;
import org.telnet4j.loop.Connection;
import org.telnet4j.loop.ConnectionHandler;
import org.telnet4j.loop.RateLimitedLog;
import org.telnet4j.loop.Timer;

/**
 * The first stage of a connection to a TLS port: the handshake (or, with {@code tlsAuto}, the
 * wait for the first byte that says TLS or plain) runs before a {@link Session} exists, so the
 * session, its opening negotiation and the "connected" log line start with the transport known.
 * A connection that never gets there closes alone, with a log line (the connection logs it).
 */
final class TlsAccept implements ConnectionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TlsAccept.class);
    private static final RateLimitedLog PLAIN_ON_TLS = new RateLimitedLog();
    /** A TLS record of type handshake (RFC 8446 section 5.1): every ClientHello starts so. */
    static final int HANDSHAKE_RECORD = 0x16;

    private final TelnetServer server;
    private final TlsSettings tls;
    private final InetAddress from;
    private Connection connection;
    private Timer autoWait;
    private Timer noHello;
    private ConnectionHandler next;

    TlsAccept(TelnetServer server, TlsSettings tls, InetAddress from) {
        this.server = server;
        this.tls = tls;
        this.from = from;
    }

    InetAddress from() {
        return from;
    }

    Connection connection() {
        return connection;
    }

    /** The connection is registered: the handshake, or the wait for the first byte, starts. */
    void begin(Connection c) {
        connection = c;
        if (tls.auto) {
            c.chooseStage(this::choose, tls.handshakeTimeoutMillis);
            autoWait = c.loop().schedule(tls.autoWaitNanos(), TimeUnit.NANOSECONDS, this::saidNothing);
            return;
        }
        SocketStage s;
        try {
            s = tls.newStage();
        } catch (RuntimeException e) {
            LOG.error("{} no TLS context: {}: closing", c.addrport(), e.getMessage());
            c.abort(CloseReason.TLS_ERROR);
            return;
        }
        c.chooseStage(b -> {
            if (b != HANDSHAKE_RECORD) {
                PLAIN_ON_TLS.warn(LOG, "{} sent plain bytes (first 0x{}) to a TLS-only port: closing",
                    c.addrport(), Integer.toHexString(b));
            }
            return s; // the engine says why it fails, and the connection closes
        }, tls.handshakeTimeoutMillis);
        // A plain telnet client may say nothing at all until the server speaks: the handshake
        // deadline covers it, from now.
        noHello = c.loop().schedule(tls.handshakeTimeoutMillis, TimeUnit.MILLISECONDS, () -> {
            if (next == null && c.isOpen() && c.stage() == null) {
                LOG.warn("{} sent no TLS ClientHello within {} ms: closing", c.addrport(), tls.handshakeTimeoutMillis);
                c.abort(CloseReason.TLS_ERROR);
            }
        });
    }

    /** tlsAuto: the first byte is a TLS record, or plain telnet. */
    private SocketStage choose(int firstByte) {
        autoWait.cancel();
        if (firstByte != HANDSHAKE_RECORD) {
            return null;
        }
        try {
            return tls.newStage();
        } catch (RuntimeException e) {
            LOG.error("{} no TLS context: {}: serving it plain", connection.addrport(), e.getMessage());
            return null;
        }
    }

    /** tlsAuto: the client said nothing within the wait, as a plain telnet client does. */
    private void saidNothing() {
        if (next == null && connection.isOpen()) {
            LOG.debug("{} said nothing within {} ms: plain telnet", connection.addrport(), tls.autoWaitMillis);
            connection.choosePlain();
        }
    }

    @Override
    public void onTransportOpen(Connection c) {
        cancelTimers();
        next = server.tlsOpened(this);
    }

    private void cancelTimers() {
        if (autoWait != null) {
            autoWait.cancel();
        }
        if (noHello != null) {
            noHello.cancel();
        }
    }

    @Override
    public int onInput(Connection c, byte[] buf, int off, int len) {
        return next != null ? next.onInput(c, buf, off, len) : len;
    }

    @Override
    public void onClosed(Connection c, CloseReason reason) {
        cancelTimers();
        if (next != null) {
            next.onClosed(c, reason);
            return;
        }
        LOG.debug("{} closed before its TLS handshake finished: {}", c.addrport(), reason);
        server.tlsClosedEarly(this);
    }

    @Override
    public void onOutputOverflow(Connection c, int queued) {
        if (next != null) {
            next.onOutputOverflow(c, queued);
        }
    }
}
