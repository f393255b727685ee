package org.telnet4j.fingerprint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.option.CharsetNegotiation;
import org.telnet4j.protocol.ProtocolWarning;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.protocol.TelnetParser;
import org.telnet4j.protocol.TelnetParserListener;

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
    /** Protocol warnings kept (and logged); a stream of violations needs no more than this. */
    private static final int MAX_WARNINGS = 32;

    static {
        List<Integer> q = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            if (TelnetOption.isKnown(i)) {
                q.add(i);
            }
        }
        QUICK = List.copyOf(q);
    }

    private enum Q { NO, YES, WANTYES, WANTNO }

    /** What we learnt about one option. */
    private static final class OptionRecord {
        final int code;
        Q us = Q.NO;
        Q him = Q.NO;
        final List<String> unprompted = new ArrayList<>();
        final List<String> weAnswered = new ArrayList<>();
        String answerToDo;
        String answerToWill;
        boolean probedDo;
        boolean probedWill;
        boolean loopCheckDo;
        boolean loopCheckWill;
        boolean looped;
        int replies;

        OptionRecord(int code) {
            this.code = code;
        }
    }

    private final ProbeSettings settings;
    private final OptionRecord[] options = new OptionRecord[256];
    private final List<String> opening = new ArrayList<>();
    private final Map<String, Object> mssp = new TreeMap<>();
    private final List<Map<String, Object>> wrongDirection = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private ByteArrayOutputStream banner = new ByteArrayOutputStream();
    private long bannerDropped;
    private boolean probing;
    private boolean closed;
    private String closedDuring;
    private String phase = "opening";
    private List<String> charsetsOffered;
    private String charsetAccepted;
    private java.nio.charset.Charset negotiated;
    private long lastByte;
    private OutputStream out;
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
        this.parser = new TelnetParser(new Listener());
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
        out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        long started = System.nanoTime();

        // 1. The opening: negotiation and banner until it goes quiet (or a bound is hit), past
        // simple prompts.
        readBannerPastPrompts(socket, in);

        // 2. Our requests: the scan and the loop check.
        phase = "scan";
        if (!closed) {
            sendProbes();
            long deadline = now() + settings.negotiationWait().toMillis();
            pump(socket, in, deadline, this::allAnswered);
            // Answers to the loop check come in the same round trip: a short quiet spell more.
            pump(socket, in, Math.min(deadline, now() + settings.bannerQuietTime().toMillis()),
                () -> false);
        }
        // 3. MSSP, if on and not yet seen.
        phase = "mssp";
        OptionRecord m = options[TelnetOption.MSSP];
        if (!closed && m != null && m.him == Q.YES && mssp.isEmpty()) {
            pump(socket, in, now() + settings.msspWait().toMillis(), () -> !mssp.isEmpty());
        }
        // Everything so far, under one --banner-max-bytes, is the banner before Enter.
        byte[] before = takeBanner();
        long droppedBefore = bannerDropped;
        fontBefore = BannerText.syncTermFont(before);
        // 4. One Enter, then the banner again; not at a login prompt (an empty user name is an
        // attempt to log in).
        phase = "banner after Enter";
        bannerDropped = 0;
        if (!closed && loginPrompt == null) {
            send(new byte[] {'\r', '\n'});
            readBannerPastPrompts(socket, in);
        } else if (loginPrompt != null) {
            log.info("fingerprint: login prompt \"{}\"; not sending Enter", loginPrompt);
        }
        byte[] after = takeBanner();
        return document(host, port, before, droppedBefore, after,
            (System.nanoTime() - started) / 1_000_000);
    }

    // ---- reading ------------------------------------------------------------------------------

    private void readBanner(Socket socket, InputStream in) throws IOException {
        long deadline = now() + settings.bannerMaxWait().toMillis();
        lastByte = now();
        long quiet = settings.bannerQuietTime().toMillis();
        // Stops at the first of: the byte cap, the overall wait, a quiet spell, the server closing.
        // With a cap of 0 no banner is kept, but the opening's negotiation is still read.
        int cap = settings.bannerMaxBytes();
        pump(socket, in, deadline, () -> cap > 0 && banner.size() >= cap || now() - lastByte >= quiet);
        if (banner.size() >= settings.bannerMaxBytes() && settings.bannerMaxBytes() > 0) {
            log.info("fingerprint: banner cut at --banner-max-bytes {} ({})", settings.bannerMaxBytes(), phase);
        }
    }

    /**
     * Reads the banner; while it ends in a simple prompt, answers it and reads on, at most
     * {@link ProbeSettings#maxPromptAnswers} times in all. A login prompt is recorded and never
     * answered.
     */
    private void readBannerPastPrompts(Socket socket, InputStream in) throws IOException {
        readBanner(socket, in);
        while (!closed && loginPrompt == null) {
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
            readBanner(socket, in);
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

    /** Reads and handles input until {@code done}, the deadline or the server closing. */
    private void pump(Socket socket, InputStream in, long deadline, BooleanSupplier done) throws IOException {
        byte[] buf = new byte[8192];
        while (!closed && !done.getAsBoolean()) {
            long left = deadline - now();
            if (left <= 0) {
                return;
            }
            // Short reads, so the quiet-time condition is looked at often enough.
            socket.setSoTimeout((int) Math.max(1, Math.min(left, 100)));
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                n = -1;
            }
            if (n < 0) {
                closed = true;
                closedDuring = phase;
                return;
            }
            lastByte = now();
            parser.feed(buf, 0, n);
        }
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    private byte[] takeBanner() {
        byte[] b = banner.toByteArray();
        banner = new ByteArrayOutputStream();
        promptMark = 0;
        return b;
    }

    // ---- writing ------------------------------------------------------------------------------

    private void send(byte[] bytes) {
        if (closed) {
            return;
        }
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            closed = true;
            closedDuring = phase;
        }
    }

    private void sendVerb(int verb, int option) {
        send(new byte[] {(byte) TelnetCommand.IAC, (byte) verb, (byte) option});
    }

    private void sendSb(int option, byte[] payload) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(TelnetCommand.IAC);
        b.write(TelnetCommand.SB);
        b.write(option);
        for (byte x : payload) {
            b.write(x);
            if ((x & 0xff) == TelnetCommand.IAC) {
                b.write(TelnetCommand.IAC);
            }
        }
        b.write(TelnetCommand.IAC);
        b.write(TelnetCommand.SE);
        send(b.toByteArray());
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
            OptionRecord r = record(opt);
            boolean mentionedWill = r.unprompted.contains("WILL") || r.unprompted.contains("WONT");
            boolean mentionedDo = r.unprompted.contains("DO") || r.unprompted.contains("DONT");
            if (r.him == Q.YES) {
                r.loopCheckDo = true;
                sendVerb(TelnetCommand.DO, opt); // already on: a correct server stays silent
            } else if (!mentionedWill && r.him == Q.NO && !contains(NEVER_DO, opt)) {
                r.probedDo = true;
                r.him = Q.WANTYES;
                sendVerb(TelnetCommand.DO, opt);
            }
            if (r.us == Q.YES) {
                r.loopCheckWill = true;
                sendVerb(TelnetCommand.WILL, opt);
            } else if (!mentionedDo && r.us == Q.NO) {
                r.probedWill = true;
                r.us = Q.WANTYES;
                sendVerb(TelnetCommand.WILL, opt);
            }
        }
        probing = true;
    }

    private boolean allAnswered() {
        for (OptionRecord r : options) {
            if (r != null && ((r.probedDo && r.answerToDo == null) || (r.probedWill && r.answerToWill == null))) {
                return false;
            }
        }
        return true;
    }

    // ---- negotiation (RFC 1143, without the queue bits: we never change our mind mid-request) ----

    private OptionRecord record(int option) {
        OptionRecord r = options[option];
        if (r == null) {
            r = options[option] = new OptionRecord(option);
        }
        return r;
    }

    private static boolean contains(int[] set, int option) {
        for (int x : set) {
            if (x == option) {
                return true;
            }
        }
        return false;
    }

    private static String verbName(int verb) {
        return switch (verb) {
            case TelnetCommand.WILL -> "WILL";
            case TelnetCommand.WONT -> "WONT";
            case TelnetCommand.DO -> "DO";
            default -> "DONT";
        };
    }

    private void reply(OptionRecord r, int verb) {
        if (r.replies++ >= MAX_REPLIES) {
            if (!r.looped) {
                log.info("fingerprint: server repeats its requests for {}; no more replies",
                    TelnetOption.name(r.code));
            }
            r.looped = true;
            return;
        }
        r.weAnswered.add(verbName(verb));
        sendVerb(verb, r.code);
    }

    private void onNegotiation(int verb, int option) {
        OptionRecord r = record(option);
        String v = verbName(verb);
        boolean answer = (verb == TelnetCommand.WILL || verb == TelnetCommand.WONT)
            ? r.him == Q.WANTYES || r.loopCheckDo && probing
            : r.us == Q.WANTYES || r.loopCheckWill && probing;
        if (!probing) {
            opening.add(v + " " + TelnetOption.name(option));
        }
        if (!answer && r.answerToDo == null && r.answerToWill == null && !probing) {
            r.unprompted.add(v);
        }
        switch (verb) {
            case TelnetCommand.WILL -> {
                if (r.loopCheckDo && r.him == Q.YES && probing) {
                    r.looped = true; // RFC 1143 section 7: no reply to a request already in force
                    return;
                }
                if (r.probedDo && r.answerToDo == null) {
                    r.answerToDo = v;
                }
                if (contains(CLIENT_SIDE, option)) {
                    wrong(option, v);
                }
                switch (r.him) {
                    case NO -> {
                        if (contains(WE_DO, option)) {
                            r.him = Q.YES;
                            reply(r, TelnetCommand.DO);
                        } else {
                            reply(r, TelnetCommand.DONT);
                        }
                    }
                    case WANTYES -> {
                        if (contains(WE_DO, option)) {
                            r.him = Q.YES;
                        } else {
                            r.him = Q.WANTNO; // a probe it accepted: switch it off again
                            sendVerb(TelnetCommand.DONT, option);
                        }
                    }
                    case WANTNO -> r.him = Q.NO; // RFC 1143: an answer to DONT must be WONT; take it as off
                    case YES -> r.looped |= probing;
                }
            }
            case TelnetCommand.WONT -> {
                if (r.loopCheckDo && r.him == Q.YES && probing && r.answerToDo == null) {
                    r.answerToDo = v;
                }
                if (r.probedDo && r.answerToDo == null) {
                    r.answerToDo = v;
                }
                if (r.him == Q.YES) {
                    r.him = Q.NO;
                    reply(r, TelnetCommand.DONT);
                } else {
                    r.him = Q.NO;
                }
            }
            case TelnetCommand.DO -> {
                if (r.loopCheckWill && r.us == Q.YES && probing) {
                    r.looped = true;
                    return;
                }
                if (r.probedWill && r.answerToWill == null) {
                    r.answerToWill = v;
                }
                if (contains(SERVER_SIDE, option)) {
                    wrong(option, v);
                }
                switch (r.us) {
                    case NO -> {
                        if (contains(WE_WILL, option)) {
                            r.us = Q.YES;
                            reply(r, TelnetCommand.WILL);
                            enabledOurSide(option);
                        } else {
                            reply(r, TelnetCommand.WONT);
                        }
                    }
                    case WANTYES -> {
                        if (contains(WE_WILL, option)) {
                            r.us = Q.YES;
                            enabledOurSide(option);
                        } else {
                            r.us = Q.WANTNO;
                            sendVerb(TelnetCommand.WONT, option);
                        }
                    }
                    case WANTNO -> r.us = Q.NO;
                    case YES -> r.looped |= probing;
                }
            }
            default -> { // DONT
                if (r.probedWill && r.answerToWill == null) {
                    r.answerToWill = v;
                }
                if (r.us == Q.YES) {
                    r.us = Q.NO;
                    reply(r, TelnetCommand.WONT);
                } else {
                    r.us = Q.NO;
                }
            }
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
        if (option == TelnetOption.TTYPE && len >= 1 && buf[off] == 1 && options[option] != null
            && options[option].us == Q.YES) {
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

    private final class Listener implements TelnetParserListener {
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
        public void onCommand(int command) {
        }

        @Override
        public void onNegotiation(int verb, int option) {
            ServerProbe.this.onNegotiation(verb, option);
        }

        @Override
        public void onSubnegotiation(int option, byte[] buf, int off, int len) {
            ServerProbe.this.onSubnegotiation(option, buf, off, len);
        }

        @Override
        public void onProtocolWarning(ProtocolWarning warning, int detail) {
            if (warnings.size() < MAX_WARNINGS) {
                warnings.add(warning + " " + detail);
                log.info("fingerprint: protocol violation from the server: {} {}", warning, detail);
            }
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
        for (OptionRecord r : options) {
            if (r == null) {
                continue;
            }
            String name = TelnetOption.name(r.code);
            Map<String, Object> o = new TreeMap<>();
            o.put("code", r.code);
            o.put("server_sent", List.copyOf(r.unprompted));
            o.put("we_answered", List.copyOf(r.weAnswered));
            o.put("answer_to_do", r.probedDo ? (r.answerToDo == null ? "none" : r.answerToDo) : "not asked");
            o.put("answer_to_will", r.probedWill ? (r.answerToWill == null ? "none" : r.answerToWill) : "not asked");
            o.put("server_side_enabled", r.him == Q.YES);
            o.put("client_side_enabled", r.us == Q.YES);
            optionsDoc.put(name, o);
            if (r.unprompted.contains("WILL") || "WILL".equals(r.answerToDo)) {
                offers.add(name);
            }
            if (r.unprompted.contains("DO") || "DO".equals(r.answerToWill)) {
                requests.add(name);
            }
            if (r.unprompted.contains("WONT") || r.unprompted.contains("DONT")
                || "WONT".equals(r.answerToDo) || "DONT".equals(r.answerToWill)) {
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
        doc.put("closed_by_server", closed);
        doc.put("closed_during", closedDuring);
        doc.put("banner_before_enter", banner(before, droppedBefore, null));
        doc.put("banner_after_enter", banner(after, bannerDropped, fontBefore));
        OptionRecord m = options[TelnetOption.MSSP];
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
        doc.put("protocol_warnings", List.copyOf(warnings));
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
