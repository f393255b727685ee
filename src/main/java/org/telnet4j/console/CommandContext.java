package org.telnet4j.console;

import org.telnet4j.server.Session;

/** What a running {@link Command} can use: output, the session, the user who logged in. */
public final class CommandContext {
    private final ConsoleIO io;
    private final String user;

    CommandContext(ConsoleIO io, String user) {
        this.io = io;
        this.user = user;
    }

    /** Prints a line. */
    public void println(String text) throws InterruptedException {
        io.println(text);
    }

    /** Prints text; LF becomes CR LF. */
    public void print(String text) throws InterruptedException {
        io.print(text);
    }

    /** The console, to read a line (a confirmation) or print from another thread. */
    public ConsoleIO io() {
        return io;
    }

    /** The session: address, terminal type, window size. */
    public Session session() {
        return io.session();
    }

    /** The user who logged in, or null when the console has no login. */
    public String user() {
        return user;
    }
}
