package org.telnet4j.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.loop.CloseReason;

/** Runs a {@link Shell} per session on a thread of its own; the bridge between loop and shell. */
final class ShellRunner implements SessionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ShellRunner.class);
    private static final String READER = ShellRunner.class.getName() + ".reader";

    private final Shell shell;

    ShellRunner(Shell shell) {
        this.shell = java.util.Objects.requireNonNull(shell, "shell");
    }

    @Override
    public void onConnect(Session session) {
        ShellReader in = new ShellReader(session, session.server().settings().maxQueuedLines);
        ShellWriter out = new ShellWriter(session);
        session.setAttribute(READER, in);
        Threads.start("telnet4j-shell-" + session.addrport(), () -> {
            try {
                shell.run(in, out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception | Error e) {
                LOG.error("{} shell {} failed", session.addrport(), shell.getClass().getName(), e);
            } finally {
                session.close();
            }
        });
    }

    @Override
    public void onLine(Session session, String line) {
        ShellReader in = (ShellReader) session.getAttribute(READER);
        if (in != null) {
            in.offer(line);
        }
    }

    @Override
    public void onDisconnect(Session session, CloseReason reason) {
        ShellReader in = (ShellReader) session.getAttribute(READER);
        if (in != null) {
            in.eof();
        }
    }
}
