package org.telnet4j.fingerprint;

import java.io.ByteArrayOutputStream;
import org.telnet4j.protocol.TelnetCommand;

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
        send(new byte[] {(byte) TelnetCommand.IAC, (byte) verb, (byte) option});
    }

    /** IAC SB option payload IAC SE, with every IAC in the payload doubled (RFC 854). */
    default void sendSb(int option, byte[] payload) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(TelnetCommand.IAC);
        b.write(TelnetCommand.SB);
        b.write(option);
        for (byte x : payload) {
            b.write(x);
            if ((x & 0xff) == TelnetCommand.IAC) {
                b.write(TelnetCommand.IAC);
            }
        }
        b.write(TelnetCommand.IAC);
        b.write(TelnetCommand.SE);
        send(b.toByteArray());
    }
}
