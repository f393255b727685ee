package org.telnet4j.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.telnet4j.option.Environ;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.testing.MiniJson;
import org.telnet4j.testing.SchemaCheck;

/**
 * The fingerprint server against scripted clients over loopback: the document and its file
 * (checked against docs/client-fingerprint.schema.json), secrets recorded as disclosed and never
 * stored or logged, 1 MiB environment values, a looping client, a scanner (the client and file
 * caps), MUD detection and the SLC table.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FingerprintServerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SECRET = "s3cr3t-AKIA-do-not-keep";

    @TempDir
    Path dir;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final LinkedBlockingQueue<FingerprintServer.Probed> probed = new LinkedBlockingQueue<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<Logger> loggers = new ArrayList<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        for (Class<?> c : List.of(ClientProbe.class, FingerprintServer.class, FingerprintStore.class)) {
            Logger l = (Logger) LoggerFactory.getLogger(c);
            l.addAppender(logs);
            loggers.add(l);
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        loggers.forEach(l -> l.detachAppender(logs));
    }

    static ClientProbeSettings fast() {
        return new ClientProbeSettings(Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofMillis(1500),
            256, 16 * 1024, 1000, 1000, 32);
    }

    private InetSocketAddress start(ClientProbeSettings s) throws Exception {
        FingerprintStore store = new FingerprintStore(dir, s.maxFilesPerFingerprint(), s.maxFingerprints());
        FingerprintServer server = new FingerprintServer(s, store, probed::add);
        cleanup.add(server);
        return server.start("127.0.0.1", 0);
    }

    private FingerprintServer.Probed next() throws InterruptedException {
        FingerprintServer.Probed p = probed.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(p != null, "no probe finished within " + WAIT);
        return p;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> saved(FingerprintServer.Probed p) throws Exception {
        assertEquals(FingerprintStore.Saved.SAVED, p.saved());
        Path f = dir.resolve("client").resolve(p.hash()).resolve(p.session() + ".json");
        assertTrue(Files.isRegularFile(f), "no file " + f);
        Map<String, Object> doc = (Map<String, Object>) MiniJson.parse(Files.readString(f));
        List<String> errors = SchemaCheck.check(Path.of("docs/client-fingerprint.schema.json"), doc);
        assertTrue(errors.isEmpty(), "schema violations: " + errors + "\n" + Files.readString(f));
        return doc;
    }

    private String logText() {
        StringBuilder b = new StringBuilder();
        List<ILoggingEvent> events;
        // Probe threads log while the test reads: logback's AppenderBase appends under the
        // appender's own lock, so copy the list under it.
        synchronized (logs) {
            events = new ArrayList<>(logs.list);
        }
        for (ILoggingEvent e : events) {
            b.append(e.getFormattedMessage()).append('\n');
        }
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> doc, String key) {
        return (Map<String, Object>) doc.get(key);
    }

    /** Agrees to enable the listed options on its side, refuses the rest, and answers SBs via {@code sb}. */
    static ScriptedClient.Script willing(List<Integer> will, java.util.function.BiFunction<Integer, byte[], byte[]> sb) {
        return new ScriptedClient.Script() {
            @Override
            public byte[] onNegotiation(int verb, int option) {
                if (verb == TelnetCommand.DO) {
                    return ScriptedClient.verb(will.contains(option) ? TelnetCommand.WILL : TelnetCommand.WONT, option);
                }
                if (verb == TelnetCommand.WILL) {
                    return ScriptedClient.verb(TelnetCommand.DONT, option);
                }
                return new byte[0]; // WONT/DONT: already off, or confirming off (RFC 1143)
            }

            @Override
            public byte[] onSubnegotiation(int option, byte[] payload) {
                return sb == null ? new byte[0] : sb.apply(option, payload);
            }
        };
    }

    @Test
    void aClientThatRefusesEverythingGetsASavedDocumentAndIsShownIt() throws Exception {
        InetSocketAddress a = start(fast());
        String shown = ScriptedClient.run(a, ScriptedClient.REFUSE_ALL, WAIT);
        FingerprintServer.Probed p = next();
        Map<String, Object> doc = saved(p);
        assertEquals(p.hash(), doc.get("telnet_hash"));
        assertTrue(shown.contains("telnet_hash:   " + p.hash()), shown);
        assertTrue(shown.contains("saved as " + p.session() + ".json"), shown);
        assertEquals(List.of(), doc.get("offers"));
        assertEquals(List.of(), doc.get("accepts"));
        assertTrue(((List<?>) doc.get("refuses_do")).contains("TTYPE"), doc.toString());
        assertEquals(false, doc.get("mud_probed"));
        assertFalse(map(doc, "options").containsKey("GMCP"), "no MUD option asked of a plain client");
        assertFalse(map(doc, "options").containsKey("LOGOUT"), "LOGOUT is never asked (RFC 727)");
        assertTrue(logText().contains("telnet_hash " + p.hash()), logText());
        // The same behaviour hashes alike.
        ScriptedClient.run(a, ScriptedClient.REFUSE_ALL, WAIT);
        assertEquals(p.hash(), next().hash());
    }

    @Test
    @SuppressWarnings("unchecked")
    void secretsAreRecordedAsDisclosedButTheirValuesAreNeitherStoredNorLogged() throws Exception {
        InetSocketAddress a = start(fast());
        ScriptedClient.Script env = willing(List.of(TelnetOption.NEW_ENVIRON, TelnetOption.TTYPE, TelnetOption.NAWS),
            (option, payload) -> {
                if (option == TelnetOption.NEW_ENVIRON && payload[0] == Environ.SEND) {
                    return ScriptedClient.sb(option, environ(
                        Environ.USERVAR, "AWS_SECRET_ACCESS_KEY", SECRET,
                        Environ.USERVAR, "GITHUB_TOKEN", null, // named without a value: not defined
                        Environ.VAR, "USER", "ada-the-user",
                        Environ.USERVAR, "TERM", "xterm-256color"));
                }
                if (option == TelnetOption.TTYPE) {
                    return ScriptedClient.sb(option, ttype("XTERM"));
                }
                return new byte[0];
            });
        ScriptedClient.Script withNaws = new ScriptedClient.Script() {
            @Override
            public byte[] onNegotiation(int verb, int option) {
                byte[] r = env.onNegotiation(verb, option);
                if (verb == TelnetCommand.DO && option == TelnetOption.NAWS) {
                    return concat(r, ScriptedClient.sb(option, new byte[] {0, (byte) 132, 0, 43}));
                }
                return r;
            }

            @Override
            public byte[] onSubnegotiation(int option, byte[] payload) {
                return env.onSubnegotiation(option, payload);
            }
        };
        String shown = ScriptedClient.run(a, withNaws, WAIT);
        FingerprintServer.Probed p = next();
        Map<String, Object> doc = saved(p);
        Map<String, Object> e = map(doc, "environment");
        Map<String, Object> secrets = (Map<String, Object>) e.get("secrets");
        assertEquals("disclosed", secrets.get("AWS_SECRET_ACCESS_KEY"));
        assertEquals("not disclosed", secrets.get("GITHUB_TOKEN"));
        assertEquals(List.of("TERM", "USER"), e.get("variables"));
        assertEquals(Map.of("TERM", "xterm-256color"), e.get("values"), "only harmless values are kept");
        assertEquals(Map.of("columns", 132L, "rows", 43L), fixNumbers(map(doc, "window_size")));
        assertEquals(List.of("XTERM"), doc.get("terminal_types"));
        String file = Files.readString(dir.resolve("client").resolve(p.hash()).resolve(p.session() + ".json"));
        assertFalse(file.contains(SECRET), "the secret's value is not in the file");
        assertFalse(file.contains("ada-the-user"), "USER's value is not kept either");
        assertFalse(logText().contains(SECRET), "the secret's value is not logged:\n" + logText());
        assertTrue(logText().contains("disclosed AWS_SECRET_ACCESS_KEY (value not kept)"), logText());
        assertTrue(shown.contains("DISCLOSED AWS_SECRET_ACCESS_KEY"), shown);
        assertFalse(shown.contains(SECRET), shown);
    }

    @Test
    void aMebibyteEnvironmentValueIsCutByTheParserAndTheProbeStillEnds() throws Exception {
        InetSocketAddress a = start(fast());
        String big = "x".repeat(1 << 20);
        ScriptedClient.run(a, willing(List.of(TelnetOption.NEW_ENVIRON), (option, payload) ->
            option == TelnetOption.NEW_ENVIRON && payload[0] == Environ.SEND
                ? ScriptedClient.sb(option, environ(Environ.USERVAR, "TERM", big, Environ.USERVAR,
                    "AWS_SECRET_ACCESS_KEY", big))
                : new byte[0]), WAIT);
        FingerprintServer.Probed p = next();
        Map<String, Object> doc = saved(p);
        assertTrue(((List<?>) doc.get("protocol_warnings")).contains("SUBNEGOTIATION_OVERFLOW 39"),
            doc.get("protocol_warnings").toString());
        assertTrue(logText().contains("protocol violation from the client: SUBNEGOTIATION_OVERFLOW 39"), logText());
        long size = Files.size(dir.resolve("client").resolve(p.hash()).resolve(p.session() + ".json"));
        assertTrue(size < 64 * 1024, "the document stays small: " + size);
    }

    @Test
    void aLongValueWithinTheParserLimitIsCutAtMaxValueBytesAndLogged() throws Exception {
        InetSocketAddress a = start(fast());
        ScriptedClient.run(a, willing(List.of(TelnetOption.NEW_ENVIRON, TelnetOption.TTYPE), (option, payload) -> {
            if (option == TelnetOption.NEW_ENVIRON && payload[0] == Environ.SEND) {
                return ScriptedClient.sb(option, environ(Environ.USERVAR, "TERM", "t".repeat(5000)));
            }
            return option == TelnetOption.TTYPE ? ScriptedClient.sb(option, ttype("V".repeat(3000))) : new byte[0];
        }), WAIT);
        Map<String, Object> doc = saved(next());
        assertEquals(256, ((String) map(map(doc, "environment"), "values").get("TERM")).length());
        assertEquals(256, ((String) ((List<?>) doc.get("terminal_types")).get(0)).length());
        assertTrue(((List<?>) doc.get("limits_hit")).contains("value_bytes"), doc.get("limits_hit").toString());
        assertTrue(logText().contains("cut at --max-value-bytes 256"), logText());
    }

    @Test
    void aClientThatLoopsIsCutOffAndRecordedAsLooping() throws Exception {
        InetSocketAddress a = start(fast());
        // Asks again for whatever it was refused, for ever: the classic negotiation loop.
        // It opens with offers we refuse, so every refusal brings the same offer back.
        ScriptedClient.Script looper = new ScriptedClient.Script() {
            @Override
            public byte[] opening() {
                return concat(ScriptedClient.verb(TelnetCommand.WILL, TelnetOption.ECHO),
                    ScriptedClient.verb(TelnetCommand.DO, TelnetOption.TTYPE));
            }

            @Override
            public byte[] onNegotiation(int verb, int option) {
                return switch (verb) {
                    case TelnetCommand.DONT, TelnetCommand.DO -> ScriptedClient.verb(TelnetCommand.WILL, option);
                    case TelnetCommand.WONT -> ScriptedClient.verb(TelnetCommand.DO, option);
                    default -> ScriptedClient.verb(TelnetCommand.DO, option);
                };
            }
        };
        ScriptedClient.run(a, looper, WAIT);
        Map<String, Object> doc = saved(next());
        assertEquals(true, map(doc, "loop_check").get("loops"));
        assertTrue(((List<?>) doc.get("limits_hit")).contains("replies_per_option"), doc.get("limits_hit").toString());
        assertTrue(logText().contains("client repeats its requests for ECHO"), logText());
        assertTrue(((List<?>) map(doc, "loop_check").get("answered_again")).contains("ECHO"), doc.toString());
    }

    @Test
    void aSilentClientIsBoundedByTheProbeTime() throws Exception {
        InetSocketAddress a = start(fast().withProbeTime(Duration.ofSeconds(1)));
        try (Socket s = new Socket()) {
            s.connect(a);
            s.setSoTimeout((int) WAIT.toMillis());
            InputStream in = s.getInputStream();
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            for (int b; (b = in.read()) >= 0; ) { // never answers; the server closes
                seen.write(b);
            }
            assertTrue(seen.toString(StandardCharsets.ISO_8859_1).contains("telnet_hash:"), "the summary came");
        }
        Map<String, Object> doc = saved(next());
        assertEquals(true, doc.get("timed_out"));
        assertTrue(((List<?>) doc.get("limits_hit")).contains("probe_time"));
        assertTrue(logText().contains("probe stopped at --probe-time 1.0 s"), logText());
    }

    @Test
    void aScannerBeyondMaxClientsIsClosedAtOnceAndLogged() throws Exception {
        ClientProbeSettings s = new ClientProbeSettings(Duration.ofSeconds(20), Duration.ofSeconds(20),
            Duration.ofSeconds(20), 256, 16 * 1024, 1000, 1000, 2);
        InetSocketAddress a = start(s);
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) { // two silent clients hold both slots
                Socket h = new Socket();
                h.connect(a);
                held.add(h);
            }
            // Connections are accepted in order, and a slot is taken at accept: the two held ones
            // have both slots (their opening lasts 20 s) before any of the next five is accepted.
            int closedAtOnce = 0;
            for (int i = 0; i < 5; i++) {
                try (Socket c = new Socket()) {
                    c.connect(a);
                    c.setSoTimeout((int) WAIT.toMillis());
                    if (c.getInputStream().read() < 0) {
                        closedAtOnce++;
                    }
                }
            }
            assertEquals(5, closedAtOnce, "every connection beyond --max-clients is closed without a byte");
        } finally {
            for (Socket h : held) {
                h.close();
            }
        }
        assertTrue(logText().contains("--max-clients 2 probes running"), logText());
    }

    @Test
    void theFileCapsBoundWhatAScannerCanWrite() throws Exception {
        ClientProbeSettings s = new ClientProbeSettings(Duration.ofSeconds(10), Duration.ofMillis(200),
            Duration.ofMillis(1500), 256, 16 * 1024, 2, 2, 32);
        InetSocketAddress a = start(s);
        List<FingerprintStore.Saved> same = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ScriptedClient.run(a, ScriptedClient.REFUSE_ALL, WAIT);
            same.add(next().saved());
        }
        assertEquals(List.of(FingerprintStore.Saved.SAVED, FingerprintStore.Saved.SAVED,
            FingerprintStore.Saved.FINGERPRINT_FULL), same);
        assertTrue(logText().contains("--max-files-per-fingerprint 2 reached"), logText());
        // Two other behaviours: the first makes a second fingerprint, the next finds the store full.
        ScriptedClient.run(a, willing(List.of(TelnetOption.SGA), null), WAIT);
        FingerprintServer.Probed b = next();
        assertEquals(FingerprintStore.Saved.SAVED, b.saved());
        ScriptedClient.run(a, willing(List.of(TelnetOption.BINARY), null), WAIT);
        FingerprintServer.Probed c = next();
        assertNotEquals(b.hash(), c.hash());
        assertEquals(FingerprintStore.Saved.STORE_FULL, c.saved());
        assertTrue(logText().contains("--max-fingerprints 2 reached"), logText());
        try (Stream<Path> dirs = Files.list(dir.resolve("client"))) {
            assertEquals(2, dirs.count());
        }
        // A new store over the same directory counts what is there.
        FingerprintStore again = new FingerprintStore(dir, 2, 2);
        assertEquals(FingerprintStore.Saved.STORE_FULL, again.save("0123456789abcdef", "x", "{}"));
        assertEquals(FingerprintStore.Saved.SAVED, again.save(b.hash(), "y", "{}"), "b has one file of two");
        assertEquals(FingerprintStore.Saved.FINGERPRINT_FULL, again.save(b.hash(), "z", "{}"));
    }

    @Test
    void aClientWithMttsInItsTerminalTypeCycleIsProbedForMudOptions() throws Exception {
        InetSocketAddress a = start(fast());
        String[] cycle = {"MUDCLIENT-X", "XTERM-256COLOR", "MTTS 9"};
        int[] at = {0};
        ScriptedClient.run(a, willing(List.of(TelnetOption.TTYPE), (option, payload) -> {
            if (option != TelnetOption.TTYPE) {
                return new byte[0];
            }
            String t = cycle[Math.min(at[0]++, cycle.length - 1)]; // repeats the last: the end (RFC 1091)
            return ScriptedClient.sb(option, ttype(t));
        }), WAIT);
        Map<String, Object> doc = saved(next());
        assertEquals(List.of(cycle), doc.get("terminal_types"));
        assertEquals(Map.of("bits", 9L, "flags", List.of("ANSI", "256 COLORS")), fixNumbers(map(doc, "mtts")));
        assertEquals(true, doc.get("mud_probed"));
        assertEquals(List.of("terminal type cycle reports MTTS 9"), doc.get("mud_evidence"));
        assertEquals("DONT", ((Map<?, ?>) map(doc, "options").get("GMCP")).get("answer_to_will"));
    }

    @Test
    void linemodeClientsReportTheirSlcTable() throws Exception {
        InetSocketAddress a = start(fast());
        ScriptedClient.run(a, willing(List.of(TelnetOption.LINEMODE), (option, payload) ->
            option == TelnetOption.LINEMODE && payload[0] == 3
                ? ScriptedClient.sb(option, new byte[] {3, 3, 2, 3, 10, 2, 127, 8, 2, 4}) // IP ^C, EC DEL, EOF ^D
                : new byte[0]), WAIT);
        Map<String, Object> doc = saved(next());
        Map<String, Object> slc = map(map(doc, "linemode"), "slc");
        assertEquals(Map.of("modifier", "VALUE", "value", 3L), fixNumbers(map(slc, "IP")));
        assertEquals(Map.of("modifier", "VALUE", "value", 127L), fixNumbers(map(slc, "EC")));
        assertEquals(true, map(doc, "subnegotiations").get("slc"));
    }

    @Test
    void knownClientsTableParsesAndHasNoDuplicateNames() {
        KnownClients k = KnownClients.load();
        List<String> names = new ArrayList<>();
        k.all().forEach((hash, n) -> {
            assertTrue(hash.matches("[0-9a-f]{16}"), hash);
            names.addAll(n);
        });
        assertEquals(names.size(), names.stream().distinct().count(), names.toString());
        assertEquals(List.of(), k.names("0000000000000000"));
    }

    // ---- payloads ---------------------------------------------------------------------------------

    /** NEW-ENVIRON IS with (type, name, value-or-null) triples (RFC 1572). */
    static byte[] environ(Object... triples) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(Environ.IS);
        for (int i = 0; i < triples.length; i += 3) {
            b.write((Integer) triples[i]);
            b.writeBytes(((String) triples[i + 1]).getBytes(StandardCharsets.US_ASCII));
            if (triples[i + 2] != null) {
                b.write(Environ.VALUE);
                b.writeBytes(((String) triples[i + 2]).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return b.toByteArray();
    }

    static byte[] ttype(String name) {
        return concat(new byte[] {0}, name.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] concat(byte[] x, byte[] y) {
        byte[] r = new byte[x.length + y.length];
        System.arraycopy(x, 0, r, 0, x.length);
        System.arraycopy(y, 0, r, x.length, y.length);
        return r;
    }

    /** MiniJson's numbers as longs, for comparing with literals. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fixNumbers(Map<String, Object> m) {
        Map<String, Object> r = new java.util.TreeMap<>();
        m.forEach((k, v) -> r.put(k, v instanceof Number n ? (Object) n.longValue() : v));
        return r;
    }
}
