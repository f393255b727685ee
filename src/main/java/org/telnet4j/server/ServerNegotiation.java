package org.telnet4j.server;

import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.option.CharsetOption;
import org.telnet4j.option.Environ;
import org.telnet4j.option.EnvironOption;
import org.telnet4j.option.TerminalType;
import org.telnet4j.option.TerminalTypeOption;
import org.telnet4j.option.WindowSize;
import org.telnet4j.protocol.NegotiationEvent;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetEngine;
import org.telnet4j.protocol.TelnetOption;

/**
 * The server's side of option negotiation for one session: what it asks for at connect, how it
 * follows up on each answer, and when negotiation has settled so the session can start.
 *
 * <p>At connect it asks, all at once so one round trip covers most of it: DO TTYPE, DO NAWS,
 * DO NEW-ENVIRON, DO CHARSET, WILL EOR, and WILL SGA unless in line mode (BINARY follows an
 * agreed 8-bit CHARSET).
 * WILL ECHO (character mode) waits for the first terminal-type answer: a known MUD client keeps its
 * own line editor and is not offered ECHO. Each agreement is followed up: the terminal-type cycle
 * (with MTTS), the environment request (split into frames of at most 240 bytes, the next sent when
 * the previous is answered) and the charset REQUEST (the configured charset first, then UTF-8).
 *
 * <p>Settled means: terminal type, window size and echo are answered, the terminal-type cycle is
 * over, and no environment or charset reply the peer agreed to send is outstanding; optional
 * requests the peer ignores do not hold the session back. The server's deadline starts the session
 * anyway when a peer never answers; input that arrives meanwhile is held, not lost.
 */
