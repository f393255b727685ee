package org.telnet4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telnet4j.testing.ExternalPrograms;

/**
 * The blocking clients over TLS (issue 14 item 3): {@link BlockingTelnetClient} and {@link Telnet}
 * against a TLS server made from an {@link SSLServerSocket} here and against
 * {@code openssl s_server}; certificates made with keytool ({@link KeytoolCertificates}). A good
 * certificate connects (with SNI sent for a name); an unknown CA, a certificate for another name,
 * an expired one and a plain server each fail the handshake with their own one-line reason.
 */
class BlockingTlsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    private static KeytoolCertificates certs;

    private final List<AutoCloseable> open = new java.util.ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = KeytoolCertificates.make(dir);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /**
     * A one-connection TLS server: sends "Welcome\r\n", reads one line, answers
     * "you said LINE\r\n"; completes {@code sni} with the names the client asked for.
     */
    private int tlsServer(X509Certificate leaf, CompletableFuture<List<SNIServerName>> sni) throws Exception {
        SSLServerSocket ss = (SSLServerSocket) certs.server(leaf).getServerSocketFactory()
            .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        open.add(ss);
        Thread t = new Thread(() -> {
            try (SSLSocket s = (SSLSocket) ss.accept()) {
                s.setSoTimeout((int) WAIT.toMillis());
                s.startHandshake();
                sni.complete(((ExtendedSSLSession) s.getSession()).getRequestedServerNames());
                OutputStream out = s.getOutputStream();
                out.write("Welcome\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                String line = readTextLine(in);
                out.write(("you said " + line + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                in.read(); // until the client closes
            } catch (IOException e) {
                sni.completeExceptionally(e); // the failing cases end here: the client refused us
            }
        }, "tls-test-server");
        t.setDaemon(true);
        t.start();
        return ss.getLocalPort();
    }

    /** A line of text, skipping any telnet negotiation (IAC sequences) the client sent first. */
    private static String readTextLine(BufferedReader in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c == 0xFF) {
                int verb = in.read();
                if (verb == 250) { // SB ... IAC SE
                    int p;
                    while ((p = in.read()) >= 0 && !(p == 0xFF && in.read() == 240)) {
                        // skip the payload
                    }
                } else {
                    in.read();
                }
            } else if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    @Test
    void blockingClientTalksToAGoodServerAndSendsSni() throws Exception {
        CompletableFuture<List<SNIServerName>> sni = new CompletableFuture<>();
        int port = tlsServer(certs.good, sni);
        try (BlockingTelnetClient c = BlockingTelnetClient.connect("localhost", port, ClientConfig.forScripts(),
                certs.clientTrustingCa())) {
            assertTrue(c.isSecure());
            assertNotNull(c.tlsSession().getCipherSuite());
            assertEquals("Welcome", c.readLine(WAIT));
            c.writeLine("hello");
            assertEquals("you said hello", c.readLine(WAIT));
            assertEquals(List.of(new SNIHostName("localhost")), sni.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
    }

    @Test
    void anAddressIsVerifiedAgainstTheCertificatesIpEntryAndSendsNoSni() throws Exception {
        CompletableFuture<List<SNIServerName>> sni = new CompletableFuture<>();
        int port = tlsServer(certs.good, sni);
        try (BlockingTelnetClient c = BlockingTelnetClient.connect("127.0.0.1", port, ClientConfig.forScripts(),
                certs.clientTrustingCa())) {
            assertEquals("Welcome", c.readLine(WAIT));
            assertEquals(List.of(), sni.get(WAIT.toSeconds(), TimeUnit.SECONDS), "RFC 6066: no SNI for an address");
        }
    }

    @Test
    void anUnknownCaFailsTheHandshake() throws Exception {
        assertFails(certs.unknownCa, "localhost", "certificate of localhost is not signed by a trusted CA");
    }

    @Test
    void aCertificateForAnotherNameFails() throws Exception {
        assertFails(certs.wrongHost, "localhost",
            "certificate of localhost is for another host name (it does not name localhost)");
    }

    @Test
    void aCertificateForAnotherNameFailsForAnAddressToo() throws Exception {
        assertFails(certs.wrongHost, "127.0.0.1",
            "certificate of 127.0.0.1 is for another host name (it does not name 127.0.0.1)");
    }

    @Test
    void anExpiredCertificateFails() throws Exception {
        assertFails(certs.expired, "localhost", "certificate of localhost expired");
    }

    private void assertFails(X509Certificate leaf, String host, String reason) throws Exception {
        int port = tlsServer(leaf, new CompletableFuture<>());
        SSLException e = assertThrows(SSLException.class, () -> BlockingTelnetClient.connect(host, port,
            ClientConfig.forScripts(), certs.clientTrustingCa()).close());
        String why = BlockingTelnetClient.describeFailure(e, host);
        assertTrue(why.startsWith(reason), why);
        int port2 = tlsServer(leaf, new CompletableFuture<>());
        Telnet t = new Telnet();
        SSLException e2 = assertThrows(SSLException.class, () -> t.open(host, port2, WAIT, certs.clientTrustingCa()));
        String why2 = BlockingTelnetClient.describeFailure(e2, host);
        assertTrue(why2.startsWith(reason), why2);
        assertNull(t.getSocket(), "a failed open leaves the instance unopened");
    }

    @Test
    void aPlainServerOnTheTlsPortFailsClearly() throws Exception {
        ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        open.add(ss);
        Thread t = new Thread(() -> {
            try (Socket s = ss.accept()) {
                s.getOutputStream().write("login: \r\n".repeat(50).getBytes(StandardCharsets.US_ASCII));
                s.getInputStream().read();
            } catch (IOException ignored) {
                // the client gave up
            }
        }, "plain-test-server");
        t.setDaemon(true);
        t.start();
        IOException e = assertThrows(IOException.class, () -> BlockingTelnetClient.connect("localhost", ss.getLocalPort(),
            ClientConfig.forScripts(), certs.clientTrustingCa()).close());
        assertEquals("localhost did not answer with TLS (a plain telnet server on this port?)",
            BlockingTelnetClient.describeFailure(e, "localhost"));
    }

    /** Starts {@code openssl s_server -rev} (answers each line reversed) with {@code leaf}; returns its port. */
    private int opensslServer(X509Certificate leaf) throws Exception {
        String openssl = ExternalPrograms.require("openssl", "openssl");
        Path pem = certs.pem(leaf, "s_server-" + System.nanoTime() + ".pem");
        Process p = new ProcessBuilder(openssl, "s_server", "-accept", "127.0.0.1:0", "-cert", pem.toString(),
            "-rev", "-naccept", "1").redirectErrorStream(true).start();
        open.add(() -> {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        });
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        Pattern accept = Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)");
        for (String l; (l = out.readLine()) != null; ) {
            seen.append(l).append('\n');
            Matcher m = accept.matcher(l);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // ended
                    }
                }, "s_server-output");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("s_server did not say its port: " + seen);
    }

    @Test
    void telnetlibPortTalksToOpensslSServer() throws Exception {
        int port = opensslServer(certs.good);
        try (Telnet t = new Telnet()) {
            t.open("localhost", port, WAIT, certs.clientTrustingCa());
            assertNull(t.getChannel(), "no channel to select on over TLS");
            assertTrue(t.getTlsSession().getProtocol().startsWith("TLS"));
            t.write("telnet over tls\n");
            assertEquals("slt revo tenlet\n", new String(t.readUntil("\n", WAIT), StandardCharsets.ISO_8859_1));
            t.write("again\n");
            Telnet.ExpectResult r = t.expect(List.of(Pattern.compile("niaga\n")), WAIT);
            assertTrue(r.matched(), "expect over TLS");
            assertEquals(0, t.readVeryEager().length);
        }
    }

    @Test
    void opensslSServerWithAnUntrustedCertificateIsRefused() throws Exception {
        int port = opensslServer(certs.unknownCa);
        Telnet t = new Telnet();
        SSLException e = assertThrows(SSLException.class, () -> t.open("localhost", port, WAIT,
            certs.clientTrustingCa()));
        assertEquals("certificate of localhost is not signed by a trusted CA",
            BlockingTelnetClient.describeFailure(e, "localhost"));
    }

    @Test
    void plainConnectionsStillOfferTheirChannel() throws Exception {
        ServerSocket ss = new ServerSocket();
        ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        open.add(ss);
        CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
            try (Socket s = ss.accept(); InputStream in = s.getInputStream()) {
                s.getOutputStream().write("hi\r\n".getBytes(StandardCharsets.US_ASCII));
                in.read();
            } catch (IOException ignored) {
                // closed
            }
        });
        try (Telnet t = new Telnet("127.0.0.1", ss.getLocalPort(), WAIT)) {
            assertNotNull(t.getChannel());
            assertNull(t.getTlsSession());
            assertEquals("hi\r\n", new String(t.readUntil("\n", WAIT), StandardCharsets.ISO_8859_1));
            assertFalse(t.isEof());
        }
        accepted.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
