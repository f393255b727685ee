package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.proxy.ProxyHeaderEncoder;

/** A server behind a load balancer: the PROXY protocol header first, from trusted peers only. */
class ProxyProtocolServerTest extends ServerTestBase {

    private static Socket connect(InetSocketAddress a) throws IOException {
        Socket s = new Socket("127.0.0.1", a.getPort());
        s.setSoTimeout((int) WAIT.toMillis());
        return s;
    }

    /** Reads until the peer closes; true if it did within the wait. */
    private static boolean closesWithoutData(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            int b = in.read();
            return b < 0;
        } catch (java.net.SocketException e) {
            return true; // reset: closed as well
        }
    }

    @Test
    void v1HeaderGivesTheSessionTheRealClientAndNothingIsSentBeforeIt() throws Exception {
        InetSocketAddress a = start(builder().proxyProtocol("127.0.0.1/32"));
        try (Socket s = connect(a)) {
            s.setSoTimeout(300);
            // Before the header the server must stay silent: its opening negotiation would be
            // read by the balancer as the client's data. (A bounded wait for nothing.)
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
            assertNull(handler.connected.poll());
            s.setSoTimeout((int) WAIT.toMillis());
            s.getOutputStream().write("PROXY TCP4 203.0.113.9 127.0.0.1 40001 6023\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            assertEquals(TelnetCommand.IAC, s.getInputStream().read(), "negotiation starts after the header");
            Session session = handler.connected.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(session);
            assertEquals("203.0.113.9:40001", session.addrport());
            assertEquals(new InetSocketAddress("203.0.113.9", 40001), session.remoteAddress());
            assertEquals("203.0.113.9:40001", session.connection().addrport(), "connection logs name the client");
            assertFalse(session.isSecure());
            assertNull(session.tlsProtocol());
            assertEquals(1, session.proxyHeader().version());
        }
    }

    @Test
    void thePerAddressLimitCountsTheClientTheHeaderNamesNotTheBalancer() throws Exception {
        InetSocketAddress a = start(builder().proxyProtocol("127.0.0.1").maxConnectionsPerAddress(1));
        try (Socket first = connect(a); Socket second = connect(a); Socket other = connect(a)) {
            first.getOutputStream().write("PROXY TCP4 203.0.113.9 127.0.0.1 40001 6023\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            assertNotNull(handler.connected.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            // The same client again, through the same balancer: over its limit of one.
            second.getOutputStream().write("PROXY TCP4 203.0.113.9 127.0.0.1 40002 6023\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            String said = new String(second.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(said.contains("Too many connections from your address"), said);
            // Another client through the same balancer is still let in.
            other.getOutputStream().write("PROXY TCP4 203.0.113.10 127.0.0.1 40003 6023\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            Session s = handler.connected.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(s);
            assertEquals("203.0.113.10:40003", s.addrport());
        }
    }

    @Test
    void telnetBytesInTheSameSegmentAsTheHeaderReachTheSession() throws Exception {
        InetSocketAddress a = start(builder().proxyProtocol("127.0.0.0/8"));
        try (Socket s = connect(a)) {
            byte[] h = ProxyHeaderEncoder.v2(new InetSocketAddress("198.51.100.4", 5555),
                new InetSocketAddress("127.0.0.1", a.getPort()), List.of());
            byte[] line = "look\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] both = new byte[h.length + line.length];
            System.arraycopy(h, 0, both, 0, h.length);
            System.arraycopy(line, 0, both, h.length, line.length);
            s.getOutputStream().write(both);
            Session session = handler.connected.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals("198.51.100.4:5555", session.addrport());
            String e;
            do {
                e = handler.events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } while (e != null && !e.startsWith("line"));
            assertEquals("line look", e);
        }
    }

    @Test
    void v2SslTlvMarksTheSessionSecure() throws Exception {
        InetSocketAddress a = start(builder().proxyProtocol("127.0.0.1"));
        try (Socket s = connect(a)) {
            s.getOutputStream().write(ProxyHeaderEncoder.v2(new InetSocketAddress("2001:db8::9", 443),
                new InetSocketAddress("::1", 6023),
                List.of(ProxyHeaderEncoder.ssl(0x01, 0, "TLSv1.3", "TLS_AES_256_GCM_SHA384"))));
            Session session = handler.connected.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(session);
            assertEquals("2001:db8:0:0:0:0:0:9:443", session.addrport());
            assertTrue(session.isSecure());
            assertEquals("TLSv1.3", session.tlsProtocol());
            assertEquals("TLS_AES_256_GCM_SHA384", session.proxyHeader().ssl().cipher());
        }
    }

    @Test
    void localHealthCheckKeepsTheSocketsOwnAddress() throws Exception {
        InetSocketAddress a = start(builder().proxyProtocol("127.0.0.1"));
        try (Socket s = connect(a)) {
            s.getOutputStream().write(ProxyHeaderEncoder.v2Local());
            Session session = handler.connected.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(session);
            assertEquals("127.0.0.1:" + s.getLocalPort(), session.addrport());
        }
    }

    @Test
    void untrustedPeerIsRefusedBeforeAnyByte() throws Exception {
        InetSocketAddress a = start(builder().proxyProtocol("10.0.0.0/8,::1/128"));
        try (Socket s = connect(a)) {
            s.getOutputStream().write(ProxyHeaderEncoder.v1Unknown());
            assertTrue(closesWithoutData(s));
        }
        assertEquals(1, onLoop(() -> server.proxyRefusedCount()));
        assertNull(handler.connected.poll());
    }

    @Test
    void malformedHeaderClosesThatConnectionOnly() throws Exception {
        InetSocketAddress a = start(builder().proxyProtocol("127.0.0.1"));
        try (Socket good = connect(a); Socket bad = connect(a); Socket notProxy = connect(a)) {
            good.getOutputStream().write("PROXY TCP4 192.0.2.1 127.0.0.1 1000 23\r\n".getBytes(StandardCharsets.US_ASCII));
            assertNotNull(handler.connected.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            bad.getOutputStream().write("PROXY TCP4 192.0.2.1 127.0.0.1 1000 023\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(closesWithoutData(bad));
            notProxy.getOutputStream().write(new byte[] {(byte) 0xFF, (byte) 0xFD, 0x18});
            assertTrue(closesWithoutData(notProxy));
            good.getOutputStream().write("still here\r\n".getBytes(StandardCharsets.US_ASCII));
            String e;
            do {
                e = handler.events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } while (e != null && !e.startsWith("line"));
            assertEquals("line still here", e);
        }
        assertEquals(2, onLoop(() -> server.proxyRefusedCount()));
    }

    @Test
    void oversizedV2HeaderIsRefusedOnItsLengthField() throws Exception {
        InetSocketAddress a = start(builder().proxyProtocol("127.0.0.1").proxyHeaderLimit(300));
        try (Socket s = connect(a)) {
            byte[] h = ProxyHeaderEncoder.v2(new InetSocketAddress("192.0.2.1", 1), new InetSocketAddress("127.0.0.1", 2),
                List.of(new org.telnet4j.proxy.ProxyHeader.Tlv(4, new byte[400])));
            s.getOutputStream().write(h, 0, 16); // the length field alone condemns it
            assertTrue(closesWithoutData(s));
        }
    }

    @Test
    void slowOrTruncatedHeaderIsRefusedAtTheDeadline() throws Exception {
        InetSocketAddress a = start(builder().proxyProtocol("127.0.0.1").proxyHeaderTimeout(Duration.ofMillis(200)));
        try (Socket s = connect(a)) {
            s.getOutputStream().write("PROXY TCP4 192.0.2.1".getBytes(StandardCharsets.US_ASCII));
            assertTrue(closesWithoutData(s));
        }
        assertEquals(1, onLoop(() -> server.proxyRefusedCount()));
        assertEquals(0, onLoop(() -> server.connectionCount()));
    }

    @Test
    void connectionsAwaitingTheirHeaderCountTowardTheLimit() throws Exception {
        InetSocketAddress a = start(builder().proxyProtocol("127.0.0.1").maxConnections(1));
        try (Socket first = connect(a)) {
            first.getOutputStream().write("PROXY".getBytes(StandardCharsets.US_ASCII));
            while (onLoop(() -> server.connectionCount()) != 1) {
                Thread.onSpinWait(); // each check is a bounded round trip to the loop
            }
            try (Socket second = connect(a)) {
                byte[] buf = new byte[64];
                int n = second.getInputStream().read(buf);
                assertTrue(new String(buf, 0, Math.max(0, n), StandardCharsets.US_ASCII).startsWith("Too many"));
            }
        }
    }

    @Test
    void clientSendsItsOwnAddressesInAHeaderOfEitherVersion() throws Exception {
        InetSocketAddress a = start(builder().proxyProtocol("127.0.0.1"));
        for (int version = 1; version <= 2; version++) {
            try (org.telnet4j.loop.EventLoop loop = new org.telnet4j.loop.EventLoop()) {
                loop.start("proxy-client");
                org.telnet4j.client.ClientSession c = org.telnet4j.client.TelnetClient.connect(loop, a,
                    org.telnet4j.client.ClientConfig.builder().sendProxyHeader(version).build(),
                    (org.telnet4j.client.ClientHandler) (cs, text) -> { }).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                Session session = handler.connected.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertNotNull(session, "v" + version);
                InetSocketAddress local = (InetSocketAddress) c.connection().localAddress();
                assertEquals("127.0.0.1:" + local.getPort(), session.addrport());
                assertEquals(version, session.proxyHeader().version());
                assertEquals(a.getPort(), session.proxyHeader().destination().getPort());
            }
        }
    }
}
