package org.telnet4j.protocol;

/**
 * What a {@link TelnetEngine} reports to the layer above it (a server session, a client).
 * Negotiation requests are already answered by the engine; this listener hears the outcome.
 * Array arguments are views valid only during the call.
 */
public interface TelnetEngineListener {

    /** In-band data; see {@link TelnetParserListener#onData}. */
    void onData(byte[] buf, int off, int len);

    /** A two-byte command such as GA, AYT, IP, EOR. */
    default void onCommand(int command) {
    }

    /** A complete subnegotiation; the payload is unescaped. */
    default void onSubnegotiation(int option, byte[] buf, int off, int len) {
    }

    /** An option changed state, a request was refused, or the peer misbehaved. */
    default void onNegotiationEvent(NegotiationEvent event, Side side, int option) {
    }

    /** A protocol violation the parser recovered from. */
    default void onProtocolWarning(ProtocolWarning warning, int detail) {
    }
}
