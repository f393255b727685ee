package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.server.Session;
import org.telnet4j.server.SessionHandler;
import org.telnet4j.server.TelnetServer;
import org.telnet4j.testing.BinProcess;
import org.telnet4j.testing.ExternalPrograms;
import org.telnet4j.testing.MiniJson;

/**
 * {@code bin/telnet4j-fingerprint}'s command class against our own server, scripted hostile
 * servers (looping, wrong-direction offers, an endless banner, silence, an immediate close, MSSP)
 * and busybox telnetd; every document is checked against docs/fingerprint.schema.json's required
 * keys.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FingerprintMainTest {
    /** Short bounds so the scripted cases finish quickly; the real servers answer well within. */
    private static final String[] FAST = {"--banner-max-wait", "2", "--banner-quiet-time", "0.5",
        "--negotiation-wait", "2", "--mssp-wait", "2"};

    @TempDir
    Path tmp;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final List<Process> daemons = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        for (Process d : daemons) {
            List<ProcessHandle> all = new ArrayList<>(d.descendants().toList());
            all.add(d.toHandle());
            all.forEach(ProcessHandle::destroy);
            for (ProcessHandle p : all) {
                try {
                    p.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                }
            }
        }
    }

    // ---- running the command ------------------------------------------------------------------

    record Result(int status, String out, String err) {
        @SuppressWarnings("unchecked")
        Map<String, Object> doc() {
            return (Map<String, Object>) MiniJson.parse(out);
        }
    }

    static Result fingerprint(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = FingerprintMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Map<String, Object> probe(int port, String... extra) throws Exception {
        List<String> a = new ArrayList<>(List.of("127.0.0.1", Integer.toString(port)));
        a.addAll(List.of(extra));
        for (int i = 0; i < FAST.length; i += 2) {
            if (!a.contains(FAST[i])) { // a flag given by the test wins over the fast default
                a.add(FAST[i]);
                a.add(FAST[i + 1]);
            }
        }
        Result r = fingerprint(a.toArray(new String[0]));
        assertEquals(0, r.status(), r.err());
        Map<String, Object> doc = r.doc();
        checkShape(doc);
        return doc;
    }

    /** The committed schema's required keys are present, at the top, per option and per banner. */
    @SuppressWarnings("unchecked")
    static void checkShape(Map<String, Object> doc) throws IOException {
        Map<String, Object> schema = (Map<String, Object>) MiniJson.parse(
            Files.readString(Path.of("docs/fingerprint.schema.json")));
        for (Object k : (List<Object>) schema.get("required")) {
            assertTrue(doc.containsKey(k), "missing key " + k + " in " + doc.keySet());
        }
        Map<String, Object> props = (Map<String, Object>) schema.get("properties");
        Map<String, Object> optionSchema = (Map<String, Object>) ((Map<String, Object>) props.get("options"))
            .get("additionalProperties");
        for (Object o : ((Map<String, Object>) doc.get("options")).values()) {
            for (Object k : (List<Object>) optionSchema.get("required")) {
                assertTrue(((Map<String, Object>) o).containsKey(k), "option lacks " + k + ": " + o);
            }
        }
        Map<String, Object> bannerSchema = (Map<String, Object>) ((Map<String, Object>) schema.get("$defs"))
            .get("banner");
        Map<String, Object> guessSchema = (Map<String, Object>) ((Map<String, Object>) schema.get("$defs"))
            .get("encoding_guess");
        for (String b : List.of("banner_before_enter", "banner_after_enter")) {
            for (Object k : (List<Object>) bannerSchema.get("required")) {
                assertTrue(((Map<String, Object>) doc.get(b)).containsKey(k), b + " lacks " + k);
            }
            Map<String, Object> guess = (Map<String, Object>) ((Map<String, Object>) doc.get(b)).get("encoding_guess");
            for (Object k : (List<Object>) guessSchema.get("required")) {
                assertTrue(guess.containsKey(k), b + "'s encoding_guess lacks " + k);
            }
        }
        Map<String, Object> promptSchema = (Map<String, Object>) ((Map<String, Object>) props.get("prompts_answered"))
            .get("items");
        for (Object p : (List<Object>) doc.get("prompts_answered")) {
            for (Object k : (List<Object>) promptSchema.get("required")) {
                assertTrue(((Map<String, Object>) p).containsKey(k), "prompt lacks " + k + ": " + p);
            }
        }
        assertTrue(((String) doc.get("telnet_hash")).matches("[0-9a-f]{16}"), "hash " + doc.get("telnet_hash"));
        assertEquals("telnet4j-fingerprint/1", doc.get("schema"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> option(Map<String, Object> doc, String name) {
        Map<String, Object> o = (Map<String, Object>) ((Map<String, Object>) doc.get("options")).get(name);
        assertNotNull(o, "no entry for " + name + " in " + doc.get("options"));
        return o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> banner(Map<String, Object> doc, String which) {
        return (Map<String, Object>) doc.get(which);
    }

    // ---- our own server -----------------------------------------------------------------------

    int ourServer() throws Exception {
        TelnetServer server = TelnetServer.builder().host("127.0.0.1").port(0)
            .negotiationDeadline(Duration.ofSeconds(5))
            .handler(new SessionHandler() {
                @Override
                public void onConnect(Session s) {
                    s.send("Welcome to the test server\n");
                    s.prompt("ready> ");
                }

                @Override
                public void onLine(Session s, String line) {
                    s.send("you said: [" + line + "]\n");
                    s.prompt("ready> ");
                }
            }).build();
        InetSocketAddress a = server.bind();
        server.start();
        cleanup.add(server::close);
        return a.getPort();
    }

    @Test
    @SuppressWarnings("unchecked")
    void ourServerAsksForTheTerminalAndOffersSga() throws Exception {
        int port = ourServer();
        Map<String, Object> doc = probe(port);
        List<Object> opening = (List<Object>) doc.get("opening");
        assertTrue(opening.contains("DO TTYPE"), "opening: " + opening);
        assertTrue(opening.contains("DO NAWS"), "opening: " + opening);
        assertTrue(opening.contains("WILL SGA"), "opening: " + opening);
        // We accept TTYPE and NAWS (a plain client), so those end up on our side.
        assertEquals(true, option(doc, "TTYPE").get("client_side_enabled"));
        assertEquals(true, option(doc, "NAWS").get("client_side_enabled"));
        assertEquals(List.of("WILL"), option(doc, "TTYPE").get("we_answered"));
        assertTrue(((List<Object>) doc.get("offers")).contains("SGA"), "offers: " + doc.get("offers"));
        // An option it does not know gets a refusal when we ask (RFC 1143 answers every request).
        assertEquals("WONT", option(doc, "MXP").get("answer_to_do"), "MXP: " + option(doc, "MXP"));
        assertEquals(false, ((Map<String, Object>) doc.get("loop_check")).get("loops"), "loop_check");
        assertEquals(false, doc.get("closed_by_server"));
        // It offers charsets with CHARSET REQUEST; we take UTF-8 and decode the banner with it.
        Map<String, Object> charset = (Map<String, Object>) doc.get("charset");
        assertEquals("UTF-8", charset.get("accepted"), "charset: " + charset);
        assertEquals("negotiated with CHARSET (RFC 2066)", banner(doc, "banner_before_enter").get("encoding_evidence"));
        String before = (String) banner(doc, "banner_before_enter").get("text");
        assertTrue(before.contains("Welcome to the test server"), before);
        String after = (String) banner(doc, "banner_after_enter").get("text");
        assertTrue(after.contains("you said: []"), after);

        Map<String, Object> again = probe(port);
        assertEquals(doc.get("telnet_hash"), again.get("telnet_hash"), "same server, same hash");
    }

    @Test
    @SuppressWarnings("unchecked")
    void fullScanAsksAboutAll256Options() throws Exception {
        Map<String, Object> doc = probe(ourServer(), "--scan-type", "full");
        assertEquals("full", doc.get("scan_type"));
        Map<String, Object> options = (Map<String, Object>) doc.get("options");
        assertEquals(256, options.size(), "options: " + options.keySet());
        // An unassigned option number is asked about too, and refused.
        assertEquals("WONT", option(doc, "123").get("answer_to_do"), "123: " + option(doc, "123"));
        // Never asked: DO MCCP2 would start compression, DO LOGOUT would end the session.
        assertEquals("not asked", option(doc, "MCCP2").get("answer_to_do"));
        assertEquals("not asked", option(doc, "LOGOUT").get("answer_to_do"));
        Map<String, Object> quick = probe(ourServer());
        assertNotEquals(quick.get("telnet_hash"), doc.get("telnet_hash"), "quick and full scans hash apart");
    }

    @Test
    void saveJsonWritesTheDocumentPrinted() throws Exception {
        int port = ourServer();
        Path file = tmp.resolve("fp.json");
        List<String> a = new ArrayList<>(List.of("127.0.0.1", Integer.toString(port), "--save-json", file.toString()));
        a.addAll(List.of(FAST));
        Result r = fingerprint(a.toArray(new String[0]));
        assertEquals(0, r.status(), r.err());
        assertEquals(r.out(), Files.readString(file));
    }

    @Test
    void binScriptWorksThroughASymlink() throws Exception {
        int port = ourServer();
        Path link = tmp.resolve("fp");
        Files.createSymbolicLink(link, Path.of("bin/telnet4j-fingerprint").toAbsolutePath());
        Path file = tmp.resolve("doc.json");
        List<String> cmd = new ArrayList<>(List.of(link.toString(), "127.0.0.1", Integer.toString(port),
            "--save-json", file.toString()));
        cmd.addAll(List.of(FAST));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(tmp.resolve("err.txt").toFile());
        BinProcess.prepare(pb);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the script ends");
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("err.txt")));
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) MiniJson.parse(out); // stdout is only the JSON
        checkShape(doc);
        assertEquals(out, Files.readString(file));

        ProcessBuilder refused = new ProcessBuilder(link.toString(), "127.0.0.1", Integer.toString(freePort()))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        BinProcess.prepare(refused);
        Process q = refused.start();
        String err = new String(q.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(q.waitFor(60, TimeUnit.SECONDS), "the script ends");
        assertEquals(1, q.exitValue(), err);
        assertTrue(err.startsWith("telnet4j-fingerprint: cannot connect to 127.0.0.1 port ")
            && !err.contains("\n"), err);
    }

    // ---- busybox telnetd ------------------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void busyboxTelnetdHashesStablyAndUnlikeOurServer() throws Exception {
        String busybox = ExternalPrograms.require("busybox", "busybox-static");
        int port = freePort();
        Process p = new ProcessBuilder(busybox, "telnetd", "-F", "-p", Integer.toString(port), "-b",
            "127.0.0.1", "-l", "/bin/sh").redirectErrorStream(true).start();
        daemons.add(p);
        waitListening(port);
        Map<String, Object> first = probe(port);
        Map<String, Object> second = probe(port);
        assertEquals(first.get("telnet_hash"), second.get("telnet_hash"), "busybox twice");
        List<Object> opening = (List<Object>) first.get("opening");
        assertTrue(opening.contains("WILL ECHO") && opening.contains("DO NAWS"), "busybox opening: " + opening);
        // busybox telnetd asks DO ECHO: the server's own option, asked for in the wrong direction.
        assertTrue(first.get("wrong_direction").toString().contains("ECHO"), "wrong: " + first.get("wrong_direction"));
        String ours = (String) probe(ourServer()).get("telnet_hash");
        assertNotEquals(ours, first.get("telnet_hash"), "busybox and telnet4j differ");
    }

    // ---- inetutils telnetd, TinyMUX, our MUD ------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void inetutilsTelnetdHashesStablyAndUnlikeBusyboxOrUs() throws Exception {
        String socat = ExternalPrograms.require("socat", "socat");
        String telnetd = ExternalPrograms.require("telnetd", "inetutils-telnetd");
        int port = freePort();
        // inetutils telnetd is an inetd service: socat plays inetd, one telnetd per connection.
        Process p = new ProcessBuilder(ClientRealServersTest.withDefaultSigint(List.of(socat,
            "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork", "EXEC:" + telnetd + " -E /bin/sh,nofork")))
            .redirectErrorStream(true).start();
        daemons.add(p);
        waitListening(port);
        Map<String, Object> first = probe(port);
        Map<String, Object> second = probe(port);
        assertEquals(first.get("telnet_hash"), second.get("telnet_hash"), "inetutils telnetd twice");
        List<Object> opening = (List<Object>) first.get("opening");
        // inetutils telnetd opens by asking for the terminal type and offering to echo.
        assertTrue(opening.contains("DO TTYPE"), "inetutils opening: " + opening);
        assertNotEquals(probe(ourServer()).get("telnet_hash"), first.get("telnet_hash"), "inetutils and telnet4j differ");
    }

    @Test
    void tinyMuxHashesStablyAndReportsItsMudOptions() throws Exception {
        int port = ClientRealServersTest.startTinyMux(tmp, daemons);
        Map<String, Object> first = probe(port);
        Map<String, Object> second = probe(port);
        assertEquals(first.get("telnet_hash"), second.get("telnet_hash"), "TinyMUX twice");
        String banner = String.valueOf(first.get("banner"));
        assertTrue(banner.contains("Welcome to TinyMUX") || String.valueOf(first).contains("Welcome to TinyMUX"),
            "TinyMUX banner: " + banner);
        assertNotEquals(probe(ourServer()).get("telnet_hash"), first.get("telnet_hash"), "TinyMUX and telnet4j differ");
    }

    @Test
    void ourMudHashesStablyAndOffersGmcp() throws Exception {
        org.telnet4j.examples.TinyMud mud = new org.telnet4j.examples.TinyMud("127.0.0.1", 0);
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread loop = new Thread(() -> {
            try {
                while (running.get()) {
                    mud.tick(20); // the game's own loop drives the server, as in TinyMudTest
                }
                mud.server().close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "tiny-mud");
        loop.start();
        try {
            int port = mud.server().localAddress().getPort();
            Map<String, Object> first = probe(port);
            Map<String, Object> second = probe(port);
            assertEquals(first.get("telnet_hash"), second.get("telnet_hash"), "our MUD twice");
            assertTrue(String.valueOf(first.get("offers")).contains("GMCP"), "the MUD offers GMCP: " + first.get("offers"));
            assertNotEquals(probe(ourServer()).get("telnet_hash"), first.get("telnet_hash"),
                "the MUD negotiates unlike the plain server");
        } finally {
            running.set(false);
            loop.join(10_000);
        }
    }

    // ---- scripted hostile servers -------------------------------------------------------------

    /** A raw server socket running {@code script} for the first connection. */
    interface Script {
        void run(Socket s) throws IOException;
    }

    int scripted(Script script) throws IOException {
        ServerSocket ss = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        cleanup.add(ss);
        Thread t = new Thread(() -> {
            try (Socket s = ss.accept()) {
                cleanup.add(s);
                script.run(s);
            } catch (IOException e) {
                // the probe hung up: the script ends
            }
        }, "scripted-server");
        t.setDaemon(true);
        t.start();
        return ss.getLocalPort();
    }

    static void verb(OutputStream o, int verb, int option) throws IOException {
        o.write(new byte[] {(byte) TelnetCommand.IAC, (byte) verb, (byte) option});
        o.flush();
    }

    @Test
    @SuppressWarnings("unchecked")
    void loopingServerWithWrongDirectionOffersIsReported() throws Exception {
        int port = scripted(s -> {
            InputStream in = s.getInputStream();
            OutputStream o = s.getOutputStream();
            verb(o, TelnetCommand.WILL, TelnetOption.NAWS); // a client's option, offered by the server
            verb(o, TelnetCommand.WILL, TelnetOption.SGA);
            o.write("hostile\r\n".getBytes(StandardCharsets.US_ASCII));
            // Agrees to every request, every time, even ones already in force: a loop.
            int state = 0;
            int v = 0;
            for (int b; (b = in.read()) >= 0; ) {
                if (state == 0 && b == TelnetCommand.IAC) {
                    state = 1;
                } else if (state == 1) {
                    v = b;
                    state = b >= TelnetCommand.WILL ? 2 : 0;
                } else if (state == 2) {
                    if (v == TelnetCommand.DO) {
                        verb(o, TelnetCommand.WILL, b);
                    } else if (v == TelnetCommand.WILL) {
                        verb(o, TelnetCommand.DO, b);
                    }
                    state = 0;
                }
            }
        });
        Map<String, Object> doc = probe(port);
        assertTrue(doc.get("wrong_direction").toString().contains("option=NAWS"), "wrong: " + doc.get("wrong_direction"));
        Map<String, Object> loop = (Map<String, Object>) doc.get("loop_check");
        assertEquals(true, loop.get("loops"), "loop_check: " + loop);
        assertTrue(((List<Object>) loop.get("answered_again")).contains("SGA"), "loop_check: " + loop);
        // It accepted MXP when asked; we switched it off again, so it is not left on.
        assertEquals("WILL", option(doc, "MXP").get("answer_to_do"));
        assertEquals(false, option(doc, "MXP").get("server_side_enabled"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void subnegotiationsOfAMebibyteAreCutAndReported() throws Exception {
        int port = scripted(s -> {
            InputStream in = s.getInputStream();
            OutputStream o = s.getOutputStream();
            o.write("hello\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] big = new byte[1 << 20];
            java.util.Arrays.fill(big, (byte) 'A');
            // Answers the first requests with a 1 MiB subnegotiation each.
            int answered = 0;
            int state = 0;
            for (int b; answered < 8 && (b = in.read()) >= 0; ) {
                if (state == 0 && b == TelnetCommand.IAC) {
                    state = 1;
                } else if (state == 1) {
                    state = b == TelnetCommand.DO || b == TelnetCommand.WILL ? 2 : 0;
                } else if (state == 2) {
                    o.write(new byte[] {(byte) TelnetCommand.IAC, (byte) TelnetCommand.SB, (byte) b});
                    o.write(big);
                    o.write(new byte[] {(byte) TelnetCommand.IAC, (byte) TelnetCommand.SE});
                    o.flush();
                    answered++;
                    state = 0;
                }
            }
            in.transferTo(OutputStream.nullOutputStream());
        });
        Map<String, Object> doc = probe(port);
        assertTrue(doc.get("protocol_warnings").toString().contains("SUBNEGOTIATION_OVERFLOW"),
            "warnings: " + doc.get("protocol_warnings"));
        String before = (String) banner(doc, "banner_before_enter").get("text");
        assertTrue(before.startsWith("hello") && !before.contains("AAAA"), "banner: " + before.length() + " chars");
    }

    @Test
    void endlessBannerIsCutAtTheByteLimit() throws Exception {
        int port = scripted(s -> {
            OutputStream o = s.getOutputStream();
            byte[] line = "an endless banner line\r\n".getBytes(StandardCharsets.US_ASCII);
            while (true) {
                o.write(line);
            }
        });
        Map<String, Object> doc = probe(port, "--banner-max-bytes", "1000");
        Map<String, Object> before = banner(doc, "banner_before_enter");
        assertEquals(1000L, before.get("bytes"));
        assertEquals(true, before.get("truncated"));
        Map<String, Object> after = banner(doc, "banner_after_enter");
        assertEquals(1000L, after.get("bytes"));
    }

    @Test
    void silentServerIsBoundedByTheBannerWait() throws Exception {
        int port = scripted(s -> {
            s.getInputStream().transferTo(OutputStream.nullOutputStream()); // never says a word
        });
        // The quiet time is longer than the wait: only --banner-max-wait can end each banner.
        Map<String, Object> doc = probe(port, "--banner-quiet-time", "30", "--banner-max-wait", "1");
        assertEquals(0L, banner(doc, "banner_before_enter").get("bytes"));
        assertEquals(0L, banner(doc, "banner_after_enter").get("bytes"));
        assertEquals(false, doc.get("closed_by_server"));
        assertEquals("none", option(doc, "TTYPE").get("answer_to_will"));
    }

    @Test
    void serverThatClosesAtOnceStillGetsADocument() throws Exception {
        int port = scripted(Socket::close);
        Map<String, Object> doc = probe(port);
        assertEquals(true, doc.get("closed_by_server"));
        assertEquals("opening", doc.get("closed_during"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void msspVariablesAreRecorded() throws Exception {
        int port = scripted(s -> {
            OutputStream o = s.getOutputStream();
            InputStream in = s.getInputStream();
            verb(o, TelnetCommand.WILL, TelnetOption.MSSP);
            // Wait for DO MSSP, then send two variables, one with two values.
            byte[] want = {(byte) TelnetCommand.IAC, (byte) TelnetCommand.DO, (byte) TelnetOption.MSSP};
            int matched = 0;
            for (int b; matched < 3 && (b = in.read()) >= 0; ) {
                matched = (byte) b == want[matched] ? matched + 1 : ((byte) b == want[0] ? 1 : 0);
            }
            ByteArrayOutputStream sb = new ByteArrayOutputStream();
            sb.write(new byte[] {(byte) TelnetCommand.IAC, (byte) TelnetCommand.SB, (byte) TelnetOption.MSSP});
            sb.write(1);
            sb.writeBytes("NAME".getBytes(StandardCharsets.US_ASCII));
            sb.write(2);
            sb.writeBytes("Test MUD".getBytes(StandardCharsets.US_ASCII));
            sb.write(1);
            sb.writeBytes("PORT".getBytes(StandardCharsets.US_ASCII));
            sb.write(2);
            sb.writeBytes("4000".getBytes(StandardCharsets.US_ASCII));
            sb.write(2);
            sb.writeBytes("4001".getBytes(StandardCharsets.US_ASCII));
            sb.write(new byte[] {(byte) TelnetCommand.IAC, (byte) TelnetCommand.SE});
            o.write(sb.toByteArray());
            o.flush();
            in.transferTo(OutputStream.nullOutputStream());
        });
        Map<String, Object> doc = probe(port);
        Map<String, Object> mssp = (Map<String, Object>) doc.get("mssp");
        assertNotNull(mssp, "mssp");
        assertEquals("Test MUD", mssp.get("NAME"));
        assertEquals(List.of("4000", "4001"), mssp.get("PORT"));
        assertEquals(false, doc.get("gmcp"));
    }

    // ---- exit statuses --------------------------------------------------------------------------

    @Test
    void cannotConnectIsOneLineAndStatusOne() throws Exception {
        Result r = fingerprint("127.0.0.1", Integer.toString(freePort()), "--connect-timeout", "5");
        assertEquals(1, r.status());
        assertEquals("", r.out());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), err);
        assertTrue(err.startsWith("telnet4j-fingerprint: cannot connect to 127.0.0.1 port "), err);
    }

    @Test
    void badUsageIsStatusTwo() {
        assertEquals(2, fingerprint().status());
        assertEquals(2, fingerprint("127.0.0.1", "--scan-type", "huge").status());
        Result r = fingerprint("127.0.0.1", "23", "--banner-max-wait", "-1");
        assertEquals(2, r.status());
        assertEquals("telnet4j-fingerprint: --banner-max-wait must be 0 to 86400 seconds, not -1.0", r.err().strip());
        assertEquals(2, fingerprint("127.0.0.1", "70000").status());
        assertEquals(2, fingerprint("127.0.0.1", "--loglevel", "loud").status());
    }

    // ---- helpers ----------------------------------------------------------------------------------

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void waitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("busybox telnetd did not listen on " + port, e);
                }
                // Not listening yet: the connect itself paces this loop (refused at once on loopback).
                Thread.onSpinWait();
            }
        }
    }
}
