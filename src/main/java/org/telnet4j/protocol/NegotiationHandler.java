package org.telnet4j.protocol;

/** Where an {@link OptionNegotiator} sends its replies and reports what changed. */
public interface NegotiationHandler {

    /** Transmit {@code IAC verb option}; verb is WILL, WONT, DO or DONT. */
    void sendNegotiation(int verb, int option);

    /** Something happened to one side of one option; see {@link NegotiationEvent}. */
    void onNegotiationEvent(NegotiationEvent event, Side side, int option);
}
