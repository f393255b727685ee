package org.telnet4j.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.telnet4j.protocol.TelnetParser;
import org.telnet4j.protocol.TelnetParserListener;
import org.telnet4j.protocol.ProtocolWarning;

/**
 * Turns one fuzz input into subnegotiation payloads for a decoder: the input itself, taken as one
 * payload, then the payload of every {@code IAC SB option ... IAC SE} of that option in the input
 * read as a telnet stream. So the seeds can be whole telnet transcripts (every payload a real
 * peer sent), and mutations that break the framing still reach the decoder as raw bytes.
 */
public final class FuzzPayloads {
    private FuzzPayloads() {
    }

    /**
     * The payloads for {@code option} in {@code input}, the whole input first.
     *
     * @param input a fuzz input
     * @param option the option whose subnegotiations to take
     * @return fresh arrays, each exactly one payload
     */
    public static List<byte[]> of(byte[] input, int option) {
        List<byte[]> out = new ArrayList<>();
        out.add(input.clone());
        TelnetParser parser = new TelnetParser(new TelnetParserListener() {
            @Override
            public void onData(byte[] buf, int off, int len) {
            }

            @Override
            public void onCommand(int command) {
            }

            @Override
            public void onNegotiation(int verb, int o) {
            }

            @Override
            public void onSubnegotiation(int o, byte[] buf, int off, int len) {
                if (o == option) {
                    out.add(Arrays.copyOfRange(buf, off, off + len));
                }
            }

            @Override
            public void onProtocolWarning(ProtocolWarning warning, int detail) {
            }
        });
        parser.feed(input, 0, input.length);
        return out;
    }
}
