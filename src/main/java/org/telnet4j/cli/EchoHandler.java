package org.telnet4j.cli;

import org.telnet4j.server.Session;
import org.telnet4j.server.SessionHandler;

/**
 * An event-driven echo service: every line comes back as it was typed, followed by CR LF. It runs
 * on the loop thread with no thread per connection, which makes it the shell to load-test the
 * server with ({@code --shell echo}).
 */
public final class EchoHandler implements SessionHandler {
    @Override
    public void onLine(Session session, String line) {
        session.send(line);
        session.send("\n"); // two calls rather than a concatenated copy of every line
    }
}
