package org.telnet4j.protocol;

/** What an {@link OptionNegotiator} reports about one side of one option. */
public enum NegotiationEvent {
    /** The option became enabled on that side. */
    ENABLED,
    /** The option stopped being enabled on that side. */
    DISABLED,
    /** The peer refused our request to enable it (RFC 854: we must not enable it). */
    REFUSED_BY_PEER,
    /** We refused the peer's request (policy said no), answering DONT or WONT. */
    DECLINED,
    /** The peer repeated a request for a state already in force; ignored (RFC 1143 rule 2). */
    REPEATED,
    /**
     * Lenient mode: the peer repeated a request for a state already in force, and we answered it
     * once more because the peer may have restarted and forgotten the earlier agreement.
     */
    REACKNOWLEDGED,
    /**
     * The peer violated RFC 1143: it answered our DONT with WILL (or our WONT with DO). The state
     * machine recovers as section 7 prescribes.
     */
    VIOLATION,
    /**
     * The peer sent more negotiation requests than the configured limit; from now on its requests
     * are ignored. Reported once per connection. The option number is -1.
     */
    LIMIT_REACHED,
    /** A TIMING-MARK we asked for came back, as WILL or WONT (RFC 860). */
    TIMING_MARK
}
