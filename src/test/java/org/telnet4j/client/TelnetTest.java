package org.telnet4j.client;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.server.Session;
import org.telnet4j.server.SessionHandler;
import org.telnet4j.server.Shell;
import org.telnet4j.server.TelnetServer;

/**
 * {@link Telnet}, the telnetlib look-alike, against our own server (a router-like shell) and
 * against a scripted peer on a plain socket where the exact bytes matter.
 */
class TelnetTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final byte IAC = (byte) TelnetCommand.IAC;
    private static final String PROMPT = "router> ";

    private TelnetServer server;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    /** Sessions of the router shell, as they start. */
    private final LinkedBlockingQueue<Session> sessions = new LinkedBlockingQueue<>();

    /** A line-at-a-time device: prompt, a few commands, {@code quit} closes the connection. */
    private final Shell router = (in, out) -> {
        sessions.add(out.session());
        out.prompt(PROMPT);
        String line;
        while ((line = in.readLine()) != null) {
            switch (line) {
                case "show version":
                    out.println("IOS-like Software, Version 15.2(4)M3");
                    break;
                case "quit":
                    out.println("bye");
                    return;
                default:
                    out.println("% Unknown command: " + line);
                    break;
            }
            out.prompt(PROMPT);
        }
    };

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        if (server != null) {
            server.shutdown(Duration.ofSeconds(2));
        }
    }

    private InetSocketAddress start(TelnetServer.Builder b) throws IOException {
        server = b.host("127.0.0.1").port(0).build();
        InetSocketAddress a = server.bind();
        server.start();
        return a;
    }

    /**
     * The router on a server whose negotiation deadline is long: a session starts only once every
     * request has been answered, so reaching the prompt means negotiation settled.
     */
    private InetSocketAddress startRouter() throws IOException {
        return start(TelnetServer.builder().shell(router).negotiationDeadline(WAIT));
    }

    private Telnet connect(InetSocketAddress a) throws IOException {
        Telnet t = new Telnet(a.getHostString(), a.getPort(), WAIT);
        toClose.add(t);
        return t;
    }

    private static String text(byte[] b) {
        return new String(b, ISO_8859_1);
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String) {
                b.writeBytes(((String) p).getBytes(ISO_8859_1));
            } else if (p instanceof Number) {
                b.write(((Number) p).intValue());
            } else {
                b.writeBytes((byte[]) p);
            }
        }
        return b.toByteArray();
    }

    /** Runs {@code f} on the server's loop thread, where session state may be read. */
    private boolean onLoop(Session s, Predicate<Session> f) throws Exception {
        CompletableFuture<Boolean> r = new CompletableFuture<>();
        server.loop().execute(() -> r.complete(f.test(s)));
        return r.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------- against our server

    @Test
    void readUntilThePromptThenExpectPicksThePatternThatMatched() throws Exception {
        Telnet t = connect(startRouter());
        byte[] greeting = t.readUntil(PROMPT, WAIT);
        assertEquals(PROMPT, text(greeting), "negotiation and the GA after the prompt are not data");

        t.write("show version\r\n");
        Telnet.ExpectResult r = t.expect(List.of(Pattern.compile("% Unknown command"),
            Pattern.compile("Version (\\d+)\\.(\\d+)")), WAIT);
        assertEquals(1, r.index());
        assertTrue(r.matched());
        assertEquals("15", r.match().group(1));
        assertEquals("2", r.match().group(2));
        assertEquals("IOS-like Software, Version 15.2", r.text());
        assertEquals(r.text().length() - "Version 15.2".length(), r.match().start(), "offsets index the data");
        assertEquals("(4)M3\r\n" + PROMPT, text(t.readUntil(PROMPT, WAIT)), "the rest stays queued");

        t.write("shwo version\r\n");
        r = t.expect(List.of(Pattern.compile("% Unknown command: (.*)\r\n"), Pattern.compile("Version")), WAIT);
        assertEquals(0, r.index());
        assertEquals("shwo version", r.match().group(1));
    }

    @Test
    void expectAndReadUntilReturnWhatCameWhenTheTimeoutPasses() throws Exception {
        Telnet t = connect(startRouter());
        t.readUntil(PROMPT, WAIT);

        long t0 = System.nanoTime();
        Telnet.ExpectResult r = t.expect(List.of(Pattern.compile("never"), Pattern.compile("nor this")),
            Duration.ofMillis(300));
        long elapsed = System.nanoTime() - t0;
        assertEquals(-1, r.index());
        assertFalse(r.matched());
        assertNull(r.match());
        assertArrayEquals(new byte[0], r.data());
        assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(290), "waited the timeout: " + elapsed);
        assertTrue(elapsed < WAIT.toNanos(), "but not much longer: " + elapsed);

        t.write("show version\r\n");
        t.readUntil("Version", WAIT);
        byte[] partial = t.readUntil("no such text", Duration.ofMillis(300));
        assertEquals(" 15.2(4)M3\r\n" + PROMPT, text(partial), "on timeout: whatever was cooked");
    }

    @Test
    void patternsAreTriedInListOrderNotByPositionAsInTelnetlib() throws Exception {
        Telnet t = connect(startRouter());
        t.readUntil(PROMPT, WAIT);
        t.write("show version\r\n");
        // A zero-width match consumes nothing: this waits until the whole answer is cooked.
        Telnet.ExpectResult all = t.expect(List.of(Pattern.compile("(?s)^(?=.*" + PROMPT + ")")), WAIT);
        assertEquals(0, all.index());
        assertEquals(0, all.data().length);

        Telnet.ExpectResult r = t.expect(List.of(Pattern.compile(PROMPT), Pattern.compile("Version")), WAIT);
        assertEquals(0, r.index(), "the prompt is later in the data but first in the list");
        assertEquals("IOS-like Software, Version 15.2(4)M3\r\n" + PROMPT, r.text());
    }

    @Test
    void readAllReturnsEverythingUntilTheServerCloses() throws Exception {
        Telnet t = connect(startRouter());
        t.readUntil(PROMPT, WAIT);
        t.write("show version\r\nquit\r\n");
        assertEquals("IOS-like Software, Version 15.2(4)M3\r\n" + PROMPT + "bye\r\n", text(t.readAll()));
        assertTrue(t.isEof());
        assertArrayEquals(new byte[0], t.readAll(), "at the end readAll returns nothing, as telnetlib");
        assertArrayEquals(new byte[0], t.readSome(), "so does readSome");
        assertThrows(EOFException.class, t::readVeryEager);
        assertThrows(EOFException.class, t::readEager);
        assertThrows(EOFException.class, t::readLazy);
        assertThrows(EOFException.class, t::readVeryLazy);
        assertThrows(EOFException.class, () -> t.readUntil(PROMPT, WAIT));
        assertThrows(EOFException.class, () -> t.expect(List.of(Pattern.compile("x")), WAIT));
    }

    @Test
    void readSomeReturnsAtLeastOneByteOfData() throws Exception {
        Telnet t = connect(startRouter());
        byte[] first = t.readSome();
        assertTrue(first.length > 0, "negotiation alone does not end readSome");
        assertTrue(PROMPT.startsWith(text(first)), text(first));
    }

    @Test
    void theEagerAndLazyReadsNeverWaitAndTheLazyOnesDoNoSocketIo() throws Exception {
        Telnet t = connect(startRouter());
        t.readUntil(PROMPT, WAIT);
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(new byte[0], t.readVeryEager());
            assertArrayEquals(new byte[0], t.readEager());
            assertArrayEquals(new byte[0], t.readLazy());
            assertArrayEquals(new byte[0], t.readVeryLazy());
        }
        long elapsed = System.nanoTime() - t0;
        assertTrue(elapsed < TimeUnit.SECONDS.toNanos(2), "80 reads with nothing to read took " + elapsed + " ns");

        try (Selector mine = Selector.open()) {
            t.getChannel().register(mine, SelectionKey.OP_READ); // as scripts select() on a Telnet
            t.write("show version\r\n");
            assertTrue(mine.select(WAIT.toMillis()) > 0, "the answer arrives");
            mine.selectedKeys().clear();
            assertArrayEquals(new byte[0], t.readVeryLazy(), "very lazy: cooked data only");
            assertArrayEquals(new byte[0], t.readLazy(), "lazy: raw data only, no socket read");
            assertTrue(mine.selectNow() > 0, "so the data still waits in the socket");
            mine.selectedKeys().clear();

            StringBuilder got = new StringBuilder();
            long end = System.nanoTime() + WAIT.toNanos();
            while (!got.toString().endsWith(PROMPT) && System.nanoTime() < end) {
                got.append(text(t.readVeryEager()));
                if (!got.toString().endsWith(PROMPT)) {
                    mine.select(100); // wait for more rather than spin
                    mine.selectedKeys().clear();
                }
            }
            assertEquals("IOS-like Software, Version 15.2(4)M3\r\n" + PROMPT, got.toString());
        }
    }

    @Test
    void everyNegotiationIsRefusedByDefault() throws Exception {
        Telnet t = connect(startRouter());
        t.readUntil(PROMPT, WAIT); // the long deadline: the session started because all was answered
        Session s = sessions.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        int[] asked = {TelnetOption.TTYPE, TelnetOption.NAWS, TelnetOption.NEW_ENVIRON, TelnetOption.CHARSET,
            TelnetOption.BINARY};
        for (int o : asked) {
            assertFalse(onLoop(s, x -> x.isRemoteEnabled(o)), "client enabled " + TelnetOption.name(o));
            assertFalse(onLoop(s, x -> x.engine().options().isPending(Side.REMOTE, o)),
                "DO " + TelnetOption.name(o) + " unanswered");
        }
        int[] offered = {TelnetOption.ECHO, TelnetOption.SGA, TelnetOption.BINARY, TelnetOption.EOR};
        for (int o : offered) {
            assertFalse(onLoop(s, x -> x.isLocalEnabled(o)), "client accepted WILL " + TelnetOption.name(o));
            assertFalse(onLoop(s, x -> x.engine().options().isPending(Side.LOCAL, o)),
                "WILL " + TelnetOption.name(o) + " unanswered");
        }
        assertEquals("unknown", s.terminalType());
    }

    @Test
    void writeDoublesIacSoTheServerSeesOneByte() throws Exception {
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        InetSocketAddress a = start(TelnetServer.builder().encoding(ISO_8859_1)
            .negotiationDeadline(Duration.ofMillis(200))
            .handler(new SessionHandler() {
                @Override
                public void onConnect(Session s) {
                    s.prompt("> ");
                }

                @Override
                public void onLine(Session s, String line) {
                    lines.add(line);
                    s.prompt("> ");
                }
            }));
        Telnet t = connect(a);
        t.readUntil("> ", WAIT);
        t.write(new byte[] {'a', (byte) 0xFF, 'b', '\r', '\n'});
        assertEquals("a\u00FFb", lines.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
        t.write("\u00FF\u00FF\r\n");
        assertEquals("\u00FF\u00FF", lines.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertThrows(IllegalArgumentException.class, () -> t.write("\u20AC"), "not ISO-8859-1");
    }

    @Test
    void aCallbackSeesEveryCommandAndReadsSubnegotiationData() throws Exception {
        byte[] gmcp = "Core.Hello {\"client\":\"t4j\"}".getBytes(ISO_8859_1);
        LinkedBlockingQueue<Session> started = new LinkedBlockingQueue<>();
        InetSocketAddress a = start(TelnetServer.builder().negotiationDeadline(Duration.ofMillis(200))
            .handler(new SessionHandler() {
                @Override
                public void onConnect(Session s) {
                    started.add(s);
                    s.sendSubnegotiation(201, gmcp);
                    s.prompt("after> ");
                }
            }));
        Telnet t = new Telnet();
        toClose.add(t);
        List<String> calls = new ArrayList<>();
        List<byte[]> sbAtSb = new ArrayList<>();
        List<byte[]> sbAtSe = new ArrayList<>();
        t.setOptionNegotiationCallback((tn, cmd, opt) -> {
            calls.add(TelnetCommand.name(cmd) + " " + opt);
            if (cmd == TelnetCommand.SB) {
                sbAtSb.add(tn.readSbData());
            } else if (cmd == TelnetCommand.SE) {
                sbAtSe.add(tn.readSbData());
            }
        });
        t.open(a.getHostString(), a.getPort(), WAIT);
        assertEquals("after> ", text(t.readUntil("after> ", WAIT)));

        assertTrue(calls.contains("DO " + TelnetOption.TTYPE), calls.toString());
        assertTrue(calls.contains("WILL " + TelnetOption.EOR), calls.toString()); // no BINARY at connect (issue 11)
        int sb = calls.indexOf("SB 0");
        assertTrue(sb >= 0 && "SE 0".equals(calls.get(sb + 1)), "SB then SE: " + calls);
        assertTrue(calls.contains("GA 0"), "other commands reach the callback too: " + calls);
        assertEquals(1, sbAtSe.size());
        assertArrayEquals(bytes(201, gmcp), sbAtSe.get(0), "telnetlib's SB data: option byte, then payload");
        assertArrayEquals(new byte[0], sbAtSb.get(0), "nothing yet at SB");
        assertArrayEquals(new byte[0], t.readSbData(), "reading clears it");

        // With a callback the client answers nothing itself: the server still waits for answers.
        Session s = started.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(onLoop(s, x -> x.engine().options().isPending(Side.REMOTE, TelnetOption.TTYPE)));
        // (BINARY is no longer asked at connect, issue 11: EOR stands in for a LOCAL request.)
        assertTrue(onLoop(s, x -> x.engine().options().isPending(Side.LOCAL, TelnetOption.EOR)));
    }

    @Test
    void sbDataIsKeptWithoutACallbackToo() throws Exception {
        InetSocketAddress a = start(TelnetServer.builder().negotiationDeadline(Duration.ofMillis(200))
            .handler(new SessionHandler() {
                @Override
                public void onConnect(Session s) {
                    s.sendSubnegotiation(201, new byte[] {'a'});
                    s.sendSubnegotiation(201, new byte[] {'b', (byte) 0xFF, 0});
                    s.send("done\n");
                }
            }));
        Telnet t = connect(a);
        assertEquals("done\r\n", text(t.readUntil("done\r\n", WAIT)));
        assertArrayEquals(new byte[] {(byte) 201, 'b', (byte) 0xFF, 0}, t.readSbData(),
            "the last one, unescaped and unfiltered");
    }

    @Test
    void closeIsIdempotentAndReadsAfterItSeeTheEnd() throws Exception {
        InetSocketAddress a = startRouter();
        Telnet t = connect(a);
        t.readUntil(PROMPT, WAIT);
        assertThrows(IllegalStateException.class, () -> t.open(a.getHostString(), a.getPort(), WAIT),
            "telnetlib: do not reopen a connected instance");
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            t.close();
            t.close();
        });
        assertTrue(t.isEof());
        assertThrows(EOFException.class, t::readVeryEager);
        assertThrows(EOFException.class, t::readVeryLazy);
        assertThrows(EOFException.class, () -> t.readUntil("x", WAIT));
        assertArrayEquals(new byte[0], t.readAll());
        assertThrows(SocketException.class, () -> t.write("quit\r\n"));

        t.open(a.getHostString(), a.getPort(), WAIT);
        assertEquals(PROMPT, text(t.readUntil(PROMPT, WAIT)), "open again after close");
        assertFalse(t.isEof());

        Telnet never = new Telnet();
        assertNull(never.getSocket());
        assertThrows(EOFException.class, never::readVeryLazy, "never opened reads as closed");
        assertThrows(SocketException.class, () -> never.write(new byte[] {1}));
        never.close();
    }

    @Test
    void closeFromAnotherThreadEndsABlockedRead() throws Exception {
        Telnet t = connect(startRouter());
        t.readUntil(PROMPT, WAIT);
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return t.readUntil("never comes");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThrows(TimeoutException.class, () -> reader.get(200, TimeUnit.MILLISECONDS),
            "readUntil without a timeout waits");
        t.close();
        ExecutionException e = assertThrows(ExecutionException.class,
            () -> reader.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(EOFException.class, e.getCause().getCause(), e.toString());
    }

    @Test
    void interactCopiesBothWaysUntilTheServerCloses() throws Exception {
        Telnet t = connect(startRouter());
        PipedOutputStream keyboard = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keyboard);
        toClose.add(keyboard);
        keyboard.write("show version\r\nquit\r\n".getBytes(ISO_8859_1));
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        assertTimeoutPreemptively(WAIT, () -> t.interact(in, screen));
        String shown = screen.toString(ISO_8859_1);
        assertTrue(shown.startsWith(PROMPT + "IOS-like Software, Version 15.2(4)M3\r\n" + PROMPT + "bye\r\n"), shown);
        assertTrue(shown.endsWith("*** Connection closed by remote host ***\n"), shown);
        assertTrue(t.isEof());
    }

    @Test
    void interactReturnsAtTheEndOfInput() throws Exception {
        Telnet t = connect(startRouter());
        t.readUntil(PROMPT, WAIT);
        InputStream in = new ByteArrayInputStream("show version\r\n".getBytes(ISO_8859_1));
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        assertTimeoutPreemptively(WAIT, () -> t.interact(in, screen));
        assertFalse(screen.toString(ISO_8859_1).contains("Connection closed"));
        assertFalse(t.isEof(), "the connection stays open");
        t.write("quit\r\n");
        String answer = screen.toString(ISO_8859_1) + text(t.readAll());
        assertEquals("IOS-like Software, Version 15.2(4)M3\r\n" + PROMPT + "bye\r\n", answer,
            "what was typed was sent before interact returned");
    }

    @Test
    void debugLevelLogsTrafficAtDebug() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(Telnet.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Level before = log.getLevel();
        log.setLevel(Level.DEBUG);
        log.addAppender(appender);
        try {
            Telnet t = connect(startRouter());
            t.readUntil(PROMPT, WAIT);
            assertTrue(appender.list.isEmpty(), "level 0 logs nothing: " + appender.list);
            t.setDebugLevel(1);
            t.write("show version\r\n");
            t.readUntil(PROMPT, WAIT);
            List<String> lines = new ArrayList<>();
            appender.list.forEach(e -> lines.add(e.getFormattedMessage()));
            assertTrue(lines.stream().anyMatch(l -> l.endsWith("send b'show version\\r\\n'")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.contains(": recv b'") && l.contains("Version")), lines.toString());
            assertTrue(lines.get(0).startsWith("Telnet(127.0.0.1," + t.getSocket().getPort() + "): "), lines.get(0));
        } finally {
            log.detachAppender(appender);
            log.setLevel(before);
        }
    }

    @Test
    void reprWritesBytesAsPythonDoes() {
        byte[] b = {'o', 'k', '\r', '\n', '\t', '\\', '\'', 0, (byte) 0xFF, 0x1b};
        assertEquals("b'ok\\r\\n\\t\\\\\\'\\x00\\xff\\x1b'", Telnet.repr(b, 0, b.length));
    }

    // ---------------------------------------------------------------- against a scripted peer

    /** A peer on a plain socket: sends exactly the bytes given, records exactly what arrives. */
    private static final class Peer implements AutoCloseable {
        final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        Socket socket;

        Peer() throws IOException {
        }

        Telnet connect() throws IOException {
            Telnet t = new Telnet("127.0.0.1", listener.getLocalPort(), WAIT);
            listener.setSoTimeout((int) WAIT.toMillis());
            socket = listener.accept();
            socket.setSoTimeout((int) WAIT.toMillis());
            return t;
        }

        /** One write call, so the bytes travel together. */
        void send(byte[] b) throws IOException {
            socket.getOutputStream().write(b);
        }

        /** Everything received up to and including {@code marker}. */
        byte[] receiveThrough(String marker) throws IOException {
            InputStream in = socket.getInputStream();
            while (!got.toString(ISO_8859_1).contains(marker)) {
                int c = in.read();
                if (c < 0) {
                    throw new AssertionError("client closed; got " + got);
                }
                got.write(c);
            }
            return got.toByteArray();
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
            }
            listener.close();
        }
    }

    @Test
    void refusalsOnTheWire() throws Exception {
        try (Peer peer = new Peer(); Telnet t = peer.connect()) {
            peer.send(bytes(IAC, TelnetCommand.DO, TelnetOption.TTYPE, IAC, TelnetCommand.WILL, TelnetOption.ECHO,
                IAC, TelnetCommand.DONT, TelnetOption.NAWS, IAC, TelnetCommand.WONT, TelnetOption.SGA,
                IAC, TelnetCommand.DO, TelnetOption.TM, "ok\r\n"));
            assertEquals("ok\r\n", text(t.readUntil("ok\r\n", WAIT)));
            t.write("END");
            assertArrayEquals(bytes(IAC, TelnetCommand.WONT, TelnetOption.TTYPE, IAC, TelnetCommand.DONT,
                TelnetOption.ECHO, IAC, TelnetCommand.WONT, TelnetOption.TM, "END"), peer.receiveThrough("END"),
                "WILL gets DONT, DO gets WONT; WONT and DONT are already in force and get nothing");
        }
    }

    @Test
    void writeSendsBytesAsGivenExceptIac() throws Exception {
        try (Peer peer = new Peer(); Telnet t = peer.connect()) {
            t.write(new byte[] {'a', '\n', 'b', '\r', (byte) 0xFF, 0});
            t.writeRaw(bytes(IAC, TelnetCommand.AYT));
            t.sendNegotiation(TelnetCommand.WILL, TelnetOption.NAWS);
            t.sendSubnegotiation(TelnetOption.NAWS, new byte[] {0, 80, 0, (byte) 0xFF});
            t.write("END");
            assertArrayEquals(bytes("a\nb\r", IAC, IAC, 0, IAC, TelnetCommand.AYT,
                IAC, TelnetCommand.WILL, TelnetOption.NAWS,
                IAC, TelnetCommand.SB, TelnetOption.NAWS, 0, 80, 0, IAC, IAC, IAC, TelnetCommand.SE, "END"),
                peer.receiveThrough("END"));
        }
    }

    @Test
    void nulAndXonAreDroppedFromDataButNotFromSubnegotiations() throws Exception {
        try (Peer peer = new Peer(); Telnet t = peer.connect()) {
            peer.send(bytes("a", 0, "b", 0x11, "c\r", 0, "d",
                IAC, TelnetCommand.SB, TelnetOption.NAWS, 0, 80, 0, 0x11, IAC, TelnetCommand.SE,
                "e", IAC, IAC, "f", IAC, TelnetCommand.NOP, "\r\n"));
            assertEquals("abc\rde\u00FFf\r\n", text(t.readUntil("\r\n", WAIT)));
            assertArrayEquals(new byte[] {TelnetOption.NAWS, 0, 80, 0, 0x11}, t.readSbData());
            assertArrayEquals(new byte[0], t.readSbData());
        }
    }

    @Test
    void aCallbackThatThrowsLeavesTheRestInTheRawQueue() throws Exception {
        try (Peer peer = new Peer(); Telnet t = peer.connect(); Selector mine = Selector.open()) {
            AtomicBoolean thrown = new AtomicBoolean();
            t.setOptionNegotiationCallback((tn, cmd, opt) -> {
                if (cmd == TelnetCommand.NOP && thrown.compareAndSet(false, true)) {
                    throw new IllegalStateException("boom");
                }
            });
            t.getChannel().register(mine, SelectionKey.OP_READ);
            peer.send(bytes("before", IAC, TelnetCommand.NOP, "after"));
            assertTrue(mine.select(WAIT.toMillis()) > 0);
            IllegalStateException e = assertThrows(IllegalStateException.class, t::readEager);
            assertEquals("boom", e.getMessage());
            assertEquals("before", text(t.readVeryLazy()), "data before the command was cooked");
            assertEquals("after", text(t.readLazy()), "the rest was raw; readLazy parses it");
            assertArrayEquals(new byte[0], t.readVeryLazy());
        }
    }

    @Test
    void theCallbackMayNotCallBlockingReads() throws Exception {
        try (Peer peer = new Peer(); Telnet t = peer.connect()) {
            t.setOptionNegotiationCallback((tn, cmd, opt) -> tn.readAll());
            peer.send(bytes(IAC, TelnetCommand.DO, TelnetOption.ECHO, "x"));
            assertThrows(IllegalStateException.class, () -> t.readUntil("x", WAIT));
            assertEquals("x", text(t.readUntil("x", WAIT)), "and the client stays usable");
        }
    }

    @Test
    void dataCookedBeforeCloseIsStillSearched() throws Exception {
        try (Peer peer = new Peer()) {
            Telnet t = peer.connect();
            toClose.add(t);
            peer.send(bytes("Password: one two"));
            // A zero-width match consumes nothing: this waits until all of it is cooked.
            assertEquals(0, t.expect(List.of(Pattern.compile("^(?=.*two)")), WAIT).index());
            t.close();
            Telnet.ExpectResult one = t.expect(List.of(Pattern.compile("one")), WAIT);
            assertEquals(0, one.index(), "telnetlib would give up at once here: it searches only while open");
            assertEquals("Password: one", one.text());
            Telnet.ExpectResult none = t.expect(List.of(Pattern.compile("three")), WAIT);
            assertEquals(-1, none.index());
            assertEquals(" two", none.text(), "no match at the end: what was left");
            assertThrows(EOFException.class, () -> t.expect(List.of(Pattern.compile("x")), WAIT));
        }
    }
}
