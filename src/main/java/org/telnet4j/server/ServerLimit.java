package org.telnet4j.server;

/**
 * Limits a client can run into, as {@link ServerStats#limitsHit()} counts them (each hit is also
 * logged, rate-limited). Closes for a limit are counted by close reason as well.
 */
public enum ServerLimit {
    /** An input line longer than {@code maxLineLength}: the rest was dropped. */
    LINE_LENGTH,
    /** A subnegotiation longer than {@code maxSubnegotiation}: it was discarded. */
    SUBNEGOTIATION,
    /** More negotiation requests than {@code maxNegotiationRequests} in one window. */
    NEGOTIATION_REQUESTS,
    /** The output queue passed {@code outputQueueCap} (the overflow policy then applied). */
    OUTPUT_QUEUE
}