final class ServerNegotiation implements TerminalTypeOption.Listener, EnvironOption.Listener, CharsetOption.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ServerNegotiation.class);
    /**
     * The requests whose answers decide how the session starts (what the terminal is, its size,
     * who echoes): settled means none of them is pending on either side. The other requests
     * (NEW-ENVIRON, CHARSET, BINARY, EOR, MCCP, GMCP, MSDP, MSSP) are optional: many peers ignore
     * some of them (TinTin++ never answers DO BINARY, Ruby's net-telnet cannot parse DO CHARSET), so
     * an unanswered one never holds the session back. A reply the peer has agreed to send (the
     * environment after WILL NEW-ENVIRON, the answer to our CHARSET REQUEST) is still waited for.
     */
    private static final int[] ESSENTIAL = {TelnetOption.TTYPE, TelnetOption.NAWS,
        TelnetOption.SGA, TelnetOption.ECHO};

    private static final org.telnet4j.loop.RateLimitedLog TTYPE_LOG = new org.telnet4j.loop.RateLimitedLog();
    private static final org.telnet4j.loop.RateLimitedLog ENVIRON_LOG = new org.telnet4j.loop.RateLimitedLog();
    private static final org.telnet4j.loop.RateLimitedLog CHARSET_LOG = new org.telnet4j.loop.RateLimitedLog();
    private static final org.telnet4j.loop.RateLimitedLog MCCP_LOG = new org.telnet4j.loop.RateLimitedLog();

    private final ServerProtocol session;
    private final TerminalTypeOption ttype;
    private boolean echoDecided;
    private boolean peerSpoke;
    private EnvironOption environ; // made when the client agrees to NEW-ENVIRON or ENVIRON
    private boolean charsetRequested;
    private boolean charsetNegotiated;
    private CharsetOption charset; // made when CHARSET is first used
    private boolean compressing;
    private boolean checksHeld;

    ServerNegotiation(ServerProtocol session) {
        this.session = session;
        this.ttype = TerminalTypeOption.server(session.engine(), session.settings().maxTerminalTypeLength, this);
        // This class is the options' listener: no extra objects per connection. ENVIRON and CHARSET
        // are made on first use, so a client that refuses them costs neither (88 B a connection).
    }

    // The engine and the settings are the protocol's: not kept here too (8 B a connection).
    private TelnetEngine engine() {
        return session.engine();
    }

    private ServerSettings settings() {
        return session.settings();
    }

    private EnvironOption environ() {
        if (environ == null) {
            environ = EnvironOption.server(engine(), Environ.DEFAULT_REQUEST, this);
        }
        return environ;
    }

    private CharsetOption charset() {
        if (charset == null) {
            charset = CharsetOption.server(engine(), settings().maxCharsetOffers, this, session.name());
        }
        return charset;
    }

    // ---------------------------------------------------------------- EnvironOption.Listener

    @Override
    public void onVariables(Map<String, String> variables) {
        environment(variables);
    }

    @Override
    public void onUnaskedEnvironment() {
        // RFC 1572: IS answers a SEND; INFO is what a client sends unasked.
        ENVIRON_LOG.debug(LOG, "{} sent environment IS without a SEND: ignored", session.name());
    }

    @Override
    public void onEnvironReversed() {
        LOG.debug("{} old ENVIRON with VAR and VALUE reversed (RFC 1571)", session.name());
    }

    // ---------------------------------------------------------------- CharsetOption.Listener

    @Override
    public void onCharset(Charset cs) {
        charsetNegotiated = true;
        switchCharset(cs);
        offerBinary(cs);
    }

    @Override
    public void onTooManyCharsets(int max) {
        CHARSET_LOG.info(LOG, "{} offered more than {} charsets: looking at the first {} only",
            session.name(), max, max);
    }

    TerminalType terminalTypes() {
        return ttype.cycle();
    }

    /** Sends the opening requests. */
    void begin() {
        engine().enable(Side.REMOTE, TelnetOption.TTYPE);
        engine().enable(Side.REMOTE, TelnetOption.NAWS);
        engine().enable(Side.REMOTE, TelnetOption.NEW_ENVIRON);
        if (!settings().bytesOnly) {
            engine().enable(Side.REMOTE, TelnetOption.CHARSET);
        }
        // No BINARY here unless forced: see offerBinary().
        if (settings().forceBinary) {
            forceBinary();
        }
        engine().enable(Side.LOCAL, TelnetOption.EOR);
        if (settings().lineMode) {
            echoDecided = true;
            if (settings().neverSendGa) {
                // RFC 1123 section 3.2.2: a server that never sends GA MUST offer WILL SGA.
                engine().enable(Side.LOCAL, TelnetOption.SGA);
            }
        } else {
            engine().enable(Side.LOCAL, TelnetOption.SGA);
        }
        if (settings().compression && !session.isSecure()) { // TLS: see onEnabled
            engine().enable(Side.LOCAL, TelnetOption.MCCP2);
            engine().enable(Side.LOCAL, TelnetOption.MCCP3);
        }
        if (settings().gmcp) {
            engine().enable(Side.LOCAL, TelnetOption.GMCP);
        }
        if (settings().msdp) {
            engine().enable(Side.LOCAL, TelnetOption.MSDP);
        }
        if (settings().mssp != null) {
            engine().enable(Side.LOCAL, TelnetOption.MSSP);
        }
        if (settings().linemode) {
            engine().enable(Side.REMOTE, TelnetOption.LINEMODE); // followed up by LinemodeOption
        }
    }

    boolean isCompressing() {
        return compressing;
    }

    /**
     * The connection is gone.
     *
     * @return true if output was compressed until now: the owner gives the compression slot back
     */
    boolean closed() {
        boolean was = compressing;
        compressing = false;
        return was;
    }

    /**
     * MCCP2: {@code IAC SB MCCP2 IAC SE} goes out plain, and everything after it through a zlib
     * stream, flushed with every write to the socket.
     */
    private void startCompression() {
        if (compressing || !session.listener().isOpen()) {
            return;
        }
        if (!session.listener().mayCompress()) {
            LOG.warn("{} not compressed: {} sessions already are (maxCompressedSessions)",
                session.name(), settings().maxCompressedSessions);
            engine().disable(Side.LOCAL, TelnetOption.MCCP2);
            return;
        }
        compressing = true;
        engine().sendSubnegotiation(TelnetOption.MCCP2, new byte[0], 0, 0);
        session.listener().onCompressOutput(true);
    }

    /** The client turned MCCP2 off: end the zlib stream; output is plain again. */
    private void stopCompression() {
        if (compressing) {
            compressing = false;
            session.listener().onCompressOutput(false);
        }
    }

    /** Starts a new terminal-type cycle (the application asked again). */
    void restartTerminalType() {
        ttype.restart();
    }

    void onNegotiationEvent(NegotiationEvent event, Side side, int option) {
        if (event != NegotiationEvent.DISABLED || side == Side.REMOTE) {
            peerSpoke = true;
        }
        switch (event) {
            case ENABLED:
                onEnabled(side, option);
                break;
            case DISABLED:
                if (side == Side.LOCAL && option == TelnetOption.MCCP2) {
                    stopCompression();
                }
                break;
            case REFUSED_BY_PEER:
                if (side == Side.REMOTE && option == TelnetOption.TTYPE) {
                    ttype.cycle().finish();
                    decideEcho();
                } else if (side == Side.REMOTE && option == TelnetOption.NEW_ENVIRON) {
                    // RFC 1572 obsoletes RFC 1408: ask for the old option only if the new is refused.
                    engine().enable(Side.REMOTE, TelnetOption.ENVIRON);
                }
                break;
            case LIMIT_REACHED:
                session.listener().onLimit(ServerLimit.NEGOTIATION_REQUESTS);
                LOG.warn("{} sent more than {} negotiation requests in {}: ignoring further ones"
                    + " until that window ends", session.name(), settings().maxNegotiationRequests,
                    settings().negotiationRequestWindow);
                break;
            case VIOLATION:
                LOG.debug("{} answered our {} request for {} against RFC 1143", session.name(),
                    side == Side.LOCAL ? "WONT" : "DONT", TelnetOption.name(option));
                break;
            default:
                break;
        }
        check();
    }

    private void onEnabled(Side side, int option) {
        if ((option == TelnetOption.MCCP2 || option == TelnetOption.MCCP3) && session.isSecure()) {
            // Compression under encryption leaks what is compressed (CRIME, BREACH): refused.
            LOG.info("{} asked for {} on a TLS connection: refused", session.name(), TelnetOption.name(option));
            engine().disable(side, option);
            return;
        }
        switch (option) {
            case TelnetOption.TTYPE:
                if (side == Side.REMOTE) {
                    ttype.ask();
                }
                break;
            case TelnetOption.NEW_ENVIRON:
            case TelnetOption.ENVIRON:
                if (side == Side.REMOTE) {
                    environ().start(option);
                }
                break;
            case TelnetOption.MCCP2:
                if (side == Side.LOCAL) {
                    startCompression();
                }
                break;
            case TelnetOption.MSSP:
                if (side == Side.LOCAL && settings().mssp != null) {
                    byte[] p = org.telnet4j.option.mud.Mssp.encode(session.listener().mssp(settings().mssp.get()));
                    engine().sendSubnegotiation(TelnetOption.MSSP, p, 0, p.length);
                }
                break;
            case TelnetOption.CHARSET:
                if (!charsetRequested) {
                    charsetRequested = true;
                    charset().request(settings().charsetOffer());
                }
                break;
            default:
                break;
        }
    }

    /** @return true if the subnegotiation was for an option handled here */
    boolean onSubnegotiation(int option, byte[] buf, int off, int len) {
        switch (option) {
            case TelnetOption.TTYPE:
                ttype.onSubnegotiation(buf, off, len);
                break;
            case TelnetOption.NAWS:
                windowSize(buf, off, len);
                break;
            case TelnetOption.NEW_ENVIRON:
            case TelnetOption.ENVIRON:
                environ().onSubnegotiation(option, buf, off, len);
                break;
            case TelnetOption.CHARSET:
                charset().onSubnegotiation(buf, off, len);
                break;
            case TelnetOption.MCCP3:
                // The client compresses from the next byte on, wherever it falls in this read.
                if (engine().isLocalEnabled(TelnetOption.MCCP3) && session.listener().onDecompressInput()) {
                    engine().pause();
                }
                break;
            case TelnetOption.GMCP:
            case TelnetOption.MSDP:
                // Only for a server that offered them (GMCP and MSDP are WILL on our side); held
                // as bytes until onConnect when they come during negotiation, not lost.
                if (engine().isLocalEnabled(option)) {
                    session.listener().onMessage(option, buf, off, len);
                }
                break;
            default:
                return false;
        }
        check();
        return true;
    }

    /**
     * The client announced MCCP3 and then sent bytes that are not zlib (telnetlib3's client does):
     * they were handed on as plain input, and compression is turned off so both sides agree.
     */
    void notCompressed() {
        MCCP_LOG.info(LOG, "{} announced MCCP3 but sent no compressed stream: reading its input as"
            + " plain and turning MCCP3 off", session.name());
        engine().disable(Side.LOCAL, TelnetOption.MCCP3);
    }

    // ---------------------------------------------------------------- TerminalTypeOption.Listener

    @Override
    public void onTypeReply(TerminalType cycle) {
        session.setTerminalType(cycle.terminalType());
        decideEcho();
    }

    @Override
    public void onTypeCycleEnd(TerminalType cycle) {
        if (session.isStarted()) {
            session.listener().onTerminalType(cycle.terminalType());
        }
    }

    @Override
    public void onTypeTruncated() {
        TTYPE_LOG.info(LOG, "{} terminal type longer than {} bytes: cut", session.name(),
            settings().maxTerminalTypeLength);
    }

    @Override
    public void onUnaskedType() {
        // RFC 1091: IS answers a SEND. Unasked ones would let a client grow the list at will.
        TTYPE_LOG.debug(LOG, "{} sent TTYPE IS without a SEND: ignored", session.name());
    }

    private void windowSize(byte[] buf, int off, int len) {
        long packed = WindowSize.parse(buf, off, len);
        if (packed < 0) {
            LOG.debug("{} malformed NAWS ({} bytes)", session.name(), len);
            return;
        }
        int cols = WindowSize.columns(packed);
        int rows = WindowSize.rows(packed);
        // RFC 1073: zero means "unknown"; keep the previous value for that dimension.
        int c = cols == 0 ? session.columns() : cols;
        int r = rows == 0 ? session.rows() : rows;
        session.setWindowSize(c, r);
        if (session.isStarted()) {
            session.listener().onWindowSize(c, r);
        }
    }

    /** A reply's variables: merged into the session's, within the bounds. */
    private void environment(Map<String, String> vars) {
        Map<String, String> merged = new LinkedHashMap<>(session.environment());
        // RFC 1572: a VAR without VALUE is undefined (removed); the total is bounded.
        int dropped = Environ.mergeBounded(merged, vars, settings().maxEnvironVariables, settings().maxEnvironBytes);
        if (dropped > 0) {
            ENVIRON_LOG.info(LOG, "{} environment beyond {} variables or {} bytes: {} dropped",
                session.name(), settings().maxEnvironVariables, settings().maxEnvironBytes, dropped);
        }
        session.setEnvironment(merged);
        String lang = vars.get("LANG");
        if (lang != null && !charsetNegotiated) {
            Charset cs = charsetOfLang(lang);
            if (cs != null && !cs.equals(session.charset())) {
                switchCharset(cs);
            }
        }
        if (session.isStarted() && !vars.isEmpty()) {
            session.listener().onEnvironment(session.environment());
        }
    }

    /** The charset named by a LANG value such as {@code en_US.UTF-8@euro}, or null. */
    static Charset charsetOfLang(String lang) {
        return org.telnet4j.charset.LocaleCharset.fromLocale(lang);
    }

    /**
     * BINARY is asked for only once the peer has agreed a CHARSET that needs 8 bits (RFC 2066 asks
     * for BINARY to carry such a charset). Not at connect: a stock telnet in line mode stops
     * translating end of line on its terminal once BINARY is agreed, so every reply starts where the
     * typed text ended (a staircase). Those clients pass 8-bit bytes outside BINARY anyway, and
     * this server sends and reads UTF-8 the same either way; a client may still ask for BINARY.
     */
    private void offerBinary(Charset cs) {
        if (cs.equals(java.nio.charset.StandardCharsets.US_ASCII)) {
            return;
        }
        if (!engine().isLocalEnabled(TelnetOption.BINARY)) {
            engine().enable(Side.LOCAL, TelnetOption.BINARY);
        }
        if (!engine().isRemoteEnabled(TelnetOption.BINARY)) {
            engine().enable(Side.REMOTE, TelnetOption.BINARY);
        }
    }

    /** {@code forceBinary}: WILL BINARY and DO BINARY at connect (RFC 856 section 2). */
    private void forceBinary() {
        engine().enable(Side.LOCAL, TelnetOption.BINARY);
        engine().enable(Side.REMOTE, TelnetOption.BINARY);
    }

    private void switchCharset(Charset cs) {
        if (settings().bytesOnly) {
            return; // a bytes shell stays Latin-1, one character per byte
        }
        session.switchCharset(cs);
    }

    /** Offers character mode unless configured for line mode or the client is a MUD client. */
    private void decideEcho() {
        if (echoDecided) {
            return;
        }
        echoDecided = true;
        if (ttype.cycle().isMudClient()) {
            LOG.debug("{} is a MUD client ({}): staying in line mode", session.name(), ttype.cycle().names());
            return;
        }
        engine().enable(Side.LOCAL, TelnetOption.ECHO);
    }

    /** True when nothing we asked for is still unanswered. */
    boolean isSettled() {
        boolean replyDue = environ != null && environ.isOutstanding() || charset != null && charset.isOutstanding();
        if (!echoDecided || replyDue || !session.isLinemodeSettled()) {
            return false;
        }
        if (engine().isRemoteEnabled(TelnetOption.TTYPE) && !ttype.cycle().isDone()) {
            return false;
        }
        for (int option : ESSENTIAL) {
            if (engine().options().isPending(Side.LOCAL, option)
                || engine().options().isPending(Side.REMOTE, option)) {
                return false;
            }
        }
        return true;
    }

    /** While a read is being parsed: {@link #check()} waits for its end. */
    void holdChecks(boolean hold) {
        checksHeld = hold;
    }

    /** Starts the session if negotiation has settled. */
    void check() {
        if (!checksHeld && !session.isStarted() && isSettled()) {
            session.settled();
        }
    }

    /** The deadline passed: start with what we have. */
    void deadline() {
        if (session.isStarted()) {
            return;
        }
        if (!echoDecided && peerSpoke) {
            decideEcho(); // a telnet peer that is slow with TTYPE still gets character mode
        }
        echoDecided = true;
        LOG.debug("{} negotiation unfinished at the deadline; starting the session", session.name());
        session.settled();
    }
}
