package org.telnet4j.cli;

import org.telnet4j.server.Session;
import org.telnet4j.server.SessionHandler;

/**
 * A {@code --shell} for tests behind a balancer: tells each client what the server believes about
 * it (address, which instance, TLS) and echoes lines, so a test can check both from the client.
 */
public final class WhoAmIHandler implements SessionHandler {
    @Override
    public void onConnect(Session s) {
        s.send("you are " + s.addrport() + " via " + s.server().localAddress().getPort() + " secure="
            + s.isSecure() + " tls=" + s.tlsProtocol() + "\n");
    }

    @Override
    public void onLine(Session s, String line) {
        if (line.equals("flood")) {
            s.send("x".repeat(250_000)); // under the 256 KiB queue cap, over what a stalled reader takes
        } else {
            s.send("echo " + line + "\n");
        }
    }
}
