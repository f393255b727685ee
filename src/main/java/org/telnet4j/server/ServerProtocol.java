package org.telnet4j.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.bytes.ByteSink;
import org.telnet4j.charset.TextConventions;
import org.telnet4j.charset.StreamDecoder;
import org.telnet4j.option.Status;
import org.telnet4j.option.TelnetOptions;
import org.telnet4j.option.TerminalType;
import org.telnet4j.option.linemode.LinemodeOption;
import org.telnet4j.protocol.NegotiationEvent;
import org.telnet4j.protocol.OptionPolicy;
import org.telnet4j.protocol.ProtocolWarning;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetEngine;
import org.telnet4j.protocol.TelnetEngineListener;
import org.telnet4j.protocol.TelnetOption;

/**
 * The server's side of one telnet connection, without I/O: the counterpart of
 * {@link org.telnet4j.client.ClientProtocol}. Bytes from the client go in through
 * {@link #receive}; lines, negotiated facts and requests to the transport come out to a
 * {@link Listener}; every byte to send goes to a {@link ByteSink}. It owns the telnet engine, the
 * text decoder, the line editor and the opening negotiation ({@link ServerNegotiation}: the
 * terminal-type cycle, NAWS, NEW-ENVIRON, CHARSET, echo; {@link LinemodeOption}: LINEMODE), and
 * reports MCCP as events ("compress what follows these bytes", "the client compresses from the
 * next byte") instead of reaching into a connection.
 *
 * <p>Started or not: until {@link Listener#onSettled} (negotiation settled, or
 * {@link #deadline()}) the application has not been told of the session; events that only matter
 * to a running application (a finished terminal-type cycle, a charset switch) are reported only
 * after it, as {@link Session} delivered them before this class was split out of it.
 *
 * <p>It is itself the listener of its engine, line editor, decoder and options (the callbacks at
 * the end of this class), and the sink its engine writes to (where output waits for a timing mark
 * after an interrupt, see {@link #write}), not separate objects: fewer objects for every
 * connection. The class is package-private, so those methods widen no public surface.
 *
 * <p>Not thread-safe: the loop thread only. The getters of what the client told
 * ({@link #terminalType()}, {@link #columns()}, {@link #environment()}, {@link #charset()}) are
 * volatile reads, safe from any thread.
 */
