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
    /** AES-128-GCM before AES-256-GCM, the server's order winning. */
    boolean preferAes128 = true;

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
        if (preferAes128) {
            p.setCipherSuites(preferAes128(p.getCipherSuites()));
            p.setUseCipherSuitesOrder(true);
        }
        e.setSSLParameters(p);
        return new TlsStage(e);
    }

    /**
     * {@code suites} with each AES-128-GCM suite moved to just before its AES-256-GCM
     * counterpart (same key exchange and signature), everything else in its order.
     */
    static String[] preferAes128(String[] suites) {
        java.util.List<String> l = new java.util.ArrayList<>(java.util.Arrays.asList(suites));
        for (int i = 0; i < l.size(); i++) {
            String s = l.get(i);
            if (!s.contains("_AES_256_GCM_SHA384")) {
                continue;
            }
            int j = l.indexOf(s.replace("_AES_256_GCM_SHA384", "_AES_128_GCM_SHA256"));
            if (j > i) {
                l.add(i, l.remove(j));
                i++; // the 256 suite is now at i + 1
            }
        }
        return l.toArray(new String[0]);
    }

    long autoWaitNanos() {
        return TimeUnit.MILLISECONDS.toNanos(autoWaitMillis);
    }
}
