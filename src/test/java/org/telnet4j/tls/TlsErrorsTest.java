package org.telnet4j.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telnet4j.testing.TestCertificates;

/** Each case of {@link TlsErrors#describe} provoked by a real failed handshake on 127.0.0.1. */
class TlsErrorsTest {
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

    private static String failureAgainst(TlsPeers.OneServer server, SSLContext client, String host, int readTimeout)
            throws IOException {
        try (server) {
            IOException e = assertThrows(IOException.class,
                    () -> TlsPeers.connect(client, host, server.port(), readTimeout));
            return TlsErrors.describe(e, host);
        }
    }

    private static SSLContext server(Path chain, Path key) throws TlsFileException {
        return TlsFiles.serverContext(chain, key, null);
    }

    @Test
    void aCertificateFromAnUnknownCa() throws Exception {
        SSLContext server = server(files.serverChainPem(), files.serverKeyPkcs8());
        assertEquals("certificate of localhost is not signed by a trusted CA", failureAgainst(
                TlsPeers.tlsServer(server, null), TlsFiles.clientContext(files.otherCaPem(), false), "localhost",
                TlsPeers.TIMEOUT_MILLIS));
        assertEquals("certificate of localhost is not signed by a trusted CA", failureAgainst(
                TlsPeers.tlsServer(server, null), TlsFiles.clientContext(null, false), "localhost",
                TlsPeers.TIMEOUT_MILLIS));
    }

    @Test
    void aCertificateForAnotherHostName() throws Exception {
        SSLContext server = server(files.wrongHostChainPem(), files.wrongHostKey());
        assertEquals("certificate of localhost is for another host name (it does not name localhost)",
                failureAgainst(TlsPeers.tlsServer(server, null), trustingClient, "localhost", TlsPeers.TIMEOUT_MILLIS));
        assertEquals("certificate of 127.0.0.1 is for another host name (it does not name 127.0.0.1)",
                failureAgainst(TlsPeers.tlsServer(server, null), trustingClient, "127.0.0.1", TlsPeers.TIMEOUT_MILLIS));
    }

    @Test
    void anExpiredCertificateWithItsDate() throws Exception {
        SSLContext server = server(files.expiredChainPem(), files.expiredKey());
        assertEquals("certificate of localhost expired on "
                + certificates.expired().certificate().getNotAfter().toInstant(),
                failureAgainst(TlsPeers.tlsServer(server, null), trustingClient, "localhost", TlsPeers.TIMEOUT_MILLIS));
    }

    @Test
    void aCertificateNotValidYet() throws Exception {
        SSLContext server = server(files.notYetValidChainPem(), files.notYetValidKey());
        assertEquals("certificate of localhost is not valid yet (valid from "
                + certificates.notYetValid().certificate().getNotBefore().toInstant()
                + ") (or this machine's clock is wrong)",
                failureAgainst(TlsPeers.tlsServer(server, null), trustingClient, "localhost", TlsPeers.TIMEOUT_MILLIS));
    }

    @Test
    void aPlainTelnetServerOnTheTlsPort() throws Exception {
        // The JDK: "javax.net.ssl.SSLException: Unsupported or unrecognized SSL message".
        assertEquals("localhost did not answer with TLS (a plain telnet server on this port?)", failureAgainst(
                TlsPeers.plainServer(TlsPeers.Plain.TELNET_BANNER), trustingClient, "localhost",
                TlsPeers.TIMEOUT_MILLIS));
    }

    @Test
    void aServerThatNeverAnswersTheHandshake() throws Exception {
        // The JDK: "java.net.SocketTimeoutException: Read timed out".
        assertEquals("TLS handshake with localhost timed out", failureAgainst(
                TlsPeers.plainServer(TlsPeers.Plain.SILENT), trustingClient, "localhost", 300));
        assertEquals("TLS handshake with h timed out",
                TlsErrors.describe(new TimeoutException("no Finished within 10 s"), "h"));
    }

    @Test
    void aServerThatClosesDuringTheHandshake() throws Exception {
        // The JDK: SSLHandshakeException "Remote host terminated the handshake", from an
        // EOFException "SSL peer shut down incorrectly".
        assertEquals("localhost closed the connection during the TLS handshake", failureAgainst(
                TlsPeers.plainServer(TlsPeers.Plain.CLOSE), trustingClient, "localhost", TlsPeers.TIMEOUT_MILLIS));
        assertEquals("h closed the connection during the TLS handshake",
                TlsErrors.describe(handshakeFailure(new EOFException()), "h"));
    }

    private static SSLHandshakeException handshakeFailure(Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException("handshake failed");
        e.initCause(cause);
        return e;
    }

    @Test
    void aServerThatWantsAClientCertificate() throws Exception {
        SSLContext server = TlsFiles.serverContext(files.serverChainPem(), files.serverKeyPkcs8(), files.caPem());
        assertEquals("localhost refused the TLS handshake (bad_certificate: it wants a client certificate it trusts)",
                failureAgainst(TlsPeers.tlsServer(server, "need"), trustingClient, "localhost",
                        TlsPeers.TIMEOUT_MILLIS));
    }

    @Test
    void anythingElseIsTheInnermostMessage() {
        assertEquals("TLS with h failed: disk on fire",
                TlsErrors.describe(new IOException("outer", new IllegalStateException("disk on fire")), "h"));
        assertEquals("TLS handshake with h timed out",
                TlsErrors.describe(new RuntimeException(new SocketTimeoutException()), "h"));
        assertEquals("TLS with h failed: NullPointerException", TlsErrors.describe(new NullPointerException(), "h"));
    }
}
