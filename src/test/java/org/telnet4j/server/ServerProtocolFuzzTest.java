package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.telnet4j.charset.RetroCharsets;
import org.telnet4j.protocol.TelnetNotation;

/**
 * Coverage-guided fuzzing of the server's I/O-free protocol: once the session has started, the
 * same client bytes give the same events and the same replies however the reads were cut (whole,
 * a byte at a time, in pieces of seven). This is the split-read property the golden transcripts
 * check for chosen inputs, here for any input: it covers the decoder's runs, the line editor, the
 * option owners and the negotiation together.
 *
 * <p>The first byte picks the settings (charset, line mode, LINEMODE option). The session is
 * started at once (the negotiation deadline), so what the opening script waits for does not
 * depend on where a read ended. A client that turns on MCCP3 compression ends the comparison
 * there (what follows is for the inflater, which has its own fuzz target). The application
 * prompts as it handles every IAC IP, and what waits for the timing mark at the end of the input
 * is let go ({@code markWaitOver}): an interrupt's output goes after our answer to the DO TM that
 * follows it however the two were cut (RFC 860).
 *
 * <p>Regression mode replays {@code src/test/resources/org/telnet4j/server/ServerProtocolFuzzTestInputs/<method>/}.
 */
class ServerProtocolFuzzTest {
    private static final List<Charset> CHARSETS = List.of(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1,
        Charset.forName("IBM437"), RetroCharsets.PETSCII);

    @FuzzTest
    void splitsDoNotChangeTheSession(byte[] input) {
        if (input.length < 1) {
            return;
        }
        int config = input[0] & 0xFF;
        byte[] stream = Arrays.copyOfRange(input, 1, input.length);
        String whole = run(config, stream, stream.length);
        assertEquals(whole, run(config, stream, 1), "byte by byte");
        assertEquals(whole, run(config, stream, 7), "in pieces of 7");
    }

    /** Events and replies, as text, for {@code stream} fed in reads of {@code piece} bytes. */
    private static String run(int config, byte[] stream, int piece) {
        TelnetServer.Builder b = TelnetServer.builder()
            .encoding(CHARSETS.get(config % CHARSETS.size()))
            .lineMode((config & 0x04) != 0)
            .linemodeOption((config & 0x08) != 0)
            .gmcp((config & 0x10) != 0)
            .compression((config & 0x20) != 0);
        ServerTranscriptTest.Driver d = new ServerTranscriptTest.Driver(b.settings());
        d.interruptPrompt = "> ";
        d.protocol.begin();
        d.protocol.deadline();
        int at = 0;
        while (at < stream.length && !d.decompressing) {
            int n = Math.min(piece, stream.length - at);
            int used = d.protocol.receive(stream, at, n);
            at += used;
            if (used < n) {
                break; // MCCP3 from here
            }
        }
        d.protocol.markWaitOver(); // the owner's timer, had no DO TM come after an IP
        return String.join("\n", d.events) + "\n--- sent\n" + TelnetNotation.format(d.sent.toByteArray())
            + "\n--- consumed " + at;
    }
}
