package org.telnet4j.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The command shell over a real socket: help, one-line errors, quoting, completion. */
class CommandShellTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private Console console;
    private InetSocketAddress at;
    private CommandShell shell;

    @BeforeEach
    void start() throws Exception {
        shell = new CommandShell()
            .add(Command.of("echo", "WORDS...", "print the words, one a line", (out, args) -> {
                for (String a : args) {
                    out.println("[" + a + "]");
                }
            }))
            .add(Command.of("fail", "", "throws", (out, args) -> {
                throw new IllegalStateException("disk on fire\nsecond line");
            }))
            .add(Command.of("need", "N", "wants a number", (out, args) -> {
                throw new CommandException("N must be a number");
            }).completing(List.of("one", "two", "three")));
        console = Console.builder().port(0).shell(shell)
            .server(s -> s.negotiationDeadline(Duration.ofMillis(200))).build();
        at = console.start().localAddress();
    }

    @AfterEach
    void stop() {
        console.close();
    }

    @Test
    void helpListsEveryCommandWithItsUsage() throws Exception {
        try (RawClient c = new RawClient("127.0.0.1", at)) {
            c.awaitCount("> ", 1, WAIT);
            c.send("help\r\n");
            String t = c.awaitCount("> ", 2, WAIT);
            for (String line : List.of("echo WORDS...", "print the words", "exit", "fail", "help [COMMAND]",
                    "need N", "quit")) {
                assertTrue(t.contains(line), line + " in:\n" + t);
            }
            c.send("help need\r\n");
            t = c.awaitCount("> ", 3, WAIT);
            assertTrue(t.contains("need N  wants a number"), t);
        }
    }

    @Test
    void errorsAreOneLine() throws Exception {
        try (RawClient c = new RawClient("127.0.0.1", at)) {
            c.awaitCount("> ", 1, WAIT);
            c.send("nosuch\r\n");
            String t = c.awaitCount("> ", 2, WAIT);
            assertTrue(t.contains("unknown command 'nosuch'; 'help' lists them\r\n"), t);
            c.send("need x\r\n");
            t = c.awaitCount("> ", 3, WAIT);
            assertTrue(t.contains("need: N must be a number\r\n"), t);
            c.send("fail\r\n");
            t = c.awaitCount("> ", 4, WAIT);
            assertTrue(t.contains("fail: failed: disk on fire\r\n"), t);
            assertFalse(t.contains("second line") || t.contains("Exception") || t.contains("\tat "), t);
            c.send("echo \"unterminated\r\n");
            t = c.awaitCount("> ", 5, WAIT);
            assertTrue(t.contains("unterminated \" quote\r\n"), t);
        }
    }

    @Test
    void quotesKeepSpacesAndExitCloses() throws Exception {
        try (RawClient c = new RawClient("127.0.0.1", at)) {
            c.awaitCount("> ", 1, WAIT);
            c.send("echo 'a b' \"c d\" e\r\n");
            String t = c.awaitCount("[e]", 1, WAIT);
            assertTrue(t.contains("[a b]\r\n[c d]\r\n[e]"), t);
            c.send("exit\r\n");
            c.awaitClose(WAIT);
        }
    }

    @Test
    void completerCompletesNamesThenArguments() {
        Completer c = shell.completer();
        assertEquals(List.of("echo", "exit"), c.complete("e", 1));
        assertEquals(List.of("need"), c.complete("ne", 2));
        assertEquals(List.of("two", "three"), c.complete("need t", 6));
        assertEquals(List.of(), c.complete("echo x", 6));
        assertEquals(List.of("help"), c.complete("help he", 7));
    }

    @Test
    void splitHandlesQuotes() throws Exception {
        assertEquals(List.of("a", "b c", "d"), CommandShell.split("  a 'b c'  d "));
        assertEquals(List.of(""), CommandShell.split("\"\""));
        assertThrows(CommandException.class, () -> CommandShell.split("'x"));
    }
}
