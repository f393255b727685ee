package org.telnet4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made at test time with the JDK's {@code keytool} (never checked in): a
 * self-signed server certificate for {@code localhost} and 127.0.0.1 in a PKCS#12 file, the same
 * certificate as PEM (for openssl and socat), and a client certificate for client-auth tests.
 */
public final class KeytoolCertificates {
    /** Password of every keystore made here. */
    public static final String PASSWORD = "changeit";

    private final Path dir;

    private KeytoolCertificates(Path dir) {
        this.dir = dir;
    }

    /** Makes the files in {@code dir}. */
    public static KeytoolCertificates create(Path dir) throws IOException, InterruptedException {
        KeytoolCertificates c = new KeytoolCertificates(dir);
        c.genkey("server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1", c.serverP12(), 30);
        c.export("server", c.serverP12(), c.serverPem());
        c.genkey("client", "CN=telnet4j admin", null, c.clientP12(), 30);
        c.export("client", c.clientP12(), c.clientPem());
        c.genkey("other", "CN=localhost,O=Other", "SAN=dns:localhost,ip:127.0.0.1", c.otherP12(), 30);
        c.pkcs12ToPem(c.clientP12(), dir.resolve("client-key.pem"));
        c.pkcs12ToPem(c.serverP12(), dir.resolve("server-key.pem"));
        return c;
    }

    /** The server's PKCS#12 keystore (alias {@code server}). */
    public Path serverP12() {
        return dir.resolve("server.p12");
    }

    /** The server's certificate, PEM: the CA file a client trusts. */
    public Path serverPem() {
        return dir.resolve("server.pem");
    }

    /** The server's private key, unencrypted PKCS#8 PEM. */
    public Path serverKeyPem() {
        return dir.resolve("server-key.pem");
    }

    /** A client's PKCS#12 keystore (alias {@code client}). */
    public Path clientP12() {
        return dir.resolve("client.p12");
    }

    /** The client's certificate, PEM: the client CA file of a server that requires it. */
    public Path clientPem() {
        return dir.resolve("client.pem");
    }

    /** The client's private key, PEM. */
    public Path clientKeyPem() {
        return dir.resolve("client-key.pem");
    }

    /** Another self-signed localhost certificate: one a client does not trust. */
    public Path otherP12() {
        return dir.resolve("other.p12");
    }

    /** A server context with {@code p12}'s key, trusting {@code trustedClientPem} (or nothing). */
    public static SSLContext serverContext(Path p12, Path trustedClientPem) throws Exception {
        KeyStore ks = load(p12);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        TrustManagerFactory tmf = null;
        if (trustedClientPem != null) {
            tmf = trust(trustedClientPem);
        }
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        return c;
    }

    /** The server context from {@link #serverP12()}. */
    public SSLContext serverContext() throws Exception {
        return serverContext(serverP12(), null);
    }

    /** A client context that trusts the server's certificate, with a key from {@code clientP12} or none. */
    public SSLContext clientContext(Path clientP12) throws Exception {
        KeyManagerFactory kmf = null;
        if (clientP12 != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(clientP12), PASSWORD.toCharArray());
        }
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf == null ? null : kmf.getKeyManagers(), trust(serverPem()).getTrustManagers(), null);
        return c;
    }

    /** A trust manager factory for the certificates in a PEM file. */
    public static TrustManagerFactory trust(Path pem) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        java.security.cert.CertificateFactory cf = java.security.cert.CertificateFactory.getInstance("X.509");
        int i = 0;
        try (InputStream in = Files.newInputStream(pem)) {
            for (Certificate c : cf.generateCertificates(in)) {
                ts.setCertificateEntry("ca" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        return tmf;
    }

    /** A PKCS#12 keystore made here. */
    public static KeyStore load(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    private void genkey(String alias, String dname, String san, Path out, int days) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(keytool(), "-genkeypair", "-alias", alias, "-keyalg", "EC",
            "-groupname", "secp256r1", "-dname", dname, "-validity", Integer.toString(days),
            "-storetype", "PKCS12", "-keystore", out.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (san != null) {
            cmd.add("-ext");
            cmd.add(san);
        }
        run(cmd);
    }

    private void export(String alias, Path p12, Path pem) throws IOException, InterruptedException {
        run(List.of(keytool(), "-exportcert", "-rfc", "-alias", alias, "-keystore", p12.toString(),
            "-storepass", PASSWORD, "-file", pem.toString()));
    }

    /** The private key as PKCS#8 PEM, straight from the keystore (no openssl needed). */
    private void pkcs12ToPem(Path p12, Path pem) throws IOException {
        try {
            KeyStore ks = load(p12);
            String alias = ks.aliases().nextElement();
            java.security.Key k = ks.getKey(alias, PASSWORD.toCharArray());
            String b64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(k.getEncoded());
            Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n");
        } catch (Exception e) {
            throw new IOException("cannot write " + pem + ": " + e, e);
        }
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + new String(out));
        }
    }
}
