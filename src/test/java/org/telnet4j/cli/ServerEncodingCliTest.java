package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.telnet4j.testing.RawTelnetClient.concat;
import static org.telnet4j.testing.RawTelnetClient.indexOf;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.telnet4j.charset.RetroCharsets;
import org.telnet4j.testing.RawTelnetClient;

/**
 * {@code telnet4j-server --encoding NAME --shell echo} in a JVM of its own, for each kind of
 * encoding: the JVM finds the retro charsets by name through the charset provider, and a client
 * that types a line in the encoding (ending it as that terminal does) gets the line back in it.
 * ({@code --encoding} with an unknown name is covered by {@link ServerMainTest}.)
 */
class ServerEncodingCliTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private ServerProcess server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    static Stream<Arguments> encodings() {
        return Stream.of(
            // --encoding as a user would spell it, a line beyond ASCII, the terminal's end of line
            Arguments.of("utf-8", "Gr\u00FC\u00DFe \u4E16\u754C \u20AC", new byte[] {'\r', '\n'}),
            Arguments.of("cp437", "\u2554\u2550\u2557 \u00C7a va \u2591\u2593", new byte[] {'\r', '\n'}),
            Arguments.of("c64", "Ready. \u00A3\u2191\u2713\u2592", new byte[] {0x0D}),
            Arguments.of("atari8bit", "READY \u2665\u2666\u2663", new byte[] {(byte) 0x9B}),
            Arguments.of("atarist", "Gr\u00FC\u00DFe \u05E9\u05DC\u05D5\u05DD \u221E", new byte[] {'\r', '\n'}),
            Arguments.of("big5bbs", "\u4E2D\u6587 BBS \u7AD9", new byte[] {'\r', '\n'}));
    }

    @ParameterizedTest(name = "--encoding {0}")
    @MethodSource("encodings")
    void echoShellAnswersInTheEncoding(String name, String text, byte[] eol) throws Exception {
        server = ServerProcess.start("--encoding", name, "--shell", "echo", "--connect-maxwait", "0.2");
        Charset cs = Charset.forName(name);
        try (RawTelnetClient c = new RawTelnetClient("127.0.0.1", server.port)) {
            byte[] line = strict(cs, text);
            c.write(concat(line, eol));
            // The echo shell sends the line back with the session's line end.
            byte[] expected = concat(line, strict(cs, RetroCharsets.lineEnd(cs)));
            byte[] got = c.readUntil(expected, WAIT);
            byte[] echoed = Arrays.copyOfRange(got, indexOf(got, expected), got.length);
            assertEquals(text + RetroCharsets.lineEnd(cs), new String(echoed, cs));
        }
    }

    private static byte[] strict(Charset cs, String s) throws Exception {
        ByteBuffer b = cs.newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .encode(CharBuffer.wrap(s));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
