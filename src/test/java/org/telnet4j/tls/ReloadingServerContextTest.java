package org.telnet4j.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.telnet4j.testing.TestCertificates;

class ReloadingServerContextTest {
    @TempDir
    static Path source;

    static TestCertificates certificates;
    static TestCertificates.Files files;
    static SSLContext client;

    @TempDir
    Path live;
    Path cert;
    Path key;

    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final ListAppender<ILoggingEvent> log = new ListAppender<>();
    final Logger logger = (Logger) LoggerFactory.getLogger(ReloadingServerContext.class);

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = TestCertificates.create();
        files = certificates.writeTo(source);
        client = TlsFiles.clientContext(files.caPem(), false);
    }

    @BeforeEach
    void install() throws Exception {
        cert = Files.copy(files.serverChainPem(), live.resolve("fullchain.pem"));
        key = Files.copy(files.serverKeyPkcs8(), live.resolve("privkey.pem"));
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(log);
    }

    private List<String> lines() {
        return log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Replaces a file the way certbot's renewal does: a new file moved over the old name. */
    private void replace(Path target, Path with) throws Exception {
        Path next = Files.copy(with, target.resolveSibling(target.getFileName() + ".new"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.move(next, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A verifying client completes a handshake with a server accepting with {@code context}. */
    private static void served(SSLContext context) throws Exception {
        try (TlsPeers.OneServer server = TlsPeers.tlsServer(context, null)) {
            assertEquals("hello", TlsPeers.connect(client, "localhost", server.port(), TlsPeers.TIMEOUT_MILLIS));
            assertTrue(server.await().handshook());
        }
    }

    @Test
    void theFirstLoadLogsSubjectAndExpiryAndGetIsStableBetweenChecks() throws Exception {
        ReloadingServerContext reloading = ReloadingServerContext.of(cert, key, null, clock::get);
        X509Certificate leaf = certificates.server().certificate();
        assertEquals(leaf, reloading.certificate());
        assertEquals(List.of("TLS certificate " + leaf.getSubjectX500Principal().getName() + ", issued by "
                + leaf.getIssuerX500Principal().getName() + ", expires " + leaf.getNotAfter().toInstant()), lines());
        SSLContext first = reloading.get();
        clock.addAndGet(ReloadingServerContext.CHECK_INTERVAL_NANOS * 5);
        assertSame(first, reloading.get(), "unchanged files: the same context");
        served(first);
    }

    @Test
    void aRenewedCertificateIsPickedUpAtTheNextCheckNotBefore() throws Exception {
        ReloadingServerContext reloading = ReloadingServerContext.of(cert, key, null, clock::get);
        SSLContext first = reloading.get();
        replace(cert, files.ecChainPem());
        replace(key, files.ecKeySec1());
        clock.addAndGet(ReloadingServerContext.CHECK_INTERVAL_NANOS - 1);
        assertSame(first, reloading.get(), "less than a second since the last look: the files are not read");
        clock.addAndGet(1);
        SSLContext renewed = reloading.get();
        assertNotSame(first, renewed);
        assertEquals(certificates.ecServer().certificate(), reloading.certificate());
        assertEquals("EC", reloading.certificate().getPublicKey().getAlgorithm());
        assertTrue(lines().get(lines().size() - 1).startsWith("TLS certificate reloaded: CN=localhost"), lines().toString());
        served(renewed);
        served(first);         // the old context still works for whoever holds it
    }

    @Test
    void aFailedReloadKeepsTheOldContextLogsOnceAndRetriesWhenTheFilesChangeAgain() throws Exception {
        ReloadingServerContext reloading = ReloadingServerContext.of(cert, key, null, clock::get);
        SSLContext first = reloading.get();
        // Renewal half done: the new certificate is in place, the old key still is.
        replace(cert, files.ecChainPem());
        clock.addAndGet(ReloadingServerContext.CHECK_INTERVAL_NANOS);
        assertSame(first, reloading.get());
        List<String> failures = lines().stream().filter(l -> l.startsWith("TLS certificate not reloaded")).toList();
        assertEquals(List.of("TLS certificate not reloaded, keeping the one that expires "
                + certificates.server().certificate().getNotAfter().toInstant() + ": " + key
                + ": the key does not match any of the 2 certificates in " + cert + " (first: localhost)"), failures);
        clock.addAndGet(ReloadingServerContext.CHECK_INTERVAL_NANOS * 3);
        reloading.get();
        clock.addAndGet(ReloadingServerContext.CHECK_INTERVAL_NANOS * 3);
        assertSame(first, reloading.get());
        assertEquals(1, lines().stream().filter(l -> l.startsWith("TLS certificate not reloaded")).count(),
                "the same broken files are not reread and relogged every second");
        served(reloading.get());
        // The key arrives: the next check loads the pair.
        replace(key, files.ecKeySec1());
        clock.addAndGet(ReloadingServerContext.CHECK_INTERVAL_NANOS);
        assertNotSame(first, reloading.get());
        assertEquals(certificates.ecServer().certificate(), reloading.certificate());
    }

    @Test
    void aMissingOrDamagedFileOnReloadKeepsTheOldContext() throws Exception {
        ReloadingServerContext reloading = ReloadingServerContext.of(cert, key, null, clock::get);
        SSLContext first = reloading.get();
        Files.delete(key);
        assertFalse(reloading.reload());
        assertTrue(lines().get(lines().size() - 1).endsWith(key + ": no such file"), lines().toString());
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\ntruncat");
        clock.addAndGet(ReloadingServerContext.CHECK_INTERVAL_NANOS);
        assertSame(first, reloading.get());
        assertTrue(lines().get(lines().size() - 1).contains(key + ": damaged PEM: "), lines().toString());
    }

    @Test
    void reloadRereadsAtOnceEvenWithoutAChange() throws Exception {
        ReloadingServerContext reloading = ReloadingServerContext.of(cert, key, null, clock::get);
        SSLContext first = reloading.get();
        assertTrue(reloading.reload());
        assertNotSame(first, reloading.get());
    }

    @Test
    void aSymlinkRepointedToANewArchiveFileIsFollowed() throws Exception {
        // Let's Encrypt: live/fullchain.pem -> ../archive/fullchainN.pem, repointed at renewal.
        Path archive = Files.createDirectory(live.resolve("archive"));
        Path chain1 = Files.copy(files.serverChainPem(), archive.resolve("fullchain1.pem"));
        Path key1 = Files.copy(files.serverKeyPkcs8(), archive.resolve("privkey1.pem"));
        Path chainLink = Files.createSymbolicLink(live.resolve("link-fullchain.pem"), chain1);
        Path keyLink = Files.createSymbolicLink(live.resolve("link-privkey.pem"), key1);
        ReloadingServerContext reloading = ReloadingServerContext.of(chainLink, keyLink, null, clock::get);
        SSLContext first = reloading.get();
        // Same size and time as before would not matter: the link's target differs.
        Path chain2 = Files.copy(files.ecChainPem(), archive.resolve("fullchain2.pem"));
        Path key2 = Files.copy(files.ecKeyPkcs8(), archive.resolve("privkey2.pem"));
        Files.delete(chainLink);
        Files.createSymbolicLink(chainLink, chain2);
        Files.delete(keyLink);
        Files.createSymbolicLink(keyLink, key2);
        clock.addAndGet(ReloadingServerContext.CHECK_INTERVAL_NANOS);
        assertNotSame(first, reloading.get());
        assertEquals(certificates.ecServer().certificate(), reloading.certificate());
    }

    @Test
    void filesThatCannotBeUsedAtTheStartAreAnError() {
        TlsFileException e = assertThrows(TlsFileException.class,
                () -> ReloadingServerContext.of(cert, files.wrongHostKey(), null));
        assertTrue(e.getMessage().startsWith(files.wrongHostKey() + ": the key does not match"), e.getMessage());
    }

    @Test
    void getFromManyThreadsAtOnceReloadsOnce() throws Exception {
        ReloadingServerContext reloading = ReloadingServerContext.of(cert, key, null, clock::get);
        replace(cert, files.ecChainPem());
        replace(key, files.ecKeySec1());
        clock.addAndGet(ReloadingServerContext.CHECK_INTERVAL_NANOS);
        // Callers during the reload get the old context or the new one, never wait for the files
        // twice, and the files are read once.
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(reloading::get);
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join(TlsPeers.TIMEOUT_MILLIS);
        }
        assertEquals(certificates.ecServer().certificate(), reloading.certificate());
        assertEquals(1, lines().stream().filter(l -> l.startsWith("TLS certificate reloaded")).count());
    }
}
