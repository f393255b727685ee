package org.telnet4j.protocol;

/** Which end of the connection an option is enabled on (RFC 1143 calls them "us" and "him"). */
public enum Side {
    /** Our side: we send WILL/WONT, the peer sends DO/DONT. */
    LOCAL,
    /** The peer's side: the peer sends WILL/WONT, we send DO/DONT. */
    REMOTE
}
