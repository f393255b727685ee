package org.telnet4j.cli;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.pty.PtyShell;
import org.telnet4j.server.SessionHandler;

/** {@code --pty-exec}: the handler that hosts the program, apart so ServerMain loads no pty code. */
final class PtyHosting {
    private static final Logger LOG = LoggerFactory.getLogger(PtyHosting.class);

    private PtyHosting() {
    }

    static SessionHandler shell(String program, List<String> args, List<String> passEnv, boolean lineMode,
                                int forkLimit) {
        String path = passEnv.contains("PATH") && System.getenv("PATH") != null ? System.getenv("PATH")
            : org.telnet4j.pty.PtyShell.DEFAULT_PATH;
        String why = PtyShell.cannotRun(program, path);
        if (why != null) {
            // Not fatal: it may be installed later; each client is told, and the server keeps serving.
            LOG.warn("--pty-exec {}: {}; clients will be told so until it is fixed", program, why);
        }
        return PtyShell.builder(program).args(args).passEnvironment(passEnv).lineMode(lineMode)
            .forkLimit(forkLimit).build();
    }
}
