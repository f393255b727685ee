package org.telnet4j.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.loop.CloseReason;
import org.telnet4j.loop.Connection;
import org.telnet4j.loop.RateLimitedLog;

/**
 * On a plain telnet port, a client whose first bytes are a TLS record (0x16 0x03: a ClientHello)
 * is speaking TLS to the wrong port; the telnet engine would read its hello as text. It is closed,
 * with a log line that says so; everything else passes to the session untouched.
 */
final class PlainPortGuard {
    private static final Logger LOG = LoggerFactory.getLogger(PlainPortGuard.class);
    private static final RateLimitedLog WARN = new RateLimitedLog();

    private PlainPortGuard() {
    }

    /**
     * The check on a connection's first input, for a handler that runs it itself ({@link Session}
     * runs it, so a plain connection carries no guard object): true, and the
     * connection aborted with a log line, when the bytes start a TLS record.
     */
    static boolean refuses(Connection c, byte[] buf, int off, int len) {
        // RFC 8446 section 5.1: content type 22 (handshake), then legacy_record_version 0x03xx.
        if ((buf[off] & 0xFF) == TlsAccept.HANDSHAKE_RECORD && (len < 2 || buf[off + 1] == 0x03)) {
            WARN.warn(LOG, "{} sent a TLS ClientHello to a plain telnet port: closing", c.addrport());
            c.abort(CloseReason.TLS_ERROR);
            return true;
        }
        return false;
    }
}
