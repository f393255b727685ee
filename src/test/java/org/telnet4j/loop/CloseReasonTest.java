package org.telnet4j.loop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The loop reports only its own reasons: no class of the loop package but {@link CloseReason}
 * itself names the deprecated session-level constants (issue 13 item 4), so it can never close a
 * connection for them. Checked on the compiled classes: a use of a constant needs its name as a
 * UTF-8 entry in the class's constant pool (a {@code getstatic}, a switch's map alike).
 */
class CloseReasonTest {
    private static final List<String> NOT_THE_LOOPS = List.of("IDLE_TIMEOUT", "LOGOUT", "TOO_MANY_CONNECTIONS");

    @Test
    void theLoopNeverNamesTheSessionLevelReasons() throws IOException {
        Path dir = Path.of("target", "classes", "org", "telnet4j", "loop");
        int read = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".class") || name.equals("CloseReason.class")) {
                    continue;
                }
                byte[] b = Files.readAllBytes(f);
                read++;
                for (String constant : NOT_THE_LOOPS) {
                    assertFalse(hasUtf8Entry(b, constant), name + " names CloseReason." + constant);
                }
            }
        }
        assertTrue(read > 10, "too few loop classes read: " + read);
        // The check itself finds what it looks for.
        assertTrue(hasUtf8Entry(Files.readAllBytes(dir.resolve("CloseReason.class")), "IDLE_TIMEOUT"));
    }

    /** True if {@code b} holds a CONSTANT_Utf8 entry (tag 1, u2 length, bytes) that is exactly {@code s}. */
    private static boolean hasUtf8Entry(byte[] b, String s) {
        byte[] want = s.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + 3 + want.length <= b.length; i++) {
            if (b[i] != 1 || b[i + 1] != (byte) (want.length >> 8) || b[i + 2] != (byte) want.length) {
                continue;
            }
            for (int j = 0; j < want.length; j++) {
                if (b[i + 3 + j] != want[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
