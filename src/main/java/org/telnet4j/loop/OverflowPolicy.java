package org.telnet4j.loop;

/** What a connection does when its output queue reaches its cap (the peer stopped reading). */
public enum OverflowPolicy {
    /** Close the connection at once, discarding what is queued. The default: others are unaffected. */
    DISCONNECT,
    /** Keep the connection, discard the output that did not fit, and log it. */
    DISCARD
}
