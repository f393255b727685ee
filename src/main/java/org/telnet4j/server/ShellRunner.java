package org.telnet4j.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a {@link Shell} per session on a thread of its own, closing the session when it ends. */
final class ShellRunner extends BlockingBridge {
    private static final Logger LOG = LoggerFactory.getLogger(ShellRunner.class);

    private final Shell shell;

    ShellRunner(Shell shell) {
        this.shell = java.util.Objects.requireNonNull(shell, "shell");
    }

    @Override
    void connected(Session session, ShellReader in, ShellWriter out) {
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
}
