package org.telnet4j.fingerprint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.fingerprint.ProbeNegotiation.Option;
import org.telnet4j.fingerprint.ProbeNegotiation.Q;
import org.telnet4j.option.CharsetNegotiation;
import org.telnet4j.option.Environ;
import org.telnet4j.option.linemode.Slc;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.protocol.TelnetParser;

/**
 * Probes one connected telnet client over a blocking socket and builds its fingerprint document.
 * Built on the protocol core ({@link TelnetParser}) rather than on {@code Session}, because the
 * point is to see the client's raw behaviour: what it sends before we say anything, and how it
 * answers every request, which a session's own negotiation would hide.
 *
 * <p>The phases, each bounded by {@link ClientProbeSettings#negotiationWait()} and all together by
 * {@link ClientProbeSettings#probeTime()}:
 * <ol>
 * <li>the opening: whatever the client sends unprompted, until it is quiet for
 *     {@code openingQuiet}; its requests are answered (we agree to SGA, ECHO and CHARSET on our
 *     side, and to TTYPE, NAWS, NEW-ENVIRON, LINEMODE, CHARSET and SGA on its side);</li>
 * <li>the RFC scan: DO and WILL for every named RFC option the client did not mention (never
 *     LOGOUT: RFC 727 makes it a request to end the session). Options we do not want that the
 *     client accepts are switched off again. Once on, TTYPE is cycled (RFC 1091, with MTTS, see
 *     https://tintin.mudhalla.net/protocols/mtts/), NEW-ENVIRON is asked for the usual variables
 *     and for secrets no client should disclose (RFC 1572), LINEMODE for its SLC table (RFC 1184
 *     section 2.4), CHARSET with a REQUEST (RFC 2066);</li>
 * <li>the MUD scan (GMCP, MSDP, MSSP, MCCP, MXP, MSP, ZMP, ATCP, Aardwolf), only for a client that
 *     looks like a MUD client (see {@link #mudEvidence()}): a plain telnet gains nothing from
 *     them, and some print every unknown option they are offered;</li>
 * <li>the loop check: every option already agreed is asked for again; RFC 1143 section 7 says a
 *     request for the mode already in force is not answered, so an answer means the client loops.
 *     A client that keeps repeating its own requests is cut off after a few replies.</li>
 * </ol>
 * Environment values are kept only for the harmless variables in {@link #KEPT_VALUES}; of every
 * other variable only the name is kept, and of the secrets only whether a value was disclosed.
 * No value is ever logged.
 */
public final class ClientProbe {
    private static final Logger log = LoggerFactory.getLogger(ClientProbe.class);

