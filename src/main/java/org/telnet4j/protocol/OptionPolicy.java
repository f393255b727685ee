package org.telnet4j.protocol;

/**
 * Decides which options we agree to. Consulted only when the peer asks for something; what we
 * offer ourselves is up to whoever drives the {@link OptionNegotiator}. Implementations must be
 * cheap and must not allocate: they run on the parser's thread for every request.
 */
public interface OptionPolicy {

    /** Peer sent {@code DO option}: do we agree to enable it on our side (answer WILL)? */
    boolean acceptLocal(int option);

    /** Peer sent {@code WILL option}: do we agree to let the peer enable it (answer DO)? */
    boolean acceptRemote(int option);

    /** A policy that refuses every request: pure NVT. */
    static OptionPolicy refuseAll() {
        return OptionSet.builder().build();
    }
}
