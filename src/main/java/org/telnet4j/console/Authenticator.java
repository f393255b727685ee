package org.telnet4j.console;

import org.telnet4j.server.Session;

/**
 * Checks who may use a console. The console asks for a user name and a password (the password
 * is not echoed) and calls {@link #authenticate}; failures are slowed down and counted per address
 * by a {@link LoginGuard}. {@link PasswordFile} is a ready-made one over a file of salted hashes.
 *
 * <p>Implementations are called on the session's shell thread, not the event loop, so they may
 * take their time (a deliberately slow hash, a directory lookup); they must be thread-safe.
 */
public interface Authenticator {

    /**
     * True if {@code password} is right for {@code user}. Compare in constant time
     * ({@link java.security.MessageDigest#isEqual}) and spend the same time on unknown users, so
     * that neither the timing nor the answer tells which part was wrong.
     *
     * @param password the password typed; the caller clears the array afterwards
     */
    boolean authenticate(String user, char[] password);

    /**
     * A user already proven by the connection itself, or null to ask for a password (the
     * default). This is the seam for TLS client certificates: when the server gains TLS (its own
     * issue), an authenticator that maps a verified client certificate's subject to a user will
     * answer here, and the password prompt will be skipped.
     */
    default String preauthenticated(Session session) {
        return null;
    }
}
