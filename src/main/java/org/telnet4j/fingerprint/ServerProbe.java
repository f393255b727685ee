package org.telnet4j.fingerprint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.fingerprint.ProbeNegotiation.Option;
import org.telnet4j.fingerprint.ProbeNegotiation.Q;
import org.telnet4j.option.CharsetNegotiation;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.protocol.TelnetParser;

/**
 * Probes one telnet server over a blocking socket and builds its fingerprint document.
 *
 * <p>The steps: (1) connect and read the server's opening, answering as a plain client would:
 * we agree to TTYPE (answering "XTERM"), NAWS (80x24), SGA, BINARY and CHARSET on our side, and
 * to SGA, ECHO, BINARY, EOR, MSSP and CHARSET on the server's (accepting UTF-8 from a CHARSET
 * REQUEST if offered, else the first name Java knows); everything else is refused. While the
 * banner goes quiet at a simple prompt ({@link Prompts}: yes/no, press return, a colour question)
 * it is answered, at most {@link ProbeSettings#maxPromptAnswers} times; a login prompt is recorded
 * and never answered, and then no Enter is sent in step 4. Every ANSI cursor-position query gets
 * a report, at most {@link ProbeSettings#maxCursorReports} times. (2) Send DO and WILL for
 * each scanned option the server did not mention, and ask again for every option already agreed
 * (a server that answers those loops: RFC 1143 section 7 says not to answer a request for the mode
 * already in force). Options we do not want that the server accepts are switched off again with
 * DONT/WONT. DO MCCP1/MCCP2 (it would start compression) and DO LOGOUT (RFC 727: it asks the server
 * to log us out) are never sent. (3) Wait for MSSP variables if MSSP is on. (4) Send one Enter and
 * read the banner again. Every wait and every byte count is bounded by {@link ProbeSettings}; a
 * server that closes early still gets a document. With {@link #tls} a TLS handshake comes first
 * and the four steps run through it.
 */
public final class ServerProbe {
    private static final Logger log = LoggerFactory.getLogger(ServerProbe.class);

    /** The options of {@code --scan-type quick}: the named RFC options and MUD protocols. */
    static final List<Integer> QUICK;
    /** Options a client sends (the server should ask DO, never offer WILL). */
    private static final int[] CLIENT_SIDE = {TelnetOption.TTYPE, TelnetOption.NAWS, TelnetOption.TSPEED,
        TelnetOption.LFLOW, TelnetOption.XDISPLOC, TelnetOption.ENVIRON, TelnetOption.NEW_ENVIRON,
        TelnetOption.SNDLOC, TelnetOption.TTYLOC};
    /** Options a server sends (it should offer WILL, never ask DO). */
    private static final int[] SERVER_SIDE = {TelnetOption.ECHO, TelnetOption.MSSP, TelnetOption.MSDP,
        TelnetOption.GMCP, TelnetOption.MCCP1, TelnetOption.MCCP2, TelnetOption.MSP, TelnetOption.MXP,
        TelnetOption.ZMP, TelnetOption.ATCP, TelnetOption.AARDWOLF};
    private static final int[] WE_WILL = {TelnetOption.TTYPE, TelnetOption.NAWS, TelnetOption.SGA,
        TelnetOption.BINARY, TelnetOption.CHARSET};
    private static final int[] WE_DO = {TelnetOption.SGA, TelnetOption.ECHO, TelnetOption.BINARY,
        TelnetOption.EOR, TelnetOption.MSSP, TelnetOption.CHARSET};
    /** Requests we never make: they change the stream or end the session. */
    private static final int[] NEVER_DO = {TelnetOption.MCCP1, TelnetOption.MCCP2, TelnetOption.LOGOUT};
    /** Replies to the same request per option before we stop answering (a looping server). */
    private static final int MAX_REPLIES = 3;
    private static final int MAX_MSSP_VARIABLES = 256;

