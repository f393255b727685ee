package org.telnet4j.tls;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The PEM reader: the only class that touches BouncyCastle, so that nothing of it loads unless a
 * PEM file is read ({@link TlsFiles} checks that it is present first). The keys and certificates
 * become JDK objects through the JDK's own key and certificate factories: no BouncyCastle
 * provider is registered.
 */
final class PemFiles {
    private PemFiles() {
    }

    /** What one PEM file holds: its certificates in file order, and its private key, if any. */
    record Contents(List<X509Certificate> certificates, PrivateKey key) {
    }

    /**
     * Reads every block of a PEM file. Certificates and keys are kept; EC PARAMETERS (which
     * {@code openssl ecparam -genkey} writes before the key), CRLs and the like are skipped.
     *
     * @throws TlsFileException for an encrypted key, a damaged block or a block type BouncyCastle
     *     does not know
     */
    static Contents read(Path file, byte[] content) throws TlsFileException {
        List<X509Certificate> certificates = new ArrayList<>();
        PrivateKey key = null;
        JcaX509CertificateConverter certificateConverter = new JcaX509CertificateConverter();
        JcaPEMKeyConverter keyConverter = new JcaPEMKeyConverter();
        // PEM is ASCII; ISO-8859-1 maps every byte, so stray bytes cannot throw here.
        String text = new String(content, StandardCharsets.ISO_8859_1);
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object block; (block = parser.readObject()) != null; ) {
                if (block instanceof X509TrustedCertificateBlock trusted) {
                    block = trusted.getCertificateHolder();
                }
                if (block instanceof X509CertificateHolder holder) {
                    certificates.add(certificateConverter.getCertificate(holder));
                    continue;
                }
                if (block instanceof PKCS8EncryptedPrivateKeyInfo || block instanceof PEMEncryptedKeyPair) {
                    throw new TlsFileException(file, "the private key is encrypted; telnet4j reads"
                            + " unencrypted keys only (decrypt it: openssl pkey -in KEY -out KEY.plain)");
                }
                PrivateKey found = null;
                if (block instanceof PrivateKeyInfo info) {           // PKCS#8: BEGIN PRIVATE KEY
                    found = keyConverter.getPrivateKey(info);
                } else if (block instanceof PEMKeyPair pair) {        // PKCS#1 RSA, SEC1 EC, DSA
                    found = keyConverter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (found != null) {
                    if (key != null) {
                        throw new TlsFileException(file, "holds more than one private key");
                    }
                    key = found;
                }
            }
        } catch (PEMException e) {
            throw new TlsFileException(file, "unusable key: " + rootMessage(e), e);
        } catch (CertificateException e) {
            throw new TlsFileException(file, "damaged certificate: " + rootMessage(e), e);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            // Bad base64, a truncated block, an unknown block type ("unrecognised object: X").
            throw new TlsFileException(file, "damaged PEM: " + rootMessage(e), e);
        }
        return new Contents(List.copyOf(certificates), key);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }
}
