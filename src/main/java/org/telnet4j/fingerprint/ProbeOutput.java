package org.telnet4j.fingerprint;

import org.telnet4j.protocol.TelnetEncoder;

/**
 * Where a probe's bytes go: {@link ProbeConnection} on a socket, a byte buffer in a test. The
 * encodings of a negotiation and of a subnegotiation are written here once for both probes.
 */
@FunctionalInterface
interface ProbeOutput {
    /** Sends (or queues, see {@link ProbeConnection}) these bytes as they are. */
    void send(byte[] bytes);

    /** IAC verb option. */
    default void sendVerb(int verb, int option) {
        byte[] b = new byte[3];
        TelnetEncoder.writeNegotiation(b, 0, verb, option);
        send(b);
    }

    /** IAC SB option payload IAC SE, with every IAC in the payload doubled (RFC 854). */
    default void sendSb(int option, byte[] payload) {
        byte[] b = new byte[TelnetEncoder.maxSubnegotiationLength(payload.length)];
        int n = TelnetEncoder.writeSubnegotiation(b, 0, option, payload, 0, payload.length);
        send(java.util.Arrays.copyOf(b, n));
    }
}
