package org.telnet4j.pty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgramEnvironmentTest {
    private static final Map<String, String> SERVER = Map.of("PATH", "/opt/secret/bin:/usr/bin",
        "AWS_SECRET_ACCESS_KEY", "hunter2", "EDITOR", "vim", "HOME", "/home/operator");

    @Test
    void onlyTheMinimalSetByDefault() {
        Map<String, String> env = ProgramEnvironment.build("xterm", StandardCharsets.UTF_8, List.of(),
            SERVER::get, Map.of());
        assertEquals(Map.of("TERM", "xterm", "LANG", "C.UTF-8", "HOME", System.getProperty("user.home"),
            "USER", System.getProperty("user.name"), "LOGNAME", System.getProperty("user.name"),
            "PATH", ProgramEnvironment.DEFAULT_PATH), env);
        assertFalse(env.containsKey("AWS_SECRET_ACCESS_KEY"));
        assertFalse(env.containsKey("LINES"));
        assertFalse(env.containsKey("COLUMNS"));
    }

    @Test
    void passedNamesComeFromTheServerWhenSet() {
        Map<String, String> env = ProgramEnvironment.build("vt100", StandardCharsets.UTF_8,
            List.of("EDITOR", "PATH", "NOT_SET"), SERVER::get, Map.of());
        assertEquals("vim", env.get("EDITOR"));
        assertEquals("/opt/secret/bin:/usr/bin", env.get("PATH"));
        assertFalse(env.containsKey("NOT_SET"));
        assertFalse(env.containsKey("AWS_SECRET_ACCESS_KEY"));
    }

    @Test
    void theApplicationsVariablesWinLast() {
        Map<String, String> env = ProgramEnvironment.build("vt100", StandardCharsets.UTF_8, List.of("EDITOR"),
            SERVER::get, Map.of("EDITOR", "ed", "TERM", "dumb"));
        assertEquals("ed", env.get("EDITOR"));
        assertEquals("dumb", env.get("TERM"));
    }

    @Test
    void langFollowsTheCharset() {
        assertEquals("C.UTF-8", ProgramEnvironment.langFor(StandardCharsets.UTF_8));
        assertEquals("C", ProgramEnvironment.langFor(StandardCharsets.US_ASCII));
        assertEquals("en_US.ISO-8859-1", ProgramEnvironment.langFor(StandardCharsets.ISO_8859_1));
        assertEquals("en_US.windows-1252", ProgramEnvironment.langFor(Charset.forName("windows-1252")));
    }
}
