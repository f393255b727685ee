package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.telnet4j.server.TlsTestSupport.anotherClientIsServed;
import static org.telnet4j.server.TlsTestSupport.certs;
import static org.telnet4j.server.TlsTestSupport.closes;
import static org.telnet4j.server.TlsTestSupport.connect;
import static org.telnet4j.server.TlsTestSupport.plain;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telnet4j.loop.Connection;
import org.telnet4j.loop.EventLoop;

/**
 * Hostile and broken TLS peers (issue 14, "Bad input"): each is closed with a log line, no
 * exception reaches the loop thread, and a second TLS client is served while the bad one is
 * still connected.
 */
class TlsBadInputTest extends ServerTestBase {
    /**
     * The handshake deadline, for the tests that wait for it to pass. It binds every TLS
     * connection of the server, the second (good) client's too, so it leaves room for a whole
     * handshake on a loaded machine (a warm one took 30-280 ms at a load average of 5); the
     * other tests keep the default (10 s) and never wait for it.
     */
    private static final Duration DEADLINE = Duration.ofSeconds(2);

    private TlsTestSupport.LogWatch log;
    private InetSocketAddress a;
    private SSLContext client;

    /**
     * The JVM's first TLS handshake and echo run cold (0.2-0.7 s at a load average of 5, so
     * several times that at 17): done here, under the default deadline, so that no test's
     * second client is the cold one.
     */
    @BeforeAll
    static void warmUp() throws Exception {
        RecordingHandler echo = new RecordingHandler();
        echo.echo = true;
        TelnetServer warm = TelnetServer.builder().handler(echo).negotiationDeadline(Duration.ofMillis(100))
            .tls(certs().serverContext()).host("127.0.0.1").port(0).build();
        InetSocketAddress w = warm.bind();
        warm.start();
        try {
            clientHello();
            anotherClientIsServed(w, certs().clientContext(null));
        } finally {
            warm.shutdown(Duration.ofSeconds(2));
        }
    }

    @BeforeEach
    void watchTheLog() throws Exception {
        log = new TlsTestSupport.LogWatch(Connection.class, TlsAccept.class, EventLoop.class);
        handler.echo = true;
        client = certs().clientContext(null);
    }

    /** Starts the TLS-only echo server, with the default handshake deadline. */
    private void serve() throws Exception {
        a = start(builder().tls(certs().serverContext()));
    }

    /** Starts the TLS-only echo server, with {@link #DEADLINE}. */
    private void serveWithDeadline() throws Exception {
        a = start(builder().tls(certs().serverContext()).tlsHandshakeTimeout(DEADLINE));
    }

    @AfterEach
    void noErrorOnTheLoop() {
        try {
            for (String l : log.lines()) {
                assertFalse(l.startsWith("ERROR"), "no exception on the loop thread: " + l);
            }
        } finally {
            log.close();
        }
    }

    /** A ClientHello from a real client engine, as raw bytes. */
    private static byte[] clientHello() throws Exception {
        SSLEngine e = certs().clientContext(null).createSSLEngine("localhost", 1);
        e.setUseClientMode(true);
        ByteBuffer net = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        e.wrap(ByteBuffer.allocate(0), net);
        return Arrays.copyOf(net.array(), net.position());
    }

    @Test
    void plainTelnetToATlsOnlyPort() throws Exception {
        serve();
        try (Socket s = plain(a)) {
            s.getOutputStream().write("hello\r\n".getBytes(StandardCharsets.US_ASCII));
            anotherClientIsServed(a, client);
            assertTrue(closes(s));
        }
        log.await("sent plain bytes (first 0x68) to a TLS-only port");
        log.await("TLS failed during the handshake");
    }

    @Test
    void aPlainClientThatSaysNothingOnATlsOnlyPort() throws Exception {
        serveWithDeadline();
        try (Socket s = plain(a)) {
            anotherClientIsServed(a, client);
            assertTrue(closes(s));
        }
        log.await("sent no TLS ClientHello within " + DEADLINE.toMillis() + " ms");
    }

