package org.telnet4j.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file of salted PBKDF2 hashes: lines, checks, replacement, reload, bad lines, the CLI. */
class PasswordFileTest {
    @TempDir
    Path tmp;

    @Test
    void rightPasswordOnlyAndSaltedLines() throws Exception {
        Path f = tmp.resolve("users");
        PasswordFile.add(f, "ann", "pw1".toCharArray(), 1000);
        PasswordFile.add(f, "bob", "pw1".toCharArray(), 1000);
        List<String> lines = Files.readAllLines(f);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("ann:pbkdf2-sha256:1000:"), lines.get(0));
        assertFalse(lines.get(0).split(":")[4].equals(lines.get(1).split(":")[4]), "same password, different hash");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        PasswordFile p = PasswordFile.load(f);
        assertTrue(p.authenticate("ann", "pw1".toCharArray()));
        assertFalse(p.authenticate("ann", "pw2".toCharArray()));
        assertFalse(p.authenticate("carl", "pw1".toCharArray()));
        assertFalse(p.authenticate("ann", new char[0]));
    }

    @Test
    void addReplacesAUserAndTheFileIsReadAgain() throws Exception {
        Path f = tmp.resolve("users");
        PasswordFile.add(f, "ann", "old".toCharArray(), 1000);
        PasswordFile p = PasswordFile.load(f);
        assertTrue(p.authenticate("ann", "old".toCharArray()));
        PasswordFile.add(f, "ann", "new".toCharArray(), 1000);
        Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 2000));
        assertEquals(1, Files.readAllLines(f).size());
        assertTrue(p.authenticate("ann", "new".toCharArray()));
        assertFalse(p.authenticate("ann", "old".toCharArray()));
    }

    @Test
    void aBadLineIsNamed() throws Exception {
        Path f = tmp.resolve("users");
        Files.writeString(f, "# users\nann:plain:secret\n");
        IOException e = assertThrows(IOException.class, () -> PasswordFile.load(f));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PasswordFile.line("a:b", "x".toCharArray(), 10));
    }

    @Test
    void theCommandLineAddsAUserFromStandardInput() throws Exception {
        Path f = tmp.resolve("users");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), PasswordFile.class.getName(), "add", f.toString(), "ops", "1000");
        Process proc = pb.redirectErrorStream(true).start();
        proc.getOutputStream().write("hunter2\n".getBytes());
        proc.getOutputStream().close();
        String out = new String(proc.getInputStream().readAllBytes());
        assertEquals(0, proc.waitFor(), out);
        assertTrue(out.contains("added ops"), out);
        assertTrue(PasswordFile.load(f).authenticate("ops", "hunter2".toCharArray()));
    }
}
