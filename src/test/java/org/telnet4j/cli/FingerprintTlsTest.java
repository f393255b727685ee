package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telnet4j.testing.ExternalPrograms;
import org.telnet4j.testing.TestCertificates;

/**
 * {@code telnet4j-fingerprint --ssl} against {@code openssl s_server} playing a telnet server
 * (its standard input is what it sends): the telnet probe runs through TLS and the document's
 * {@code tls} object has the protocol, cipher and certificate facts and the verification verdict.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FingerprintTlsTest {
    private static final byte[] GREETING = concat(new byte[] {(byte) 255, (byte) 251, 1},
            "Welcome over TLS\r\n".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    static Path dir;

    static String openssl;
    static TestCertificates certificates;
    static TestCertificates.Files files;

    private final List<Process> servers = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        openssl = ExternalPrograms.require("openssl", "openssl");
        certificates = TestCertificates.shared();
        files = certificates.writeTo(dir);
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : servers) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** A running {@code openssl s_server}: its port and everything it printed (what it received). */
    static final class SServer {
        final Process process;
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        final CompletableFuture<Integer> port = new CompletableFuture<>();

        SServer(Process process) {
            this.process = process;
        }

        synchronized byte[] printed() {
            return printed.toByteArray();
        }
    }

    /** Starts s_server on an ephemeral loopback port with these files; it sends {@link #GREETING}. */
    private SServer sServer(Path chain, Path key) throws Exception {
        Process p = new ProcessBuilder(openssl, "s_server", "-accept", "127.0.0.1:0", "-cert", chain.toString(),
                "-key", key.toString(), "-cert_chain", files.caPem().toString(), "-naccept", "1")
                .redirectErrorStream(true).start();
        servers.add(p);
        SServer server = new SServer(p);
        Pattern accept = Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)");
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try (InputStream in = p.getInputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (server) {
                        server.printed.write(buffer, 0, n);
                    }
                    Matcher m = accept.matcher(new String(server.printed(), StandardCharsets.ISO_8859_1));
                    if (m.find()) {
                        server.port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                server.port.completeExceptionally(e);
            }
            server.port.completeExceptionally(new IOException("s_server ended: "
                    + new String(server.printed(), StandardCharsets.ISO_8859_1)));
        }, "s_server-output");
        reader.setDaemon(true);
        reader.start();
        server.port.get(30, TimeUnit.SECONDS);
        // Standard input stays open (s_server ends the connection at its end of file); what is
        // written now waits in the pipe until the client is connected.
        OutputStream stdin = p.getOutputStream();
        stdin.write(GREETING);
        stdin.flush();
        return server;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tls(Map<String, Object> doc) {
        return (Map<String, Object>) doc.get("tls");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTelnetProbeRunsThroughTlsAndTheDocumentHasTheTlsFacts() throws Exception {
        SServer server = sServer(files.serverChainPem(), files.serverKeyPkcs8());
        Map<String, Object> doc = FingerprintMainTest.probe(server.port.get(), "--ssl", "--ssl-cafile",
                files.caPem().toString());
        Map<String, Object> tls = tls(doc);
        X509Certificate leaf = certificates.server().certificate();
        assertTrue(((String) tls.get("protocol")).startsWith("TLSv1."), tls.toString());
        assertTrue(((String) tls.get("cipher")).startsWith("TLS_"), tls.toString());
        assertEquals("CN=localhost,O=telnet4j tests", tls.get("subject"));
        assertEquals("CN=telnet4j test CA,O=telnet4j tests", tls.get("issuer"));
        assertEquals(List.of("localhost", "127.0.0.1"), tls.get("names"));
        assertEquals(leaf.getNotAfter().toInstant().toString(), tls.get("not_after"));
        assertEquals(leaf.getNotBefore().toInstant().toString(), tls.get("not_before"));
        assertEquals(false, tls.get("expired"));
        assertEquals(2, ((Number) tls.get("chain_length")).intValue());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded())),
                tls.get("sha256"));
        assertNull(tls.get("sni"), "no SNI for an address");
        assertEquals(true, tls.get("verified"));
        assertNull(tls.get("verify_error"));
        // The telnet layer: s_server's WILL ECHO and text came through, and so did our answers.
        assertTrue(((List<Object>) doc.get("opening")).contains("WILL ECHO"), doc.get("opening").toString());
        assertTrue(((String) FingerprintMainTest.banner(doc, "banner_before_enter").get("text"))
                .contains("Welcome over TLS"), doc.toString());
        byte[] doEcho = {(byte) 255, (byte) 253, 1};
        assertTrue(contains(server.printed(), doEcho), "s_server received our DO ECHO over TLS");
        // The probe closes with close_notify: s_server (-naccept 1) ends without a read error.
        assertTrue(server.process.waitFor(30, TimeUnit.SECONDS), "s_server ended with the connection");
        String printed = new String(server.printed(), StandardCharsets.ISO_8859_1);
        assertTrue(!printed.contains("unexpected eof") && !printed.contains("ERROR"), printed);
    }

    @Test
    void aCertificateThatDoesNotVerifyIsReportedAndTheProbeGoesOn() throws Exception {
        SServer untrusted = sServer(files.serverChainPem(), files.serverKeyPkcs8());
        Map<String, Object> doc = FingerprintMainTest.probe(untrusted.port.get(), "--ssl");
        assertEquals(false, tls(doc).get("verified"));
        assertEquals("certificate of 127.0.0.1 is not signed by a trusted CA", tls(doc).get("verify_error"));
        assertTrue(((String) FingerprintMainTest.banner(doc, "banner_before_enter").get("text"))
                .contains("Welcome over TLS"));

        SServer expired = sServer(files.expiredChainPem(), files.expiredKey());
        Map<String, Object> old = FingerprintMainTest.probe(expired.port.get(), "--ssl-cafile",
                files.caPem().toString());
        assertEquals(true, tls(old).get("expired"));
        assertEquals(false, tls(old).get("verified"));
        assertEquals("certificate of 127.0.0.1 expired on "
                + certificates.expired().certificate().getNotAfter().toInstant(), tls(old).get("verify_error"));

        SServer wrongHost = sServer(files.wrongHostChainPem(), files.wrongHostKey());
        Map<String, Object> other = FingerprintMainTest.probe(wrongHost.port.get(), "--ssl", "--ssl-cafile",
                files.caPem().toString());
        assertEquals(List.of("wrong.example"), tls(other).get("names"));
        assertEquals("certificate of 127.0.0.1 is for another host name (it does not name 127.0.0.1)",
                tls(other).get("verify_error"));
    }

    @Test
    void aPlainServerOnTheTlsPortIsAOneLineConnectFailure() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = plain.accept()) {
                    s.getOutputStream().write(GREETING);
                    s.getOutputStream().flush();
                    s.getInputStream().read(new byte[4096]);
                } catch (IOException e) {
                    // the probe gave up
                }
            });
            t.setDaemon(true);
            t.start();
            FingerprintMainTest.Result r = FingerprintMainTest.fingerprint("127.0.0.1",
                    Integer.toString(plain.getLocalPort()), "--ssl");
            assertEquals(1, r.status());
            assertEquals("telnet4j-fingerprint: cannot connect to 127.0.0.1 port " + plain.getLocalPort()
                    + ": 127.0.0.1 did not answer with TLS (a plain telnet server on this port?)\n", r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void aMissingCaFileIsAOneLineError() {
        Path missing = dir.resolve("no-such-ca.pem");
        FingerprintMainTest.Result r = FingerprintMainTest.fingerprint("127.0.0.1", "23", "--ssl-cafile",
                missing.toString());
        assertEquals(1, r.status());
        assertEquals("telnet4j-fingerprint: --ssl-cafile " + missing + ": no such file\n", r.err());
    }

    @Test
    void withoutSslTheTlsObjectIsNull() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = plain.accept()) {
                    s.getOutputStream().write(GREETING);
                    s.getOutputStream().flush();
                    s.getInputStream().read(new byte[4096]);
                } catch (IOException e) {
                    // closed at the end
                }
            });
            t.setDaemon(true);
            t.start();
            Map<String, Object> doc = FingerprintMainTest.probe(plain.getLocalPort());
            assertTrue(doc.containsKey("tls"));
            assertNull(doc.get("tls"));
        }
    }
}
