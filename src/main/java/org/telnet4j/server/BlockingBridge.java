package org.telnet4j.server;

/**
 * The bridge from the event loop to blocking code: gives each connected session a
 * {@link ShellReader} fed with its lines and a {@link ShellWriter}, and tells subclasses when one
 * is ready. Used by {@link Shell} hosting and by {@link BlockingTelnetServer}.
 */
abstract class BlockingBridge implements SessionHandler {
    private static final String READER = BlockingBridge.class.getName() + ".reader";

    /** A session connected; its reader and writer are ready. Loop thread: must not block. */
    abstract void connected(Session session, ShellReader in, ShellWriter out);

    @Override
    public final void onConnect(Session session) {
        ShellReader in = new ShellReader(session, session.server().settings().maxQueuedLines);
        session.setAttribute(READER, in);
        connected(session, in, new ShellWriter(session));
    }

    @Override
    public final void onLine(Session session, String line) {
        ShellReader in = (ShellReader) session.getAttribute(READER);
        if (in != null) {
            in.offer(line);
        }
    }

    /**
     * Ctrl-C ({@code IAC IP}, or a typed 0x03 in character mode): the session has dropped the line
     * being typed; the reader gets an empty line, so a shell waiting in {@code readLine} prompts
     * again.
     */
    @Override
    public void onCommand(Session session, int command) {
        if (command == org.telnet4j.protocol.TelnetCommand.IP) {
            ShellReader in = (ShellReader) session.getAttribute(READER);
            if (in != null) {
                in.offer("");
            }
        }
    }

    @Override
    public final void onDisconnect(Session session, DisconnectReason reason) {
        ShellReader in = (ShellReader) session.getAttribute(READER);
        if (in != null) {
            in.eof();
        }
    }
}
