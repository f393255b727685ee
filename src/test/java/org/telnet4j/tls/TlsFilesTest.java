package org.telnet4j.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telnet4j.testing.TestCertificates;

class TlsFilesTest {
    @TempDir
    static Path dir;

    static TestCertificates certificates;
    static TestCertificates.Files files;
    static SSLContext trustingClient;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = TestCertificates.create();
        files = certificates.writeTo(dir);
        trustingClient = TlsFiles.clientContext(files.caPem(), false);
    }

    /** A server with {@code context} answers a verifying client connecting as {@code host}. */
    private static TlsPeers.ServerSide handshakeAs(SSLContext context, String host) throws Exception {
        try (TlsPeers.OneServer server = TlsPeers.tlsServer(context, null)) {
            assertEquals("hello", TlsPeers.connect(trustingClient, host, server.port(), TlsPeers.TIMEOUT_MILLIS));
            TlsPeers.ServerSide side = server.await();
            assertTrue(side.handshook(), () -> "server side: " + side.failure());
            return side;
        }
    }

    @Test
    void aPemChainAndPkcs8KeyServeAVerifyingClientByNameAndByAddress() throws Exception {
        TlsFiles.ServerMaterial material = TlsFiles.loadServer(files.serverChainPem(), files.serverKeyPkcs8(), null, null);
        assertEquals(2, material.chain().size());
        assertEquals(certificates.server().certificate(), material.leaf());
        assertEquals(List.of(), material.warnings());
        TlsPeers.ServerSide byName = handshakeAs(material.context(), "localhost");
        assertEquals(List.of(new SNIHostName("localhost")), byName.serverNames(), "SNI carries the host name");
        TlsPeers.ServerSide byAddress = handshakeAs(material.context(), "127.0.0.1");
        assertEquals(List.of(), byAddress.serverNames(), "no SNI for an address literal (RFC 6066 section 3)");
    }

    @Test
    void aPkcs1RsaKeyLoads() throws Exception {
        assertTrue(Files.readString(files.serverKeyPkcs1()).contains("BEGIN RSA PRIVATE KEY"));
        handshakeAs(TlsFiles.serverContext(files.serverChainPem(), files.serverKeyPkcs1(), null), "localhost");
    }

    @Test
    void aSec1EcKeyAndAnEcPkcs8KeyLoad() throws Exception {
        assertTrue(Files.readString(files.ecKeySec1()).contains("BEGIN EC PRIVATE KEY"));
        handshakeAs(TlsFiles.serverContext(files.ecChainPem(), files.ecKeySec1(), null), "localhost");
        handshakeAs(TlsFiles.serverContext(files.ecChainPem(), files.ecKeyPkcs8(), null), "localhost");
    }

    @Test
    void oneFileHoldingChainAndKeyNeedsNoKeyFile() throws Exception {
        handshakeAs(TlsFiles.serverContext(files.serverCombinedPem(), null, null), "localhost");
    }

    @Test
    void aChainWithTheLeafNotFirstIsReordered() throws Exception {
        Path caFirst = dir.resolve("ca-first.pem");
        Files.writeString(caFirst, Files.readString(files.caPem()) + Files.readString(files.serverCertPem()));
        TlsFiles.ServerMaterial material = TlsFiles.loadServer(caFirst, files.serverKeyPkcs8(), null, null);
        assertEquals(certificates.server().certificate(), material.leaf());
        handshakeAs(material.context(), "localhost");
    }

    @Test
    void aPkcs12FileLoadsWithItsPasswordAndRefusesAWrongOne() throws Exception {
        handshakeAs(TlsFiles.loadServer(files.serverP12(), null, null, TestCertificates.PASSWORD.toCharArray())
                .context(), "localhost");
        TlsFileException wrong = assertThrows(TlsFileException.class,
                () -> TlsFiles.loadServer(files.serverP12(), null, null, "nope".toCharArray()));
        assertEquals(files.serverP12() + ": wrong password for this PKCS#12 file (it is read from "
                + "TELNET4J_SSL_PASSWORD)", wrong.getMessage());
        assertEquals(files.serverP12(), wrong.file());
    }

    @Test
    void aPkcs12FileWithAnEmptyPasswordLoadsWhenTheVariableIsUnset() throws Exception {
        assumeTrue(System.getenv(TlsFiles.PASSWORD_VARIABLE) == null, "TELNET4J_SSL_PASSWORD is set here");
        handshakeAs(TlsFiles.serverContext(files.serverP12NoPassword(), null, null), "localhost");
    }

    @Test
    void anEncryptedKeyIsRefusedSayingSo() throws Exception {
        assertTrue(Files.readString(files.encryptedPkcs8Key()).contains("BEGIN ENCRYPTED PRIVATE KEY"));
        TlsFileException e = assertThrows(TlsFileException.class,
                () -> TlsFiles.serverContext(files.serverChainPem(), files.encryptedPkcs8Key(), null));
        assertEquals(files.encryptedPkcs8Key() + ": the private key is encrypted; telnet4j reads unencrypted keys"
                + " only (decrypt it: openssl pkey -in KEY -out KEY.plain)", e.getMessage());
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() {
        TlsFileException e = assertThrows(TlsFileException.class,
                () -> TlsFiles.serverContext(files.serverChainPem(), files.wrongHostKey(), null));
        assertEquals(files.wrongHostKey() + ": the key does not match any of the 2 certificates in "
                + files.serverChainPem() + " (first: localhost)", e.getMessage());
        TlsFileException ec = assertThrows(TlsFileException.class,
                () -> TlsFiles.serverContext(files.serverCertPem(), files.ecKeySec1(), null));
        assertEquals(files.ecKeySec1() + ": the key does not match the certificate in " + files.serverCertPem()
                + " (first: localhost)", ec.getMessage());
    }

    @Test
    void missingUnreadableAndWrongKindsOfFileAreOneLineErrorsNamingTheFile() throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertEquals(missing + ": no such file", assertThrows(TlsFileException.class,
                () -> TlsFiles.serverContext(missing, files.serverKeyPkcs8(), null)).getMessage());
        assertEquals(missing + ": no such file", assertThrows(TlsFileException.class,
                () -> TlsFiles.serverContext(files.serverChainPem(), missing, null)).getMessage());
        assertEquals(missing + ": no such file", assertThrows(TlsFileException.class,
                () -> TlsFiles.clientContext(missing, false)).getMessage());
        assertEquals(dir + ": is a directory, not a file", assertThrows(TlsFileException.class,
                () -> TlsFiles.serverContext(dir, files.serverKeyPkcs8(), null)).getMessage());

        Path text = Files.writeString(dir.resolve("notes.txt"), "not a certificate\n");
        assertEquals(text + ": not a PEM file (no -----BEGIN line)", assertThrows(TlsFileException.class,
                () -> TlsFiles.serverContext(text, files.serverKeyPkcs8(), null)).getMessage());
        String neither = assertThrows(TlsFileException.class, () -> TlsFiles.serverContext(text, null, null))
                .getMessage();
        assertTrue(neither.startsWith(text + ": neither a PEM file nor a PKCS#12 file"), neither);
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertEquals(empty + ": empty file, not PEM", assertThrows(TlsFileException.class,
                () -> TlsFiles.clientContext(empty, false)).getMessage());
        Path p12AsKey = files.serverP12();
        assertTrue(assertThrows(TlsFileException.class,
                () -> TlsFiles.serverContext(p12AsKey, files.serverKeyPkcs8(), null)).getMessage()
                .startsWith(p12AsKey + ": not a PEM file (no -----BEGIN line); it looks binary"));

        Path damaged = Files.writeString(dir.resolve("damaged.pem"),
                "-----BEGIN CERTIFICATE-----\nMIIB!!!not base64\n-----END CERTIFICATE-----\n");
        assertTrue(assertThrows(TlsFileException.class,
                () -> TlsFiles.clientContext(damaged, false)).getMessage().startsWith(damaged + ": damaged PEM: "));

        Path big = dir.resolve("big.pem");
        Files.write(big, new byte[TlsFiles.MAX_FILE_BYTES + 1]);
        assertEquals(big + ": too large for a certificate or key file (1048577 bytes; the limit is 1048576)",
                assertThrows(TlsFileException.class, () -> TlsFiles.clientContext(big, false)).getMessage());
    }

    @Test
    void anUnreadableFileIsSaidToBeSo() throws Exception {
        Path locked = Files.copy(files.serverKeyPkcs8(), dir.resolve("locked.pem"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        assumeTrue(!Files.isReadable(locked), "running as root: every file is readable");
        assertEquals(locked + ": not readable (permission denied)", assertThrows(TlsFileException.class,
                () -> TlsFiles.serverContext(files.serverChainPem(), locked, null)).getMessage());
    }

    @Test
    void aFileWithoutTheExpectedContentSaysWhatIsMissing() throws Exception {
        assertEquals(files.serverKeyPkcs8() + ": no certificate in the file", assertThrows(TlsFileException.class,
                () -> TlsFiles.serverContext(files.serverKeyPkcs8(), files.serverKeyPkcs8(), null)).getMessage());
        assertEquals(files.caPem() + ": holds certificates but no private key (are the certificate and key files"
                + " swapped?)", assertThrows(TlsFileException.class,
                () -> TlsFiles.serverContext(files.serverChainPem(), files.caPem(), null)).getMessage());
        assertEquals(files.serverChainPem() + ": no private key in the file, and no key file given",
                assertThrows(TlsFileException.class,
                        () -> TlsFiles.serverContext(files.serverChainPem(), null, null)).getMessage());
        assertEquals(files.serverKeyPkcs8() + ": no certificate in the file (a CA bundle holds BEGIN CERTIFICATE"
                + " blocks)", assertThrows(TlsFileException.class,
                () -> TlsFiles.clientContext(files.serverKeyPkcs8(), false)).getMessage());
        assertEquals(files.serverKeyPkcs8() + ": no certificate in the file (a CA bundle holds BEGIN CERTIFICATE"
                + " blocks)", assertThrows(TlsFileException.class,
                () -> TlsFiles.serverContext(files.serverChainPem(), files.serverKeyPkcs8(), files.serverKeyPkcs8()))
                .getMessage());
    }

    @Test
    void anExpiredOrNotYetValidCertificateLoadsWithAWarning() throws Exception {
        TlsFiles.ServerMaterial expired = TlsFiles.loadServer(files.expiredChainPem(), files.expiredKey(), null, null);
        X509Certificate leaf = certificates.expired().certificate();
        assertEquals(List.of(files.expiredChainPem() + ": the certificate for localhost expired on "
                + leaf.getNotAfter().toInstant() + "; clients that verify certificates will refuse it"),
                expired.warnings());
        TlsFiles.ServerMaterial future = TlsFiles.loadServer(files.notYetValidChainPem(), files.notYetValidKey(),
                null, null);
        assertEquals(1, future.warnings().size());
        assertTrue(future.warnings().get(0).contains(": the certificate for localhost is not valid before "
                + certificates.notYetValid().certificate().getNotBefore().toInstant()), future.warnings().get(0));
        // It is served: a client that does not verify connects.
        try (TlsPeers.OneServer server = TlsPeers.tlsServer(expired.context(), null)) {
            assertEquals("hello", TlsPeers.connect(TlsFiles.clientContext(null, true), "localhost", server.port(),
                    TlsPeers.TIMEOUT_MILLIS));
        }
        assertEquals(java.util.Optional.empty(), TlsFiles.validityWarning(files.serverCertPem(),
                certificates.server().certificate(), Instant.now()));
    }

    @Test
    void aClientCaFileAdmitsClientsWithACertificateItSignedAndOnlyThem() throws Exception {
        SSLContext server = TlsFiles.serverContext(files.serverChainPem(), files.serverKeyPkcs8(), files.caPem());
        // A context with the client's key and the CA's trust is a client context with a certificate.
        SSLContext alice = TlsFiles.serverContext(files.clientChainPem(), files.clientKey(), files.caPem());
        try (TlsPeers.OneServer one = TlsPeers.tlsServer(server, "need")) {
            assertEquals("hello", TlsPeers.connect(alice, "localhost", one.port(), TlsPeers.TIMEOUT_MILLIS));
            TlsPeers.ServerSide side = one.await();
            assertEquals("alice", TlsFiles.subjectName((X509Certificate) side.peerCertificates()[0]));
        }
        try (TlsPeers.OneServer one = TlsPeers.tlsServer(server, "need")) {
            assertThrows(SSLHandshakeException.class,
                    () -> TlsPeers.connect(trustingClient, "localhost", one.port(), TlsPeers.TIMEOUT_MILLIS));
            assertFalse(one.await().handshook());
        }
        // "want": a client without a certificate is admitted, with none on the session.
        try (TlsPeers.OneServer one = TlsPeers.tlsServer(server, "want")) {
            assertEquals("hello", TlsPeers.connect(trustingClient, "localhost", one.port(), TlsPeers.TIMEOUT_MILLIS));
            assertNull(one.await().peerCertificates());
        }
    }

    @Test
    void withoutAClientCaFileNoClientCertificateIsTrusted() throws Exception {
        SSLContext server = TlsFiles.serverContext(files.serverChainPem(), files.serverKeyPkcs8(), null);
        SSLContext alice = TlsFiles.serverContext(files.clientChainPem(), files.clientKey(), files.caPem());
        try (TlsPeers.OneServer one = TlsPeers.tlsServer(server, "need")) {
            // The server refuses the certificate after the client's Finished: an alert or a reset.
            assertThrows(IOException.class,
                    () -> TlsPeers.connect(alice, "localhost", one.port(), TlsPeers.TIMEOUT_MILLIS));
            assertFalse(one.await().handshook());
        }
    }

    @Test
    void theClientVerifiesAgainstTheSystemStoreByDefaultAndTrustsAllWithNoVerify() throws Exception {
        SSLContext server = TlsFiles.serverContext(files.wrongHostChainPem(), files.wrongHostKey(), null);
        try (TlsPeers.OneServer one = TlsPeers.tlsServer(server, null)) {
            // The test CA is in no system store.
            assertThrows(SSLHandshakeException.class, () -> TlsPeers.connect(TlsFiles.clientContext(null, false),
                    "wrong.example", one.port(), TlsPeers.TIMEOUT_MILLIS));
        }
        try (TlsPeers.OneServer one = TlsPeers.tlsServer(server, null)) {
            assertEquals("hello", TlsPeers.connect(TlsFiles.clientContext(files.caPem(), false), "wrong.example",
                    one.port(), TlsPeers.TIMEOUT_MILLIS));
        }
        SSLContext unverified = TlsFiles.clientContext(files.otherCaPem(), true);
        try (TlsPeers.OneServer one = TlsPeers.tlsServer(server, null)) {
            // Unknown CA and a certificate for another host: noVerify connects all the same.
            assertEquals("hello", TlsPeers.connect(unverified, "localhost", one.port(), TlsPeers.TIMEOUT_MILLIS));
        }
    }

    @Test
    void anEnginePairHandshakesWithTheClientEngine() throws Exception {
        SSLContext server = TlsFiles.serverContext(files.ecChainPem(), files.ecKeySec1(), null);
        assertEquals("TLSv1.3", EnginePair.handshake(server, TlsFiles.clientEngine(trustingClient, "localhost", 23)));
        SSLHandshakeException wrongName = assertThrows(SSLHandshakeException.class,
                () -> EnginePair.handshake(server, TlsFiles.clientEngine(trustingClient, "wrong.example", 23)));
        assertEquals("certificate of wrong.example is for another host name (it does not name wrong.example)",
                TlsErrors.describe(wrongName, "wrong.example"));
    }

    @Test
    void withoutBouncyCastlePemFailsInOneLineAndPkcs12StillWorks() throws Exception {
        URL classes = TlsFiles.class.getProtectionDomain().getCodeSource().getLocation();
        try (HidingBouncyCastle loader = new HidingBouncyCastle(classes, getClass().getClassLoader())) {
            Class<?> tlsFiles = loader.loadClass(TlsFiles.class.getName());
            assertFalse(tlsFiles == TlsFiles.class);
            Method serverContext = tlsFiles.getMethod("serverContext", Path.class, Path.class, Path.class);
            InvocationTargetException pem = assertThrows(InvocationTargetException.class,
                    () -> serverContext.invoke(null, files.serverChainPem(), files.serverKeyPkcs8(), null));
            assertEquals(TlsFileException.class.getName(), pem.getCause().getClass().getName());
            assertEquals(files.serverChainPem() + ": reading PEM files needs BouncyCastle"
                    + " (org.bouncycastle:bcpkix-jdk18on with bcprov and bcutil) on the class path, and it is missing",
                    pem.getCause().getMessage());
            Method loadServer = tlsFiles.getMethod("loadServer", Path.class, Path.class, Path.class, char[].class);
            Object material = loadServer.invoke(null, files.serverP12(), null, null,
                    TestCertificates.PASSWORD.toCharArray());
            SSLContext context = (SSLContext) material.getClass().getMethod("context").invoke(material);
            handshakeAs(context, "localhost");
            assertInstanceOf(SSLContext.class, tlsFiles.getMethod("clientContext", Path.class, boolean.class)
                    .invoke(null, null, true));
        }
    }

    /** Loads org.telnet4j.tls afresh from the build's classes, with no BouncyCastle to be found. */
    private static final class HidingBouncyCastle extends URLClassLoader {
        HidingBouncyCastle(URL classes, ClassLoader parent) {
            super(new URL[] {classes}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("org.bouncycastle.")) {
                throw new ClassNotFoundException(name);
            }
            if (name.startsWith("org.telnet4j.tls.")) {
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    return c != null ? c : findClass(name);
                }
            }
            return super.loadClass(name, resolve);
        }
    }

    @Test
    void subjectNameIsTheCommonName() {
        assertEquals("localhost", TlsFiles.subjectName(certificates.server().certificate()));
        assertEquals("telnet4j test CA", TlsFiles.subjectName(certificates.ca().certificate()));
    }
}
