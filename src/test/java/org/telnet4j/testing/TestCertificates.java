package org.telnet4j.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Certificates for TLS tests, made at run time with BouncyCastle (never checked in): a CA, and
 * signed by it a server certificate for {@code localhost} and {@code 127.0.0.1} (RSA and EC), an
 * expired one, one not valid yet, one for the wrong host, and a client certificate; also a second, unrelated CA.
 * {@link #writeTo} writes them as the files a user has: PEM chains (leaf, then CA), keys as
 * PKCS#8, PKCS#1 RSA, SEC1 EC and encrypted PKCS#8, and PKCS#12 keystores.
 */
public final class TestCertificates {
    /** The password of {@link Files#serverP12()} and of {@link Files#encryptedPkcs8Key()}. */
    public static final String PASSWORD = "s3cret";

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate and its key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {
    }

    /** The files {@link #writeTo} wrote. */
    public record Files(
            Path dir,
            Path caPem,
            Path otherCaPem,
            Path serverCertPem,
            Path serverChainPem,
            Path serverKeyPkcs8,
            Path serverKeyPkcs1,
            Path serverCombinedPem,
            Path encryptedPkcs8Key,
            Path ecChainPem,
            Path ecKeySec1,
            Path ecKeyPkcs8,
            Path expiredChainPem,
            Path expiredKey,
            Path notYetValidChainPem,
            Path notYetValidKey,
            Path wrongHostChainPem,
            Path wrongHostKey,
            Path clientChainPem,
            Path clientKey,
            Path clientP12,
            Path serverP12,
            Path serverP12NoPassword) {
    }

    private final Issued ca;
    private final Issued otherCa;
    private final Issued server;
    private final Issued ecServer;
    private final Issued expired;
    private final Issued wrongHost;
    private final Issued notYetValid;
    private final Issued client;

    private TestCertificates() throws GeneralSecurityException, IOException, OperatorCreationException {
        Instant now = Instant.now();
        ca = selfSignedCa("telnet4j test CA", now);
        otherCa = selfSignedCa("some other CA", now);
        server = issue(ca, "localhost", rsa(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)),
                List.of("localhost", "127.0.0.1"), KeyPurposeId.id_kp_serverAuth);
        ecServer = issue(ca, "localhost", ec(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)),
                List.of("localhost", "127.0.0.1"), KeyPurposeId.id_kp_serverAuth);
        expired = issue(ca, "localhost", rsa(), now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(2)),
                List.of("localhost", "127.0.0.1"), KeyPurposeId.id_kp_serverAuth);
        notYetValid = issue(ca, "localhost", rsa(), now.plus(Duration.ofDays(2)), now.plus(Duration.ofDays(60)),
                List.of("localhost", "127.0.0.1"), KeyPurposeId.id_kp_serverAuth);
        wrongHost = issue(ca, "wrong.example", rsa(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)),
                List.of("wrong.example"), KeyPurposeId.id_kp_serverAuth);
        client = issue(ca, "alice", rsa(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)),
                List.of(), KeyPurposeId.id_kp_clientAuth);
    }

    /** Makes a fresh set (a few RSA keys: tens of milliseconds each). */
    public static TestCertificates create() {
        try {
            return new TestCertificates();
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes a fresh set and writes it into {@code dir}. */
    public static Files createIn(Path dir) {
        return create().writeTo(dir);
    }

    public Issued ca() {
        return ca;
    }

    public Issued otherCa() {
        return otherCa;
    }

    public Issued server() {
        return server;
    }

    public Issued ecServer() {
        return ecServer;
    }

    public Issued expired() {
        return expired;
    }

    public Issued notYetValid() {
        return notYetValid;
    }

    public Issued wrongHost() {
        return wrongHost;
    }

    public Issued client() {
        return client;
    }

    /** Writes every file into {@code dir} (which exists). */
    public Files writeTo(Path dir) {
        try {
            Path caPem = write(dir.resolve("ca.pem"), pem(ca.certificate()));
            Path otherCaPem = write(dir.resolve("other-ca.pem"), pem(otherCa.certificate()));
            Path serverCert = write(dir.resolve("server-cert.pem"), pem(server.certificate()));
            Path serverChain = write(dir.resolve("server-fullchain.pem"), chain(server));
            Path pkcs8 = write(dir.resolve("server-key.pem"), pem(new JcaPKCS8Generator(server.key(), null)));
            Path pkcs1 = write(dir.resolve("server-key-rsa.pem"), pem(server.key()));
            Path combined = write(dir.resolve("server-combined.pem"), chain(server) + pem(server.key()));
            Path encrypted = write(dir.resolve("server-key-encrypted.pem"), pem(new JcaPKCS8Generator(server.key(),
                    new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                            .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                            .setPassword(PASSWORD.toCharArray()).build())));
            Path ecChain = write(dir.resolve("ec-fullchain.pem"), chain(ecServer));
            Path ecSec1 = write(dir.resolve("ec-key-sec1.pem"), sec1(ecServer.key()));
            Path ecPkcs8 = write(dir.resolve("ec-key-pkcs8.pem"), pem(new JcaPKCS8Generator(ecServer.key(), null)));
            Path expiredChain = write(dir.resolve("expired-fullchain.pem"), chain(expired));
            Path expiredKey = write(dir.resolve("expired-key.pem"), pem(new JcaPKCS8Generator(expired.key(), null)));
            Path futureChain = write(dir.resolve("future-fullchain.pem"), chain(notYetValid));
            Path futureKey = write(dir.resolve("future-key.pem"), pem(new JcaPKCS8Generator(notYetValid.key(), null)));
            Path wrongChain = write(dir.resolve("wronghost-fullchain.pem"), chain(wrongHost));
            Path wrongKey = write(dir.resolve("wronghost-key.pem"), pem(new JcaPKCS8Generator(wrongHost.key(), null)));
            Path clientChain = write(dir.resolve("client-fullchain.pem"), chain(client));
            Path clientKey = write(dir.resolve("client-key.pem"), pem(new JcaPKCS8Generator(client.key(), null)));
            Path clientP12 = pkcs12(dir.resolve("client.p12"), client, PASSWORD);
            Path serverP12 = pkcs12(dir.resolve("server.p12"), server, PASSWORD);
            Path serverP12Empty = pkcs12(dir.resolve("server-nopass.pfx"), server, "");
            return new Files(dir, caPem, otherCaPem, serverCert, serverChain, pkcs8, pkcs1, combined, encrypted,
                    ecChain, ecSec1, ecPkcs8, expiredChain, expiredKey, futureChain, futureKey, wrongChain, wrongKey, clientChain, clientKey,
                    clientP12, serverP12, serverP12Empty);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The certificate and the CA's, PEM, leaf first. */
    private String chain(Issued issued) throws IOException {
        return pem(issued.certificate()) + pem(ca.certificate());
    }

    /** One object as PEM, written by BouncyCastle's writer (certificates, keys, PKCS#8 generators). */
    public static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    /**
     * An EC key as SEC1 ({@code BEGIN EC PRIVATE KEY}) with its curve inside, as {@code openssl
     * ecparam -genkey} writes it: the JDK's PKCS#8 encoding keeps the curve in the algorithm
     * identifier only, so it is copied into the SEC1 structure's parameters field (RFC 5915
     * section 3).
     */
    private static String sec1(PrivateKey key) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
        ECPrivateKey withCurve = new ECPrivateKey(256, inner.getKey(), inner.getPublicKey(),
                info.getPrivateKeyAlgorithm().getParameters());
        return pem(new PemObject("EC PRIVATE KEY", withCurve.getEncoded()));
    }

    private static Path write(Path file, String text) throws IOException {
        return java.nio.file.Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    private Path pkcs12(Path file, Issued issued, String password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("key", issued.key(), password.toCharArray(),
                new X509Certificate[] {issued.certificate(), ca.certificate()});
        try (OutputStream out = java.nio.file.Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static Issued selfSignedCa(String name, Instant now)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        KeyPair keys = rsa();
        X500Name subject = new X500Name("O=telnet4j tests,CN=" + name);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(now.minus(Duration.ofDays(2))), Date.from(now.plus(Duration.ofDays(365))), subject,
                keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new Issued(sign(builder, keys.getPrivate()), keys.getPrivate());
    }

    private static Issued issue(Issued ca, String commonName, KeyPair keys, Instant notBefore, Instant notAfter,
            List<String> names, KeyPurposeId purpose) throws GeneralSecurityException, IOException,
            OperatorCreationException {
        X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
        X500Name subject = new X500Name("O=telnet4j tests,CN=" + commonName);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(notBefore),
                Date.from(notAfter), subject, keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        if (!names.isEmpty()) {
            List<GeneralName> general = new ArrayList<>();
            for (String name : names) {
                boolean address = name.chars().allMatch(c -> c == '.' || Character.isDigit(c));
                general.add(new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, name));
            }
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(general.toArray(new GeneralName[0])));
        }
        return new Issued(sign(builder, ca.key()), keys.getPrivate());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
            throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signingKey)));
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }
}