    /** The MUD protocols, probed only for a client that looks like a MUD client. */
    static final int[] MUD = {TelnetOption.MSDP, TelnetOption.MSSP, TelnetOption.MCCP1, TelnetOption.MCCP2,
        TelnetOption.MCCP3, TelnetOption.MSP, TelnetOption.MXP, TelnetOption.ZMP, TelnetOption.AARDWOLF,
        TelnetOption.ATCP, TelnetOption.GMCP};
    /** The named RFC options, scanned for every client. */
    static final List<Integer> RFC;
    /** Terminal types (first of the cycle, upper case, prefix) that name a MUD client. */
    static final List<String> MUD_CLIENT_NAMES = List.of("TINTIN", "MUDLET", "MUSHCLIENT", "CMUD", "ZMUD",
        "KBTIN", "TF", "TINYFUGUE", "BLOWTORCH", "MUDRAMMER", "ATLANTIS", "POTATO", "BEIP",
        "AXMUD", "GMUD", "TELNET4J-MUD");
    /** Variables asked for with NEW-ENVIRON whose values are harmless and kept (cut to maxValueBytes). */
    static final List<String> KEPT_VALUES = List.of("TERM", "LANG", "LC_ALL", "LC_CTYPE", "COLORTERM",
        "TERM_PROGRAM", "CHARSET", "CLIENT_NAME", "CLIENT_VERSION", "MTTS", "SYSTEMTYPE");
    /** Standard variables (RFC 1572 section 3) asked for; only whether they were sent is kept. */
    static final List<String> WELL_KNOWN = List.of("USER", "JOB", "ACCT", "PRINTER", "SYSTEMTYPE", "DISPLAY");
    /** Variables no client should send to a server: only "disclosed" or "not disclosed" is kept. */
    public static final List<String> SECRETS = List.of("AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID",
        "AWS_SESSION_TOKEN", "GITHUB_TOKEN", "GH_TOKEN", "GITLAB_TOKEN", "NPM_TOKEN", "OPENAI_API_KEY",
        "ANTHROPIC_API_KEY", "SSH_AUTH_SOCK", "DATABASE_URL");
    /** The MTTS bits, lowest first (https://tintin.mudhalla.net/protocols/mtts/). */
    private static final String[] MTTS_FLAGS = {"ANSI", "VT100", "UTF-8", "256 COLORS", "MOUSE TRACKING",
        "OSC COLOR PALETTE", "SCREEN READER", "PROXY", "TRUECOLOR", "MNES", "MSLP", "SSL"};
    private static final int[] WE_WILL = {TelnetOption.SGA, TelnetOption.ECHO, TelnetOption.CHARSET};
    private static final int[] WE_DO = {TelnetOption.TTYPE, TelnetOption.NAWS, TelnetOption.NEW_ENVIRON,
        TelnetOption.LINEMODE, TelnetOption.CHARSET, TelnetOption.SGA};
    private static final int[] NEVER = {TelnetOption.LOGOUT};
    /** Replies to one option's requests before we stop answering (a looping client). */
    private static final int MAX_REPLIES = 4;
    /** Terminal types kept from the cycle. */
    private static final int MAX_TERMINAL_TYPES = 8;
    /** Environment variable names kept per reply. */
    private static final int MAX_VARIABLES = 64;
    private static final int LM_MODE = 1;
    private static final int LM_SLC = 3;

