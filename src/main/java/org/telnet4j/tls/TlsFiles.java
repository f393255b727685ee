package org.telnet4j.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@link SSLContext}s from certificate and key files, checking them first so that a bad
 * file is a one-line {@link TlsFileException} naming it, not a failed handshake later.
 *
 * <p>A server's files are either
 * <ul>
 * <li>a PEM certificate chain, leaf first as Let's Encrypt's {@code fullchain.pem} has it, and a
 *     PEM private key: PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE
 *     KEY}) or SEC1 EC ({@code BEGIN EC PRIVATE KEY}, with or without the {@code EC PARAMETERS}
 *     block {@code openssl ecparam} puts before it); unencrypted (an encrypted key is refused with
 *     a message saying how to decrypt it). With no key file the key is looked for in the
 *     certificate file (one PEM file holding both);</li>
 * <li>or a PKCS#12 keystore ({@code .p12}, {@code .pfx}) and no key file, opened with the
 *     password in the environment variable {@value #PASSWORD_VARIABLE} (empty when unset).</li>
 * </ul>
 * A server can also be given a PEM bundle of the CAs it trusts for client certificates; whether a
 * client certificate is then required or only requested is the engine's setting
 * ({@link SSLEngine#setNeedClientAuth}, {@link SSLEngine#setWantClientAuth}). Without that bundle
 * the context trusts no client certificate at all.
 *
 * <p>Checks, each a {@link TlsFileException}: a file missing, unreadable, a directory or larger
 * than {@value #MAX_FILE_BYTES} bytes; not PEM (and not PKCS#12 where that is allowed); damaged
 * PEM; no certificate; no key; an encrypted key; the key not matching any certificate in the
 * chain (the one it matches is put first); a wrong PKCS#12 password.
 *
 * <p><b>Validity dates are a warning, not a failure</b>: a server whose renewal failed is better
 * started with its expired certificate (clients that verify will refuse it, with a clear error on
 * their side; others still connect) than not started at all, and a certificate "not yet valid"
 * is usually a clock a few minutes off. {@link #loadServer} returns the warning in
 * {@link ServerMaterial#warnings()}; {@link #serverContext} logs it at WARN.
 *
 * <p>Reading PEM needs BouncyCastle ({@code bcpkix-jdk18on}) on the class path; without it the
 * PEM methods fail with a one-line message saying so. PKCS#12, the system trust store and
 * {@code noVerify} need only the JDK.
 */
public final class TlsFiles {
    private static final Logger LOG = LoggerFactory.getLogger(TlsFiles.class);

    /** The environment variable holding a PKCS#12 file's password. */
    public static final String PASSWORD_VARIABLE = "TELNET4J_SSL_PASSWORD";

    /** Files larger than this are refused: certificate chains and keys are a few KiB. */
    public static final int MAX_FILE_BYTES = 1 << 20;

    /** Protects the in-memory keystore handed to the key manager; never leaves this process. */
    private static final char[] MEMORY_PASSWORD = "telnet4j".toCharArray();

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");

    private TlsFiles() {
    }

    /**
     * A server's context, its chain (leaf first) and the warnings found while loading it (today:
     * the leaf certificate expired or not yet valid).
     *
     * @param context the context, for {@code TelnetServer.builder().tls(context)}
     * @param chain the certificate chain the server presents, leaf first
     * @param warnings one-line warnings naming the file; empty when there is nothing to say
     */
    public record ServerMaterial(SSLContext context, List<X509Certificate> chain, List<String> warnings) {
        /** The server's own certificate, the chain's first. */
        public X509Certificate leaf() {
            return chain.get(0);
        }
    }

    /**
     * A server context from files, logging validity warnings at WARN. A PKCS#12 file's password
     * comes from {@value #PASSWORD_VARIABLE}.
     *
     * @param certFile a PEM chain, or a PKCS#12 file (then {@code keyFile} is null)
     * @param keyFile the PEM private key; null for PKCS#12 or a PEM file holding chain and key
     * @param clientCaFileOrNull PEM bundle of the CAs trusted for client certificates; null trusts none
     * @throws TlsFileException when a file cannot be used (the message names it)
     */
    public static SSLContext serverContext(Path certFile, Path keyFile, Path clientCaFileOrNull)
            throws TlsFileException {
        ServerMaterial material = serverMaterialFromEnvironment(certFile, keyFile, clientCaFileOrNull);
        material.warnings().forEach(LOG::warn);
        return material.context();
    }

    /** {@link #loadServer} with the PKCS#12 password from {@value #PASSWORD_VARIABLE}. */
    static ServerMaterial serverMaterialFromEnvironment(Path certFile, Path keyFile, Path clientCaFileOrNull)
            throws TlsFileException {
        return loadServer(certFile, keyFile, clientCaFileOrNull, environmentPassword());
    }

    /**
     * Like {@link #serverContext}, with the PKCS#12 password given and the warnings returned
     * rather than logged.
     *
     * @param pkcs12Password the PKCS#12 file's password (ignored for PEM); null means empty
     * @throws TlsFileException when a file cannot be used (the message names it)
     */
    public static ServerMaterial loadServer(Path certFile, Path keyFile, Path clientCaFileOrNull,
            char[] pkcs12Password) throws TlsFileException {
        byte[] certBytes = readFile(certFile);
        List<X509Certificate> chain;
        PrivateKey key;
        if (keyFile == null && !looksLikePem(certBytes)) {
            Pkcs12Entry entry = readPkcs12(certFile, certBytes, pkcs12Password == null ? new char[0] : pkcs12Password);
            chain = entry.chain();
            key = entry.key();
        } else {
            PemFiles.Contents certContents = readPem(certFile, certBytes,
                    keyFile == null ? "neither a PEM file nor a PKCS#12 file" : null);
            chain = certContents.certificates();
            if (chain.isEmpty()) {
                throw new TlsFileException(certFile, "no certificate in the file");
            }
            if (keyFile == null) {
                key = certContents.key();
                if (key == null) {
                    throw new TlsFileException(certFile, "no private key in the file, and no key file given");
                }
            } else {
                PemFiles.Contents keyContents = readPem(keyFile, readFile(keyFile), null);
                key = keyContents.key();
                if (key == null) {
                    throw new TlsFileException(keyFile, keyContents.certificates().isEmpty()
                            ? "no private key in the file"
                            : "holds certificates but no private key (are the certificate and key files swapped?)");
                }
            }
            chain = leafFirst(chain, key, keyFile == null ? certFile : keyFile, certFile);
        }
        List<String> warnings = new ArrayList<>();
        validityWarning(certFile, chain.get(0), Instant.now()).ifPresent(warnings::add);

        TrustManager[] trust = clientCaFileOrNull == null
                ? new TrustManager[] {TrustAll.NOBODY}
                : trustManagers(clientCaFileOrNull);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, MEMORY_PASSWORD, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, MEMORY_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust, null);
            return new ServerMaterial(context, List.copyOf(chain), List.copyOf(warnings));
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsFileException(certFile, "the JDK cannot use this key and certificate: " + e.getMessage(), e);
        }
    }

    /**
     * A client context: verifying servers against the system trust store (the JDK's default,
     * {@code caFileOrNull} null), against the CAs of a PEM bundle, or not at all.
     *
     * <p>Host-name verification and SNI are the engine's settings, not the context's: use
     * {@link #clientParameters} (or {@link #clientEngine}) for each connection.
     *
     * @param caFileOrNull PEM bundle of the trusted CAs; null for the system trust store
     * @param noVerify trust every certificate and skip the host-name check (the caller logs a
     *     loud warning); {@code caFileOrNull} is then ignored
     * @throws TlsFileException when the CA file cannot be used
     */
    public static SSLContext clientContext(Path caFileOrNull, boolean noVerify) throws TlsFileException {
        TrustManager[] trust;
        if (noVerify) {
            trust = new TrustManager[] {TrustAll.EVERYONE};
        } else if (caFileOrNull != null) {
            trust = trustManagers(caFileOrNull);
        } else {
            trust = null;       // SSLContext.init: the JDK's default trust store
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS: " + e.getMessage(), e);
        }
    }

    /**
     * A client connection's parameters: the context's defaults with host-name verification
     * (RFC 6125, as HTTPS does it: the certificate must name {@code host}) and SNI (RFC 6066
     * section 3: a DNS name only, never an address literal). Put them on the {@link SSLEngine} or
     * {@link javax.net.ssl.SSLSocket} before the handshake.
     *
     * @param host the name or address the user asked to connect to
     */
    public static SSLParameters clientParameters(SSLContext context, String host) {
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!IP_LITERAL.matcher(host).matches()) {
            try {
                parameters.setServerNames(List.of(new SNIHostName(host)));
            } catch (IllegalArgumentException notAName) {
                // Not a valid DNS name (e.g. an underscore): connect without SNI.
            }
        }
        return parameters;
    }

    /** A client-mode engine for {@code host:port} with {@link #clientParameters}. */
    public static SSLEngine clientEngine(SSLContext context, String host, int port) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        engine.setSSLParameters(clientParameters(context, host));
        return engine;
    }

    /**
     * The warning for a certificate outside its validity period at {@code now}: expired, or not
     * yet valid; empty when it is valid.
     *
     * @param file the file it came from, named in the warning
     */
    public static Optional<String> validityWarning(Path file, X509Certificate certificate, Instant now) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        Instant notBefore = certificate.getNotBefore().toInstant();
        if (now.isAfter(notAfter)) {
            return Optional.of(file + ": the certificate for " + subjectName(certificate) + " expired on "
                    + notAfter + "; clients that verify certificates will refuse it");
        }
        if (now.isBefore(notBefore)) {
            return Optional.of(file + ": the certificate for " + subjectName(certificate) + " is not valid before "
                    + notBefore + " (is this machine's clock right?)");
        }
        return Optional.empty();
    }

    /** The subject's common name if it has one, else the whole subject; for log lines. */
    public static String subjectName(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName();
        try {
            // The most specific CN: RFC 2253 lists the relative names last-first.
            for (Rdn rdn : new LdapName(subject).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    subject = String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            // Keep the whole subject.
        }
        return subject;
    }

    // ----------------------------------------------------------------------------------------

    private static char[] environmentPassword() {
        String value = System.getenv(PASSWORD_VARIABLE);
        return value == null ? new char[0] : value.toCharArray();
    }

    private static TrustManager[] trustManagers(Path caFile) throws TlsFileException {
        PemFiles.Contents contents = readPem(caFile, readFile(caFile), null);
        if (contents.certificates().isEmpty()) {
            throw new TlsFileException(caFile, "no certificate in the file (a CA bundle holds"
                    + " BEGIN CERTIFICATE blocks)");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int n = 0;
            for (X509Certificate certificate : contents.certificates()) {
                store.setCertificateEntry("ca" + n++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsFileException(caFile, "the JDK cannot use these CA certificates: " + e.getMessage(), e);
        }
    }

    static byte[] readFile(Path file) throws TlsFileException {
        try {
            if (Files.isDirectory(file)) {
                throw new TlsFileException(file, "is a directory, not a file");
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new TlsFileException(file, "too large for a certificate or key file (" + size
                        + " bytes; the limit is " + MAX_FILE_BYTES + ")");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TlsFileException(file, "no such file");
        } catch (AccessDeniedException e) {
            throw new TlsFileException(file, "not readable (permission denied)");
        } catch (IOException e) {
            throw new TlsFileException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    static boolean looksLikePem(byte[] content) {
        return new String(content, StandardCharsets.ISO_8859_1).contains("-----BEGIN ");
    }

    /**
     * @param notPemProblem the message when the file is not PEM; null for the plain "not a PEM file"
     */
    private static PemFiles.Contents readPem(Path file, byte[] content, String notPemProblem) throws TlsFileException {
        if (!looksLikePem(content)) {
            throw new TlsFileException(file, notPemProblem != null ? notPemProblem
                    : content.length == 0 ? "empty file, not PEM"
                    : "not a PEM file (no -----BEGIN line)" + (content[0] == 0x30
                            ? "; it looks binary (DER or PKCS#12): convert it, or give a PKCS#12 file without a key file"
                            : ""));
        }
        requireBouncyCastle(file);
        try {
            return PemFiles.read(file, content);
        } catch (LinkageError e) {
            throw bouncyCastleMissing(file, e);
        }
    }

    private static void requireBouncyCastle(Path file) throws TlsFileException {
        try {
            ClassLoader loader = TlsFiles.class.getClassLoader();
            Class.forName("org.bouncycastle.openssl.PEMParser", false, loader);
            Class.forName("org.bouncycastle.asn1.ASN1Object", false, loader);   // bcprov
            Class.forName("org.bouncycastle.asn1.x509.Certificate", false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw bouncyCastleMissing(file, e);
        }
    }

    private static TlsFileException bouncyCastleMissing(Path file, Throwable e) {
        return new TlsFileException(file, "reading PEM files needs BouncyCastle (org.bouncycastle:bcpkix-jdk18on"
                + " with bcprov and bcutil) on the class path, and it is missing", e);
    }

    private record Pkcs12Entry(List<X509Certificate> chain, PrivateKey key) {
    }

    private static Pkcs12Entry readPkcs12(Path file, byte[] content, char[] password) throws TlsFileException {
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(content), password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("password")) {
                throw new TlsFileException(file, "wrong password for this PKCS#12 file (it is read from "
                        + PASSWORD_VARIABLE + ")", e);
            }
            throw new TlsFileException(file, "neither a PEM file nor a PKCS#12 file (" + e.getMessage() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new TlsFileException(file, "unusable PKCS#12 file: " + e.getMessage(), e);
        }
        try {
            for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements(); ) {
                String alias = aliases.nextElement();
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Key key = store.getKey(alias, password);
                Certificate[] certificates = store.getCertificateChain(alias);
                if (!(key instanceof PrivateKey privateKey) || certificates == null || certificates.length == 0) {
                    continue;
                }
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate c : certificates) {
                    chain.add((X509Certificate) c);
                }
                if (!matches(privateKey, chain.get(0))) {
                    throw new TlsFileException(file, "the key does not match the certificate for "
                            + subjectName(chain.get(0)));
                }
                return new Pkcs12Entry(chain, privateKey);
            }
        } catch (UnrecoverableKeyException e) {
            throw new TlsFileException(file, "the key in this PKCS#12 file has a password other than the"
                    + " file's (" + PASSWORD_VARIABLE + ")", e);
        } catch (GeneralSecurityException e) {
            throw new TlsFileException(file, "unusable PKCS#12 file: " + e.getMessage(), e);
        }
        throw new TlsFileException(file, Collections.list(aliasesOrEmpty(store)).isEmpty()
                ? "empty PKCS#12 file" : "no private key with a certificate in this PKCS#12 file");
    }

    private static Enumeration<String> aliasesOrEmpty(KeyStore store) {
        try {
            return store.aliases();
        } catch (GeneralSecurityException e) {
            return Collections.emptyEnumeration();
        }
    }

    /** The chain with the certificate {@code key} belongs to first; the others keep their order. */
    private static List<X509Certificate> leafFirst(List<X509Certificate> chain, PrivateKey key, Path keyFile,
            Path certFile) throws TlsFileException {
        for (int i = 0; i < chain.size(); i++) {
            if (matches(key, chain.get(i))) {
                if (i == 0) {
                    return chain;
                }
                List<X509Certificate> reordered = new ArrayList<>(chain);
                reordered.add(0, reordered.remove(i));
                return reordered;
            }
        }
        String which = chain.size() == 1 ? "the certificate" : "any of the " + chain.size() + " certificates";
        throw new TlsFileException(keyFile, "the key does not match " + which + " in " + certFile
                + " (first: " + subjectName(chain.get(0)) + ")");
    }

    /**
     * Whether {@code key} is the private half of the certificate's public key: a signature made
     * with it must verify with the certificate. Works alike for RSA, EC, DSA and EdDSA; a key of
     * another kind is not checked (the handshake would still fail on a mismatch).
     */
    static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = key.getAlgorithm();
        String publicAlgorithm = certificate.getPublicKey().getAlgorithm();
        String signatureAlgorithm = switch (algorithm) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "Ed25519", "Ed448", "EdDSA" -> algorithm;
            default -> null;
        };
        if (signatureAlgorithm == null) {
            return true;
        }
        if (!sameFamily(algorithm, publicAlgorithm)) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(signatureAlgorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (InvalidKeyException | java.security.SignatureException e) {
            return false;       // e.g. an EC key on another curve than the certificate's
        } catch (GeneralSecurityException e) {
            return true;        // this JDK cannot sign with the key: leave it to the handshake
        }
    }

    private static boolean sameFamily(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        List<String> eddsa = List.of("Ed25519", "Ed448", "EdDSA");
        return eddsa.contains(a) && eddsa.contains(b);
    }

    /** Trust managers that accept every certificate, or none. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        static final TrustAll EVERYONE = new TrustAll(true);
        static final TrustAll NOBODY = new TrustAll(false);

        private final boolean accept;

        private TrustAll(boolean accept) {
            this.accept = accept;
        }

        private void check(X509Certificate[] chain) throws java.security.cert.CertificateException {
            if (!accept) {
                throw new java.security.cert.CertificateException(
                        "no CA is trusted for client certificates (no client CA file was given)");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws java.security.cert.CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws java.security.cert.CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws java.security.cert.CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws java.security.cert.CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            check(chain);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
