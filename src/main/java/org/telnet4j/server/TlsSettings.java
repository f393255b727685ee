package org.telnet4j.server;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.telnet4j.loop.TlsStage;

/** A server's TLS configuration, fixed when it is built; set through the builder. */
final class TlsSettings {
    /** Default of {@link TelnetServer.Builder#tlsHandshakeTimeout}: 10 s. */
    static final long DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    /** Default of {@link TelnetServer.Builder#tlsAutoWait}: 0.5 s. */
    static final long DEFAULT_AUTO_WAIT_MILLIS = 500;

    /** Asked at each accept: a reloading supplier serves a new certificate from then on. */
    final Supplier<SSLContext> context;
    TlsClientAuth clientAuth = TlsClientAuth.NONE;
    long handshakeTimeoutMillis = DEFAULT_HANDSHAKE_TIMEOUT_MILLIS;
    /** Plain and TLS on one port: the first byte decides. */
    boolean auto;
    long autoWaitMillis = DEFAULT_AUTO_WAIT_MILLIS;

    TlsSettings(Supplier<SSLContext> context) {
        this.context = context;
    }

    /** A server-mode stage from the context as it is now. */
    TlsStage newStage() {
        SSLEngine e = context.get().createSSLEngine();
        e.setUseClientMode(false);
        SSLParameters p = e.getSSLParameters();
        if (clientAuth == TlsClientAuth.REQUIRED) {
            p.setNeedClientAuth(true);
        } else if (clientAuth == TlsClientAuth.REQUESTED) {
            p.setWantClientAuth(true);
        }
        e.setSSLParameters(p);
        return new TlsStage(e);
    }

    long autoWaitNanos() {
        return TimeUnit.MILLISECONDS.toNanos(autoWaitMillis);
    }
}