final class ServerProtocol implements TelnetEngineListener, LineEditor.Output, StreamDecoder.CharRunSink,
    TelnetOptions.Listener, OptionPolicy, ByteSink {
    private static final Logger LOG = LoggerFactory.getLogger(ServerProtocol.class);
    private static final org.telnet4j.loop.RateLimitedLog SB_LOG = new org.telnet4j.loop.RateLimitedLog();
    private static final org.telnet4j.loop.RateLimitedLog LINE_LOG = new org.telnet4j.loop.RateLimitedLog();
    private static final org.telnet4j.loop.RateLimitedLog UNAGREED_LOG = new org.telnet4j.loop.RateLimitedLog();

    /**
     * What the protocol reports and asks of its owner. Called on the thread that calls
     * {@link #receive} (or the sending methods). The methods inherited from
     * {@link TelnetOptions.Listener} report STATUS, LOGOUT (the owner closes), SEND-LOCATION,
     * TERMINAL-SPEED, X-DISPLAY-LOCATION and Synch.
     */
    interface Listener extends TelnetOptions.Listener {
        /**
         * True when the connection is encrypted (TLS on our port, or a balancer's word): MCCP is
         * then refused, as compression under encryption leaks (CRIME, BREACH).
         */
        default boolean isSecure() {
            return false;
        }

        /** The MSSP status to send, given the application's (the server adds "SSL" for a TLS port). */
        default Map<String, java.util.List<String>> mssp(Map<String, java.util.List<String>> status) {
            return status;
        }

        /**
         * How log lines name this client ({@code ip:port}). Asked for each log line rather than
         * kept here: the owner holds it already, and a field is 4 bytes a connection.
         */
        default String name() {
            return "client";
        }

        /** Negotiation has settled (or its deadline passed): the application may start. Once. */
        void onSettled();

        /** A complete input line, from the line editor. */
        void onLine(String line);

        /** Raw in-band data, while {@link #setRawInput} is on (the line editor is bypassed). */
        default void onRawData(byte[] buf, int off, int len) {
        }

        /** A telnet command from the client (after the protocol's own answer to it). */
        default void onCommand(int command) {
        }

        /**
         * Output is held for the client's DO TIMING-MARK after an interrupt and this read ended
         * without it: call {@link ServerProtocol#markWaitOver} in
         * {@link ServerProtocol#MARK_WAIT_MILLIS} (a later call of this replaces an earlier
         * wait). Once per interrupt, at the end of the read that held it.
         */
        default void onMarkWait() {
        }

        /** An option changed state or a request was refused. */
        default void onOptionChange(NegotiationEvent event, Side side, int option) {
        }

        /** A subnegotiation no part of the protocol handles, for an agreed option. */
        default void onSubnegotiation(int option, byte[] buf, int off, int len) {
        }

        /** A GMCP or MSDP message from the client (an option we offered); the array is borrowed. */
        default void onMessage(int option, byte[] buf, int off, int len) {
        }

        /** The terminal-type cycle ended after the session started (a new cycle's result). */
        default void onTerminalType(String terminalType) {
        }

        /** The client's window size changed (NAWS). */
        default void onWindowSize(int columns, int rows) {
        }

        /** The client sent environment variables; {@code environment} is the merged view. */
        default void onEnvironment(Map<String, String> environment) {
        }

        /** The charset changed by negotiation (CHARSET, or LANG in the environment). */
        default void onCharset(Charset charset) {
        }

        /** The agreed LINEMODE mode changed (-1: LINEMODE stopped). */
        default void onLinemode(int mode) {
        }

        /** A limit was hit (also logged here). */
        default void onLimit(ServerLimit limit) {
        }

        /** False once the transport is closing: negotiation then starts nothing new. */
        default boolean isOpen() {
            return true;
        }

        /** May this session compress its output (MCCP2)? False if no slot is free. */
        default boolean mayCompress() {
            return true;
        }

        /**
         * MCCP2 (on): everything sent after the bytes already given to the sink is compressed;
         * (off): the compressed stream ends here and output is plain again.
         */
        default void onCompressOutput(boolean on) {
        }

        /**
         * MCCP3: the client compresses from the byte after this subnegotiation; the rest of the
         * current input is left unconsumed by {@link #receive}, for the inflater to take.
         *
         * @return false if the input is already transformed (nothing installed, nothing paused)
         */
        default boolean onDecompressInput() {
            return false;
        }

        /**
         * Send a Synch: {@code IAC} in the data stream and {@code DM} as TCP urgent data (RFC 854;
         * RFC 1123 section 3.2.4 asks it in answer to AO).
         */
        void sendSynch();
    }

    /**
     * How long output waits for the DO TIMING-MARK that a line-mode client sends with its IAC IP,
     * when the read that held the IP ended without it (see {@link #write}). The two come in one
     * write (inetutils and BSD telnet), so almost always in one read; the wait covers a delayed
     * segment and costs a client that sends IP alone (PuTTY) no more than this before it sees
     * the application's answer.
     */
    static final long MARK_WAIT_MILLIS = 200;

    /**
     * The most output held while a timing mark is awaited; more, and all of it goes at once
     * (the output queue's limit then applies as usual). A prompt or a screenful, not a stream.
     */
    static final int MAX_HELD_OUTPUT = 8 * 1024;

    /** No interrupt awaits its mark. */
    private static final byte MARK_NONE = 0;
    /** After an IAC IP in line mode: a line end owed and output held; the owner not told yet. */
    private static final byte MARK_HELD = 1;
    /** As {@link #MARK_HELD}, and the owner was told to wait ({@link Listener#onMarkWait}). */
    private static final byte MARK_WAITING = 2;
    /** The client's DO TM is being answered: the next write is our WILL (or WONT) TM. */
    private static final byte MARK_ANSWERING = 3;

    /** Buffers all protocols on one loop share (loop thread only). */
    static final class Scratch {
        final StreamDecoder.Scratch decode = new StreamDecoder.Scratch();
        final byte[] one = new byte[1];
        final byte[] send = new byte[4096];
    }

    private final ServerSettings settings;
    private final ByteSink out;
    private final Listener listener;
    private final Scratch scratch;
    private final TelnetEngine engine;
    private final StreamDecoder decoder;
    private final LineEditor editor;
    private final ServerNegotiation negotiation;
    private final TelnetOptions options;
    private final LinemodeOption linemode;

    /** The charset, for readers on any thread; the decoder's, set on the loop. */
    private volatile Charset charset;
    /** Line end, erase and keys for the charset. */
    private TextConventions conventions;
    /** {@link TextConventions#lineEnd} and {@link TextConventions#erase}, encoded. */
    private byte[] lineEndBytes;
    private byte[] eraseBytes;
    private volatile String terminalType = "unknown";
    private volatile int columns = 80;
    private volatile int rows = 24;
    private volatile Map<String, String> environment = Collections.emptyMap();
    private volatile boolean passwordMode;
    private boolean started;
    private boolean raw;
    /** Where a line cancelled by IAC IP stands with its timing mark: {@code MARK_*}. */
    private byte mark;
    /** Output written while {@link #mark} holds it (null when none): see {@link #write}. */
    private ByteArrayOutputStream held;
    /** An echoed high surrogate, waiting for its low half. */
    private char highSurrogate;

    /**
     * @param settings the server's configuration
     * @param out where bytes to the client go
     * @param listener receives lines and events
     * @param scratch buffers shared with the other protocols of the same thread
     */
    ServerProtocol(ServerSettings settings, ByteSink out, Listener listener, Scratch scratch) {
        this.settings = settings;
        this.out = out;
        this.listener = listener;
        this.scratch = scratch;
        this.engine = new TelnetEngine(this, this, this, settings.maxSubnegotiation);
        engine.options().setLenient(settings.lenientNegotiation);
        engine.options().setMaxPeerRequests(settings.maxNegotiationRequests);
        engine.options().setPeerRequestWindow(settings.negotiationRequestWindow);
        this.decoder = new StreamDecoder(settings.encoding);
        this.editor = new LineEditor(settings.maxLineLength, this);
        editor.setKeepControls(settings.bytesOnly); // --encoding false: every byte reaches the shell
        applyConventions(settings.encoding);
        this.negotiation = new ServerNegotiation(this);
        this.options = TelnetOptions.server(engine, this);
        this.linemode = settings.linemode ? LinemodeOption.server(engine, settings.linemodeMode, this::linemodeChanged, listener.name())
            : null;
    }

    // ---------------------------------------------------------------- input

    /** Sends the opening requests, and starts at once if nothing needs an answer. */
    void begin() {
        negotiation.begin();
        negotiation.check();
    }

    /**
     * Takes in one read from the client.
     *
     * @return bytes consumed: fewer than {@code len} only when the client starts compressing
     *     (MCCP3) inside this read, the rest being compressed
     */
    int receive(byte[] buf, int off, int len) {
        beginRead();
        try {
            return parse(buf, off, len);
        } finally {
            endRead();
        }
    }

    /**
     * Starts a read taken in by several {@link #parse} calls: answers that arrive together are
     * all taken in before the session may start, so a client that answers everything in one
     * packet starts with all of it known.
     */
    void beginRead() {
        negotiation.holdChecks(true);
    }

    /** Parses part of a read (between {@link #beginRead} and {@link #endRead}). */
    int parse(byte[] buf, int off, int len) {
        return engine.receive(buf, off, len);
    }

    /**
     * Ends a read: the session starts if negotiation has settled; if an interrupt's output is
     * still held for its mark, the owner is told to wait for it ({@link Listener#onMarkWait}).
     */
    void endRead() {
        negotiation.holdChecks(false);
        negotiation.check();
        if (mark == MARK_ANSWERING) {
            endMarkWait(); // the answer went without a write of its own: nothing more to wait for
        } else if (mark == MARK_HELD) {
            mark = MARK_WAITING;
            listener.onMarkWait();
        }
    }

    /**
     * The wait for an interrupt's timing mark is over ({@link Listener#onMarkWait}): the owed
     * line end and the output held go now. Also before a close, so what was held is delivered.
     * Does nothing if no mark is awaited.
     */
    void markWaitOver() {
        endMarkWait();
    }

    /** The negotiation deadline passed: start with what is known. */
    void deadline() {
        negotiation.deadline();
    }

    /** MCCP3's inflater found no zlib stream: negotiation turns MCCP3 off. */
    void inputNotCompressed() {
        negotiation.notCompressed();
    }

    /**
     * The transport closed: pending requests fail.
     *
     * @return true if output was compressed until now (the owner gives the slot back)
     */
    boolean closed() {
        mark = MARK_NONE;
        held = null;
        options.onClosed();
        return negotiation.closed();
    }

    // ---------------------------------------------------------------- output

    /**
     * Sends text: every line end (LF, or CR LF) becomes the charset's, the text is encoded with
     * the session's charset (unencodable characters become '?'), and 0xFF bytes are escaped.
     */
    void sendText(String text) {
        if (conventions.asciiBytes && sendAscii(text)) {
            return;
        }
        byte[] b = Text.encode(TextConventions.withLineEnds(text, charset), charset);
        engine.sendData(b, 0, b.length);
    }

    /**
     * The common case without allocating: ASCII text in an ASCII-compatible charset is copied
     * byte for byte into the shared scratch buffer, LF becoming CR LF on the way.
     *
     * @return false (nothing sent) if the text has a character outside ASCII
     */
    private boolean sendAscii(String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        byte[] out = scratch.send;
        int o = 0;
        char prev = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            // Room for a CR and this character; never between the CR and LF of a CR LF, which
            // the encoder must see in one call or it pads the CR (CR NUL, RFC 854).
            if (o + 2 > out.length && !(c == '\n' && prev == '\r')) {
                engine.sendData(out, 0, o);
                o = 0;
            }
            if (c == '\n' && prev != '\r') {
                out[o++] = '\r';
            }
            out[o++] = (byte) c;
            prev = c;
        }
        engine.sendData(out, 0, o);
        return true;
    }

    /**
     * Sends a prompt and marks it: {@code IAC EOR} if the client accepted EOR, otherwise
     * {@code IAC GA} unless go-aheads are suppressed or disabled by configuration (RFC 854,
     * RFC 885; never both).
     */
    void prompt(String text) {
        sendText(text);
        if (engine.isLocalEnabled(TelnetOption.EOR)) {
            engine.sendCommand(TelnetCommand.EOR);
        } else if (!engine.isLocalEnabled(TelnetOption.SGA) && !settings.neverSendGa) {
            engine.sendCommand(TelnetCommand.GA);
        }
    }

    /** Password mode: we take over echo (WILL ECHO) and echo nothing; off restores the mode. */
    void setPasswordMode(boolean on) {
        passwordMode = on;
        if (settings.lineMode) {
            if (on) {
                engine.enable(Side.LOCAL, TelnetOption.ECHO);
            } else {
                engine.disable(Side.LOCAL, TelnetOption.ECHO);
            }
        } else if (on) {
            engine.enable(Side.LOCAL, TelnetOption.ECHO);
        }
    }

    /** Changes the text encoding for input and output, with the charset's conventions. */
    void setCharset(Charset cs) {
        decoder.setCharset(cs);
        applyConventions(cs);
    }

    /** In-band data goes to {@link Listener#onRawData} (true) or the line editor (false). */
    void setRawInput(boolean on) {
        raw = on;
    }

    /** Starts a new terminal-type cycle (the application asked again). */
    void requestTerminalType() {
        negotiation.restartTerminalType();
    }

    // ---------------------------------------------------------------- state

    TelnetEngine engine() {
        return engine;
    }

    ServerSettings settings() {
        return settings;
    }

    TelnetOptions options() {
        return options;
    }

    ServerNegotiation negotiation() {
        return negotiation;
    }

    /** The LINEMODE state, or null when the server does not use LINEMODE. */
    LinemodeOption linemode() {
        return linemode;
    }

    /** True unless a LINEMODE request or MODE proposal of ours is unanswered. */
    boolean isLinemodeSettled() {
        return linemode == null || linemode.isSettled();
    }

    /** True once {@link Listener#onSettled} was reported. */
    boolean isStarted() {
        return started;
    }

    boolean isCompressing() {
        return negotiation.isCompressing();
    }

    boolean isPasswordMode() {
        return passwordMode;
    }

    /** How log lines name this client ({@link Listener#name}). */
    String name() {
        return listener.name();
    }

    /** True when the connection is encrypted ({@link Listener#isSecure}). */
    boolean isSecure() {
        return listener.isSecure();
    }

    Listener listener() {
        return listener;
    }

    Charset charset() {
        return charset;
    }

    String terminalType() {
        return terminalType;
    }

    TerminalType terminalTypes() {
        return negotiation.terminalTypes();
    }

    int columns() {
        return columns;
    }

    int rows() {
        return rows;
    }

    Map<String, String> environment() {
        return environment;
    }

    // ---------------------------------------------------------------- for the negotiation

    /** Negotiation settled or timed out: report it, once. */
    void settled() {
        if (!started) {
            started = true;
            listener.onSettled();
        }
    }

    void setTerminalType(String t) {
        terminalType = t;
    }

    void setWindowSize(int c, int r) {
        columns = c;
        rows = r;
    }

    void setEnvironment(Map<String, String> env) {
        environment = Collections.unmodifiableMap(env);
    }

    /** A negotiated charset switch: taken on, and reported once started. */
    void switchCharset(Charset cs) {
        setCharset(cs);
        LOG.debug("{} encoding is now {}", name(), cs.name());
        if (started) {
            listener.onCharset(cs);
        }
    }

    /** The agreed LINEMODE mode changed: the application hears of it once started. */
    private void linemodeChanged(int mode) {
        if (started) {
            listener.onLinemode(mode);
        }
    }

    private static final byte[] CR_LF = {'\r', '\n'};
    private static final byte[] BS_SPACE_BS = {'\b', ' ', '\b'};

    /**
     * {@code text} encoded: the usual line end and erase of an ASCII-compatible charset are one
     * shared array each (read only, never changed), not two arrays made for every connection.
     */
    private static byte[] encoded(String text, Charset cs, boolean asciiBytes) {
        if (asciiBytes && text.equals("\r\n")) {
            return CR_LF;
        }
        if (asciiBytes && text.equals("\b \b")) {
            return BS_SPACE_BS;
        }
        return Text.encode(text, cs);
    }

    /** Takes on the conventions of {@code cs}. */
    private void applyConventions(Charset cs) {
        charset = cs;
        conventions = TextConventions.of(cs);
        lineEndBytes = encoded(conventions.lineEnd, cs, conventions.asciiBytes);
        eraseBytes = encoded(conventions.erase, cs, conventions.asciiBytes);
        editor.setEcma48C1(conventions.ecma48C1);
        engine.setForceBinary(TextConventions.needsBinary(cs));
    }

    // ---------------------------------------------------------------- engine, editor, decoder, options

    // ---------------------------------------------------------------- OptionPolicy: the settings', watched

    @Override
    public boolean acceptLocal(int option) {
        if (option == TelnetOption.TM && (mark == MARK_HELD || mark == MARK_WAITING)) {
            // Asked only when the client's DO TM is answered, just before our WILL TM goes.
            mark = MARK_ANSWERING;
        }
        return settings.policy().acceptLocal(option);
    }

    @Override
    public boolean acceptRemote(int option) {
        return settings.policy().acceptRemote(option);
    }

    // ---------------------------------------------------------------- engine, editor, decoder

    @Override
    public void onData(byte[] buf, int off, int len) {
        if (raw) {
            endMarkWait(); // the client typed on: it is not waiting for a mark
            listener.onRawData(buf, off, len);
            return;
        }
        decoder.decode(buf, off, len, scratch.decode, this);
    }

    @Override
    public void onChar(char ch) {
        endMarkWait(); // the client typed on: it is not waiting for a mark
        editor.accept(conventions.key(ch));
    }

    /**
     * Typed ASCII: runs of printable characters go to the editor in one call (and are echoed
     * in one write); anything else goes one character at a time. Returns after any character
     * that made the application switch charset (it may, from a line or an interrupt), so the
     * decoder decodes what follows with the new one.
     */
    @Override
    public int onAscii(byte[] buf, int off, int len) {
        Charset before = decoder.charset();
        int i = off;
        int end = off + len;
        while (i < end) {
            // The client typed on: it is not waiting for a mark. Checked at every character, as
            // onChar does, so where a read was cut changes nothing.
            endMarkWait();
            int stop = i;
            if (editor.takesPlain()) {
                while (stop < end && plain(buf[stop])) {
                    stop++;
                }
            }
            if (stop > i) {
                editor.appendPlain(buf, i, stop - i);
                i = stop;
            } else {
                editor.accept(conventions.key((char) buf[i++]));
            }
            if (decoder.charset() != before) {
                break;
            }
        }
        return i - off;
    }

    /** A printable ASCII character that is not one of the session's editing keys. */
    private boolean plain(byte b) {
        return b >= 0x20 && b < 0x7F && conventions.key((char) b) == b;
    }

    @Override
    public void echoAscii(byte[] buf, int off, int len) {
        if (!echoing()) {
            return;
        }
        if (conventions.asciiBytes) {
            engine.sendData(buf, off, len);
        } else {
            for (int i = off; i < off + len; i++) {
                echo((char) buf[i]);
            }
        }
    }

    @Override
    public void onCommand(int command) {
        endMarkWait(); // anything from the client but DO TM after an IP: no mark is coming
        switch (command) {
            case TelnetCommand.AYT:
                // RFC 854: AYT asks for a visible sign that the system is still up.
                sendText("\n[Yes]\n");
                break;
            case TelnetCommand.IP:
                cancelLine();
                break;
            case TelnetCommand.EC:
                editor.eraseChar();
                break;
            case TelnetCommand.EL:
                editor.eraseLine();
                break;
            case TelnetCommand.AO:
                // RFC 1123 section 3.2.4: a server receiving AO MUST send a Synch back, so the
                // client can discard the output still in flight.
                listener.sendSynch();
                break;
            default:
                break;
        }
        listener.onCommand(command);
        options.onCommand(command);
    }

    @Override
    public void onSubnegotiation(int option, byte[] buf, int off, int len) {
        endMarkWait();
        if (!engine.isLocalEnabled(option) && !engine.isRemoteEnabled(option)) {
            // RFC 855: subnegotiation follows agreement. Unagreed payloads are not parsed.
            UNAGREED_LOG.debug(LOG, "{} subnegotiation for {}, which was never agreed: discarded",
                name(), TelnetOption.name(option));
            return;
        }
        // Routed by option number to the one owner of each option.
        switch (option) {
            case TelnetOption.LINEMODE:
                if (linemode != null) {
                    linemode.onSubnegotiation(buf, off, len);
                    negotiation.check();
                } else {
                    listener.onSubnegotiation(option, buf, off, len);
                }
                break;
            case TelnetOption.TTYPE:
            case TelnetOption.NAWS:
            case TelnetOption.NEW_ENVIRON:
            case TelnetOption.ENVIRON:
            case TelnetOption.CHARSET:
            case TelnetOption.MCCP3:
            case TelnetOption.GMCP:
            case TelnetOption.MSDP:
                negotiation.onSubnegotiation(option, buf, off, len);
                break;
            case TelnetOption.STATUS:
            case TelnetOption.TSPEED:
            case TelnetOption.XDISPLOC:
            case TelnetOption.SNDLOC:
            case TelnetOption.LFLOW:
                options.onSubnegotiation(option, buf, off, len);
                break;
            default:
                listener.onSubnegotiation(option, buf, off, len);
                break;
        }
    }

    @Override
    public void onNegotiationEvent(NegotiationEvent event, Side side, int option) {
        // Before the negotiation acts on it: what was held goes before a compressed stream starts.
        endMarkWait();
        if (linemode != null) {
            linemode.onNegotiationEvent(event, side, option);
        }
        negotiation.onNegotiationEvent(event, side, option);
        options.onNegotiationEvent(event, side, option);
        listener.onOptionChange(event, side, option);
    }

    @Override
    public void onProtocolWarning(ProtocolWarning warning, int detail) {
        endMarkWait();
        if (warning == ProtocolWarning.SUBNEGOTIATION_OVERFLOW) {
            listener.onLimit(ServerLimit.SUBNEGOTIATION);
            SB_LOG.warn(LOG, "{} subnegotiation for option {} longer than {} bytes: discarded",
                name(), TelnetOption.name(detail), settings.maxSubnegotiation);
        } else {
            LOG.debug("{} protocol warning {} ({})", name(), warning, detail);
        }
    }

    // ------------------------------------------------ TelnetOptions.Listener

    @Override
    public void onSynch() {
        // RFC 854: data before the mark may be discarded. What has become a line is already
        // delivered; the line being typed is dropped.
        editor.eraseLine();
        listener.onSynch();
    }

    @Override
    public void onStatus(Status.Report report, List<Status.Difference> differences) {
        if (!differences.isEmpty()) {
            LOG.debug("{} STATUS: the client sees options differently: {}", name(), differences);
        }
        listener.onStatus(report, differences);
    }

    @Override
    public void onLogout() {
        LOG.debug("{} asked to be logged out (RFC 727)", name());
        listener.onLogout();
    }

    @Override
    public void onLocation(String location) {
        listener.onLocation(location);
    }

    @Override
    public void onTerminalSpeed(int transmit, int receive) {
        listener.onTerminalSpeed(transmit, receive);
    }

    @Override
    public void onXDisplay(String display) {
        listener.onXDisplay(display);
    }

    @Override
    public void onFlowControl(int command) {
        listener.onFlowControl(command);
    }

    @Override
    public void onPrompt(int command) {
        listener.onPrompt(command);
    }

    // ------------------------------------------------ LineEditor.Output

    @Override
    public void echo(char ch) {
        if (!echoing()) {
            highSurrogate = 0;
            return;
        }
        if (ch < 0x80 && conventions.asciiBytes) {
            byte[] one = scratch.one;
            one[0] = (byte) ch;
            engine.sendData(one, 0, 1);
        } else if (Character.isHighSurrogate(ch)) {
            highSurrogate = ch; // encoded with its low half, which comes next
        } else {
            String text = highSurrogate != 0 ? new String(new char[] {highSurrogate, ch})
                : String.valueOf(ch);
            highSurrogate = 0;
            byte[] b = Text.encode(text, charset);
            engine.sendData(b, 0, b.length);
        }
    }

    @Override
    public void echoErase(int width) {
        if (echoing()) {
            for (int i = 0; i < width; i++) {
                engine.sendData(eraseBytes, 0, eraseBytes.length);
            }
        }
    }

    @Override
    public void line(String line) {
        if (echoing() || passwordMode && engine.isLocalEnabled(TelnetOption.ECHO)) {
            engine.sendData(lineEndBytes, 0, lineEndBytes.length);
        }
        listener.onLine(line);
    }

    @Override
    public void interrupt() {
        // A Ctrl-C typed in character mode means what IAC IP means (RFC 854's Interrupt Process).
        cancelLine();
        listener.onCommand(TelnetCommand.IP);
    }

    /**
     * Ctrl-C: the line being typed is dropped and the cursor goes to a new line (after an
     * echoed {@code ^C} when the server echoes), where the application prompts again.
     */
    private void cancelLine() {
        editor.discardLine();
        if (!started) {
            return;
        }
        if (echoing()) {
            byte[] c = Text.encode("^C", charset);
            engine.sendData(c, 0, c.length);
            engine.sendData(lineEndBytes, 0, lineEndBytes.length);
        } else {
            // A line-mode telnet follows IP with DO TIMING-MARK and discards what arrives
            // until our WILL TM (RFC 860, RFC 1123 section 3.2.3): the new line, and what the
            // application answers the interrupt with, wait for that mark (see write).
            mark = MARK_HELD;
        }
    }

    // ---------------------------------------------------------------- ByteSink: output and the mark

    /**
     * Every byte the engine sends comes here on its way to the transport. After an IAC IP in
     * line mode (see {@link #cancelLine}) it is held, with the line end owed for the abandoned
     * line, until it is known whether the client sends DO TIMING-MARK and so discards what
     * arrives before our answer (RFC 860; RFC 1123 section 3.2.3; RFC 854's IP). The wait ends
     * at the first of:
     * <ul>
     * <li>the client's DO TM: our WILL TM goes, then the line end, then what was held, so what the
     *     application answers the interrupt with (a new prompt, from its onCommand) is after the
     *     mark and shown;
     * <li>anything else from the client (a typed character, a command, a subnegotiation, an
     *     option change): no mark is coming, the line end and what was held go before it is
     *     handled;
     * <li>{@link #MARK_WAIT_MILLIS} after the read that held the IP ended without either
     *     ({@link Listener#onMarkWait}), or more than {@link #MAX_HELD_OUTPUT} bytes held, or a
     *     close ({@link #markWaitOver}).
     * </ul>
     * The first two are decided by the client's bytes alone, so where the reads were cut (the IP
     * and its DO TM in one read or two) changes nothing that is sent.
     */
    @Override
    public void write(byte[] buf, int off, int len) {
        switch (mark) {
            case MARK_NONE:
                out.write(buf, off, len);
                break;
            case MARK_ANSWERING:
                out.write(buf, off, len); // our answer to DO TM: the mark itself
                endMarkWait();
                break;
            default:
                if (held == null) {
                    held = new ByteArrayOutputStream(Math.min(len, MAX_HELD_OUTPUT));
                }
                if (held.size() + len > Math.min(MAX_HELD_OUTPUT, settings.outputQueueCap)) {
                    LOG.debug("{} output held for a timing mark reached {} bytes: sent without waiting",
                        name(), held.size() + len);
                    endMarkWait();
                    out.write(buf, off, len);
                } else {
                    held.write(buf, off, len);
                }
                break;
        }
    }

    /** Ends the wait for an interrupt's mark, if one is open: the owed line end, then what was held. */
    private void endMarkWait() {
        if (mark == MARK_NONE) {
            return;
        }
        mark = MARK_NONE;
        ByteArrayOutputStream h = held;
        held = null;
        if (listener.isOpen()) {
            engine.sendData(lineEndBytes, 0, lineEndBytes.length);
            if (h != null) {
                byte[] b = h.toByteArray();
                out.write(b, 0, b.length);
            }
        }
    }

    @Override
    public void lineTooLong(int max) {
        listener.onLimit(ServerLimit.LINE_LENGTH);
        LINE_LOG.info(LOG, "{} input line longer than {} characters: the rest of the line is dropped",
            name(), max);
    }

    private boolean echoing() {
        return !passwordMode && engine.isLocalEnabled(TelnetOption.ECHO);
    }
}
