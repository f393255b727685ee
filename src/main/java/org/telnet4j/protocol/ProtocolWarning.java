package org.telnet4j.protocol;

/**
 * Protocol violations the parser recovers from. Each is reported through
 * {@link TelnetParserListener#onProtocolWarning} and never ends the connection by itself.
 */
public enum ProtocolWarning {
    /**
     * A subnegotiation payload passed the parser's ceiling. Detail: the option. The rest of that
     * subnegotiation is discarded up to its {@code IAC SE}; parsing stays in sync.
     */
    SUBNEGOTIATION_OVERFLOW,
    /**
     * {@code IAC <command>} other than SE or IAC arrived inside a subnegotiation. Detail: the
     * command. The subnegotiation is dropped and the command is processed as if outside it.
     */
    SUBNEGOTIATION_INTERRUPTED,
    /** {@code IAC SB IAC SE}: a subnegotiation with no option byte. Detail: -1. */
    EMPTY_SUBNEGOTIATION,
    /** {@code IAC SE} outside a subnegotiation. It is dropped. Detail: -1. */
    SE_WITHOUT_SB,
    /** {@code IAC} followed by an unassigned byte (below 236). Both are dropped. Detail: the byte. */
    UNASSIGNED_COMMAND
}
