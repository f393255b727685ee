package org.telnet4j.server;

/** Whether a TLS server asks its clients for a certificate. */
public enum TlsClientAuth {
    /** No client certificate is asked for. */
    NONE,
    /** A certificate is asked for; a client without one is served all the same. */
    REQUESTED,
    /** A certificate signed by a trusted CA is required; the handshake fails without one. */
    REQUIRED
}
