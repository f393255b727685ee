package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.telnet4j.testing.WirePeer.bytes;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.telnet4j.testing.ExternalPrograms;
import org.telnet4j.testing.RawTelnetClient;
import org.telnet4j.testing.Tmux;
import org.telnet4j.testing.WirePeer;

/**
 * The client CLI's telnetlib3-parity flags (issue 16 item 4), as a user runs them: the client in
 * a JVM of its own, against a scripted peer that records the bytes the client sends and answers
 * what the test says; on a terminal through tmux where a person sees the flag.
 */
class ClientParityCliTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int IAC = 255;
    private static final int WILL = 251;
    private static final int WONT = 252;
    private static final int DO = 253;
    private static final int DONT = 254;
    private static final int SB = 250;
    private static final int SE = 240;

    @TempDir
    Path tmp;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private static List<String> clientCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), ClientMain.class.getName()));
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /** A client process fed by a pipe; its standard output and error are collected. */
    private final class Client {
        final Process process;
        final CompletableFuture<String> out;
        final CompletableFuture<String> err;

        Client(String stdin, boolean closeStdin, String... args) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(clientCommand(args));
            pb.environment().put("LANG", "C.UTF-8");
            process = pb.start();
            cleanup.add(process::destroyForcibly);
            out = collect(process.getInputStream());
            err = collect(process.getErrorStream());
            OutputStream in = process.getOutputStream();
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
            in.flush();
            if (closeStdin) {
                in.close();
            }
        }

        int exit() throws Exception {
            assertTrue(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the client did not exit");
            return process.exitValue();
        }
    }

    private static CompletableFuture<String> collect(InputStream s) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try {
                s.transferTo(b);
            } catch (IOException ignored) {
                // the process ended
            }
            f.complete(b.toString(StandardCharsets.UTF_8));
        });
        t.setDaemon(true);
        t.start();
        return f;
    }

    private WirePeer peer() throws IOException {
        WirePeer p = WirePeer.listen();
        cleanup.add(p);
        return p;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---- --always-do, --always-dont, --always-will, --always-wont -------------------------

    @Test
    void alwaysFlagsOfferAndRefuseByNameAndNumber() throws Exception {
        WirePeer peer = peer();
        new Client("", false, "--always-do", "MSSP", "--always-will", "200,zmp",
            "--always-dont", "sga", "--always-wont", "24", "127.0.0.1", String.valueOf(peer.port()));
        // Offered unasked at connect: DO MSSP (70), WILL 200 (ATCP) and WILL ZMP (93).
        peer.await(bytes(IAC, DO, 70), WAIT);
        peer.await(bytes(IAC, WILL, 200), WAIT);
        peer.await(bytes(IAC, WILL, 93), WAIT);
        // Refused although the client supports them: SGA from the server, TTYPE (24) of ours.
        peer.send(IAC, WILL, 3, IAC, DO, 24);
        peer.await(bytes(IAC, DONT, 3), WAIT);
        peer.await(bytes(IAC, WONT, 24), WAIT);
    }

    @Test
    void unknownOptionNameIsAOneLineError() throws Exception {
        Client c = new Client("", true, "--always-do", "GMCP,NOSUCH", "127.0.0.1", "1");
        assertEquals(2, c.exit());
        String err = c.err.get(10, TimeUnit.SECONDS);
        assertEquals("telnet4j-client: --always-do: unknown telnet option 'NOSUCH' (a name such as GMCP"
            + " or NAWS, or a number 0..255)", err.strip(), err);
        Client d = new Client("", true, "--always-will", "256", "127.0.0.1", "1");
        assertEquals(2, d.exit());
        assertTrue(d.err.get(10, TimeUnit.SECONDS).startsWith("telnet4j-client: --always-will: unknown telnet option '256'"));
        Client e = new Client("", true, "--always-do", "GMCP", "--always-dont", "201", "127.0.0.1", "1");
        assertEquals(2, e.exit());
        assertEquals("telnet4j-client: --always-do and --always-dont both name GMCP",
            e.err.get(10, TimeUnit.SECONDS).strip());
    }

    // ---- --force-binary -------------------------------------------------------------------

    @Test
    void forceBinaryAsksForBinaryBothWaysAtConnect() throws Exception {
        WirePeer peer = peer();
        new Client("", false, "--force-binary", "127.0.0.1", String.valueOf(peer.port()));
        peer.await(bytes(IAC, WILL, 0), WAIT);
        peer.await(bytes(IAC, DO, 0), WAIT);
    }

    @Test
    void withoutForceBinaryNoBinaryIsAskedFor() throws Exception {
        WirePeer peer = peer();
        new Client("hello\n", false, "127.0.0.1", String.valueOf(peer.port()));
        int at = peer.await(ascii("hello"), WAIT); // everything the client sends first comes before
        byte[] before = java.util.Arrays.copyOf(peer.received(), at);
        assertEquals(-1, RawTelnetClient.indexOf(before, bytes(IAC, WILL, 0)), RawTelnetClient.hex(before));
        assertEquals(-1, RawTelnetClient.indexOf(before, bytes(IAC, DO, 0)), RawTelnetClient.hex(before));
    }

    // ---- --compression / --no-compression -------------------------------------------------

    static Stream<Arguments> compressionFlags() {
        return Stream.of(
            Arguments.of(List.of(), DO, DONT),
            Arguments.of(List.of("--compression"), DO, DO),
            Arguments.of(List.of("--no-compression"), DONT, DONT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compressionFlags")
    void compressionFlagsAnswerTheServersMccpOffers(List<String> flags, int mccp2, int mccp3) throws Exception {
        WirePeer peer = peer();
        List<String> args = new ArrayList<>(flags);
        args.addAll(List.of("127.0.0.1", String.valueOf(peer.port())));
        new Client("", false, args.toArray(new String[0]));
        peer.send(IAC, WILL, 86, IAC, WILL, 87);
        peer.await(bytes(IAC, mccp2, 86), WAIT);
        peer.await(bytes(IAC, mccp3, 87), WAIT);
    }

    // ---- --gmcp-modules -------------------------------------------------------------------

    @Test
    void gmcpModulesAreTheSupportsSetPackages() throws Exception {
        WirePeer peer = peer();
        new Client("", false, "--gmcp-modules", "Char 1, Room 1,Char.Skills 1", "127.0.0.1",
            String.valueOf(peer.port()));
        peer.send(IAC, WILL, 201);
        peer.await(bytes(IAC, DO, 201), WAIT);
        peer.await(RawTelnetClient.concat(bytes(IAC, SB, 201),
            ascii("Core.Supports.Set [\"Char 1\",\"Room 1\",\"Char.Skills 1\"]"), bytes(IAC, SE)), WAIT);
    }

    // ---- --connect-minwait / --connect-maxwait ---------------------------------------------

    @Test
    void connectMinwaitHoldsInputBackThatLong() throws Exception {
        WirePeer peer = peer();
        new Client("hello\n", false, "--connect-minwait", "1.5", "127.0.0.1", String.valueOf(peer.port()));
        int at = peer.await(ascii("hello"), WAIT);
        long waited = peer.arrivalNanos(at) - peer.connectedNanos();
        assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(1500), "input came after " + waited / 1_000_000 + " ms");
    }

    @Test
    void connectMaxwaitWaitsForAnAnswerToOurRequests() throws Exception {
        WirePeer peer = peer();
        new Client("hello\n", false, "--always-do", "MSSP", "--connect-maxwait", "60", "127.0.0.1",
            String.valueOf(peer.port()));
        peer.await(bytes(IAC, DO, 70), WAIT);
        // Unanswered, the request holds the input back (for up to a minute)...
        assertEquals(-1, peer.awaitOrNot(ascii("hello"), Duration.ofSeconds(1)), "input before the answer");
        peer.send(IAC, WONT, 70);
        // ...and the answer lets it go at once.
        peer.await(ascii("hello"), WAIT);
    }

    @Test
    void connectMaxwaitBoundsTheWaitForAServerThatNeverAnswers() throws Exception {
        WirePeer peer = peer();
        new Client("hello\n", false, "--always-do", "MSSP", "--connect-maxwait", "0.5", "127.0.0.1",
            String.valueOf(peer.port()));
        peer.await(bytes(IAC, DO, 70), WAIT);
        peer.await(ascii("hello"), WAIT); // never answered: sent once maxwait passed
    }

    // ---- --encoding-errors -----------------------------------------------------------------

    static Stream<Arguments> errorModes() {
        return Stream.of(
            Arguments.of("replace", "bad \uFFFD( end"),
            Arguments.of("ignore", "bad ( end"));
    }

    /** A line with a malformed UTF-8 sequence (0xC3 followed by '('), then the peer closes. */
    private static final byte[] MALFORMED = bytes('b', 'a', 'd', ' ', 0xC3, '(', ' ', 'e', 'n', 'd', '\r', '\n');

    @ParameterizedTest(name = "--encoding-errors {0}")
    @MethodSource("errorModes")
    void encodingErrorsReplaceOrIgnoreMalformedText(String mode, String shown) throws Exception {
        WirePeer peer = peer();
        Client c = new Client("", false, "--encoding", "UTF-8", "--encoding-errors", mode, "127.0.0.1",
            String.valueOf(peer.port()));
        peer.connectedNanos();
        peer.send(MALFORMED);
        peer.close();
        assertEquals(0, c.exit(), c.err.get());
        assertEquals(shown + "\n", c.out.get(10, TimeUnit.SECONDS));
    }

    @Test
    void strictEncodingErrorsCloseTheConnectionSayingWhy() throws Exception {
        WirePeer peer = peer();
        Client c = new Client("", false, "--encoding", "UTF-8", "--encoding-errors", "strict",
            "127.0.0.1", String.valueOf(peer.port()));
        peer.connectedNanos();
        peer.send(MALFORMED);
        assertTrue(peer.awaitEnd(WAIT), "the client did not close the connection");
        c.exit();
        String err = c.err.get(10, TimeUnit.SECONDS);
        assertTrue(err.contains("text that is not valid UTF-8") && err.contains("decoding is strict"), err);
        assertFalse(c.out.get(10, TimeUnit.SECONDS).contains("end"), "text after the bad bytes was shown");
        Client bad = new Client("", true, "--encoding-errors", "loose", "127.0.0.1", "1");
        assertEquals(2, bad.exit());
        assertEquals("telnet4j-client: --encoding-errors must be replace, ignore or strict, was 'loose'",
            bad.err.get(10, TimeUnit.SECONDS).strip());
    }

    // ---- --typescript-mode, --logfile-mode, --logfmt ---------------------------------------

    /** Runs the client against a peer that sends one line and closes. */
    private void oneLineSession(String... flags) throws Exception {
        WirePeer peer = peer();
        List<String> args = new ArrayList<>(List.of(flags));
        args.addAll(List.of("127.0.0.1", String.valueOf(peer.port())));
        Client c = new Client("", false, args.toArray(new String[0]));
        peer.connectedNanos();
        peer.send(ascii("hello there\r\n"));
        peer.close();
        assertEquals(0, c.exit(), c.err.get());
    }

    @ParameterizedTest(name = "--typescript-mode {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"append", "rewrite"})
    void typescriptModeAppendsOrRewrites(String mode) throws Exception {
        Path file = tmp.resolve("session.txt");
        Files.writeString(file, "EARLIER SESSION\n");
        oneLineSession("--typescript", file.toString(), "--typescript-mode", mode);
        String got = Files.readString(file);
        assertTrue(got.contains("hello there"), got);
        assertEquals(mode.equals("append"), got.contains("EARLIER SESSION"), got);
    }

    @ParameterizedTest(name = "--logfile-mode {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"append", "rewrite"})
    void logfileModeAppendsOrRewritesAndLogfmtShapesTheLines(String mode) throws Exception {
        Path file = tmp.resolve("client.log");
        Files.writeString(file, "EARLIER LOG\n");
        oneLineSession("--logfile", file.toString(), "--loglevel", "debug", "--logfile-mode", mode,
            "--logfmt", "%(levelname)s|%(name)s|%(message)s");
        List<String> lines = Files.readAllLines(file);
        assertEquals(mode.equals("append"), lines.contains("EARLIER LOG"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("DEBUG\\|org\\.telnet4j\\.[\\w.]+\\|.+")),
            lines.toString());
        Client bad = new Client("", true, "--logfile-mode", "overwrite", "127.0.0.1", "1");
        assertEquals(2, bad.exit());
        assertEquals("telnet4j-client: --logfile-mode must be append or rewrite, was 'overwrite'",
            bad.err.get(10, TimeUnit.SECONDS).strip());
    }

    // ---- on a terminal: --line-mode, --ansi-keys, --ascii-eol -------------------------------

    /** Starts the client in tmux, through a script, with HOME in the temporary directory. */
    private Tmux clientInTmux(String... args) throws IOException {
        String tmux = ExternalPrograms.require("tmux", "tmux");
        StringBuilder cmd = new StringBuilder();
        for (String a : clientCommand(args)) {
            cmd.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        Path script = Files.createTempFile(tmp, "client", ".sh");
        Files.writeString(script, "#!/bin/sh\n"
            + "unset XDG_DATA_HOME\n"
            + "export LANG=C.UTF-8 HOME='" + tmp + "'\n"
            + "cd '" + new File(".").getAbsolutePath() + "'\n"
            + cmd.substring(1) + "\n");
        script.toFile().setExecutable(true);
        Tmux t = Tmux.start(tmux, script, 80, 12);
        cleanup.add(t);
        return t;
    }

    @Test
    void lineModeRefusesServerEchoAndEditsLocally() throws Exception {
        WirePeer peer = peer();
        Tmux t = clientInTmux("--line-mode", "--history-file", "", "127.0.0.1", String.valueOf(peer.port()));
        t.waitFor("Escape character is", WAIT);
        // A character-mode server: without --line-mode the client would go raw.
        peer.send(IAC, WILL, 1, IAC, WILL, 3);
        peer.await(bytes(IAC, DONT, 1), WAIT);
        peer.send(ascii("login: "));
        t.waitFor("login:", WAIT);
        t.type("abc");
        t.waitFor("login: abc", WAIT); // echoed here, by the line editor
        assertEquals(-1, RawTelnetClient.indexOf(peer.received(), ascii("abc")), "sent before Enter");
        t.keys("Enter");
        peer.await(ascii("abc\r\n"), WAIT);
        Client bad = new Client("", true, "--line-mode", "--raw-mode", "127.0.0.1", "1");
        assertEquals(2, bad.exit());
        assertEquals("telnet4j-client: --raw-mode and --line-mode exclude each other",
            bad.err.get(10, TimeUnit.SECONDS).strip());
    }

    @Test
    void ansiKeysSendArrowsAsEscapeSequencesInAtascii() throws Exception {
        WirePeer peer = peer();
        Tmux t = clientInTmux("--encoding", "atascii", "--ansi-keys", "--history-file", "", "127.0.0.1",
            String.valueOf(peer.port()));
        t.waitFor("Escape character is", WAIT);
        t.type("A");
        peer.await(ascii("A"), WAIT);
        t.keys("Up", "Enter");
        peer.await(bytes(0x9B), WAIT); // Enter is still the Atari's EOL
        byte[] got = peer.received();
        int a = RawTelnetClient.indexOf(got, ascii("A"));
        byte[] up = Arrays.copyOfRange(got, a + 1, got.length - 1);
        // tmux sends ESC [ A, or ESC O A when the application asked for cursor-key mode.
        assertTrue(Arrays.equals(up, bytes(0x1B, '[', 'A')) || Arrays.equals(up, bytes(0x1B, 'O', 'A')),
            RawTelnetClient.hex(up));
    }

    @Test
    void asciiEolShowsAtasciiCrLfAsNewLinesAndEnterSendsCr() throws Exception {
        WirePeer peer = peer();
        Tmux t = clientInTmux("--encoding", "atascii", "--ascii-eol", "--history-file", "", "127.0.0.1",
            String.valueOf(peer.port()));
        t.waitFor("Escape character is", WAIT);
        peer.send(ascii("line one\r\nline two\r\n"));
        String s = t.waitFor(x -> x.contains("line two"), "the peer's lines", WAIT);
        List<String> rows = Arrays.asList(s.split("\n"));
        int two = rows.indexOf("line two");
        assertTrue(two > 0 && rows.get(two - 1).equals("line one"), s);
        assertFalse(s.contains("\u23BA") || s.contains("\u25E3"), s); // no graphics glyphs
        t.type("x");
        t.keys("Enter");
        int at = peer.await(bytes('x', '\r'), WAIT);
        assertArrayEquals(bytes('x', '\r'), Arrays.copyOfRange(peer.received(), at, at + 2));
        assertEquals(-1, RawTelnetClient.indexOf(peer.received(), bytes(0x9B)), "EOL sent for Enter");
    }
}
