package org.telnet4j.protocol;

/**
 * Receives what a {@link TelnetParser} finds in the byte stream.
 *
 * <p>Array arguments are views: {@code onData} slices point into the caller's input buffer and
 * {@code onSubnegotiation} slices into the parser's own payload buffer. Both are valid only for
 * the duration of the call; copy what must outlive it.
 *
 * <p>A listener may call {@link TelnetParser#pause()} or {@link TelnetParser#setBinary(boolean)}
 * from any of these methods; both take effect from the next byte.
 */
public interface TelnetParserListener {

    /** In-band data, with {@code IAC IAC} unescaped and, outside BINARY, {@code CR NUL} as CR. */
    void onData(byte[] buf, int off, int len);

    /**
     * A two-byte command: NOP, DM, BRK, IP, AO, AYT, EC, EL, GA, EOR, EOF, SUSP or ABORT
     * (see {@link TelnetCommand}).
     */
    void onCommand(int command);

    /**
     * {@code IAC WILL|WONT|DO|DONT option}, as received; RFC 1143 bookkeeping is the job of
     * {@link OptionNegotiator}.
     */
    void onNegotiation(int verb, int option);

    /** A complete subnegotiation {@code IAC SB option payload IAC SE}, payload unescaped. */
    void onSubnegotiation(int option, byte[] buf, int off, int len);

    /** A protocol violation the parser recovered from. */
    void onProtocolWarning(ProtocolWarning warning, int detail);
}
