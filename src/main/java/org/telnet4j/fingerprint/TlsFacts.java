package org.telnet4j.fingerprint;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.telnet4j.tls.TlsErrors;
import org.telnet4j.tls.TlsFiles;

/**
 * The TLS layer of a probe ({@code --ssl}): the handshake over the connected socket, and what it
 * showed (protocol, cipher suite, the server's certificate: subject, issuer, names, validity,
 * SHA-256) for the document's {@code tls} object.
 *
 * <p>The certificate is verified (chain against the trust store or {@code --ssl-cafile}, and the
 * host name) but a failed check does not end the probe: a survey wants the facts about servers
 * with self-signed or expired certificates too, so the verdict is recorded ({@code verified},
 * {@code verify_error}) and the probe goes on.
 */
final class TlsFacts {
    private final SSLSocket socket;
    private final Map<String, Object> facts;

    private TlsFacts(SSLSocket socket, Map<String, Object> facts) {
        this.socket = socket;
        this.facts = facts;
    }

    /** The socket the telnet probe then reads and writes. */
    SSLSocket socket() {
        return socket;
    }

    /** The document's {@code tls} object. */
    Map<String, Object> facts() {
        return facts;
    }

    /**
     * Handshakes over {@code plain}, connected to {@code host}.
     *
     * @param verifier the trust the verdict is checked against
     * @param timeoutMillis the longest wait for each of the server's handshake messages
     * @throws IOException when the handshake fails, with {@link TlsErrors#describe}'s line as message
     */
    static TlsFacts handshake(Socket plain, String host, int port, X509ExtendedTrustManager verifier,
            int timeoutMillis) throws IOException {
        Verdict verdict = new Verdict(verifier, host);
        SSLSocket socket;
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {verdict}, null);
            socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
            SSLParameters parameters = TlsFiles.clientParameters(context, host);
            socket.setSSLParameters(parameters);
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS is not available in this JDK: " + e.getMessage(), e);
        }
        try {
            socket.setSoTimeout(Math.max(1, timeoutMillis));
            socket.startHandshake();
        } catch (IOException e) {
            socket.close();
            throw new IOException(TlsErrors.describe(e, host), e);
        }
        SSLSession session = socket.getSession();
        Map<String, Object> facts = new TreeMap<>();
        facts.put("protocol", session.getProtocol());
        facts.put("cipher", session.getCipherSuite());
        List<?> serverNames = socket.getSSLParameters().getServerNames();
        facts.put("sni", serverNames == null || serverNames.isEmpty() ? null : host);
        Certificate[] chain = session.getPeerCertificates();
        facts.put("chain_length", chain.length);
        X509Certificate leaf = (X509Certificate) chain[0];
        facts.put("subject", leaf.getSubjectX500Principal().getName());
        facts.put("issuer", leaf.getIssuerX500Principal().getName());
        facts.put("names", names(leaf));
        facts.put("not_before", leaf.getNotBefore().toInstant().toString());
        facts.put("not_after", leaf.getNotAfter().toInstant().toString());
        facts.put("expired", Instant.now().isAfter(leaf.getNotAfter().toInstant()));
        facts.put("sha256", sha256(leaf));
        facts.put("verified", verdict.error == null);
        facts.put("verify_error", verdict.error);
        return new TlsFacts(socket, facts);
    }

    /** The certificate's DNS names and addresses (subjectAltName types 2 and 7). */
    private static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    Object type = entry.get(0);
                    if ((Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type))
                            && entry.get(1) instanceof String name) {
                        names.add(name);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // A damaged extension: no names to report.
        }
        return names;
    }

    private static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    /** Accepts every server certificate, remembering whether the real check would have. */
    private static final class Verdict extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager verifier;
        private final String host;
        private String error;

        Verdict(X509ExtendedTrustManager verifier, String host) {
            this.verifier = verifier;
            this.host = host;
        }

        private void record(CertificateException e) {
            error = TlsErrors.describe(e, host);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            try {
                verifier.checkServerTrusted(chain, authType, socket);    // chain and host name
            } catch (CertificateException e) {
                record(e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            try {
                verifier.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                record(e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            try {
                verifier.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                record(e);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a probe is a client");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a probe is a client");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a probe is a client");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return verifier.getAcceptedIssuers();
        }
    }
}
