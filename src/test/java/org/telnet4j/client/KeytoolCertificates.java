package org.telnet4j.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made for a test with the JDK's {@code keytool}, never checked in: a test CA, one
 * server key, and server certificates signed with it for "localhost" and 127.0.0.1 (good), for
 * another name (wrong host), with dates in the past (expired), and one signed by a second CA that
 * nobody trusts (unknown CA).
 */
final class KeytoolCertificates {
    static final char[] PASSWORD = "changeit".toCharArray();

    final Path dir;
    final X509Certificate ca;
    final X509Certificate otherCa;
    final PrivateKey serverKey;
    final X509Certificate good;
    final X509Certificate wrongHost;
    final X509Certificate expired;
    final X509Certificate unknownCa;

    private KeytoolCertificates(Path dir) throws IOException, GeneralSecurityException, InterruptedException {
        this.dir = dir;
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
            "CN=telnet4j test CA", "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12");
        keytool("-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
            "CN=untrusted test CA", "-ext", "bc:c", "-validity", "2", "-keystore", "other.p12");
        keytool("-exportcert", "-alias", "ca", "-rfc", "-file", "ca.crt", "-keystore", "ca.p12");
        keytool("-exportcert", "-alias", "other", "-rfc", "-file", "other.crt", "-keystore", "other.p12");
        keytool("-genkeypair", "-alias", "srv", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
            "CN=localhost", "-validity", "2", "-keystore", "srv.p12");
        keytool("-certreq", "-alias", "srv", "-file", "srv.csr", "-keystore", "srv.p12");
        sign("ca.p12", "ca", "good.crt", "san=dns:localhost,ip:127.0.0.1", null);
        sign("ca.p12", "ca", "wrong.crt", "san=dns:elsewhere.example", null);
        sign("ca.p12", "ca", "expired.crt", "san=dns:localhost,ip:127.0.0.1", "-10d");
        sign("other.p12", "other", "unknown.crt", "san=dns:localhost,ip:127.0.0.1", null);
        this.ca = read("ca.crt");
        this.otherCa = read("other.crt");
        this.good = read("good.crt");
        this.wrongHost = read("wrong.crt");
        this.expired = read("expired.crt");
        this.unknownCa = read("unknown.crt");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("srv.p12"))) {
            ks.load(in, PASSWORD);
        }
        this.serverKey = (PrivateKey) ks.getKey("srv", PASSWORD);
    }

    /** Makes them all in {@code dir} (about ten keytool runs). */
    static KeytoolCertificates make(Path dir) throws IOException, GeneralSecurityException, InterruptedException {
        return new KeytoolCertificates(dir);
    }

    private void sign(String caStore, String caAlias, String out, String san, String startDate)
            throws IOException, InterruptedException {
        List<String> a = new ArrayList<>(List.of("-gencert", "-alias", caAlias, "-keystore", caStore,
            "-infile", "srv.csr", "-outfile", out, "-rfc", "-ext", san, "-validity", "2"));
        if (startDate != null) {
            a.addAll(List.of("-startdate", startDate)); // ten days ago, valid for two: expired
        }
        keytool(a.toArray(new String[0]));
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", new String(PASSWORD), "-noprompt"));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: "
                + new String(out, StandardCharsets.UTF_8));
        }
    }

    private X509Certificate read(String file) throws IOException, GeneralSecurityException {
        byte[] b = Files.readAllBytes(dir.resolve(file));
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(b));
    }

    /** A client context that trusts the test CA only. */
    SSLContext clientTrustingCa() throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }

    /** A server context presenting {@code leaf} (with the server key) and the CA above it. */
    SSLContext server(X509Certificate leaf) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("srv", serverKey, PASSWORD, new Certificate[] {leaf,
            leaf.getIssuerX500Principal().equals(ca.getSubjectX500Principal()) ? ca : otherCa});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), null, null);
        return c;
    }

    /** {@code leaf} and the server key as one PEM file, for {@code openssl s_server -cert}. */
    Path pem(X509Certificate leaf, String name) throws IOException, GeneralSecurityException {
        Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        String s = "-----BEGIN CERTIFICATE-----\n" + b64.encodeToString(leaf.getEncoded()) + "\n-----END CERTIFICATE-----\n"
            + "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(serverKey.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        Path f = dir.resolve(name);
        Files.writeString(f, s, StandardCharsets.US_ASCII);
        return f;
    }
}
