package org.telnet4j.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.telnet4j.bytes.SocketStage;
import org.telnet4j.testing.KeytoolCertificates;

/**
 * {@link TlsStage} on its own, in memory: a JDK client engine on one side, the stage (server mode)
 * on the other, bytes handed across by the test.
 */
@Timeout(60)
class TlsStageTest {
    private static KeytoolCertificates certs;

    @BeforeAll
    static void certificates() throws Exception {
        Path dir = Files.createTempDirectory("telnet4j-tls-stage");
        dir.toFile().deleteOnExit();
        certs = KeytoolCertificates.create(dir);
    }

    /** The stage's owner, in memory: what goes to the socket, what comes up. */
    private static final class MemoryWire implements SocketStage.Wire {
        final ByteArrayOutputStream toSocket = new ByteArrayOutputStream();
        final ByteArrayOutputStream toApplication = new ByteArrayOutputStream();
        private final ByteBuffer[] scratch = new ByteBuffer[2];

        @Override
        public void toSocket(byte[] buf, int off, int len) {
            toSocket.write(buf, off, len);
        }

        @Override
        public void toApplication(byte[] buf, int off, int len) {
            toApplication.write(buf, off, len);
        }

        @Override
        public ByteBuffer scratch(int which, int size) {
            if (scratch[which] == null || scratch[which].capacity() < size) {
                scratch[which] = ByteBuffer.allocate(size);
            }
            return scratch[which];
        }

        /** What the stage sent since the last call. */
        ByteBuffer takeSent() {
            ByteBuffer b = ByteBuffer.wrap(toSocket.toByteArray());
            toSocket.reset();
            return b;
        }
    }

    private final MemoryWire wire = new MemoryWire();
    private SSLEngine client;
    private TlsStage server;

    private void open(String protocol) throws Exception {
        client = certs.clientContext(null).createSSLEngine("localhost", 992);
        client.setUseClientMode(true);
        client.setEnabledProtocols(new String[] {protocol});
        SSLEngine s = certs.serverContext().createSSLEngine();
        s.setUseClientMode(false);
        server = new TlsStage(s);
        server.start(wire);
        ByteBuffer net = ByteBuffer.allocate(1 << 17);
        ByteBuffer app = ByteBuffer.allocate(1 << 17);
        ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
        client.beginHandshake();
        for (int round = 0; round < 100 && !(server.isOpen()
            && client.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING); round++) {
            SSLEngineResult.HandshakeStatus hs = client.getHandshakeStatus();
            if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = client.getDelegatedTask()) != null) {
                    task.run();
                }
            } else if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                net.clear();
                client.wrap(ByteBuffer.allocate(0), net);
                net.flip();
                server.received(net, wire);
            } else {
                // The client waits for the server: what the server sent so far, record by record,
                // until the client has something to do itself (what is left waits in toClient).
                toClient.put(wire.takeSent()).flip();
                while (toClient.hasRemaining()) {
                    app.clear();
                    SSLEngineResult r = client.unwrap(toClient, app);
                    if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0
                        || r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK
                        || r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                        break;
                    }
                }
                toClient.compact();
            }
        }
        assertTrue(server.isOpen(), "handshake done");
        assertEquals(0, toClient.position(), "the client read all the server sent");
        assertEquals(protocol, server.session().getProtocol());
    }

    /** What the client reads of all the server sent since the last call (tickets, data, close). */
    private String clientReads() throws IOException {
        ByteBuffer sent = wire.takeSent();
        ByteBuffer app = ByteBuffer.allocate(1 << 17);
        while (sent.hasRemaining()) {
            SSLEngineResult r = client.unwrap(sent, app);
            if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) {
                break;
            }
        }
        assertFalse(sent.hasRemaining(), "the client read every record");
        return new String(app.array(), 0, app.position(), StandardCharsets.US_ASCII);
    }

    /** Records from the client: {@code text}, then (if asked) its close_notify, in one buffer. */
    private ByteBuffer fromClient(String text, boolean thenClose) throws IOException {
        ByteBuffer net = ByteBuffer.allocate(1 << 17);
        client.wrap(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), net);
        if (thenClose) {
            client.closeOutbound();
            client.wrap(ByteBuffer.allocate(0), net);
        }
        net.flip();
        return net;
    }

    @Test
    void echoesBothWays() throws Exception {
        open("TLSv1.3");
        server.received(fromClient("hello\r\n", false), wire);
        assertEquals("hello\r\n", wire.toApplication.toString(StandardCharsets.US_ASCII));
        byte[] answer = "world\r\n".getBytes(StandardCharsets.US_ASCII);
        server.send(answer, 0, answer.length, wire);
        assertEquals("world\r\n", clientReads());
    }

    /**
     * TLS 1.2 closes both ways (RFC 5246 section 7.2.1: the other side answers close_notify with
     * its own and stops writing), so output the application queued before it read the close is
     * undeliverable: dropped quietly, not a TLS failure, while the owner closes.
     */
    @Test
    void outputAfterATls12PeerClosedIsDroppedWithoutAFailure() throws Exception {
        open("TLSv1.2");
        server.received(fromClient("last line\r\n", true), wire);
        assertEquals("last line\r\n", wire.toApplication.toString(StandardCharsets.US_ASCII));
        assertTrue(server.isInputDone(), "the peer's close_notify read");
        byte[] echo = "last line\r\n".getBytes(StandardCharsets.US_ASCII);
        server.send(echo, 0, echo.length, wire); // no SSLException
        server.close(wire);
        // Whatever went out is the engine's closing word, not the echo: the client reads no data.
        assertEquals("", clientReads(), "no application data after the close");
        assertTrue(client.isInboundDone(), "the server's close_notify reached the client");
    }

    /** TLS 1.3 closes each way on its own (RFC 8446 section 6.1): the answer still goes out. */
    @Test
    void outputAfterATls13PeerClosedItsSideStillGoesOut() throws Exception {
        open("TLSv1.3");
        server.received(fromClient("last line\r\n", true), wire);
        assertTrue(server.isInputDone());
        byte[] echo = "bye\r\n".getBytes(StandardCharsets.US_ASCII);
        server.send(echo, 0, echo.length, wire);
        assertEquals("bye\r\n", clientReads());
    }
}
