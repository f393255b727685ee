package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.telnet4j.testing.RawTelnetClient.concat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.telnet4j.charset.RetroCharsets;
import org.telnet4j.protocol.TelnetNotation;

/**
 * A server with each kind of encoding, as bytes in and bytes out of a whole {@link ServerProtocol}
 * without a socket, the client never answering a negotiation (as retro terminal programs do) so the
 * configured encoding stays in force: lines typed in the encoding arrive as the right text, what
 * the application sends goes out in the encoding with the encoding's own line end, and the echo
 * of character mode uses the encoding's bytes and erase. {@link ServerEncodingTest} keeps the
 * socket end to end and the switches made from another thread.
 */
class ServerEncodingBytesTest {

    /** Started, each line echoed with a prefix as the socket tests' application did. */
    static ServerHarness echoing(ServerHarness h, List<String> lines) {
        h.lineHook = line -> {
            lines.add(line);
            h.protocol.sendText("> " + line + "\n");
        };
        return h;
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
        assertSame(cs, ServerHarness.started(TelnetServer.builder().encoding(cs)).protocol.charset(),
            "a client that answers nothing leaves the configured encoding");
        byte[] expected = concat(strict(cs, "> " + text), eol);
        assertEquals("> " + text + RetroCharsets.lineEnd(cs), new String(expected, cs));
        byte[] typedLine = text.getBytes(StandardCharsets.UTF_8);
        String event = "line " + TelnetNotation.quote(typedLine, 0, typedLine.length);
        String output = TelnetNotation.format(nvt(expected));
        ServerHarness.everySplit(() -> echoing(ServerHarness.started(TelnetServer.builder().encoding(cs)),
            new ArrayList<>()), concat(strict(cs, text), eol), h -> {
                assertEquals(List.of(event), h.takeEvents());
                assertEquals(output, h.takeOutputText());
            });
    }

    @Test
    void atasciiEndOfLineEndsALineAndIsWhatComesBack() {
        List<String> lines = new ArrayList<>();
        ServerHarness h = echoing(ServerHarness.started(TelnetServer.builder().encoding(RetroCharsets.ATASCII)), lines);
        // Two lines in one read, each ended by EOL (0x9B) alone: no CR, no LF anywhere.
        h.feed(new byte[] {'o', 'n', 'e', (byte) 0x9B, 't', 'w', 'o', (byte) 0x9B});
        assertEquals(List.of("one", "two"), lines);
        assertArrayEquals(new byte[] {'>', ' ', 'o', 'n', 'e', (byte) 0x9B, '>', ' ', 't', 'w', 'o', (byte) 0x9B},
            h.takeOutput(), "EOL only: no '?' for an unmappable CR");
    }

    @Test
    void atasciiGraphicsAt0x0dAnd0x0aReachAClientWithoutBinaryUnchanged() throws Exception {
        // ATASCII has no carriage return or line feed: 0x0D and 0x0A are the top edge bar and a
        // triangle, common in BBS art. NVT end-of-line rules would turn them into CR NUL (NUL is a
        // heart in ATASCII) and CR LF, so for ATASCII the session sends its bytes as they are.
        List<String> lines = new ArrayList<>();
        ServerHarness h = ServerHarness.started(TelnetServer.builder().encoding(RetroCharsets.ATASCII));
        h.lineHook = lines::add;
        String art = "\u23BA\u25E3\u23BA";
        assertArrayEquals(new byte[] {0x0D, 0x0A, 0x0D}, strict(RetroCharsets.ATASCII, art));
        h.protocol.sendText("[" + art + "]");
        assertArrayEquals(new byte[] {'[', 0x0D, 0x0A, 0x0D, ']'}, h.takeOutput());
        // And typed: CTRL-M then CTRL-comma (the heart, 0x00) are two characters, not a CR.
        h.feed(new byte[] {'x', 0x0D, 0x00, 'y', (byte) 0x9B});
        assertEquals(List.of("x\u23BA\u2665y"), lines);
    }

    @Test
    void petsciiLinesEndWithReturnAlone() {
        List<String> lines = new ArrayList<>();
        ServerHarness h = echoing(ServerHarness.started(TelnetServer.builder().encoding(RetroCharsets.PETSCII)), lines);
        h.feed(new byte[] {0x41, 0x0D, (byte) 0xC2, 0x0D});
        assertEquals(List.of("a", "B"), lines);
        // RETURN alone, no LF (which a C128 would take as a second line feed); outside BINARY the
        // NVT encoder pads the bare CR with NUL (RFC 854), which the client's telnet drops.
        assertArrayEquals(new byte[] {'>', ' ', 0x41, 0x0D, 0, '>', ' ', (byte) 0xC2, 0x0D, 0}, h.takeOutput());
    }

