package org.telnet4j.cli;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.server.Session;
import org.telnet4j.server.SessionHandler;

/**
 * A {@code --shell} for tests behind a balancer: tells each client what the server believes about
 * it (address, which instance, TLS) and echoes lines, so a test can check both from the client.
 * The line {@code flood} keeps that client's output queue topped up until the socket stops
 * taking bytes, then logs "flood stalled": a client that has stopped reading.
 */
public final class WhoAmIHandler implements SessionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WhoAmIHandler.class);
    private static final String CHUNK = "x".repeat(32 * 1024);

    @Override
    public void onConnect(Session s) {
        s.send("you are " + s.addrport() + " via " + s.server().localAddress().getPort() + " secure="
            + s.isSecure() + " tls=" + s.tlsProtocol() + "\n");
    }

    @Override
    public void onLine(Session s, String line) {
        if (line.equals("flood")) {
            flood(s, -1, 0, System.nanoTime(), false);
        } else {
            s.send("echo " + line + "\n");
        }
    }

    /**
     * Stalled means: no byte left for 20 ticks and half a second of wall time. Both, because a
     * loop thread that was descheduled can run overdue ticks back to back without a flush between.
     */
    private static void flood(Session s, long lastOut, int still, long since, boolean logged) {
        if (!s.isActive()) {
            return;
        }
        while (s.queuedBytes() < 128 * 1024) {
            s.send(CHUNK);
        }
        long out = s.connection().bytesOut();
        long now = System.nanoTime();
        boolean same = out == lastOut;
        int n = same ? still + 1 : 0;
        long from = same ? since : now;
        boolean stalled = n >= 20 && now - from >= TimeUnit.MILLISECONDS.toNanos(500);
        if (stalled && !logged) {
            LOG.info("flood stalled: {} bytes queued", s.queuedBytes());
        }
        s.connection().loop().schedule(10, TimeUnit.MILLISECONDS, () -> flood(s, out, n, from, logged || stalled));
    }
}