    static {
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            if (TelnetOption.isKnown(i) && !ProbeNegotiation.contains(MUD, i) && !ProbeNegotiation.contains(NEVER, i)) {
                r.add(i);
            }
        }
        RFC = List.copyOf(r);
    }

    private final ClientProbeSettings settings;
    /** Our bytes: to the connection, once there is one ({@link #run}). */
    private final ProbeOutput out = bytes -> this.connection.send(bytes);
    private final ProbeNegotiation negotiation;
    private final Listener listener;
    private final TelnetParser parser;
    private ProbeConnection connection;
    private final Set<String> limitsHit = new TreeSet<>();
    private final List<String> terminalTypes = new ArrayList<>();
    private final Map<String, Object> keptValues = new TreeMap<>();
    private final Set<String> disclosedNames = new TreeSet<>();
    private final Set<String> secretsDisclosed = new TreeSet<>();
    private final Map<String, Object> slc = new TreeMap<>();
    private String phase = "opening";
    private boolean ttypeDone;
    private boolean ttypeAnswered;
    private int environReplies;
    private boolean environAsked;
    private boolean linemodeAsked;
    private boolean slcSeen;
    private boolean charsetAsked;
    private String charsetAnswer = "not asked";
    private String charsetAccepted;
    private List<String> charsetOfferedByClient;
    private Integer columns;
    private Integer rows;
    private Integer mtts;
    private boolean mudProbed;
    private long dataBytes;

    /** A probe with these bounds. */
    public ClientProbe(ClientProbeSettings settings) {
        this.settings = settings;
        this.negotiation = new ProbeNegotiation(WE_WILL, WE_DO, MAX_REPLIES, out, new NegotiationEvents());
        this.listener = new Listener();
        this.parser = new TelnetParser(listener, settings.maxSubnegotiation());
    }

    /**
     * Probes the client on {@code socket} (left open, so the caller can show it the result) and
     * returns the document; a client that closes early or runs out of time still gets one.
     */
    public Map<String, Object> run(Socket socket) throws IOException {
        long started = System.nanoTime();
        long deadline = now() + settings.probeTime().toMillis();
        socket.setTcpNoDelay(true);
        // Batched writes: one write per batch of requests and per read's answers.
        connection = new ProbeConnection(socket, parser, 50, true, () -> { });
        connection.deadline(deadline);
        connection.restartQuietClock();
        long quiet = settings.openingQuiet().toMillis();

        // 1. The opening.
        pump(now() + settings.negotiationWait().toMillis(), () -> connection.quietFor(quiet));
        negotiation.startProbing();

        // 2. The RFC scan, then the subnegotiations the agreed options lead to.
        phase = "rfc scan";
        scan(RFC);
        connection.flush();
        pump(now() + settings.negotiationWait().toMillis(), negotiation::allAnswered);
        phase = "subnegotiation";
        pump(now() + settings.negotiationWait().toMillis(), this::subnegotiationsDone);

        // 3. The MUD scan, for a client that looks like one.
        if (!mudEvidence().isEmpty()) {
            phase = "mud scan";
            mudProbed = true;
            scan(toList(MUD));
            connection.flush();
            pump(now() + settings.negotiationWait().toMillis(), negotiation::allAnswered);
        }

        // 4. The loop check; its answers come in one round trip, so a quiet spell ends it.
        phase = "loop check";
        loopCheck();
        connection.flush();
        connection.restartQuietClock();
        pump(now() + settings.negotiationWait().toMillis(), () -> connection.quietFor(quiet));
        if (connection.timedOut()) {
            log.info("fingerprint-server: {} probe stopped at --probe-time {} s ({})",
                socket.getRemoteSocketAddress(), settings.probeTime().toMillis() / 1000.0, phase);
        }
        return document((System.nanoTime() - started) / 1_000_000);
    }

    /** Whether the client closed the connection during the probe. */
    public boolean closedByClient() {
        return connection != null && connection.closed();
    }

    /**
     * Why the client looks like a MUD client, empty when it does not. "Looks like" means any of:
     * it said anything about a MUD option before we asked (a plain telnet never does); its
     * terminal-type cycle reports MTTS bits (a MUD-client convention); its first terminal type
     * names a known MUD client (TINTIN++, MUDLET, MUSHCLIENT, ...).
     */
    List<String> mudEvidence() {
        List<String> why = new ArrayList<>();
        for (int m : MUD) {
            Option r = negotiation.option(m);
            if (r != null && !r.unprompted.isEmpty()) {
                why.add("sent " + String.join("/", unprompted(r)) + " " + TelnetOption.name(m) + " unprompted");
            }
        }
        if (mtts != null) {
            why.add("terminal type cycle reports MTTS " + mtts);
        }
        if (!terminalTypes.isEmpty()) {
            String first = terminalTypes.get(0).toUpperCase(java.util.Locale.ROOT);
            for (String n : MUD_CLIENT_NAMES) {
                if (first.equals(n) || first.startsWith(n + " ") || first.startsWith(n + "+")
                    || first.startsWith(n + "-")) {
                    why.add("terminal type " + terminalTypes.get(0) + " names a MUD client");
                    break;
                }
            }
        }
        return why;
    }

    /** The verbs the client sent before we asked, each once, in alphabetical order. */
    private static List<String> unprompted(Option r) {
        return List.copyOf(new TreeSet<>(r.unprompted));
    }

    // ---- reading and writing ------------------------------------------------------------------

    /** A wait of the probe; the overall --probe-time is the connection's deadline. */
    private void pump(long until, BooleanSupplier done) throws IOException {
        connection.pump(until, done);
        if (connection.timedOut()) {
            limitsHit.add("probe_time");
        }
    }

    private static long now() {
        return ProbeConnection.now();
    }

    private void sendSb(int option, byte[] payload) {
        out.sendSb(option, payload);
    }

    private void scan(List<Integer> list) {
        for (int opt : list) {
            Option r = negotiation.record(opt);
            boolean mentionedWill = r.mentionedHisSide();
            boolean mentionedDo = r.mentionedOurSide();
            if (!mentionedWill && r.him == Q.NO) {
                negotiation.probeDo(r);
            }
            if (!mentionedDo && r.us == Q.NO) {
                negotiation.probeWill(r);
            }
        }
    }

    private void loopCheck() {
        for (Option r : negotiation.options()) {
            if (r.him == Q.YES) {
                negotiation.loopCheckDo(r);
            }
            if (r.us == Q.YES) {
                negotiation.loopCheckWill(r);
            }
        }
    }

    private boolean subnegotiationsDone() {
        return (!on(TelnetOption.TTYPE) || ttypeDone)
            && (!on(TelnetOption.NAWS) || columns != null)
            && (!environAsked || environReplies > 0)
            && (!linemodeAsked || slcSeen)
            && (!charsetAsked || !charsetAnswer.equals("none"));
    }

    private boolean on(int option) {
        return negotiation.hisSideOn(option);
    }

    // ---- negotiation: the protocol is ProbeNegotiation's; what agreeing to an option leads to is here ----

    private static List<Integer> toList(int[] a) {
        List<Integer> l = new ArrayList<>();
        for (int x : a) {
            l.add(x);
        }
        return l;
    }

    private final class NegotiationEvents implements ProbeNegotiation.Events {
        @Override
        public void enabledHisSide(int option) {
            ClientProbe.this.enabledHisSide(option);
        }

        @Override
        public void enabledOurSide(int option) {
            ClientProbe.this.enabledOurSide(option);
        }

        @Override
        public void repliesExhausted(Option r) {
            log.info("fingerprint-server: client repeats its requests for {}; no more replies",
                TelnetOption.name(r.code));
            limitsHit.add("replies_per_option");
        }
    }

    private void enabledHisSide(int option) {
        switch (option) {
            case TelnetOption.TTYPE -> sendSb(TelnetOption.TTYPE, new byte[] {1}); // RFC 1091: SEND = 1
            case TelnetOption.NEW_ENVIRON -> {
                environAsked = true;
                sendSb(TelnetOption.NEW_ENVIRON, environRequest());
            }
            case TelnetOption.LINEMODE -> {
                // RFC 1184 section 2.2 and 2.4: propose EDIT|TRAPSIG, and ask for the client's
                // default SLC table (function 0, level DEFAULT).
                linemodeAsked = true;
                sendSb(TelnetOption.LINEMODE, new byte[] {LM_MODE, 3});
                sendSb(TelnetOption.LINEMODE, new byte[] {LM_SLC, 0, (byte) Slc.DEFAULT, 0});
            }
            case TelnetOption.CHARSET -> askCharset();
            default -> {
            }
        }
    }

    private void enabledOurSide(int option) {
        if (option == TelnetOption.CHARSET) {
            askCharset();
        }
    }

    private void askCharset() {
        if (!charsetAsked && charsetOfferedByClient == null) {
            // RFC 2066 section 4: either side may REQUEST once CHARSET is agreed; ask only once.
            charsetAsked = true;
            charsetAnswer = "none";
            sendSb(TelnetOption.CHARSET, CharsetNegotiation.request(List.of("UTF-8", "ISO-8859-1", "US-ASCII")));
        }
    }

    /** SEND, then VAR for the standard names and USERVAR for the rest (RFC 1572 section 2). */
    private static byte[] environRequest() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(Environ.SEND);
        for (String n : WELL_KNOWN) {
            b.write(Environ.VAR);
            b.writeBytes(n.getBytes(StandardCharsets.US_ASCII));
        }
        for (List<String> l : List.of(KEPT_VALUES, SECRETS)) {
            for (String n : l) {
                if (!WELL_KNOWN.contains(n)) {
                    b.write(Environ.USERVAR);
                    b.writeBytes(n.getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
        return b.toByteArray();
    }

    private String cut(byte[] buf, int off, int len, String what) {
        int keep = Math.min(len, settings.maxValueBytes());
        if (keep < len) {
            if (limitsHit.add("value_bytes")) {
                log.info("fingerprint-server: {} of {} bytes cut at --max-value-bytes {}", what, len,
                    settings.maxValueBytes());
            }
        }
        return new String(buf, off, keep, StandardCharsets.UTF_8);
    }

    private void onSubnegotiation(int option, byte[] buf, int off, int len) {
        if (option == TelnetOption.TTYPE && len >= 1 && buf[off] == 0 && on(TelnetOption.TTYPE) && !ttypeDone) {
            ttypeAnswered = true;
            String name = cut(buf, off + 1, len - 1, "a terminal type");
            // RFC 1091: the client says the list is over by sending the last name again; MTTS
            // clients send the first again after "MTTS n".
            boolean repeat = !terminalTypes.isEmpty()
                && (name.equals(terminalTypes.get(terminalTypes.size() - 1)) || name.equals(terminalTypes.get(0)));
            if (!repeat) {
                terminalTypes.add(name);
                if (name.startsWith("MTTS ")) {
                    try {
                        mtts = Integer.parseInt(name.substring(5).trim());
                    } catch (NumberFormatException e) {
                        // not a number: not MTTS
                    }
                }
            }
            if (repeat || terminalTypes.size() >= MAX_TERMINAL_TYPES) {
                ttypeDone = true;
            } else {
                sendSb(TelnetOption.TTYPE, new byte[] {1});
            }
        } else if (option == TelnetOption.NAWS && len >= 4) {
            // RFC 1073: width and height, 16 bits each, high byte first.
            columns = ((buf[off] & 0xff) << 8) | (buf[off + 1] & 0xff);
            rows = ((buf[off + 2] & 0xff) << 8) | (buf[off + 3] & 0xff);
        } else if (option == TelnetOption.NEW_ENVIRON && len >= 1
            && (buf[off] == Environ.IS || buf[off] == Environ.INFO)) {
            environReplies++;
            parseEnviron(buf, off + 1, len - 1);
        } else if (option == TelnetOption.LINEMODE && len >= 1 && buf[off] == LM_SLC) {
            slcSeen = true;
            for (int i = off + 1; i + 2 < off + len; i += 3) {
                int f = buf[i] & 0xff;
                if (f == 0 || slc.size() >= Slc.NSLC) {
                    continue;
                }
                Map<String, Object> t = new TreeMap<>();
                t.put("modifier", Slc.modifier(buf[i + 1] & 0xff));
                t.put("value", buf[i + 2] & 0xff);
                slc.put(Slc.name(f), t);
            }
        } else if (option == TelnetOption.CHARSET && len >= 1) {
            int kind = buf[off] & 0xff;
            if (kind == CharsetNegotiation.ACCEPTED) {
                charsetAnswer = "ACCEPTED";
                charsetAccepted = cut(buf, off + 1, len - 1, "a charset name");
            } else if (kind == CharsetNegotiation.REJECTED) {
                charsetAnswer = "REJECTED";
            } else if (kind == CharsetNegotiation.REQUEST && charsetOfferedByClient == null) {
                charsetOfferedByClient = CharsetNegotiation.parseRequest(buf, off, len,
                    CharsetNegotiation.DEFAULT_MAX_OFFERS);
                String pick = null;
                for (String n : charsetOfferedByClient) {
                    if (StandardCharsets.UTF_8.equals(CharsetNegotiation.lookup(n))) {
                        pick = n;
                    }
                }
                if (pick != null) {
                    charsetAccepted = pick;
                    sendSb(TelnetOption.CHARSET, CharsetNegotiation.accepted(pick));
                } else {
                    sendSb(TelnetOption.CHARSET, CharsetNegotiation.rejected());
                }
                if (charsetAsked && charsetAnswer.equals("none")) {
                    charsetAnswer = "REQUEST"; // both asked at once (RFC 2066 section 4's race)
                }
            }
        }
    }

    /**
     * Names and, for {@link #KEPT_VALUES} only, values of an IS/INFO list (RFC 1572: VAR or USERVAR,
     * a name, then VALUE and a value, ESC quoting the next byte). Secret values are looked at only
     * for their length and never leave this method.
     */
    private void parseEnviron(byte[] buf, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int type = buf[i++];
            if (type != Environ.VAR && type != Environ.USERVAR) {
                continue;
            }
            ByteArrayOutputStream name = new ByteArrayOutputStream();
            i = field(buf, i, end, name, settings.maxValueBytes());
            int valueLen = -1;
            ByteArrayOutputStream value = new ByteArrayOutputStream();
            if (i < end && buf[i] == Environ.VALUE) {
                int start = i + 1;
                i = field(buf, start, end, value, settings.maxValueBytes());
                valueLen = i - start;
            }
            String n = name.toString(StandardCharsets.UTF_8);
            if (valueLen < 0) {
                continue; // named without VALUE: not defined on the client
            }
            if (SECRETS.contains(n)) {
                if (valueLen > 0 && secretsDisclosed.add(n)) {
                    log.info("fingerprint-server: the client disclosed {} (value not kept)", n);
                }
                continue;
            }
            if (disclosedNames.size() < MAX_VARIABLES) {
                disclosedNames.add(n);
            } else if (limitsHit.add("environment_variables")) {
                log.info("fingerprint-server: more than {} environment variables; the rest are not kept",
                    MAX_VARIABLES);
            }
            if (KEPT_VALUES.contains(n)) {
                if (valueLen > settings.maxValueBytes() && limitsHit.add("value_bytes")) {
                    log.info("fingerprint-server: the value of {} ({} bytes) cut at --max-value-bytes {}", n,
                        valueLen, settings.maxValueBytes());
                }
                keptValues.put(n, value.toString(StandardCharsets.UTF_8));
            } else if (valueLen > settings.maxValueBytes() && limitsHit.add("value_bytes")) {
                log.info("fingerprint-server: a {}-byte environment value passed over (not kept)", valueLen);
            }
        }
    }

    /** Copies one name or value (up to {@code max} bytes) and returns where it ended. */
    private static int field(byte[] buf, int i, int end, ByteArrayOutputStream into, int max) {
        while (i < end) {
            int b = buf[i];
            if (b == Environ.VAR || b == Environ.USERVAR || b == Environ.VALUE) {
                break;
            }
            if (b == Environ.ESC && i + 1 < end) {
                i++;
            }
            if (into.size() < max) {
                into.write(buf[i]);
            }
            i++;
        }
        return i;
    }

    private final class Listener extends ProbeListener {
        Listener() {
            super(negotiation, log, "fingerprint-server: protocol violation from the client: {} {}");
        }

        @Override
        public void onData(byte[] buf, int off, int len) {
            dataBytes += len; // typing during the probe: counted, not kept
        }

        @Override
        public void onSubnegotiation(int option, byte[] buf, int off, int len) {
            ClientProbe.this.onSubnegotiation(option, buf, off, len);
        }
    }

    // ---- the document ---------------------------------------------------------------------------

    /**
     * The part of the document that is hashed: how the client negotiates, never what it reports
     * about its surroundings (terminal type, size, environment values, SLC characters), so the
     * same program hashes alike on any terminal and for any user.
     */
    private Map<String, Object> behaviour() {
        Map<String, Object> optionsDoc = new TreeMap<>();
        List<String> offers = new ArrayList<>();
        List<String> accepts = new ArrayList<>();
        List<String> refusesDo = new ArrayList<>();
        List<String> refusesWill = new ArrayList<>();
        List<String> loops = new ArrayList<>();
        for (Option r : negotiation.options()) {
            String name = TelnetOption.name(r.code);
            Map<String, Object> o = new TreeMap<>();
            o.put("code", r.code);
            o.put("client_sent", unprompted(r));
            o.put("answer_to_do", r.answerToDoText());
            o.put("answer_to_will", r.answerToWillText());
            optionsDoc.put(name, o);
            if (r.offered()) {
                offers.add(name);
            }
            if (r.accepted()) {
                accepts.add(name);
            }
            if (r.refusedDo()) {
                refusesDo.add(name);
            }
            if (r.refusedWill()) {
                refusesWill.add(name);
            }
            if (r.looped) {
                loops.add(name);
            }
        }
        Map<String, Object> b = new TreeMap<>();
        b.put("options", optionsDoc);
        b.put("offers", offers);
        b.put("accepts", accepts);
        b.put("refuses_do", refusesDo);
        b.put("refuses_will", refusesWill);
        b.put("mud_probed", mudProbed);
        b.put("loop_check", Map.of("answered_again", loops, "loops", !loops.isEmpty()));
        Map<String, Object> sub = new TreeMap<>();
        sub.put("ttype", ttypeAnswered);
        sub.put("naws", columns != null);
        sub.put("new_environ", environReplies > 0);
        sub.put("slc", slcSeen);
        sub.put("charset", charsetAnswer);
        b.put("subnegotiations", sub);
        return b;
    }

    private Map<String, Object> document(long millis) {
        Map<String, Object> behaviour = behaviour();
        Map<String, Object> doc = new LinkedHashMap<>(behaviour);
        doc.put("schema", "telnet4j-client-fingerprint/1");
        doc.put("telnet_hash", Fingerprints.hash(behaviour));
        doc.put("mud_evidence", mudEvidence());
        doc.put("terminal_types", List.copyOf(terminalTypes));
        if (mtts != null) {
            List<String> flags = new ArrayList<>();
            for (int i = 0; i < MTTS_FLAGS.length; i++) {
                if ((mtts & (1 << i)) != 0) {
                    flags.add(MTTS_FLAGS[i]);
                }
            }
            doc.put("mtts", Map.of("bits", mtts, "flags", flags));
        } else {
            doc.put("mtts", null);
        }
        doc.put("window_size", columns == null ? null : Map.of("columns", columns, "rows", rows));
        Map<String, Object> env = new TreeMap<>();
        env.put("asked", environAsked);
        env.put("variables", List.copyOf(disclosedNames));
        env.put("values", new TreeMap<>(keptValues));
        Map<String, Object> secrets = new TreeMap<>();
        for (String s : SECRETS) {
            secrets.put(s, secretsDisclosed.contains(s) ? "disclosed" : "not disclosed");
        }
        env.put("secrets", environReplies > 0 ? secrets : null);
        doc.put("environment", env);
        Map<String, Object> lm = new TreeMap<>();
        lm.put("enabled", on(TelnetOption.LINEMODE));
        lm.put("slc", slcSeen ? new TreeMap<>(slc) : null);
        doc.put("linemode", lm);
        Map<String, Object> cs = new TreeMap<>();
        cs.put("answer", charsetAnswer);
        cs.put("accepted", charsetAccepted);
        cs.put("offered_by_client", charsetOfferedByClient == null ? null : List.copyOf(charsetOfferedByClient));
        doc.put("charset", cs);
        doc.put("data_bytes", dataBytes);
        doc.put("closed_by_client", connection.closed());
        doc.put("timed_out", connection.timedOut());
        doc.put("limits_hit", List.copyOf(limitsHit));
        doc.put("protocol_warnings", List.copyOf(listener.warnings()));
        doc.put("elapsed_ms", millis);
        return doc;
    }
}
