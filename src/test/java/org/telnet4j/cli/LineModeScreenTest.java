package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telnet4j.server.Session;
import org.telnet4j.server.SessionHandler;
import org.telnet4j.server.TelnetServer;
import org.telnet4j.testing.ExternalPrograms;
import org.telnet4j.testing.Tmux;

/**
 * The client's line editor on a real terminal (tmux), against a line-mode server in this JVM:
 * what the server sends reaches the screen as a terminal would show it (issue 11, defect 4), and
 * the input line is the bottom row of the window (defect 5).
 */
class LineModeScreenTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    /** A line-mode server: greets with {@code greeting}, prompts {@code prompt}, echoes lines. */
    private int serve(List<Session> sessions, String greeting, String prompt) throws IOException {
        TelnetServer server = TelnetServer.builder().host("127.0.0.1").port(0).lineMode(true)
            .handler(new SessionHandler() {
                @Override
                public void onConnect(Session s) {
                    sessions.add(s);
                    s.send(greeting);
                    s.prompt(prompt);
                }

                @Override
                public void onLine(Session s, String line) {
                    s.send("echo: " + line + "\n");
                    s.prompt(prompt);
                }
            }).build();
        server.bind();
        server.start();
        cleanup.add(() -> server.shutdown(Duration.ofSeconds(2)));
        return server.localAddress().getPort();
    }

    private ClientInTmux client(int cols, int rows, int port) throws IOException {
        String tmux = ExternalPrograms.require("tmux", "tmux");
        ClientInTmux c = ClientInTmux.start(tmux, tmp, cols, rows, "--history-file", "", "127.0.0.1",
            String.valueOf(port));
        cleanup.add(c);
        return c;
    }

    @Test
    void serverOutputAboveTheInputLineReachesTheTerminalIntact() throws Exception {
        List<Session> sessions = new CopyOnWriteArrayList<>();
        int port = serve(sessions, "\u001b[31mred\u001b[0m plain\n"
            + "12345\r\u001b[Kab\n"                 // CR, then erase to the end of the line
            + "\u001b[?2004hbracketed\u001b[?2004l\n" // a private mode: no visible text
            + "abcdef\rXY\n",                       // CR: the rest of the line is overwritten
            "\u001b[1mname>\u001b[0m ");
        ClientInTmux c = client(80, 12, port);
        Tmux t = c.tmux;
        String s = t.waitFor(x -> ClientInTmux.lastRow(x).equals("name>"), "the prompt", WAIT);
        List<String> rows = ClientInTmux.allRows(s);
        assertTrue(rows.contains("red plain"), s);
        assertTrue(rows.contains("ab"), "CR and erase-line: " + s);
        assertTrue(rows.contains("bracketed"), s);
        assertTrue(rows.contains("XYcdef"), "CR: " + s);
        assertFalse(s.contains("2004") || s.contains("[0m") || s.contains("[1m") || s.contains("[K"), s);
        String attributes = t.screenWithAttributes();
        assertTrue(attributes.contains("\u001b[31mred"), "the colour survives: " + attributes);

        // The same through the prompt: the server's unfinished line, shown as the editor's prompt.
        Session server = sessions.get(0);
        server.prompt("junk\r\u001b[K\u001b[?2004hlogin: ");
        s = t.waitFor(x -> ClientInTmux.lastRow(x).startsWith("login:"), "the second prompt", WAIT);
        assertEquals("login:", ClientInTmux.lastRow(s), s);
        assertFalse(s.contains("2004") || s.contains("junk"), s);
        t.type("me");
        t.keys("Enter");
        s = t.waitFor("echo: me", WAIT);
        assertTrue(ClientInTmux.allRows(s).contains("login: me"), s);
    }

    @Test
    void theInputLineIsTheBottomRowOfTheWindow() throws Exception {
        List<Session> sessions = new CopyOnWriteArrayList<>();
        int port = serve(sessions, "Welcome.\n", "> ");
        ClientInTmux c = client(80, 12, port);
        Tmux t = c.tmux;
        String s = t.waitFor(x -> x.contains("Welcome."), "the greeting", WAIT);
        s = t.waitFor(x -> ClientInTmux.allRows(x).size() == 12 && ClientInTmux.allRows(x).get(11).equals(">"),
            "the prompt on row 12 of 12", WAIT);
        t.type("typing");
        sessions.get(0).send("news 1\nnews 2\n");
        s = t.waitFor(x -> x.contains("news 2") && ClientInTmux.allRows(x).get(11).equals("> typing"),
            "news above the partial line, which stays on the bottom row", WAIT);
        List<String> rows = ClientInTmux.allRows(s);
        assertEquals("news 2", rows.get(10), s);
        assertEquals("news 1", rows.get(9), s);

        t.keys("Enter");
        s = t.waitFor(x -> x.contains("echo: typing") && ClientInTmux.allRows(x).get(11).equals(">"),
            "the answer, and the prompt on the bottom row", WAIT);

        // A taller window: the input line moves to the new bottom row.
        t.resize(80, 16);
        sessions.get(0).send("after resize\n");
        s = t.waitFor(x -> ClientInTmux.allRows(x).size() == 16 && x.contains("after resize")
            && ClientInTmux.allRows(x).get(15).equals(">"), "the prompt on row 16 of 16", WAIT);
        t.keys("C-]");
        assertEquals(0, c.exitStatus(WAIT));
    }
}
