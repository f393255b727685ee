package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.telnet4j.testing.RawTelnetClient.concat;
import static org.telnet4j.testing.RawTelnetClient.indexOf;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.telnet4j.charset.RetroCharsets;
import org.telnet4j.protocol.OptionSet;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.testing.RawTelnetClient;

/**
 * A server with each kind of encoding, driven over a real socket by a client that sends the
 * bytes of that encoding and never answers a negotiation (as retro terminal programs do), so the
 * configured encoding stays in force: lines typed in the encoding arrive as the right text, and
 * what the application sends comes back in the encoding with the encoding's own line end.
 */
class ServerEncodingTest extends ServerTestBase {
    private static final byte IAC = (byte) 0xFF;

    /** Echoes each line with a prefix; a line named in {@link #switches} changes the charset first. */
    static final class PrefixEcho implements SessionHandler {
        final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<Session> sessions = new LinkedBlockingQueue<>();
        final Map<String, Charset> switches = new ConcurrentHashMap<>();

        @Override
        public void onConnect(Session s) {
            sessions.add(s);
        }

        @Override
        public void onLine(Session s, String line) {
            lines.add(line);
            Charset to = switches.get(line);
            if (to != null) {
                s.setCharset(to); // on the loop thread, in the middle of decoding a read
            }
            s.send("> " + line + "\n");
        }

        String nextLine() throws InterruptedException {
            String l = lines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (l == null) {
                throw new AssertionError("no line within " + WAIT);
            }
            return l;
        }

        Session session() throws InterruptedException {
            Session s = sessions.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (s == null) {
                throw new AssertionError("no session within " + WAIT);
            }
            return s;
        }
    }

    private final PrefixEcho echo = new PrefixEcho();

    private InetSocketAddress startWith(Charset cs) throws Exception {
        return start(TelnetServer.builder().handler(echo).encoding(cs)
            .negotiationDeadline(Duration.ofMillis(100)));
    }

