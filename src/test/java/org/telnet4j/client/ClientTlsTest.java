package org.telnet4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.telnet4j.loop.EventLoop;
import org.telnet4j.option.TerminalType;
import org.telnet4j.server.Session;
import org.telnet4j.server.SessionHandler;
import org.telnet4j.server.TelnetServer;
import org.telnet4j.testing.KeytoolCertificates;
import org.telnet4j.tls.TlsErrors;

/** {@link TelnetClient} with TLS on the event loop, against a telnet4j TLS server. */
class ClientTlsTest {
    private static KeytoolCertificates certs;
    private TelnetServer server;
    private EventLoop loop;
    private final LinkedBlockingQueue<Session> sessions = new LinkedBlockingQueue<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        Path dir = Files.createTempDirectory("telnet4j-client-tls");
        dir.toFile().deleteOnExit();
        certs = KeytoolCertificates.create(dir);
    }

    private int start(SSLContext serverContext) throws Exception {
        server = TelnetServer.builder().host("127.0.0.1").port(0).tls(serverContext)
            .negotiationDeadline(Duration.ofMillis(300)).handler(new SessionHandler() {
                @Override
                public void onConnect(Session s) {
                    sessions.add(s);
                }

                @Override
                public void onLine(Session s, String line) {
                    s.send("you said " + line + "\n");
                }
            }).build();
        int port = server.bind().getPort();
        server.start();
        loop = new EventLoop();
        loop.start("client-tls-test");
        return port;
    }

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.close();
        }
        if (server != null) {
            server.shutdown(Duration.ofSeconds(2));
        }
    }

    @Test
    void talksTelnetOverTlsAndSaysSoInItsMttsBits() throws Exception {
        int port = start(certs.serverContext());
        LinkedBlockingQueue<String> text = new LinkedBlockingQueue<>();
        ClientConfig config = ClientConfig.builder().tls(certs.clientContext(null))
            .terminalTypes("telnet4j", "xterm", "MTTS 13").build();
        ClientSession s = TelnetClient.connect(loop, "localhost", port, config, (session, t) -> text.add(t))
            .get(10, TimeUnit.SECONDS);
        s.send("hello\n");
        StringBuilder got = new StringBuilder();
        while (!got.toString().contains("you said hello")) {
            String t = text.poll(10, TimeUnit.SECONDS);
            assertNotNull(t, "echo over TLS; got " + got);
            got.append(t);
        }
        Session on = sessions.poll(10, TimeUnit.SECONDS);
        assertNotNull(on);
        assertTrue(on.isSecure());
        assertEquals(13 | TerminalType.MTTS_SSL, on.mttsBits(), "MTTS SSL bit set by a TLS client");
    }

    @Test
    void aCertificateForAnotherNameFailsTheConnect() throws Exception {
        int port = start(certs.serverContext());
        ClientConfig config = ClientConfig.builder().tls(certs.clientContext(null)).tlsServerName("mud.example.org").build();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
            () -> TelnetClient.connect(loop, "localhost", port, config, (session, t) -> { }).get(10, TimeUnit.SECONDS));
        assertEquals("certificate of mud.example.org is for another host name (it does not name mud.example.org)",
            TlsErrors.describe(e.getCause(), "mud.example.org"));
    }

    @Test
    void anUntrustedCertificateFailsTheConnect() throws Exception {
        int port = start(KeytoolCertificates.serverContext(certs.otherP12(), null));
        ClientConfig config = ClientConfig.builder().tls(certs.clientContext(null)).build();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
            () -> TelnetClient.connect(loop, "localhost", port, config, (session, t) -> { }).get(10, TimeUnit.SECONDS));
        assertEquals("certificate of localhost is not signed by a trusted CA", TlsErrors.describe(e.getCause(), "localhost"));
    }
}