    @Test
    void petsciiCursorKeysDoNotSwallowTheRestOfTheLine() {
        // 0x9D is cursor left and 0x9E yellow in PETSCII; as ECMA-48 C1 they would open a
        // control string that eats what follows.
        ServerHarness.everySplit(() -> ServerHarness.started(TelnetServer.builder().encoding(RetroCharsets.PETSCII)),
            new byte[] {0x41, (byte) 0x9D, 0x42, (byte) 0x9E, 0x43, 0x0D}, "", List.of("line \"abc\""));
    }

    // ---- character mode: the server echoes in the charset ----

    @Test
    void petsciiEchoUsesPetsciiBytesAndTheDelKey() {
        List<String> lines = new ArrayList<>();
        ServerHarness h = echoing(ServerHarness.characterMode(TelnetServer.builder().encoding(RetroCharsets.PETSCII)),
            lines);
        // a, b, DEL (erases b), c, RETURN
        h.feed(new byte[] {0x41, 0x42, 0x14, 0x43, 0x0D});
        assertEquals(List.of("ac"), lines);
        // 'a' echoes as 0x41, not ASCII's 0x61 (a graphics character); DEL erases
        assertArrayEquals(new byte[] {0x41, 0x42, 0x14, 0x43, 0x0D, 0, '>', ' ', 0x41, 0x43, 0x0D, 0}, h.takeOutput());
    }

    @Test
    void atasciiEchoUsesBackspaceAndEndOfLine() {
        List<String> lines = new ArrayList<>();
        ServerHarness h = echoing(ServerHarness.characterMode(TelnetServer.builder().encoding(RetroCharsets.ATASCII)),
            lines);
        // x, y, Shift-DELETE (delete line), a, b, BACK S (0x7E), c, RETURN (EOL)
        h.feed(new byte[] {'x', 'y', (byte) 0x9C, 'a', 'b', 0x7E, 'c', (byte) 0x9B});
        assertEquals(List.of("ac"), lines);
        assertArrayEquals(new byte[] {'x', 'y', 0x7E, 0x7E, 'a', 'b', 0x7E, 'c', (byte) 0x9B, '>', ' ', 'a', 'c',
            (byte) 0x9B}, h.takeOutput());
    }

    // ---- switching the encoding mid-read ----

    @Test
    void switchingFromOnLineDecodesTheRestOfThatReadInTheNewCharset() {
        // The command and the first PETSCII line in one read: "Hello" in PETSCII is C8 45 4C 4C 4F,
        // which in UTF-8 would be a malformed sequence then "ELLO".
        byte[] input = concat("petscii\r\n".getBytes(StandardCharsets.US_ASCII),
            new byte[] {(byte) 0xC8, 0x45, 0x4C, 0x4C, 0x4F, 0x0D});
        ServerHarness.everySplit(() -> {
            List<String> lines = new ArrayList<>();
            ServerHarness h = echoing(ServerHarness.started(ServerHarness.utf8()), lines);
            h.lineHook = h.lineHook.andThen(line -> {
                if (line.equals("petscii")) {
                    h.protocol.setCharset(RetroCharsets.PETSCII); // in the middle of decoding a read
                }
            });
            return h;
        }, input, h -> {
            assertEquals(List.of("line \"petscii\"", "line \"Hello\""), h.takeEvents());
            assertSame(RetroCharsets.PETSCII, h.protocol.charset());
            assertEquals(TelnetNotation.format(concat("> petscii\r\n".getBytes(StandardCharsets.US_ASCII),
                new byte[] {'>', ' ', (byte) 0xC8, 0x45, 0x4C, 0x4C, 0x4F, 0x0D, 0})), h.takeOutputText());
        });
    }

    // ---- helpers ----

    /** Outside BINARY a bare CR goes as CR NUL (RFC 854). */
    static byte[] nvt(byte[] b) {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < b.length; i++) {
            o.write(b[i]);
            if (b[i] == '\r' && (i + 1 == b.length || b[i + 1] != '\n')) {
                o.write(0);
            }
        }
        return o.toByteArray();
    }

    /** Encodes, failing on anything unmappable: the test's own text must be in the charset. */
    static byte[] strict(Charset cs, String s) throws CharacterCodingException {
        ByteBuffer b = cs.newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .encode(CharBuffer.wrap(s));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
