package org.telnet4j.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telnet4j.testing.ExternalPrograms;
import org.telnet4j.testing.TestCertificates;

/**
 * Files as {@code openssl} writes them load, and {@code openssl s_client} verifies the chain a
 * context made from our PEM files presents.
 */
class OpensslFilesTest {
    @TempDir
    Path dir;

    static String openssl;

    @BeforeAll
    static void findOpenssl() {
        openssl = ExternalPrograms.require("openssl", "openssl");
    }

    /** Runs openssl with these arguments in {@link #dir}; returns its output, failing on a non-zero exit. */
    private String run(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(openssl);
        command.addAll(List.of(args));
        Path output = dir.resolve("openssl.out");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                        Files.createFile(dir.resolve("empty-" + System.nanoTime())).toFile())).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "openssl finished");
        String text = Files.readString(output, StandardCharsets.ISO_8859_1);
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + ":\n" + text);
        return text;
    }

    /** A self-signed certificate for localhost and 127.0.0.1 with the key in {@code key}. */
    private Path selfSigned(String key, String cert) throws Exception {
        run("req", "-x509", "-new", "-key", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        return dir.resolve(cert);
    }

    /** A verifying client that trusts {@code cert} connects to a server made of these files. */
    private static void serves(SSLContext server, Path trusted) throws Exception {
        SSLContext client = TlsFiles.clientContext(trusted, false);
        for (String host : List.of("localhost", "127.0.0.1")) {
            try (TlsPeers.OneServer one = TlsPeers.tlsServer(server, null)) {
                assertEquals("hello", TlsPeers.connect(client, host, one.port(), TlsPeers.TIMEOUT_MILLIS));
            }
        }
    }

    @Test
    void reqNewkeyWritesAPkcs8KeyThatLoads() throws Exception {
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        assertTrue(Files.readString(dir.resolve("key.pem")).startsWith("-----BEGIN PRIVATE KEY-----"));
        serves(TlsFiles.serverContext(dir.resolve("cert.pem"), dir.resolve("key.pem"), null), dir.resolve("cert.pem"));
    }

    @Test
    void genrsaTraditionalWritesAPkcs1KeyThatLoads() throws Exception {
        run("genrsa", "-traditional", "-out", "rsa.pem", "2048");
        assertTrue(Files.readString(dir.resolve("rsa.pem")).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        Path cert = selfSigned("rsa.pem", "rsa-cert.pem");
        serves(TlsFiles.serverContext(cert, dir.resolve("rsa.pem"), null), cert);
    }

    @Test
    void ecparamGenkeyWritesASec1KeyAfterItsParametersThatLoads() throws Exception {
        run("ecparam", "-name", "prime256v1", "-genkey", "-out", "ec.pem");
        String key = Files.readString(dir.resolve("ec.pem"));
        assertTrue(key.startsWith("-----BEGIN EC PARAMETERS-----") && key.contains("BEGIN EC PRIVATE KEY"), key);
        Path cert = selfSigned("ec.pem", "ec-cert.pem");
        serves(TlsFiles.serverContext(cert, dir.resolve("ec.pem"), null), cert);
        // And the same key converted to PKCS#8.
        run("pkcs8", "-topk8", "-nocrypt", "-in", "ec.pem", "-out", "ec-pkcs8.pem");
        serves(TlsFiles.serverContext(cert, dir.resolve("ec-pkcs8.pem"), null), cert);
    }

    @Test
    void aPkcs12FileFromOpensslLoadsWithItsPassword() throws Exception {
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        run("pkcs12", "-export", "-in", "cert.pem", "-inkey", "key.pem", "-out", "server.p12",
                "-passout", "pass:" + TestCertificates.PASSWORD);
        serves(TlsFiles.loadServer(dir.resolve("server.p12"), null, null, TestCertificates.PASSWORD.toCharArray())
                .context(), dir.resolve("cert.pem"));
        TlsFileException wrong = assertThrows(TlsFileException.class,
                () -> TlsFiles.loadServer(dir.resolve("server.p12"), null, null, "wrong".toCharArray()));
        assertTrue(wrong.getMessage().endsWith(": wrong password for this PKCS#12 file (it is read from"
                + " TELNET4J_SSL_PASSWORD)"), wrong.getMessage());
    }

    @Test
    void anEncryptedKeyFromGenpkeyIsRefusedSayingSo() throws Exception {
        run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-aes256", "-pass", "pass:x",
                "-out", "encrypted.pem");
        run("req", "-x509", "-new", "-key", "encrypted.pem", "-passin", "pass:x", "-out", "cert.pem", "-days", "2",
                "-subj", "/CN=localhost");
        TlsFileException e = assertThrows(TlsFileException.class,
                () -> TlsFiles.serverContext(dir.resolve("cert.pem"), dir.resolve("encrypted.pem"), null));
        assertEquals(dir.resolve("encrypted.pem") + ": the private key is encrypted; telnet4j reads unencrypted"
                + " keys only (decrypt it: openssl pkey -in KEY -out KEY.plain)", e.getMessage());
        // The traditional encrypted form (Proc-Type: 4,ENCRYPTED) too.
        run("rsa", "-in", "encrypted.pem", "-passin", "pass:x", "-traditional", "-aes256", "-passout", "pass:x",
                "-out", "traditional.pem");
        assertTrue(Files.readString(dir.resolve("traditional.pem")).contains("Proc-Type: 4,ENCRYPTED"));
        assertTrue(assertThrows(TlsFileException.class,
                () -> TlsFiles.serverContext(dir.resolve("cert.pem"), dir.resolve("traditional.pem"), null))
                .getMessage().endsWith(": the private key is encrypted; telnet4j reads unencrypted keys only"
                        + " (decrypt it: openssl pkey -in KEY -out KEY.plain)"));
    }

    @Test
    void opensslSClientVerifiesTheChainOurPemFilesPresent() throws Exception {
        TestCertificates.Files files = TestCertificates.createIn(dir);
        SSLContext server = TlsFiles.serverContext(files.serverChainPem(), files.serverKeyPkcs1(), null);
        try (TlsPeers.OneServer one = TlsPeers.tlsServer(server, null)) {
            String out = run("s_client", "-connect", "127.0.0.1:" + one.port(), "-CAfile", files.caPem().toString(),
                    "-servername", "localhost", "-verify_hostname", "localhost", "-verify_return_error");
            assertTrue(out.contains("Verify return code: 0 (ok)"), out);
            assertTrue(out.contains("Verified peername: localhost"), out);
            assertTrue(one.await().handshook());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