    @Test
    void aHandshakeThatNeverFinishes() throws Exception {
        serveWithDeadline();
        // Made before connecting: the deadline for the ClientHello runs from the connection on.
        byte[] hello = clientHello();
        try (Socket s = plain(a)) {
            s.getOutputStream().write(hello); // then silence: no Finished ever comes
            anotherClientIsServed(a, client);
            assertTrue(closes(s));
        }
        log.await("TLS handshake not finished within " + DEADLINE.toMillis() + " ms");
    }

    @Test
    void garbageRecordsInTheHandshake() throws Exception {
        serve();
        byte[] junk = new byte[5 + 64];
        Arrays.fill(junk, (byte) 0xAB);
        junk[0] = 0x16;
        junk[1] = 0x03;
        junk[2] = 0x01;
        junk[3] = 0x00;
        junk[4] = 64;
        try (Socket s = plain(a)) {
            s.getOutputStream().write(junk);
            anotherClientIsServed(a, client);
            assertTrue(closes(s));
        }
        log.await("TLS failed during the handshake");
    }

    @Test
    void aGarbageRecordAfterTheHandshake() throws Exception {
        serve();
        try (Socket raw = plain(a)) {
            SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(raw, "localhost", a.getPort(), false);
            s.startHandshake();
            assertEquals(0xFF, s.getInputStream().read(), "telnet over TLS");
            byte[] junk = new byte[5 + 32];
            Arrays.fill(junk, (byte) 0x5A);
            junk[0] = 0x17; // application data, but not encrypted with the session's keys
            junk[1] = 0x03;
            junk[2] = 0x03;
            junk[3] = 0x00;
            junk[4] = 32;
            raw.getOutputStream().write(junk);
            anotherClientIsServed(a, client);
            assertTrue(closes(raw));
        }
        String line = log.await("TLS failed: ");
        assertFalse(line.contains("during the handshake"), line);
    }

    @Test
    void aTruncatedRecordThenEndOfStream() throws Exception {
        serve();
        byte[] hello = clientHello();
        try (Socket s = plain(a)) {
            s.getOutputStream().write(hello, 0, hello.length / 2);
            s.getOutputStream().flush();
            anotherClientIsServed(a, client);
            s.shutdownOutput();
            assertTrue(closes(s));
        }
        log.await("closed by the peer before the TLS handshake finished");
    }

    @Test
    void aClientThatClosesMidHandshake() throws Exception {
        serve();
        byte[] hello = clientHello();
        try (Socket s = plain(a)) {
            s.getOutputStream().write(hello);
            InputStream in = s.getInputStream();
            assertEquals(0x16, in.read(), "the server's hello comes");
            anotherClientIsServed(a, client);
        }
        log.await("closed by the peer before the TLS handshake finished");
    }

    @Test
    void aPeerFloodingTinyRecords() throws Exception {
        serve();
        try (SSLSocket s = connect(a, client)) {
            OutputStream out = s.getOutputStream();
            Thread flood = new Thread(() -> {
                try {
                    for (int i = 0; i < 3000; i++) {
                        out.write('a'); // one TLS record per byte
                        out.flush();
                    }
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            flood.start();
            anotherClientIsServed(a, client);
            flood.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(flood.isAlive());
            String line = "line " + "a".repeat(3000);
            long end = System.nanoTime() + WAIT.toNanos();
            String e;
            do {
                e = handler.events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } while (e != null && !e.equals(line) && System.nanoTime() < end);
            assertEquals(line, e, "every byte of the 3000 records arrived, in order");
        }
    }

    @Test
    void renegotiationAskedByThePeerIsRefused() throws Exception {
        serve();
        SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", a.getPort());
        try (s) {
            s.setSoTimeout(10_000);
            s.setEnabledProtocols(new String[] {"TLSv1.2"}); // TLS 1.3 has no renegotiation
            s.startHandshake();
            assertEquals(0xFF, s.getInputStream().read());
            s.startHandshake(); // a second handshake: renegotiation
            anotherClientIsServed(a, client);
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            try {
                s.getInputStream().transferTo(rest);
            } catch (java.io.IOException closed) {
                // the server's alert, or a reset: closed either way
            }
        }
        log.await("peer asked to renegotiate: refused");
    }
}
