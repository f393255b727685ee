package org.telnet4j.fingerprint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telnet4j.protocol.ProtocolWarning;
import org.telnet4j.protocol.TelnetParser;
import org.telnet4j.protocol.TelnetParserListener;

/** A probe's socket loop, against a peer on a loopback socket. */
class ProbeConnectionTest {
    private ServerSocket listening;
    private Socket probeSide;
    private Socket peer;
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private final AtomicInteger closes = new AtomicInteger();
    /** Set by a test: what the probe sends back when data comes (during the parser's feed). */
    private byte[] echo;
    private ProbeConnection connection;

    @BeforeEach
    void connect() throws IOException {
        listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        probeSide = new Socket(InetAddress.getLoopbackAddress(), listening.getLocalPort());
        peer = listening.accept();
        peer.setSoTimeout(5000);
    }

    @AfterEach
    void close() throws IOException {
        peer.close();
        probeSide.close();
        listening.close();
    }

    private ProbeConnection open(boolean batched) throws IOException {
        TelnetParser parser = new TelnetParser(new TelnetParserListener() {
            @Override
            public void onData(byte[] buf, int off, int len) {
                data.write(buf, off, len);
                if (echo != null) {
                    connection.send(echo);
                }
            }

            @Override
            public void onCommand(int command) {
            }

            @Override
            public void onNegotiation(int verb, int option) {
            }

            @Override
            public void onSubnegotiation(int option, byte[] buf, int off, int len) {
            }

            @Override
            public void onProtocolWarning(ProtocolWarning warning, int detail) {
            }
        });
        connection = new ProbeConnection(probeSide, parser, 20, batched, closes::incrementAndGet);
        return connection;
    }

    /** Reads exactly {@code n} bytes from the peer's side (bounded by the peer's read timeout). */
    private byte[] peerReads(int n) throws IOException {
        return peer.getInputStream().readNBytes(n);
    }

    @Test
    void batchedSendsGoOutTogetherAtFlush() throws IOException {
        ProbeConnection c = open(true);
        c.send(new byte[] {1, 2});
        c.send(new byte[] {3});
        c.flush();
        assertArrayEquals(new byte[] {1, 2, 3}, peerReads(3));
    }

    @Test
    void pumpFeedsTheParserAndFlushesWhatItsEventsSent() throws IOException {
        ProbeConnection c = open(true);
        echo = new byte[] {'o', 'k'};
        peer.getOutputStream().write("hi".getBytes());
        long until = ProbeConnection.now() + 5000;
        c.pump(until, () -> data.size() >= 2);
        assertEquals("hi", data.toString());
        assertArrayEquals(new byte[] {'o', 'k'}, peerReads(2));
        assertFalse(c.closed());
        assertFalse(c.timedOut());
    }

    @Test
    void immediateSendsNeedNoFlush() throws IOException {
        ProbeConnection c = open(false);
        c.send(new byte[] {7, 8});
        assertArrayEquals(new byte[] {7, 8}, peerReads(2));
    }

    @Test
    void aWaitThatRunsOutIsNotATimeOutButTheDeadlineIs() throws IOException {
        ProbeConnection c = open(true);
        c.pump(ProbeConnection.now() + 50, () -> false);
        assertFalse(c.timedOut(), "only the overall deadline is a time-out");
        c.deadline(ProbeConnection.now() + 50);
        c.pump(ProbeConnection.now() + 60_000, () -> false);
        assertTrue(c.timedOut());
        assertFalse(c.closed());
    }

    @Test
    void thePeerClosingEndsThePumpOnce() throws IOException {
        ProbeConnection c = open(false);
        peer.shutdownOutput();
        c.pump(ProbeConnection.now() + 5000, () -> false);
        assertTrue(c.closed());
        assertEquals(1, closes.get());
        c.send(new byte[] {1}); // after a close: dropped, no error
        c.pump(ProbeConnection.now() + 5000, () -> false);
        assertEquals(1, closes.get());
    }

    @Test
    void batchedBytesQueuedAfterACloseAreDropped() throws IOException {
        ProbeConnection c = open(true);
        peer.shutdownOutput();
        c.pump(ProbeConnection.now() + 5000, () -> false);
        c.send(new byte[] {1});
        c.flush();
        peer.setSoTimeout(200);
        InputStream in = peer.getInputStream();
        try {
            assertEquals(-1, in.read(), "nothing was written after the close");
        } catch (SocketTimeoutException e) {
            // nothing came within the bound: also nothing written
        }
    }

    @Test
    void theQuietClockRestarts() throws IOException {
        ProbeConnection c = open(true);
        c.restartQuietClock();
        assertFalse(c.quietFor(60_000));
        assertTrue(c.quietFor(0));
        peer.getOutputStream().write('x');
        c.pump(ProbeConnection.now() + 5000, () -> data.size() >= 1);
        assertFalse(c.quietFor(60_000), "a byte restarts it");
    }
}
