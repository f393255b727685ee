package org.telnet4j.pty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command translation, without starting anything. */
class PtyShellTest {
    @TempDir
    Path tmp;

    @Test
    void programsAreFoundOrExplained() throws Exception {
        assertNull(PtyShell.cannotRun("/bin/sh", "/nowhere"));
        assertNull(PtyShell.cannotRun("sh", "/nowhere:/bin"));
        assertEquals(Path.of("/bin/sh"), PtyShell.resolve("sh", "/nowhere::/bin"));
        assertEquals("no such file", PtyShell.cannotRun("/no/such/program", "/bin"));
        assertEquals("not found in /nowhere", PtyShell.cannotRun("sh", "/nowhere"));
        assertEquals("is a directory", PtyShell.cannotRun("/tmp", "/bin"));
        Path plain = Files.writeString(tmp.resolve("plain"), "echo hi\n");
        assertEquals("not executable", PtyShell.cannotRun(plain.toString(), "/bin"));
        // a file in PATH that is not executable is skipped, as execvp does
        assertEquals("not found in " + tmp, PtyShell.cannotRun("plain", tmp.toString()));
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PtyShell.builder(""));
        assertThrows(NullPointerException.class, () -> PtyShell.builder(null));
        assertThrows(IllegalArgumentException.class, () -> PtyShell.builder("sh").forkLimit(-1));
        assertThrows(IllegalArgumentException.class,
            () -> PtyShell.builder("sh").hangupGrace(Duration.ofSeconds(-1)));
    }

    @Test
    void nothingRunsUntilAClientConnects() {
        PtyShell s = PtyShell.of("/bin/sh", List.of("-c", "true"), java.util.Map.of());
        assertEquals(0, s.running());
        assertEquals("PtyShell[/bin/sh [-c, true]]", s.toString());
    }
}
