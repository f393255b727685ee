package org.telnet4j.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.telnet4j.testing.Tmux;

/**
 * {@code bin/telnet4j-client} (the same main class, in a JVM of its own) on a tmux pseudo-terminal,
 * with HOME in a temporary directory; the exit status is written to a file, since tmux does not
 * always keep it.
 */
final class ClientInTmux implements AutoCloseable {
    final Tmux tmux;
    private final Path status;

    private ClientInTmux(Tmux tmux, Path status) {
        this.tmux = tmux;
        this.status = status;
    }

    /** Starts the client with {@code args} in a {@code cols x rows} pane. */
    static ClientInTmux start(String tmuxPath, Path dir, int cols, int rows, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), ClientMain.class.getName()));
        cmd.addAll(Arrays.asList(args));
        return startCommand(tmuxPath, dir, cols, rows, cmd);
    }

    /** Starts any program {@code cmd} the same way (for a baseline: the system's telnet). */
    static ClientInTmux startCommand(String tmuxPath, Path dir, int cols, int rows, List<String> cmd)
            throws IOException {
        StringBuilder line = new StringBuilder();
        for (String a : cmd) {
            line.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        Path script = Files.createTempFile(dir, "client", ".sh");
        Path status = Path.of(script + ".status");
        Files.writeString(script, "#!/bin/sh\n"
            + "unset XDG_DATA_HOME\n"
            + "export LANG=C.UTF-8 TERM=xterm HOME='" + dir + "'\n"
            + "cd '" + new File(".").getAbsolutePath() + "'\n"
            + line.substring(1) + "\n"
            + "echo $? > '" + status + "'\n");
        script.toFile().setExecutable(true);
        return new ClientInTmux(Tmux.start(tmuxPath, script, cols, rows), status);
    }

    /** Waits for the client to exit; returns its exit status. */
    int exitStatus(Duration timeout) throws Exception {
        tmux.waitForExit(timeout);
        return Integer.parseInt(Files.readString(status).trim());
    }

    /** The screen's rows, all of them (blank ones included). */
    static List<String> allRows(String screen) {
        List<String> r = new ArrayList<>(Arrays.asList(screen.split("\n", -1)));
        if (!r.isEmpty() && r.get(r.size() - 1).isEmpty() && screen.endsWith("\n")) {
            r.remove(r.size() - 1); // the newline after the last row
        }
        return r;
    }

    /** The last non-blank row ("" for an empty screen). */
    static String lastRow(String screen) {
        List<String> r = allRows(screen);
        for (int i = r.size() - 1; i >= 0; i--) {
            if (!r.get(i).isBlank()) {
                return r.get(i);
            }
        }
        return "";
    }

    @Override
    public void close() {
        tmux.close();
    }
}
