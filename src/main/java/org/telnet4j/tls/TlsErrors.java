package org.telnet4j.tls;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns a failed TLS connection into one line a user understands, naming the host:
 * {@code certificate of mud.example.org is not signed by a trusted CA}, rather than the JDK's
 * {@code PKIX path building failed: ... unable to find valid certification path to requested
 * target}. The JDK reports these failures as exception chains whose wording is not specified;
 * the cases recognised here are pinned by {@code TlsErrorsTest}, which provokes each with a
 * real handshake, so a JDK that rewords one shows up there.
 */
public final class TlsErrors {
    private TlsErrors() {
    }

    /**
     * One line for a failed handshake or TLS connection: an unknown CA, a certificate for another
     * host name, an expired (or not yet valid) certificate, a plain (not TLS) server, a handshake
     * timeout, the peer closing during the handshake, an alert from the peer; anything else as
     * the innermost cause's message.
     *
     * @param failure what the handshake, read or write threw
     * @param host the host the user connected to, as they wrote it
     */
    public static String describe(Throwable failure, String host) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        for (Throwable t : chain) {
            if (t instanceof CertificateExpiredException) {
                return "certificate of " + host + " expired" + expiryOf(chain, true);
            }
            if (t instanceof CertificateNotYetValidException) {
                return "certificate of " + host + " is not valid yet" + expiryOf(chain, false)
                        + " (or this machine's clock is wrong)";
            }
        }
        for (Throwable t : chain) {
            if (t instanceof CertPathValidatorException validator
                    && validator.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                return "certificate of " + host + " expired" + expiryOf(chain, true);
            }
            if (t instanceof CertPathValidatorException validator
                    && validator.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                return "certificate of " + host + " is not valid yet" + expiryOf(chain, false)
                        + " (or this machine's clock is wrong)";
            }
        }
        for (Throwable t : chain) {
            String message = lower(t);
            if (message.contains("unable to find valid certification path")
                    || message.contains("pkix path building failed")
                    || message.contains("no trusted certificate found")
                    || message.contains("path does not chain with any of the trust anchors")) {
                return "certificate of " + host + " is not signed by a trusted CA";
            }
            if (message.contains("no subject alternative") || message.contains("no name matching")) {
                return "certificate of " + host + " is for another host name (it does not name " + host + ")";
            }
            if (message.contains("unsupported or unrecognized ssl message")
                    || message.contains("plaintext connection")) {
                return host + " did not answer with TLS (a plain telnet server on this port?)";
            }
        }
        for (Throwable t : chain) {
            if (t instanceof SocketTimeoutException || t instanceof TimeoutException
                    || lower(t).contains("timed out")) {
                return "TLS handshake with " + host + " timed out";
            }
        }
        for (Throwable t : chain) {
            String message = lower(t);
            if (message.contains("remote host terminated the handshake")
                    || message.contains("peer shut down incorrectly")
                    || message.contains("connection reset")
                    || message.contains("broken pipe")
                    || (t instanceof EOFException && chain.get(0) instanceof SSLHandshakeException)) {
                return host + " closed the connection during the TLS handshake";
            }
            if (message.startsWith("received fatal alert: ")) {
                String alert = message.substring("received fatal alert: ".length()).trim();
                return host + " refused the TLS handshake (" + alertMeaning(alert) + ")";
            }
        }
        Throwable root = chain.get(chain.size() - 1);
        String message = root.getMessage();
        return "TLS with " + host + " failed: "
                + (message == null || message.isBlank() ? root.getClass().getSimpleName() : message);
    }

    private static String alertMeaning(String alert) {
        return switch (alert) {
            case "certificate_required", "bad_certificate" -> alert + ": it wants a client certificate it trusts";
            case "handshake_failure" -> alert + ": no protocol version or cipher suite in common";
            case "protocol_version" -> alert + ": no TLS version in common";
            case "unknown_ca" -> alert + ": it does not trust the CA of our certificate";
            case "certificate_expired" -> alert + ": our certificate expired";
            default -> alert;
        };
    }

    /** " on DATE" from the failing certificate of a chain that carries it, else "". */
    private static String expiryOf(List<Throwable> chain, boolean expired) {
        for (Throwable t : chain) {
            if (t instanceof CertPathValidatorException validator) {
                CertPath path = validator.getCertPath();
                int index = validator.getIndex();
                if (path != null && index >= 0 && index < path.getCertificates().size()
                        && path.getCertificates().get(index) instanceof X509Certificate certificate) {
                    return expired
                            ? " on " + certificate.getNotAfter().toInstant()
                            : " (valid from " + certificate.getNotBefore().toInstant() + ")";
                }
            }
        }
        return "";
    }

    private static String lower(Throwable t) {
        String message = t.getMessage();
        return message == null ? "" : message.toLowerCase(Locale.ROOT);
    }
}
