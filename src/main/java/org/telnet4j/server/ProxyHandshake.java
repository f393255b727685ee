package org.telnet4j.server;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.loop.CloseReason;
import org.telnet4j.loop.Connection;
import org.telnet4j.loop.ConnectionHandler;
import org.telnet4j.loop.Timer;
import org.telnet4j.proxy.ProxyHeaderDecoder;
import org.telnet4j.proxy.ProxyHeaderException;

/**
 * The first stage of a connection from a load balancer: reads its PROXY protocol header, within
 * a deadline, before any telnet byte is sent or parsed; then hands the connection, and whatever
 * followed the header in the same read, to the session the server makes for the real client.
 * A bad, oversized, truncated or slow header closes this connection alone, with a log line.
 */
final class ProxyHandshake implements ConnectionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyHandshake.class);

    private final TelnetServer server;
    private final ServerSettings settings;
    private final ProxyHeaderDecoder decoder;
    private Connection connection;
    private Timer deadline;
    /** The session's handler once the header is in; everything goes there from then on. */
    private ConnectionHandler next;
    /** The header named a client the server refused (per-address limit): input is dropped. */
    private boolean refused;

    ProxyHandshake(TelnetServer server, ServerSettings settings) {
        this.server = server;
        this.settings = settings;
        this.decoder = new ProxyHeaderDecoder(settings.proxyMaxHeader);
    }

    /** Starts the deadline; the connection is registered by now. */
    void begin(Connection c) {
        connection = c;
        deadline = c.loop().schedule(settings.proxyHeaderTimeoutNanos, TimeUnit.NANOSECONDS, this::expired);
    }

    boolean isDone() {
        return next != null;
    }

    Connection connection() {
        return connection;
    }

    private void expired() {
        if (next != null || !connection.isOpen()) {
            return;
        }
        LOG.warn("{} sent no complete PROXY protocol header within {} ms ({} bytes so far): closing",
            connection.addrport(), TimeUnit.NANOSECONDS.toMillis(settings.proxyHeaderTimeoutNanos),
            decoder.bytesRead());
        server.proxyHeaderFailed(this);
        connection.abort(CloseReason.LOCAL_CLOSE);
    }

    @Override
    public int onInput(Connection c, byte[] buf, int off, int len) {
        if (next != null) {
            return next.onInput(c, buf, off, len);
        }
        if (refused) {
            return len;
        }
        int used;
        try {
            used = decoder.feed(buf, off, len);
        } catch (ProxyHeaderException e) {
            LOG.warn("{} refused: {}", c.addrport(), e.getMessage());
            deadline.cancel();
            server.proxyHeaderFailed(this);
            c.abort(CloseReason.LOCAL_CLOSE);
            return len;
        }
        if (!decoder.isDone()) {
            return len;
        }
        deadline.cancel();
        next = server.proxyHeaderRead(this, decoder.header());
        refused = next == null;
        if (next == null || used == len || !c.isOpen()) {
            return len; // null: the server refused the client the header named
        }
        return used + next.onInput(c, buf, off + used, len - used);
    }

    @Override
    public void onClosed(Connection c, CloseReason reason) {
        if (next != null) {
            next.onClosed(c, reason);
            return;
        }
        deadline.cancel();
        if (reason == CloseReason.PEER_CLOSED && decoder.bytesRead() > 0) {
            LOG.warn("{} closed after {} bytes of an incomplete PROXY protocol header", c.addrport(),
                decoder.bytesRead());
        } else {
            LOG.debug("{} closed before its PROXY protocol header: {}", c.addrport(), reason);
        }
        server.proxyHandshakeClosed(this);
    }

    @Override
    public void onOutputOverflow(Connection c, int queued) {
        if (next != null) {
            next.onOutputOverflow(c, queued);
        }
    }
}
