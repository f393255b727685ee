package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/telnet4j-fingerprint-server}'s bad input: one line and exit status 2 (usage) or 1 (cannot run). */
class FingerprintServerMainTest {
    @TempDir
    Path tmp;

    record Result(int status, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = FingerprintServerMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, err.toString(StandardCharsets.UTF_8));
    }

    private static void oneLine(Result r, int status, String text) {
        assertEquals(status, r.status(), r.err());
        assertTrue(r.err().contains(text), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void badValuesAreOneLineErrors() {
        oneLine(run("127.0.0.1", "0", "--max-clients", "0"), 2, "--max-clients must be 1 or more");
        oneLine(run("127.0.0.1", "0", "--max-value-bytes", "0"), 2, "--max-value-bytes must be 1 or more");
        oneLine(run("127.0.0.1", "0", "--max-fingerprints", "-1"), 2, "must be 0 or more");
        oneLine(run("127.0.0.1", "0", "--probe-time", "-3"), 2, "--probe-time must be 0 to 86400 seconds");
        oneLine(run("127.0.0.1", "70000"), 2, "port must be 0 to 65535");
    }

    @Test
    void aDataDirThatIsAFileOrABusyPortIsExitStatusOne() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        oneLine(run("127.0.0.1", "0", "--data-dir", file.toString()),
            1, "cannot use --data-dir");
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            oneLine(run("127.0.0.1", Integer.toString(busy.getLocalPort()), "--data-dir", tmp.resolve("d").toString()), 1, "cannot listen on 127.0.0.1 port");
        }
    }
}