    static Stream<Arguments> encodings() {
        return Stream.of(
            // name, a line with characters beyond ASCII, the end of line the terminal sends
            Arguments.of("UTF-8", "Gr\u00FC\u00DFe, \u4E16\u754C \u20AC", new byte[] {'\r', '\n'}),
            Arguments.of("cp437", "\u00C7\u00E0 \u2554\u2550\u2557 \u2591\u2592\u2593 \u00F1", new byte[] {'\r', '\n'}),
            Arguments.of("petscii", "Hello C64 \u00A3\u2191\u2190\u2713\u2592", new byte[] {0x0D}),
            Arguments.of("atascii", "Hi \u2665\u2666\u2660\u25E2 \u2022", new byte[] {(byte) 0x9B}),
            Arguments.of("atarist", "Sch\u00F6n \u00DF \u05E9\u05DC\u05D5\u05DD \u221E", new byte[] {'\r', '\n'}),
            Arguments.of("big5bbs", "\u4E2D\u6587 BBS \u7AD9", new byte[] {'\r', '\n'}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodings")
    void aLineInTheEncodingComesBackInIt(String name, String text, byte[] eol) throws Exception {
        Charset cs = Charset.forName(name);
        InetSocketAddress a = startWith(cs);
        try (RawTelnetClient c = new RawTelnetClient(a)) {
            Session s = echo.session();
            assertSame(cs, s.charset(), "a client that answers nothing leaves the configured encoding");
            c.write(concat(strict(cs, text), eol));
            assertEquals(text, echo.nextLine());
            byte[] expected = concat(strict(cs, "> " + text), eol);
            byte[] got = c.readUntil(expected, WAIT);
            byte[] echoed = Arrays.copyOfRange(got, indexOf(got, expected), got.length);
            assertEquals("> " + text + RetroCharsets.lineEnd(cs), new String(echoed, cs));
        }
    }

    @Test
    void atasciiEndOfLineEndsALineAndIsWhatComesBack() throws Exception {
        InetSocketAddress a = startWith(RetroCharsets.ATASCII);
        try (RawTelnetClient c = new RawTelnetClient(a)) {
            echo.session();
            // Two lines in one read, each ended by EOL (0x9B) alone: no CR, no LF anywhere.
            c.write(new byte[] {'o', 'n', 'e', (byte) 0x9B, 't', 'w', 'o', (byte) 0x9B});
            assertEquals("one", echo.nextLine());
            assertEquals("two", echo.nextLine());
            byte[] got = c.readUntil(new byte[] {'>', ' ', 't', 'w', 'o', (byte) 0x9B}, WAIT);
            byte[] tail = Arrays.copyOfRange(got, indexOf(got, new byte[] {'>', ' ', 'o'}), got.length);
            assertArrayEquals(new byte[] {'>', ' ', 'o', 'n', 'e', (byte) 0x9B, '>', ' ', 't', 'w', 'o', (byte) 0x9B},
                tail, "EOL only: no '?' for an unmappable CR");
        }
    }

    @Test
    void atasciiGraphicsAt0x0dAnd0x0aReachAClientWithoutBinaryUnchanged() throws Exception {
        // ATASCII has no carriage return or line feed: 0x0D and 0x0A are the top edge bar and a
        // triangle, common in BBS art. NVT end-of-line rules would turn them into CR NUL (NUL is a
        // heart in ATASCII) and CR LF, so for ATASCII the session sends its bytes as they are,
        // BINARY or not (as telnetlib3 forces binary for every non-ASCII encoding).
        InetSocketAddress a = startWith(RetroCharsets.ATASCII);
        try (RawTelnetClient c = new RawTelnetClient(a).readBinary()) {
            Session s = echo.session();
            String art = "\u23BA\u25E3\u23BA";
            byte[] bytes = strict(RetroCharsets.ATASCII, art);
            assertArrayEquals(new byte[] {0x0D, 0x0A, 0x0D}, bytes);
            s.send("[" + art + "]");
            byte[] got = c.readUntil(new byte[] {']'}, WAIT);
            byte[] tail = Arrays.copyOfRange(got, indexOf(got, new byte[] {'['}), got.length);
            assertArrayEquals(new byte[] {'[', 0x0D, 0x0A, 0x0D, ']'}, tail);
            // And typed: CTRL-M then CTRL-comma (the heart, 0x00) are two characters, not a CR.
            c.write(new byte[] {'x', 0x0D, 0x00, 'y', (byte) 0x9B});
            assertEquals("x\u23BA\u2665y", echo.nextLine());
        }
    }

    @Test
    void petsciiLinesEndWithReturnAlone() throws Exception {
        InetSocketAddress a = startWith(RetroCharsets.PETSCII);
        try (RawTelnetClient c = new RawTelnetClient(a)) {
            echo.session();
            c.write(new byte[] {0x41, 0x0D, (byte) 0xC2, 0x0D});
            assertEquals("a", echo.nextLine());
            assertEquals("B", echo.nextLine());
            byte[] got = c.readUntil(new byte[] {'>', ' ', (byte) 0xC2, 0x0D}, WAIT);
            byte[] tail = Arrays.copyOfRange(got, indexOf(got, new byte[] {'>', ' ', 0x41}), got.length);
            // The NVT encoder pads the bare CR with NUL, which the client's parser drops.
            assertArrayEquals(new byte[] {'>', ' ', 0x41, 0x0D, '>', ' ', (byte) 0xC2, 0x0D}, tail,
                "RETURN alone: no LF, which a C128 would take as a second line feed");
        }
    }

    @Test
    void petsciiCursorKeysDoNotSwallowTheRestOfTheLine() throws Exception {
        InetSocketAddress a = startWith(RetroCharsets.PETSCII);
        try (RawTelnetClient c = new RawTelnetClient(a)) {
            echo.session();
            // 0x9D is cursor left and 0x9E yellow in PETSCII; as ECMA-48 C1 they would open a
            // control string that eats what follows.
            c.write(new byte[] {0x41, (byte) 0x9D, 0x42, (byte) 0x9E, 0x43, 0x0D});
            assertEquals("abc", echo.nextLine());
        }
    }

    // ---- character mode: the server echoes in the charset ----

    @Test
    void petsciiEchoUsesPetsciiBytesAndTheDelKey() throws Exception {
        InetSocketAddress a = start(TelnetServer.builder().handler(echo).encoding(RetroCharsets.PETSCII)
            .negotiationDeadline(Duration.ofMinutes(1)));
        try (TestTelnetClient c = new TestTelnetClient(a, echoingTerminal())) {
            Session s = awaitSession(c);
            assertTrue(s.isCharacterMode());
            int before = c.data.size();
            // a, b, DEL (erases b), c, RETURN
            c.write(new byte[] {0x41, 0x42, 0x14, 0x43, 0x0D});
            assertEquals("ac", echo.nextLine());
            byte[] expected = {0x41, 0x42, 0x14, 0x43, 0x0D, '>', ' ', 0x41, 0x43, 0x0D};
            assertArrayEquals(expected, readData(c, before, expected.length),
                "'a' echoes as 0x41, not ASCII's 0x61 (a graphics character); DEL erases");
        }
    }

    @Test
    void atasciiEchoUsesBackspaceAndEndOfLine() throws Exception {
        InetSocketAddress a = start(TelnetServer.builder().handler(echo).encoding(RetroCharsets.ATASCII)
            .negotiationDeadline(Duration.ofMinutes(1)));
        try (TestTelnetClient c = new TestTelnetClient(a, echoingTerminal())) {
            Session s = awaitSession(c);
            assertTrue(s.isCharacterMode());
            int before = c.data.size();
            // x, y, Shift-DELETE (delete line), a, b, BACK S (0x7E), c, RETURN (EOL)
            c.write(new byte[] {'x', 'y', (byte) 0x9C, 'a', 'b', 0x7E, 'c', (byte) 0x9B});
            assertEquals("ac", echo.nextLine());
            byte[] expected = {'x', 'y', 0x7E, 0x7E, 'a', 'b', 0x7E, 'c', (byte) 0x9B, '>', ' ', 'a', 'c', (byte) 0x9B};
            assertArrayEquals(expected, readData(c, before, expected.length));
        }
    }

    // ---- switching the encoding mid-session ----

    @Test
    void switchingFromOnLineDecodesTheRestOfThatReadInTheNewCharset() throws Exception {
        echo.switches.put("petscii", RetroCharsets.PETSCII);
        InetSocketAddress a = startWith(StandardCharsets.UTF_8);
        try (RawTelnetClient c = new RawTelnetClient(a)) {
            Session s = echo.session();
            // The command and the first PETSCII line in one write: "Hello" in PETSCII is
            // C8 45 4C 4C 4F, which in UTF-8 would be a malformed sequence then "ELLO".
            c.write(concat("petscii\r\n".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xC8, 0x45, 0x4C, 0x4C, 0x4F, 0x0D}));
            assertEquals("petscii", echo.nextLine());
            assertEquals("Hello", echo.nextLine());
            assertSame(RetroCharsets.PETSCII, s.charset());
            c.readUntil(new byte[] {'>', ' ', (byte) 0xC8, 0x45, 0x4C, 0x4C, 0x4F, 0x0D}, WAIT);
        }
    }

    @Test
    void aCharacterSplitAcrossASwitchFromAnotherThreadIsDecodedWhole() throws Exception {
        InetSocketAddress a = startWith(RetroCharsets.BIG5_BBS);
        try (RawTelnetClient c = new RawTelnetClient(a)) {
            Session s = echo.session();
            // 'x' and the lead byte of U+4E00 (A4 40); BIG5BBS holds the lead byte for its trail.
            // The AYT after them comes back once the server has read both.
            c.write(new byte[] {'x', (byte) 0xA4, IAC, (byte) TelnetCommand.AYT});
            c.readUntil("[Yes]".getBytes(StandardCharsets.US_ASCII), WAIT);
            s.setCharset(Charset.forName("Big5")); // off the loop: handed over, in order with send
            s.send("switched\n");
            c.readUntil("switched\r\n".getBytes(StandardCharsets.US_ASCII), WAIT);
            assertEquals(Charset.forName("Big5"), s.charset());
            c.write(new byte[] {0x40, '\r', '\n'});
            assertEquals("x\u4E00", echo.nextLine(), "the held lead byte was not lost in the switch");
        }
    }

    @Test
    void switchingToAtasciiFromAnotherThreadChangesLineEndsInOrder() throws Exception {
        InetSocketAddress a = startWith(StandardCharsets.UTF_8);
        try (RawTelnetClient c = new RawTelnetClient(a)) {
            Session s = echo.session();
            s.send("before\n");
            s.setCharset(RetroCharsets.ATASCII);
            s.send("after\n");
            c.readUntil(new byte[] {'a', 'f', 't', 'e', 'r', (byte) 0x9B}, WAIT);
            assertTrue(indexOf(c.data(), "before\r\n".getBytes(StandardCharsets.US_ASCII)) >= 0);
            c.write(new byte[] {0x00, 0x60, (byte) 0x9B});
            assertEquals("\u2665\u2666", echo.nextLine());
        }
    }

    // ---- helpers ----

    /** A terminal that lets the server echo (WILL ECHO, WILL SGA) and refuses everything else. */
    private static OptionSet echoingTerminal() {
        return OptionSet.builder().remote(TelnetOption.ECHO, TelnetOption.SGA).build();
    }

    private Session awaitSession(TestTelnetClient c) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            Session s = echo.sessions.poll();
            if (s != null) {
                return s;
            }
            if (!c.pump()) {
                throw new AssertionError("closed before the session started");
            }
        }
        throw new AssertionError("no session within " + WAIT);
    }

    /** Pumps until {@code n} data bytes arrived after {@code from}; returns those bytes. */
    private static byte[] readData(TestTelnetClient c, int from, int n) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (c.data.size() < from + n && System.nanoTime() < end) {
            if (!c.pump()) {
                break;
            }
        }
        byte[] all = c.data.toByteArray();
        return Arrays.copyOfRange(all, from, Math.min(all.length, from + n + 8));
    }

    /** Encodes, failing on anything unmappable: the test's own text must be in the charset. */
    private static byte[] strict(Charset cs, String s) throws CharacterCodingException {
        ByteBuffer b = cs.newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .encode(CharBuffer.wrap(s));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
