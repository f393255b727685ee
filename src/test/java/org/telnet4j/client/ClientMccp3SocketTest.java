package org.telnet4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.telnet4j.client.ClientCompressOutputTest.IAC;
import static org.telnet4j.client.ClientCompressOutputTest.MARKER;
import static org.telnet4j.client.ClientCompressOutputTest.UNKNOWN;
import static org.telnet4j.client.ClientCompressOutputTest.WILL_MCCP3;
import static org.telnet4j.client.ClientCompressOutputTest.ascii;
import static org.telnet4j.client.ClientCompressOutputTest.b;
import static org.telnet4j.client.ClientCompressOutputTest.concat;
import static org.telnet4j.client.ClientCompressOutputTest.hex;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.telnet4j.client.ClientCompressOutputTest.Inflated;
import org.telnet4j.loop.EventLoop;
import org.telnet4j.protocol.NegotiationEvent;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.server.Session;
import org.telnet4j.server.SessionHandler;
import org.telnet4j.server.TelnetServer;

/**
 * MCCP3 through the owners' transports over loopback: the event-loop client's {@code Connection}
 * and {@link BlockingTelnetClient}'s outbound path. A raw peer records every byte the client
 * sent; the bytes after {@code IAC SB MCCP3 IAC SE} are inflated and compared, so the marker is
 * plain and everything after it (the replies to the rest of the same read, text a handler sends
 * from the MCCP3 event, a Synch) is in the zlib stream, until MCCP3 is turned off and the stream
 * ends. Last, our own server reads the lines of an event-loop client that compresses.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientMccp3SocketTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final byte[] WONT_MCCP3 = b(IAC, TelnetCommand.WONT, TelnetOption.MCCP3);
    private static final byte[] DONT_MCCP3 = b(IAC, TelnetCommand.DONT, TelnetOption.MCCP3);
    private static final byte[] DONT_UNKNOWN = b(IAC, TelnetCommand.DONT, UNKNOWN);

    private EventLoop loop;
    private Peer peer;
    private TelnetServer server;

    @AfterEach
    void stop() throws IOException {
        if (loop != null) {
            loop.close();
        }
        if (peer != null) {
            peer.close();
        }
        if (server != null) {
            server.shutdown(Duration.ofSeconds(2));
        }
    }

    /** A raw telnet server for one client: records what it sends, waits on it with a deadline. */
    static final class Peer implements AutoCloseable {
        final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final ByteArrayOutputStream got = new ByteArrayOutputStream();
        private Socket socket;

        Peer() throws IOException {
        }

        int port() {
            return listener.getLocalPort();
        }

        /** Takes the client's connection (already made: the backlog holds it) and records it. */
        void accept() throws IOException {
            socket = listener.accept();
            InputStream in = socket.getInputStream();
            Thread reader = new Thread(() -> {
                byte[] buf = new byte[4096];
                try {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        synchronized (got) {
                            got.write(buf, 0, n);
                            got.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "mccp3-peer");
            reader.setDaemon(true);
            reader.start();
        }

        void send(byte[] b) throws IOException {
            socket.getOutputStream().write(b); // one write: one segment on loopback
        }

        /** Waits until the bytes received so far satisfy {@code done}; returns them. */
        byte[] await(Predicate<byte[]> done, String what) throws InterruptedException {
            long end = System.nanoTime() + WAIT.toNanos();
            synchronized (got) {
                while (true) {
                    byte[] now = got.toByteArray();
                    if (done.test(now)) {
                        return now;
                    }
                    long left = (end - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        throw new AssertionError("no " + what + " in " + hex(now));
                    }
                    got.wait(left);
                }
            }
        }

        /** Waits until the stream after the marker inflates to {@code plain} (in whole). */
        Inflated awaitInflated(byte[] plain) throws InterruptedException {
            byte[] raw = await(r -> {
                int at = afterMarker(r);
                return at >= 0 && Arrays.equals(plain, ClientCompressOutputTest.inflate(r, at).data());
            }, hex(plain) + " after the marker");
            return ClientCompressOutputTest.inflate(raw, afterMarker(raw));
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
            }
            listener.close();
        }
    }

    /** The byte after the (first) MCCP3 start marker, or -1. */
    static int afterMarker(byte[] raw) {
        int at = indexOf(raw, MARKER);
        return at < 0 ? -1 : at + MARKER.length;
    }

    static ClientConfig config() {
        return ClientConfig.builder().compressOutput(true).build();
    }

    @Test
    void eventLoopClientCompressesFromTheByteAfterTheMarkerUntilMccp3IsTurnedOff() throws Exception {
        peer = new Peer();
        loop = new EventLoop();
        loop.start("mccp3-client");
        ClientSession s = TelnetClient.connect(loop, "127.0.0.1", peer.port(), config(), new ClientHandler() {
            @Override
            public void onText(ClientSession session, String text) {
            }

            @Override
            public void onOptionChange(ClientSession session, NegotiationEvent event, Side side, int option) {
                if (event == NegotiationEvent.ENABLED && side == Side.REMOTE && option == TelnetOption.MCCP3) {
                    session.send("hello\n"); // on the loop, in the same pass as the marker
                }
            }
        }).get(10, TimeUnit.SECONDS);
        peer.accept();
        // The offer and another request in one segment: the reply to the second one is written
        // after the marker in the same read, and must be compressed.
        peer.send(concat(WILL_MCCP3, b(IAC, TelnetCommand.WILL, UNKNOWN)));
        byte[] first = concat(ascii("hello\r\n"), DONT_UNKNOWN);
        Inflated z = peer.awaitInflated(first);
        byte[] raw = peer.await(r -> afterMarker(r) >= 0, "the marker");
        byte[] before = Arrays.copyOf(raw, afterMarker(raw) - MARKER.length);
        assertTrue(indexOf(before, b(IAC, TelnetCommand.DO, TelnetOption.MCCP3)) >= 0, hex(before));
        assertFalse(z.finished());
        assertTrue(onLoop(() -> s.protocol().isCompressingOutput()));

        s.send("look\n"); // from the test thread, handed to the loop
        s.sendSynch();    // IAC, then the DM in-band: no urgent data inside a zlib stream
        byte[] second = concat(first, ascii("look\r\n"), b(IAC, TelnetCommand.DM));
        peer.awaitInflated(second);

        peer.send(WONT_MCCP3);
        peer.await(r -> {
            int at = afterMarker(r);
            return at >= 0 && ClientCompressOutputTest.inflate(r, at).finished();
        }, "the zlib stream's end");
        assertFalse(onLoop(() -> s.protocol().isCompressingOutput()));
        s.send("plain\n");
        raw = peer.await(r -> new String(r, StandardCharsets.ISO_8859_1).endsWith("plain\r\n"), "plain text");
        z = ClientCompressOutputTest.inflate(raw, afterMarker(raw));
        assertEquals(hex(concat(second, DONT_MCCP3)), hex(z.data()), "our DONT is the stream's last word");
        assertEquals("plain\r\n", new String(raw, z.end(), raw.length - z.end(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void blockingClientCompressesItsRepliesTextAndSynchUntilMccp3IsTurnedOff() throws Exception {
        peer = new Peer();
        try (BlockingTelnetClient c = BlockingTelnetClient.connect("127.0.0.1", peer.port(), config())) {
            peer.accept();
            peer.send(concat(WILL_MCCP3, b(IAC, TelnetCommand.WILL, UNKNOWN), ascii("ready\r\n")));
            assertEquals("ready", c.readLine(WAIT));
            assertTrue(c.protocol().isCompressingOutput());
            peer.awaitInflated(DONT_UNKNOWN); // the same read's reply, flushed at the read's end

            c.write("look\n");
            c.protocol().sendCommand(TelnetCommand.NOP); // past the client: flushed at once all the same
            byte[] plain = concat(DONT_UNKNOWN, ascii("look\r\n"), b(IAC, TelnetCommand.NOP));
            peer.awaitInflated(plain);
            c.sendSynch();
            plain = concat(plain, b(IAC, TelnetCommand.DM));
            peer.awaitInflated(plain);

            peer.send(concat(WONT_MCCP3, ascii("off\r\n")));
            assertEquals("off", c.readLine(WAIT));
            assertFalse(c.protocol().isCompressingOutput());
            c.write("plain\n");
            byte[] raw = peer.await(r -> new String(r, StandardCharsets.ISO_8859_1).endsWith("plain\r\n"),
                "plain text");
            Inflated z = ClientCompressOutputTest.inflate(raw, afterMarker(raw));
            assertTrue(z.finished(), "the zlib stream ended");
            assertEquals(hex(concat(plain, DONT_MCCP3)), hex(z.data()));
            assertEquals("plain\r\n", new String(raw, z.end(), raw.length - z.end(), StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void blockingClientClosesWithoutWritingAStreamEnd() throws Exception {
        peer = new Peer();
        BlockingTelnetClient c = BlockingTelnetClient.connect("127.0.0.1", peer.port(), config());
        peer.accept();
        peer.send(concat(WILL_MCCP3, ascii("ready\r\n")));
        assertEquals("ready", c.readLine(WAIT));
        c.write("bye\n");
        peer.awaitInflated(ascii("bye\r\n"));
        c.close();
        assertFalse(c.protocol().isCompressingOutput());
        byte[] raw = peer.await(r -> true, "anything");
        assertFalse(ClientCompressOutputTest.inflate(raw, afterMarker(raw)).finished(),
            "close released the deflater without writing");
    }

    @Test
    void ourServerReadsTheLinesOfACompressingEventLoopClient() throws Exception {
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        server = TelnetServer.builder().host("127.0.0.1").port(0).compression(true)
            .negotiationDeadline(Duration.ofSeconds(5)).handler(new SessionHandler() {
                @Override
                public void onLine(Session session, String line) {
                    lines.add(line + (session.connection().inboundTransform() != null ? " (compressed)" : ""));
                }
            }).build();
        InetSocketAddress a = server.bind();
        server.start();
        loop = new EventLoop();
        loop.start("mccp3-client");
        ClientSession s = TelnetClient.connect(loop, a, config(), new ClientHandler() {
            @Override
            public void onText(ClientSession session, String text) {
            }

            @Override
            public void onOptionChange(ClientSession session, NegotiationEvent event, Side side, int option) {
                if (event == NegotiationEvent.ENABLED && side == Side.REMOTE && option == TelnetOption.MCCP3) {
                    session.send("first\n"); // the same pass as the marker
                }
            }
        }).get(10, TimeUnit.SECONDS);
        assertEquals("first (compressed)", lines.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
        s.send("second\n");
        assertEquals("second (compressed)", lines.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(onLoop(() -> s.protocol().isCompressingOutput()));
    }

    /** Reads loop-thread state on the loop. */
    private <T> T onLoop(java.util.function.Supplier<T> read) throws Exception {
        return CompletableFuture.supplyAsync(read, loop::execute).get(10, TimeUnit.SECONDS);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        return org.telnet4j.testing.RawTelnetClient.indexOf(hay, needle);
    }
}
