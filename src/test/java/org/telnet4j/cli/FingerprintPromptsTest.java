package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.telnet4j.cli.FingerprintMainTest.banner;
import static org.telnet4j.cli.FingerprintMainTest.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;

/**
 * {@code bin/telnet4j-fingerprint} getting past simple prompts (yes/no, colour, press return),
 * answering cursor-position queries, stopping at a login prompt, and its encoding guess with the
 * evidence (CP437, UTF-8, a SyncTERM font switch, NEW-ENVIRON LANG), each against a scripted
 * server on 127.0.0.1; every document is checked against the committed schema's required keys.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FingerprintPromptsTest {
    private static final byte IAC = (byte) TelnetCommand.IAC;
    private final List<AutoCloseable> cleanup = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stopAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    interface Script {
        void run(InputStream in, OutputStream out) throws IOException;
    }

    /** A raw server on loopback running {@code script} for its first connection. */
    int scripted(Script script) throws IOException {
        ServerSocket ss = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        cleanup.add(ss);
        Thread t = new Thread(() -> {
            try (Socket s = ss.accept()) {
                cleanup.add(s);
                script.run(s.getInputStream(), s.getOutputStream());
            } catch (IOException e) {
                // the probe hung up: the script ends
            }
        }, "scripted-server");
        t.setDaemon(true);
        t.start();
        return ss.getLocalPort();
    }

    static void say(OutputStream o, String text) throws IOException {
        say(o, text.getBytes(StandardCharsets.UTF_8));
    }

    static void say(OutputStream o, byte[] bytes) throws IOException {
        o.write(bytes);
        o.flush();
    }

    /**
     * The client's data bytes up to and including {@code stop} (telnet commands and
     * subnegotiations skipped; CR NUL and CR LF kept as sent), or what came before the end of the
     * stream; null at the end with nothing read.
     */
    static String readUntil(InputStream in, int stop) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0; // 0 data, 1 after IAC, 2 verb's option, 3 in SB, 4 IAC in SB
        for (int c; (c = in.read()) >= 0; ) {
            switch (state) {
                case 0 -> {
                    if (c == TelnetCommand.IAC) {
                        state = 1;
                    } else {
                        b.write(c);
                        if (c == stop) {
                            return b.toString(StandardCharsets.ISO_8859_1);
                        }
                    }
                }
                case 1 -> state = c == TelnetCommand.SB ? 3 : c >= TelnetCommand.WILL && c <= TelnetCommand.DONT ? 2
                    : c == TelnetCommand.IAC ? 0 : 0;
                case 2 -> state = 0;
                case 3 -> state = c == TelnetCommand.IAC ? 4 : 3;
                default -> state = c == TelnetCommand.SE ? 0 : 3;
            }
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    static String line(InputStream in) throws IOException {
        String l = readUntil(in, '\n');
        return l == null ? null : l.replace("\r\n", "").replace("\n", "");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> prompts(Map<String, Object> doc) {
        return (List<Map<String, Object>>) (List<?>) doc.get("prompts_answered");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> guess(Map<String, Object> doc, String which) {
        return (Map<String, Object>) banner(doc, which).get("encoding_guess");
    }

    // ---- prompts --------------------------------------------------------------------------------

    @Test
    void yesNoColourAndPressReturnAreAnsweredInTurn() throws Exception {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        int port = scripted((in, o) -> {
            say(o, "Old terminals beware.\r\nContinue? (yes/no) ");
            heard.add(line(in));
            say(o, "\r\n\u001b[1mDo you want ANSI color?\u001b[0m ");
            heard.add(line(in));
            say(o, "\r\n[Press RETURN to continue]");
            heard.add(line(in));
            say(o, "\r\nWelcome in, stranger.\r\n> ");
            heard.add(line(in)); // the probe's own Enter
            say(o, "Huh?\r\n> ");
            in.transferTo(OutputStream.nullOutputStream());
        });
        Map<String, Object> doc = probe(port);
        List<Map<String, Object>> p = prompts(doc);
        assertEquals(3, p.size(), "prompts: " + p);
        assertEquals("yes_no", p.get(0).get("kind"));
        assertEquals("Continue? (yes/no)", p.get(0).get("prompt"));
        assertEquals("yes\r\n", p.get(0).get("answer"), "a spelled-out yes/no gets a spelled-out yes");
        assertEquals("colour", p.get(1).get("kind"));
        assertEquals("Do you want ANSI color?", p.get(1).get("prompt"), "escapes removed");
        assertEquals("y\r\n", p.get(1).get("answer"));
        assertEquals("press_return", p.get(2).get("kind"));
        assertEquals("\r\n", p.get(2).get("answer"));
        assertEquals(List.of("yes", "y", "", ""), heard, "what the server received");
        assertEquals(false, doc.get("prompt_limit_reached"));
        assertEquals(false, doc.get("login_prompt"));
        assertTrue(((String) banner(doc, "banner_before_enter").get("text")).contains("Welcome in, stranger."),
            "the banner goes on past the prompts: " + banner(doc, "banner_before_enter"));
        assertTrue(((String) banner(doc, "banner_after_enter").get("text")).contains("Huh?"));
    }

    @Test
    void colourQuestionWithYesNoIsAColourQuestion() throws Exception {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        int port = scripted((in, o) -> {
            say(o, "Color? (Y/n) ");
            heard.add(line(in));
            say(o, "\r\nOK.\r\n");
            in.transferTo(OutputStream.nullOutputStream());
        });
        Map<String, Object> doc = probe(port);
        assertEquals(1, prompts(doc).size(), "prompts: " + prompts(doc));
        assertEquals("colour", prompts(doc).get(0).get("kind"));
        assertEquals("y", heard.get(0));
    }

    @Test
    void promptThatRepeatsForeverIsAnsweredOnlyUpToTheBound() throws Exception {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        int port = scripted((in, o) -> {
            say(o, "Are you sure? [Y/n] ");
            for (String l; (l = line(in)) != null; ) {
                heard.add(l);
                say(o, "\r\nAre you sure? [Y/n] ");
            }
        });
        Map<String, Object> doc = probe(port, "--max-prompt-answers", "2");
        assertEquals(2, prompts(doc).size(), "prompts: " + prompts(doc));
        assertEquals(true, doc.get("prompt_limit_reached"));
        // Two answers, then only the probe's own Enter (step 4 of every probe).
        assertEquals(List.of("y", "y", ""), heard);
    }

    @Test
    void loginPromptIsRecordedNotAnswered() throws Exception {
        ByteArrayOutputStream heard = new ByteArrayOutputStream();
        int port = scripted((in, o) -> {
            say(o, "Welcome to the box\r\n\r\nlogin: ");
            for (String d; (d = readUntil(in, -1)) != null; ) {
                synchronized (heard) {
                    heard.writeBytes(d.getBytes(StandardCharsets.ISO_8859_1));
                }
            }
        });
        Map<String, Object> doc = probe(port);
        assertEquals(true, doc.get("login_prompt"));
        assertEquals("login:", doc.get("login_prompt_line"));
        assertEquals(List.of(), doc.get("prompts_answered"));
        assertEquals(0L, banner(doc, "banner_after_enter").get("bytes"), "no Enter sent");
        synchronized (heard) {
            assertEquals(0, heard.size(), "not a byte of data reached the server: " + heard);
        }
    }

    @Test
    void passwordPromptAfterAYesNoStopsTheAnswers() throws Exception {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        int port = scripted((in, o) -> {
            say(o, "New here? (y/n) ");
            heard.add(line(in));
            say(o, "\r\nPassword: ");
            for (String l; (l = line(in)) != null; ) {
                heard.add(l);
            }
        });
        Map<String, Object> doc = probe(port);
        assertEquals(1, prompts(doc).size());
        assertEquals(true, doc.get("login_prompt"));
        assertEquals("Password:", doc.get("login_prompt_line"));
        assertEquals(List.of("y"), heard);
    }

    @Test
    @SuppressWarnings("unchecked")
    void cursorPositionQueriesAreAnsweredUpToTheBound() throws Exception {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        int port = scripted((in, o) -> {
            say(o, "ab\r\n\u001b[6n");
            heard.add(readUntil(in, 'R'));
            say(o, "\u001b[6n"); // a second query: over the bound of 1
            say(o, "done\r\n");
            in.transferTo(OutputStream.nullOutputStream());
        });
        Map<String, Object> doc = probe(port, "--max-cursor-reports", "1");
        assertEquals(List.of("\u001b[2;1R"), heard, "row 2 after one line, column 1");
        Map<String, Object> cpr = (Map<String, Object>) doc.get("cursor_position_queries");
        assertEquals(2L, cpr.get("received"));
        assertEquals(1L, cpr.get("answered"));
        assertEquals(true, cpr.get("limit_reached"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void cursorQueryGetsThePositionAfterText() throws Exception {
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        int port = scripted((in, o) -> {
            say(o, "1\r\n2\r\n\u001b[1mhello\u001b[0m\u001b[6n");
            heard.add(readUntil(in, 'R'));
            in.transferTo(OutputStream.nullOutputStream());
        });
        Map<String, Object> doc = probe(port);
        assertEquals(List.of("\u001b[3;6R"), heard, "after two lines and five characters");
        assertEquals(false, ((Map<String, Object>) doc.get("cursor_position_queries")).get("limit_reached"));
    }

    // ---- encoding evidence --------------------------------------------------------------------

    @Test
    void cp437BannerIsGuessedFromItsBoxDrawing() throws Exception {
        byte[] box = {(byte) 0xC9, (byte) 0xCD, (byte) 0xCD, (byte) 0xBB, '\r', '\n',
            (byte) 0xBA, 'B', 'B', 'S', (byte) 0xBA, '\r', '\n', (byte) 0xC8, (byte) 0xCD, (byte) 0xCD, (byte) 0xBC};
        int port = scripted((in, o) -> {
            say(o, box);
            in.transferTo(OutputStream.nullOutputStream());
        });
        Map<String, Object> doc = probe(port);
        Map<String, Object> g = guess(doc, "banner_before_enter");
        assertEquals("IBM437", g.get("guess"));
        assertEquals("cp437_box_drawing", g.get("decided_by"));
        assertEquals(10L, g.get("bytes_high"));
        assertEquals(false, g.get("valid_utf8"));
        assertEquals(100L, g.get("cp437_box_percent"));
        assertEquals(null, g.get("charset_agreed"));
        assertTrue(((String) banner(doc, "banner_before_enter").get("text")).contains("╔══╗"));
    }

    @Test
    void utf8BannerIsGuessedFromItsValidity() throws Exception {
        int port = scripted((in, o) -> {
            say(o, "Café ☕ — bienvenue\r\n");
            in.transferTo(OutputStream.nullOutputStream());
        });
        Map<String, Object> doc = probe(port);
        Map<String, Object> g = guess(doc, "banner_before_enter");
        assertEquals("UTF-8", g.get("guess"));
        assertEquals("valid_utf8", g.get("decided_by"));
        assertEquals(true, g.get("valid_utf8"));
        assertEquals(8L, g.get("bytes_high"), "é is 2 bytes, ☕ 3 and — 3, all above 0x7F");
        assertEquals("Café ☕ — bienvenue\r\n", banner(doc, "banner_before_enter").get("text"));
    }

    @Test
    void syncTermFontSwitchDecidesTheCodePage() throws Exception {
        Charset cp866 = Charset.forName("IBM866");
        int port = scripted((in, o) -> {
            say(o, "\u001b[0;5 D");
            say(o, "Привет\r\n".getBytes(cp866));
            in.transferTo(OutputStream.nullOutputStream());
        });
        Map<String, Object> doc = probe(port);
        Map<String, Object> g = guess(doc, "banner_before_enter");
        assertEquals(5L, g.get("syncterm_font"));
        assertEquals("syncterm_font", g.get("decided_by"));
        assertEquals("IBM866", g.get("guess"));
        assertTrue(((String) banner(doc, "banner_before_enter").get("text")).contains("Привет"));
        // The font stays in force after Enter.
        assertEquals(5L, guess(doc, "banner_after_enter").get("syncterm_font"));
    }

    @Test
    void newEnvironLangDecidesTheCharset() throws Exception {
        Charset koi8 = Charset.forName("KOI8-R");
        int port = scripted((in, o) -> {
            ByteArrayOutputStream sb = new ByteArrayOutputStream();
            sb.writeBytes(new byte[] {IAC, (byte) TelnetCommand.SB, (byte) TelnetOption.NEW_ENVIRON, 0, 0});
            sb.writeBytes("LANG".getBytes(StandardCharsets.US_ASCII));
            sb.write(1);
            sb.writeBytes("ru_RU.KOI8-R".getBytes(StandardCharsets.US_ASCII));
            sb.writeBytes(new byte[] {IAC, (byte) TelnetCommand.SE});
            say(o, sb.toByteArray());
            say(o, "Добро пожаловать\r\n".getBytes(koi8));
            in.transferTo(OutputStream.nullOutputStream());
        });
        Map<String, Object> doc = probe(port);
        Map<String, Object> g = guess(doc, "banner_before_enter");
        assertEquals("ru_RU.KOI8-R", g.get("lang"));
        assertEquals("lang", g.get("decided_by"));
        assertEquals("KOI8-R", g.get("guess"));
        assertEquals("Добро пожаловать\r\n", banner(doc, "banner_before_enter").get("text"));
    }

    @Test
    void promptsAndEncodingEvidenceAreNotPartOfTheHash() throws Exception {
        int plain = scripted((in, o) -> {
            say(o, "hello\r\n");
            in.transferTo(OutputStream.nullOutputStream());
        });
        int prompting = scripted((in, o) -> {
            say(o, new byte[] {(byte) 0xC9, (byte) 0xCD, (byte) 0xBB, '\r', '\n'});
            say(o, "\u001b[6nContinue? (y/n) ");
            for (String l; (l = line(in)) != null; ) {
                say(o, "\r\nok\r\n");
            }
        });
        Map<String, Object> a = probe(plain);
        Map<String, Object> b = probe(prompting);
        assertEquals(1, prompts(b).size());
        assertEquals("IBM437", guess(b, "banner_before_enter").get("guess"));
        assertEquals(a.get("telnet_hash"), b.get("telnet_hash"), "the same (silent) negotiation hashes alike");
    }

    @Test
    void badBoundsAreOneLineErrors() {
        FingerprintMainTest.Result r = FingerprintMainTest.fingerprint("127.0.0.1", "23", "--max-prompt-answers", "-1");
        assertEquals(2, r.status());
        assertEquals("telnet4j-fingerprint: --max-prompt-answers must be 0 to 100", r.err().strip());
        r = FingerprintMainTest.fingerprint("127.0.0.1", "23", "--max-cursor-reports", "101");
        assertEquals(2, r.status());
        assertEquals("telnet4j-fingerprint: --max-cursor-reports must be 0 to 100", r.err().strip());
    }
}
