package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.telnet4j.server.TlsTestSupport.certs;
import static org.telnet4j.server.TlsTestSupport.connect;
import static org.telnet4j.server.TlsTestSupport.readUntil;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.testing.KeytoolCertificates;

/** The server with TLS on its port: handshake on the loop, then telnet as usual. */
class TlsServerTest extends ServerTestBase {

    private SSLContext client() throws Exception {
        return certs().clientContext(null);
    }

    @Test
    void tlsClientGetsTheNegotiationAndTheSessionSaysItIsSecure() throws Exception {
        handler.greeting = "welcome\n";
        handler.echo = true;
        InetSocketAddress a = start(builder().tls(certs().serverContext()));
        assertTrue(server.isTls());
        try (TlsTestSupport.LogWatch log = new TlsTestSupport.LogWatch(TelnetServer.class);
             SSLSocket s = connect(a, client())) {
            InputStream in = s.getInputStream();
            assertEquals(TelnetCommand.IAC, in.read(), "the opening negotiation comes over TLS");
            readUntil(in, "welcome");
            Session session = handler.connected.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(session);
            assertTrue(session.isSecure());
            assertEquals(s.getSession().getProtocol(), session.tlsProtocol());
            assertEquals(s.getSession().getCipherSuite(), session.tlsCipherSuite());
            assertNull(session.peerCertificate(), "no client certificate was asked for");
            String line = log.await("connected (");
            assertTrue(line.contains(session.tlsProtocol()) && line.contains(session.tlsCipherSuite()), line);
            s.getOutputStream().write("hello there\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            readUntil(in, "hello there");
        }
    }

    @Test
    void closeDeliversEverythingQueuedThenCloseNotify() throws Exception {
        byte[] big = new byte[200_000]; // under the 256 KiB output cap
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        String text = new String(big, StandardCharsets.US_ASCII);
        InetSocketAddress a = start(builder().tls(certs().serverContext()).handler(new SessionHandler() {
            @Override
            public void onLine(Session s, String line) {
                if (line.equals("bye")) {
                    s.send("<" + text + ">");
                    s.close();
                }
            }
        }));
        try (SSLSocket s = connect(a, client())) {
            s.getOutputStream().write("bye\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] b = new byte[8192];
            int n;
            while ((n = in.read(b)) >= 0) { // -1 only after the server's close_notify
                got.write(b, 0, n);
            }
            String all = got.toString(StandardCharsets.ISO_8859_1);
            int from = all.indexOf('<');
            assertTrue(from >= 0 && all.endsWith(">"), "the whole text, then a clean end");
            assertEquals(text, all.substring(from + 1, all.length() - 1));
        }
    }

    @Test
    void compressionIsRefusedOverTlsAndOfferedInPlain() throws Exception {
        InetSocketAddress a = start(builder().tls(certs().serverContext()).tlsAuto(true).compression(true)
            .tlsAutoWait(Duration.ofMillis(200)));
        byte[] willMccp = {(byte) TelnetCommand.IAC, (byte) TelnetCommand.WILL, (byte) TelnetOption.MCCP2};
        try (Socket p = TlsTestSupport.plain(a)) {
            String opening = readUntil(p.getInputStream(), new String(willMccp, StandardCharsets.ISO_8859_1));
            assertNotNull(opening, "plain: MCCP2 offered");
        }
        try (SSLSocket s = connect(a, client())) {
            OutputStream out = s.getOutputStream();
            // A client that asks for MCCP2 anyway is told no.
            out.write(new byte[] {(byte) TelnetCommand.IAC, (byte) TelnetCommand.DO, (byte) TelnetOption.MCCP2});
            out.flush();
            String got = readUntil(s.getInputStream(), new String(new byte[] {(byte) TelnetCommand.IAC,
                (byte) TelnetCommand.WONT, (byte) TelnetOption.MCCP2}, StandardCharsets.ISO_8859_1));
            assertFalse(got.contains(new String(willMccp, StandardCharsets.ISO_8859_1).substring(0, 3)
                + "\u00ff\u00fa"), "no compressed stream starts");
            assertFalse(got.startsWith(new String(willMccp, StandardCharsets.ISO_8859_1)));
            Session session = handler.connected.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(session);
            assertFalse(session.isCompressing());
        }
    }

    @Test
    void msspSaysTheTlsPort() throws Exception {
        InetSocketAddress a = start(builder().tls(certs().serverContext())
            .mssp(() -> Map.of("NAME", List.of("test mud"))));
        try (SSLSocket s = connect(a, client())) {
            s.getOutputStream().write(new byte[] {(byte) TelnetCommand.IAC, (byte) TelnetCommand.DO,
                (byte) TelnetOption.MSSP});
            s.getOutputStream().flush();
            String got = readUntil(s.getInputStream(), "\u0001SSL\u0002" + a.getPort());
            assertTrue(got.contains("test mud"));
        }
    }

    @Test
    void clientCertificateRequiredIsCheckedAndShownOnTheSession() throws Exception {
        KeytoolCertificates c = certs();
        InetSocketAddress a = start(builder().tls(KeytoolCertificates.serverContext(c.serverP12(), c.clientPem()))
            .tlsClientAuth(TlsClientAuth.REQUIRED));
        try (SSLSocket s = connect(a, c.clientContext(c.clientP12()))) {
            assertEquals(TelnetCommand.IAC, s.getInputStream().read());
            Session session = handler.connected.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(session);
            assertTrue(session.peerCertificate().getSubjectX500Principal().getName().contains("CN=telnet4j admin"));
        }
        try (TlsTestSupport.LogWatch log = new TlsTestSupport.LogWatch(org.telnet4j.loop.Connection.class)) {
            assertThrows(java.io.IOException.class, () -> {
                try (SSLSocket s = connect(a, client())) {
                    s.getInputStream().read(); // TLS 1.3: the server's refusal arrives after the client's Finished
                }
            });
            log.await("TLS failed during the handshake");
        }
    }

    @Test
    void clientCertificateRequestedIsOptional() throws Exception {
        KeytoolCertificates c = certs();
        InetSocketAddress a = start(builder().tls(KeytoolCertificates.serverContext(c.serverP12(), c.clientPem()))
            .tlsClientAuth(TlsClientAuth.REQUESTED));
        try (SSLSocket s = connect(a, client())) {
            assertEquals(TelnetCommand.IAC, s.getInputStream().read());
            Session session = handler.connected.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(session);
            assertTrue(session.isSecure());
            assertNull(session.peerCertificate());
        }
    }

    @Test
    void theContextIsAskedAtEachAcceptSoACertificateCanBeReloaded() throws Exception {
        KeytoolCertificates c = certs();
        AtomicReference<SSLContext> current = new AtomicReference<>(c.serverContext());
        InetSocketAddress a = start(builder().tls(current::get));
        try (SSLSocket s = connect(a, client())) {
            assertEquals(TelnetCommand.IAC, s.getInputStream().read());
        }
        current.set(KeytoolCertificates.serverContext(c.otherP12(), null)); // a certificate the client does not trust
        assertThrows(javax.net.ssl.SSLHandshakeException.class, () -> connect(a, client()).close());
    }

    @Test
    void autoServesPlainAndTlsClientsOnOnePortAtOnce() throws Exception {
        handler.echo = true;
        InetSocketAddress a = start(builder().tls(certs().serverContext()).tlsAuto(true)
            .tlsAutoWait(Duration.ofMillis(300)));
        try (Socket quiet = TlsTestSupport.plain(a);
             Socket talker = TlsTestSupport.plain(a);
             SSLSocket tls = connect(a, client())) {
            // A plain client that says nothing gets the negotiation once the wait is over...
            assertEquals(TelnetCommand.IAC, quiet.getInputStream().read());
            // ...one that speaks first is plain at once, and so is the TLS client.
            talker.getOutputStream().write("plain one\r\n".getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().write("secret one\r\n".getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().flush();
            readUntil(talker.getInputStream(), "plain one");
            readUntil(tls.getInputStream(), "secret one");
            quiet.getOutputStream().write("quiet one\r\n".getBytes(StandardCharsets.US_ASCII));
            readUntil(quiet.getInputStream(), "quiet one");
            int secure = 0;
            for (int i = 0; i < 3; i++) {
                Session s = handler.connected.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertNotNull(s);
                secure += s.isSecure() ? 1 : 0;
            }
            assertEquals(1, secure);
        }
    }

    @Test
    void aTlsClientOnAPlainPortIsClosedWithALogLine() throws Exception {
        InetSocketAddress a = start(builder());
        try (TlsTestSupport.LogWatch log = new TlsTestSupport.LogWatch(PlainPortGuard.class)) {
            assertThrows(java.io.IOException.class, () -> connect(a, client()).close());
            log.await("sent a TLS ClientHello to a plain telnet port");
            handler.echo = true;
            try (Socket p = TlsTestSupport.plain(a)) {
                p.getOutputStream().write("still plain\r\n".getBytes(StandardCharsets.US_ASCII));
                readUntil(p.getInputStream(), "still plain");
            }
        }
    }
}
