package org.telnet4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.telnet4j.loop.EventLoop;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetOption;

/**
 * Issue 12, item 3 (without compression): hostile servers cannot grow a client's text buffer
 * without limit, and a large buffer is read in linear time.
 */
class ClientBufferLimitTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int LIMIT = 64 * 1024;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<Runnable> detach = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        for (Runnable r : detach) {
            r.run();
        }
    }

    /** A server that sends {@code payload} to the first client, then closes if {@code close}. */
    private InetSocketAddress hostile(byte[] payload, boolean close) throws IOException {
        ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        open.add(ss);
        Thread t = new Thread(() -> {
            try (Socket s = ss.accept()) {
                OutputStream o = s.getOutputStream();
                o.write(payload); // blocks while the client does not read: that is the point
                o.flush();
                if (!close) {
                    s.getInputStream().readAllBytes(); // hold the connection until the client goes
                }
            } catch (IOException e) {
                // the client closed first
            }
        }, "hostile-server");
        t.setDaemon(true);
        t.start();
        return (InetSocketAddress) ss.getLocalSocketAddress();
    }

    private ListAppender<ILoggingEvent> capture(Class<?> c) {
        Logger log = (Logger) LoggerFactory.getLogger(c);
        ListAppender<ILoggingEvent> a = new ListAppender<>();
        a.start();
        log.addAppender(a);
        detach.add(() -> log.detachAppender(a));
        return a;
    }

    private static byte[] repeat(char c, int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) c);
        return b;
    }

    /** {@code lines} lines "line N" and CR LF, at most 14 bytes each. */
    private static byte[] lines(int lines) {
        StringBuilder b = new StringBuilder(lines * 14);
        for (int i = 0; i < lines; i++) {
            b.append("line ").append(i).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static final int BIG = 16 << 20;
    private static final int BIG_LINES = BIG / 14;

    // ---------------------------------------------------------------- BlockingTelnetClient

    @Test
    void blockingClientAServerThatNeverEndsALineGetsAClearErrorNotUnboundedMemory() throws Exception {
        ListAppender<ILoggingEvent> log = capture(BlockingTelnetClient.class);
        InetSocketAddress a = hostile(repeat('a', 1 << 20), false);
        BlockingTelnetClient c = BlockingTelnetClient.connect(a.getHostString(), a.getPort(),
            ClientConfig.builder().maxBufferedText(LIMIT).build());
        open.add(c);
        BufferLimitException e = assertThrows(BufferLimitException.class, () -> c.readLine(WAIT));
        assertEquals(LIMIT, e.limit());
        assertTrue(e.getMessage().contains("without a line end (the limit is 65536"), e.getMessage());
        assertTrue(log.list.stream().anyMatch(l -> l.getFormattedMessage().contains("without a line end")));
        String held = c.readAvailable(Duration.ofMillis(1));
        assertTrue(held.length() >= LIMIT && held.length() <= LIMIT + 16 * 1024,
            "bounded by the limit and one read: " + held.length());
        assertTrue(held.chars().allMatch(ch -> ch == 'a'), "nothing lost or changed");
        assertThrows(BufferLimitException.class, () -> c.readUntil("login: ", WAIT));
    }

    @Test
    void blockingClientReadsSixteenMebibytesOfLinesInLinearTime() throws Exception {
        byte[] body = lines(BIG_LINES);
        byte[] willEcho = {(byte) 255, (byte) 251, (byte) TelnetOption.ECHO};
        byte[] all = java.util.Arrays.copyOf(body, body.length + 3);
        System.arraycopy(willEcho, 0, all, body.length, 3);
        InetSocketAddress a = hostile(all, false);
        BlockingTelnetClient c = BlockingTelnetClient.connect(a.getHostString(), a.getPort(),
            ClientConfig.builder().maxBufferedText(32 << 20).build());
        open.add(c);
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            // WILL ECHO comes after the lines: once it is seen, all 16 MiB wait in the buffer.
            assertTrue(c.waitForOption(Side.REMOTE, TelnetOption.ECHO, true, WAIT));
            long before = c.scannedChars();
            for (int i = 0; i < BIG_LINES; i++) {
                String l = c.readLine(WAIT);
                if (!l.equals("line " + i)) {
                    throw new AssertionError("line " + i + ": " + l);
                }
            }
            long scanned = c.scannedChars() - before;
            assertTrue(scanned <= 2L * body.length, "each character scanned about once: " + scanned
                + " for " + body.length);
        });
    }

    // ---------------------------------------------------------------- ClientReader (ClientShell)

    @Test
    void shellReaderEndsTheSessionOnALineLongerThanTheLimitAndReturnsWhatCame() throws Exception {
        ListAppender<ILoggingEvent> log = capture(ClientReader.class);
        InetSocketAddress a = hostile(repeat('b', 1 << 20), false);
        EventLoop loop = new EventLoop();
        open.add(loop);
        loop.start("client-loop");
        ClientShellHandler h = new ClientShellHandler(null, LIMIT);
        ClientSession s = TelnetClient.connect(loop, a, ClientConfig.defaults(), h).get();
        assertTimeoutPreemptively(WAIT, () -> {
            String first = h.reader().readLine(WAIT);
            assertTrue(first != null && first.length() >= LIMIT && first.length() <= LIMIT + 64 * 1024,
                "what came, bounded: " + (first == null ? null : first.length()));
            assertTrue(first.chars().allMatch(ch -> ch == 'b'));
            assertNull(h.reader().readLine(WAIT), "then the end of the session");
        });
        assertTrue(h.reader().isClosed());
        assertTrue(!s.isActive());
        assertTrue(log.list.stream().anyMatch(l -> l.getFormattedMessage()
            .contains("characters without a line end (the limit is 65536")), log.list.toString());
    }

    @Test
    void shellReaderReadsSixteenMebibytesOfLinesInLinearTime() throws Exception {
        byte[] body = lines(BIG_LINES);
        InetSocketAddress a = hostile(body, true);
        EventLoop loop = new EventLoop();
        open.add(loop);
        loop.start("client-loop");
        ClientShellHandler h = new ClientShellHandler(null, 32 << 20);
        TelnetClient.connect(loop, a, ClientConfig.defaults(), h).get();
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            ClientReader r = h.reader();
            assertNull(r.readUntil("never sent", WAIT), "null at the end: all 16 MiB are buffered now");
            for (int i = 0; i < BIG_LINES; i++) {
                String l = r.readLine(WAIT);
                if (!l.equals("line " + i)) {
                    throw new AssertionError("line " + i + ": " + l);
                }
            }
            assertNull(r.readLine(WAIT));
            assertTrue(r.scannedChars() <= 3L * body.length, "linear: " + r.scannedChars() + " for " + body.length);
        });
    }

    // ---------------------------------------------------------------- Telnet (telnetlib)

    @Test
    void telnetlibReadUntilAndExpectStopAtTheLimitWithAClearError() throws Exception {
        ListAppender<ILoggingEvent> log = capture(Telnet.class);
        InetSocketAddress a = hostile(repeat('c', 1 << 20), false);
        Telnet t = new Telnet(a.getHostString(), a.getPort(), WAIT);
        open.add(t);
        t.setMaxBuffered(LIMIT);
        assertEquals(LIMIT, t.getMaxBuffered());
        BufferLimitException e = assertThrows(BufferLimitException.class, () -> t.readUntil("login: ", WAIT));
        assertTrue(e.getMessage().contains("without 'login: ' (the limit is 65536"), e.getMessage());
        assertThrows(BufferLimitException.class, () -> t.expect(List.of(Pattern.compile("[>#] $")), WAIT));
        assertTrue(log.list.stream().anyMatch(l -> l.getFormattedMessage().contains("without 'login: '")));
        byte[] held = t.readVeryLazy();
        assertTrue(held.length >= LIMIT && held.length <= LIMIT + 8192, "bounded: " + held.length);
        byte[] more = t.readVeryEager(); // reads what the socket has, but stops at the limit
        assertTrue(more.length <= LIMIT + 8192, "readVeryEager is bounded too: " + more.length);
    }

    @Test
    void telnetlibReadAllPastTheLimitThrowsAndKeepsTheData() throws Exception {
        InetSocketAddress a = hostile(repeat('d', 200_000), true);
        Telnet t = new Telnet(a.getHostString(), a.getPort(), WAIT);
        open.add(t);
        t.setMaxBuffered(LIMIT);
        BufferLimitException e = assertThrows(BufferLimitException.class, t::readAll);
        assertTrue(e.getMessage().contains("without the end of the connection"), e.getMessage());
        int total = t.readVeryLazy().length;
        t.setMaxBuffered(1 << 20);
        total += t.readAll().length; // with room, the rest arrives and the end is seen
        assertEquals(200_000, total, "nothing lost");
        assertThrows(IllegalArgumentException.class, () -> t.setMaxBuffered(0));
    }
}