    static {
        List<Integer> q = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            if (TelnetOption.isKnown(i)) {
                q.add(i);
            }
        }
        QUICK = List.copyOf(q);
    }

    private final ProbeSettings settings;
    /** Our bytes: to the connection, once there is one ({@link #probe}). */
    private final ProbeOutput out = bytes -> this.connection.send(bytes);
    private final ProbeNegotiation negotiation;
    private final Listener listener;
    private ProbeConnection connection;
    private final List<String> opening = new ArrayList<>();
    private final Map<String, Object> mssp = new TreeMap<>();
    private final List<Map<String, Object>> wrongDirection = new ArrayList<>();
    private ByteArrayOutputStream banner = new ByteArrayOutputStream();
    private long bannerDropped;
    private String closedDuring;
    private String phase = "opening";
    private List<String> charsetsOffered;
    private String charsetAccepted;
    private java.nio.charset.Charset negotiated;
    private final TelnetParser parser;
    private X509ExtendedTrustManager tlsVerifier;
    private Map<String, Object> tls;
    // Prompts and cursor-position queries (not part of the hash: they describe the application).
    private final List<Map<String, Object>> promptsAnswered = new ArrayList<>();
    private int promptMark;
    private boolean promptLimitReached;
    private String loginPrompt;
    private int cprState;
    private int cprQueries;
    private int cprAnswered;
    private int row = 1;
    private int col = 1;
    private boolean inEscape;
    // Encoding evidence besides CHARSET.
    private String lang;
    private Integer fontBefore;

    /** A probe with these bounds. */
    public ServerProbe(ProbeSettings settings) {
        this.settings = settings;
        this.negotiation = new ProbeNegotiation(WE_WILL, WE_DO, MAX_REPLIES, out, new NegotiationEvents());
        this.listener = new Listener();
        this.parser = new TelnetParser(listener);
    }

    /**
     * Probes over TLS ({@code --ssl}): a handshake right after the connection (within the
     * connect timeout), then the whole telnet probe through it; the document's {@code tls} object
     * says what the handshake showed, and whether the certificate passes {@code verifier}'s check
     * (a failure is recorded, not fatal). A handshake that fails is an {@link IOException} from
     * {@link #run} with a one-line message ({@link org.telnet4j.tls.TlsErrors}).
     *
     * @param verifier the trust the certificate is checked against, e.g.
     *     {@link org.telnet4j.tls.TlsFiles#trustManager}
     * @return this probe
     */
    public ServerProbe tls(X509ExtendedTrustManager verifier) {
        this.tlsVerifier = java.util.Objects.requireNonNull(verifier, "verifier");
        return this;
    }

    /**
     * Connects and probes; the document describes whatever happened, including an early close.
     *
     * @throws IOException only when the connection cannot be made
     */
    public Map<String, Object> run(String host, int port) throws IOException {
        Socket plain = new Socket();
        try (plain) {
            plain.connect(new InetSocketAddress(host, port), (int) settings.connectTimeout().toMillis());
            plain.setTcpNoDelay(true);
            if (tlsVerifier == null) {
                return probe(plain, host, port);
            }
            // TLS first (telnets), then the whole probe through it; closing the TLS socket sends
            // close_notify (RFC 8446 section 6.1) before the connection goes.
            TlsFacts handshake = TlsFacts.handshake(plain, host, port, tlsVerifier,
                (int) settings.connectTimeout().toMillis());
            tls = handshake.facts();
            try (Socket secure = handshake.socket()) {
                return probe(secure, host, port);
            }
        }
    }

    /** Steps 1 to 4 over the connected (plain or TLS) socket. */
    private Map<String, Object> probe(Socket socket, String host, int port) throws IOException {
        // Immediate writes; short reads, so the quiet-time condition is looked at often enough.
        connection = new ProbeConnection(socket, parser, 100, false, () -> closedDuring = phase);
        long started = System.nanoTime();

        // 1. The opening: negotiation and banner until it goes quiet (or a bound is hit), past
        // simple prompts.
        readBannerPastPrompts();

        // 2. Our requests: the scan and the loop check.
        phase = "scan";
        if (!connection.closed()) {
            sendProbes();
            long deadline = now() + settings.negotiationWait().toMillis();
            connection.pump(deadline, negotiation::allAnswered);
            // Answers to the loop check come in the same round trip: a short quiet spell more.
            connection.pump(Math.min(deadline, now() + settings.bannerQuietTime().toMillis()),
                () -> false);
        }
        // 3. MSSP, if on and not yet seen.
        phase = "mssp";
        if (!connection.closed() && negotiation.hisSideOn(TelnetOption.MSSP) && mssp.isEmpty()) {
            connection.pump(now() + settings.msspWait().toMillis(), () -> !mssp.isEmpty());
        }
        // Everything so far, under one --banner-max-bytes, is the banner before Enter.
        byte[] before = takeBanner();
        long droppedBefore = bannerDropped;
        fontBefore = BannerText.syncTermFont(before);
        // 4. One Enter, then the banner again; not at a login prompt (an empty user name is an
        // attempt to log in).
        phase = "banner after Enter";
        bannerDropped = 0;
        if (!connection.closed() && loginPrompt == null) {
            send(new byte[] {'\r', '\n'});
            readBannerPastPrompts();
        } else if (loginPrompt != null) {
            log.info("fingerprint: login prompt \"{}\"; not sending Enter", loginPrompt);
        }
        byte[] after = takeBanner();
        return document(host, port, before, droppedBefore, after,
            (System.nanoTime() - started) / 1_000_000);
    }

    // ---- reading ------------------------------------------------------------------------------

    private void readBanner() throws IOException {
        long deadline = now() + settings.bannerMaxWait().toMillis();
        connection.restartQuietClock();
        long quiet = settings.bannerQuietTime().toMillis();
        // Stops at the first of: the byte cap, the overall wait, a quiet spell, the server closing.
        // With a cap of 0 no banner is kept, but the opening's negotiation is still read.
        int cap = settings.bannerMaxBytes();
        connection.pump(deadline, () -> cap > 0 && banner.size() >= cap || connection.quietFor(quiet));
        if (banner.size() >= settings.bannerMaxBytes() && settings.bannerMaxBytes() > 0) {
            log.info("fingerprint: banner cut at --banner-max-bytes {} ({})", settings.bannerMaxBytes(), phase);
        }
    }

    /**
     * Reads the banner; while it ends in a simple prompt, answers it and reads on, at most
     * {@link ProbeSettings#maxPromptAnswers} times in all. A login prompt is recorded and never
     * answered.
     */
    private void readBannerPastPrompts() throws IOException {
        readBanner();
        while (!connection.closed() && loginPrompt == null) {
            byte[] all = banner.toByteArray();
            byte[] tail = java.util.Arrays.copyOfRange(all, Math.min(promptMark, all.length), all.length);
            Prompts.Match m = Prompts.find(BannerText.decode(tail, negotiated, lang, fontBefore).text());
            if (m == null) {
                return;
            }
            if (m.kind() == Prompts.Kind.LOGIN) {
                loginPrompt = m.line();
                log.info("fingerprint: login prompt \"{}\" ({}); not answered", m.line(), phase);
                return;
            }
            if (promptsAnswered.size() >= settings.maxPromptAnswers()) {
                if (!promptLimitReached) {
                    log.info("fingerprint: --max-prompt-answers {} reached; \"{}\" not answered",
                        settings.maxPromptAnswers(), m.line());
                }
                promptLimitReached = true;
                return;
            }
            Map<String, Object> p = new TreeMap<>();
            p.put("kind", m.kind().jsonName());
            p.put("prompt", m.line());
            p.put("answer", m.answer());
            p.put("phase", phase);
            promptsAnswered.add(p);
            send(m.answer().getBytes(StandardCharsets.US_ASCII));
            promptMark = banner.size();
            readBanner();
        }
    }

    /**
     * Answers ESC [6n (ECMA-48 8.3.35 DSR; the report is CPR, 8.3.14: ESC [ row ; col R) with the
     * position our text tracker gives in an 80x24 window, at most
     * {@link ProbeSettings#maxCursorReports} times.
     */
    private void watchForCursorQuery(byte b) {
        int u = b & 0xff;
        cprState = switch (cprState) {
            case 0 -> u == 0x1b ? 1 : 0;
            case 1 -> u == '[' ? 2 : u == 0x1b ? 1 : 0;
            case 2 -> u == '6' ? 3 : u == 0x1b ? 1 : 0;
            default -> {
                if (u == 'n') {
                    cursorQuery();
                }
                yield u == 0x1b ? 1 : 0;
            }
        };
        // A rough cursor: printable bytes move right, CR to column 1, LF down; escapes do not move it.
        if (inEscape) {
            if (u >= 0x40 && u <= 0x7e && u != '[') {
                inEscape = false;
            }
        } else if (u == 0x1b) {
            inEscape = true;
        } else if (u == '\r') {
            col = 1;
        } else if (u == '\n') {
            row = Math.min(24, row + 1);
        } else if (u == 8) {
            col = Math.max(1, col - 1);
        } else if (u >= 0x20 && (u < 0x80 || u >= 0xc0)) { // a UTF-8 continuation byte is no column
            if (col >= 80) {
                col = 1;
                row = Math.min(24, row + 1);
            } else {
                col++;
            }
        }
    }

    private void cursorQuery() {
        cprQueries++;
        if (cprAnswered >= settings.maxCursorReports()) {
            if (cprQueries == settings.maxCursorReports() + 1) {
                log.info("fingerprint: --max-cursor-reports {} reached; further ESC [6n not answered",
                    settings.maxCursorReports());
            }
            return;
        }
        cprAnswered++;
        send(("\u001b[" + row + ";" + col + "R").getBytes(StandardCharsets.US_ASCII));
    }

    private static long now() {
        return ProbeConnection.now();
    }

    private byte[] takeBanner() {
        byte[] b = banner.toByteArray();
        banner = new ByteArrayOutputStream();
        promptMark = 0;
        return b;
    }

    // ---- writing ------------------------------------------------------------------------------

    private void send(byte[] bytes) {
        out.send(bytes);
    }

    private void sendSb(int option, byte[] payload) {
        out.sendSb(option, payload);
    }

    private void sendProbes() {
        List<Integer> scan = new ArrayList<>();
        if (settings.fullScan()) {
            for (int i = 0; i < 256; i++) {
                scan.add(i);
            }
        } else {
            scan.addAll(QUICK);
        }
        for (int opt : scan) {
            Option r = negotiation.record(opt);
            boolean mentionedWill = r.mentionedHisSide();
            boolean mentionedDo = r.mentionedOurSide();
            if (r.him == Q.YES) {
                negotiation.loopCheckDo(r); // already on: a correct server stays silent
            } else if (!mentionedWill && r.him == Q.NO && !contains(NEVER_DO, opt)) {
                negotiation.probeDo(r);
            }
            if (r.us == Q.YES) {
                negotiation.loopCheckWill(r);
            } else if (!mentionedDo && r.us == Q.NO) {
                negotiation.probeWill(r);
            }
        }
        negotiation.startProbing();
    }

    // ---- negotiation: the protocol is ProbeNegotiation's; what is odd about the server's is here ----

    private static boolean contains(int[] set, int option) {
        return ProbeNegotiation.contains(set, option);
    }

    private final class NegotiationEvents implements ProbeNegotiation.Events {
        @Override
        public void requested(int verb, int option) {
            if (verb == TelnetCommand.WILL && contains(CLIENT_SIDE, option)) {
                wrong(option, "WILL");
            } else if (verb == TelnetCommand.DO && contains(SERVER_SIDE, option)) {
                wrong(option, "DO");
            }
        }

        @Override
        public void enabledOurSide(int option) {
            ServerProbe.this.enabledOurSide(option);
        }

        @Override
        public void repliesExhausted(Option r) {
            log.info("fingerprint: server repeats its requests for {}; no more replies", TelnetOption.name(r.code));
        }
    }

    private void wrong(int option, String verb) {
        for (Map<String, Object> w : wrongDirection) {
            if (w.get("option").equals(TelnetOption.name(option)) && w.get("verb").equals(verb)) {
                return;
            }
        }
        Map<String, Object> w = new TreeMap<>();
        w.put("option", TelnetOption.name(option));
        w.put("verb", verb);
        w.put("why", verb.equals("WILL") ? "a client's option: the server should ask DO, not offer WILL"
            : "a server's option: the server should offer WILL, not ask DO");
        wrongDirection.add(w);
    }

    private void enabledOurSide(int option) {
        if (option == TelnetOption.NAWS) {
            sendSb(TelnetOption.NAWS, new byte[] {0, 80, 0, 24}); // RFC 1073: width, height, 16 bits each
        }
    }

    private void onSubnegotiation(int option, byte[] buf, int off, int len) {
        if (option == TelnetOption.TTYPE && len >= 1 && buf[off] == 1 && negotiation.ourSideOn(option)) {
            // RFC 1091: IS = 0, SEND = 1.
            byte[] is = "XTERM".getBytes(StandardCharsets.US_ASCII);
            byte[] p = new byte[is.length + 1];
            System.arraycopy(is, 0, p, 1, is.length);
            sendSb(TelnetOption.TTYPE, p);
        } else if (option == TelnetOption.MSSP) {
            parseMssp(buf, off, len);
        } else if (option == TelnetOption.NEW_ENVIRON && lang == null) {
            lang = langOf(buf, off, len);
        } else if (option == TelnetOption.CHARSET && len >= 1 && buf[off] == CharsetNegotiation.REQUEST
            && charsetsOffered == null) {
            // RFC 2066 section 4: pick one of the offered names (UTF-8 if there) or reject them all.
            charsetsOffered = CharsetNegotiation.parseRequest(buf, off, len, CharsetNegotiation.DEFAULT_MAX_OFFERS);
            String pick = null;
            for (String n : charsetsOffered) {
                if (StandardCharsets.UTF_8.equals(CharsetNegotiation.lookup(n))) {
                    pick = n;
                    break;
                }
            }
            if (pick == null) {
                pick = CharsetNegotiation.choose(charsetsOffered);
            }
            if (pick != null) {
                charsetAccepted = pick;
                negotiated = CharsetNegotiation.lookup(pick);
                sendSb(TelnetOption.CHARSET, CharsetNegotiation.accepted(pick));
            } else {
                sendSb(TelnetOption.CHARSET, new byte[] {(byte) CharsetNegotiation.REJECTED});
            }
        }
    }

    /**
     * LANG from a NEW-ENVIRON IS or INFO (RFC 1572: IS 0, INFO 2; VAR 0, VALUE 1, ESC 2, USERVAR
     * 3), or null. Values are cut at 64 bytes: a locale name is short.
     */
    static String langOf(byte[] buf, int off, int len) {
        if (len < 1 || (buf[off] != 0 && buf[off] != 2)) {
            return null;
        }
        int end = off + len;
        int i = off + 1;
        while (i < end) {
            int kind = buf[i++];
            StringBuilder name = new StringBuilder();
            while (i < end && buf[i] > 3) {
                name.append((char) (buf[i++] & 0xff));
            }
            String value = null;
            if (i < end && buf[i] == 1) {
                i++;
                StringBuilder v = new StringBuilder();
                while (i < end && (buf[i] & 0xff) > 3) {
                    if (v.length() < 64) {
                        v.append((char) (buf[i] & 0xff));
                    }
                    i++;
                }
                value = v.toString();
            }
            if ((kind == 0 || kind == 3) && name.toString().equals("LANG") && value != null) {
                return value;
            }
        }
        return null;
    }

    /** MSSP: MSSP_VAR (1) name, then MSSP_VAL (2) value, one or more (https://tintin.mudhalla.net/protocols/mssp/). */
    private void parseMssp(byte[] buf, int off, int len) {
        String name = null;
        int i = off;
        int end = off + len;
        while (i < end) {
            int kind = buf[i++];
            int start = i;
            while (i < end && buf[i] != 1 && buf[i] != 2) {
                i++;
            }
            String s = new String(buf, start, i - start, StandardCharsets.UTF_8);
            if (kind == 1) {
                name = s;
            } else if (kind == 2 && name != null) {
                if (mssp.size() >= MAX_MSSP_VARIABLES && !mssp.containsKey(name)) {
                    log.info("fingerprint: more than {} MSSP variables; the rest are dropped", MAX_MSSP_VARIABLES);
                    return;
                }
                Object old = mssp.get(name);
                if (old == null) {
                    mssp.put(name, s);
                } else if (old instanceof List<?> l) {
                    @SuppressWarnings("unchecked")
                    List<Object> values = (List<Object>) l;
                    values.add(s);
                } else {
                    List<Object> values = new ArrayList<>();
                    values.add(old);
                    values.add(s);
                    mssp.put(name, values);
                }
            }
        }
    }

    private final class Listener extends ProbeListener {
        Listener() {
            super(negotiation, log, "fingerprint: protocol violation from the server: {} {}");
        }

        @Override
        public void onData(byte[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                watchForCursorQuery(buf[i]);
            }
            int room = Math.max(0, settings.bannerMaxBytes() - banner.size());
            int keep = Math.min(room, len);
            banner.write(buf, off, keep);
            bannerDropped += len - keep;
        }

        @Override
        public void onNegotiation(int verb, int option) {
            if (!negotiation.probing()) {
                opening.add(ProbeNegotiation.verbName(verb) + " " + TelnetOption.name(option));
            }
            super.onNegotiation(verb, option);
        }

        @Override
        public void onSubnegotiation(int option, byte[] buf, int off, int len) {
            ServerProbe.this.onSubnegotiation(option, buf, off, len);
        }
    }

    // ---- the document ---------------------------------------------------------------------------

    private Map<String, Object> document(String host, int port, byte[] before, long droppedBefore,
                                         byte[] after, long millis) {
        Map<String, Object> optionsDoc = new TreeMap<>();
        List<String> offers = new ArrayList<>();
        List<String> requests = new ArrayList<>();
        List<String> refuses = new ArrayList<>();
        List<String> loops = new ArrayList<>();
        List<String> loopChecked = new ArrayList<>();
        for (Option r : negotiation.options()) {
            String name = TelnetOption.name(r.code);
            Map<String, Object> o = new TreeMap<>();
            o.put("code", r.code);
            o.put("server_sent", List.copyOf(r.unprompted));
            o.put("we_answered", List.copyOf(r.weAnswered));
            o.put("answer_to_do", r.answerToDoText());
            o.put("answer_to_will", r.answerToWillText());
            o.put("server_side_enabled", r.him == Q.YES);
            o.put("client_side_enabled", r.us == Q.YES);
            optionsDoc.put(name, o);
            if (r.offered()) {
                offers.add(name);
            }
            if (r.accepted()) {
                requests.add(name);
            }
            if (r.refusedDo() || r.refusedWill()) {
                refuses.add(name);
            }
            if (r.loopCheckDo || r.loopCheckWill) {
                loopChecked.add(name);
            }
            if (r.looped) {
                loops.add(name);
            }
        }
        Map<String, Object> behaviour = new TreeMap<>();
        behaviour.put("scan_type", settings.fullScan() ? "full" : "quick");
        behaviour.put("options", optionsDoc);
        behaviour.put("offers", offers);
        behaviour.put("requests", requests);
        behaviour.put("refuses", refuses);
        behaviour.put("wrong_direction", List.copyOf(wrongDirection));
        behaviour.put("loop_check", Map.of("asked_again", loopChecked, "answered_again", loops,
            "loops", !loops.isEmpty()));

        Map<String, Object> doc = new LinkedHashMap<>(behaviour);
        doc.put("schema", "telnet4j-fingerprint/1");
        doc.put("host", host);
        doc.put("port", port);
        doc.put("telnet_hash", Fingerprints.hash(behaviour));
        doc.put("opening", List.copyOf(opening));
        doc.put("closed_by_server", connection.closed());
        doc.put("closed_during", closedDuring);
        doc.put("banner_before_enter", banner(before, droppedBefore, null));
        doc.put("banner_after_enter", banner(after, bannerDropped, fontBefore));
        Option m = negotiation.option(TelnetOption.MSSP);
        doc.put("mssp", m != null && (m.him == Q.YES || !mssp.isEmpty()) ? new TreeMap<>(mssp) : null);
        Map<String, Object> charset = new TreeMap<>();
        charset.put("offered", charsetsOffered == null ? null : List.copyOf(charsetsOffered));
        charset.put("accepted", charsetAccepted);
        doc.put("charset", charset);
        doc.put("gmcp", offers.contains("GMCP"));
        doc.put("msdp", offers.contains("MSDP"));
        doc.put("prompts_answered", List.copyOf(promptsAnswered));
        doc.put("prompt_limit_reached", promptLimitReached);
        doc.put("login_prompt", loginPrompt != null);
        doc.put("login_prompt_line", loginPrompt);
        Map<String, Object> cpr = new TreeMap<>();
        cpr.put("received", cprQueries);
        cpr.put("answered", cprAnswered);
        cpr.put("limit_reached", cprQueries > cprAnswered);
        doc.put("cursor_position_queries", cpr);
        doc.put("protocol_warnings", List.copyOf(listener.warnings()));
        doc.put("tls", tls);
        doc.put("elapsed_ms", millis);
        return doc;
    }

    private Map<String, Object> banner(byte[] bytes, long dropped, Integer font) {
        BannerText t = BannerText.decode(bytes, negotiated, lang, font);
        Map<String, Object> b = new TreeMap<>();
        b.put("text", t.text());
        b.put("bytes", bytes.length);
        b.put("truncated", dropped > 0 || bytes.length >= settings.bannerMaxBytes() && bytes.length > 0);
        b.put("encoding", t.encoding());
        b.put("encoding_evidence", t.evidence());
        b.put("encoding_guess", t.facts());
        return b;
    }
}
