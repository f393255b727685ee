package org.telnet4j.server;

import java.net.InetAddress;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.telnet4j.charset.RetroCharsets;
import org.telnet4j.charset.StreamDecoder;
import org.slf4j.LoggerFactory;
import org.telnet4j.loop.CloseReason;
import org.telnet4j.loop.Connection;
import org.telnet4j.loop.ConnectionHandler;
import org.telnet4j.loop.HandOffQueue;
import java.util.concurrent.CompletableFuture;
import org.telnet4j.option.Status;
import org.telnet4j.option.TelnetOptions;
import org.telnet4j.protocol.HexDump;
import org.telnet4j.protocol.NegotiationEvent;
import org.telnet4j.protocol.ProtocolWarning;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetEncoder;
import org.telnet4j.protocol.TelnetEngine;
import org.telnet4j.protocol.TelnetEngineListener;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.bytes.ByteSink;

/**
 * One client of a {@link TelnetServer}: what miniboa's {@code TelnetClient} offers (send, lines,
 * terminal type, window size, idle time, password mode), on top of a full telnet engine.
 *
 * <p>Threads: the session lives on the server's event loop. Methods that change something
 * ({@code send}, {@code prompt}, {@code close}, option requests, password mode) may be called
 * from any thread: off the loop they are handed over and run on its next pass, in call order
 * (ordered among themselves, not with input that arrives meanwhile: to switch password mode
 * before the user types, send the prompt after the switch, as a shell naturally does). What is
 * handed over waits in this session's own queue ({@code maxHandOffTasks}, default 1,024), never
 * in one shared by other sessions: a caller that gets that far ahead of the loop has its session
 * closed (logged), and a {@link Shell}'s writer waits for room instead.
 * Getters return what the loop last recorded and are safe anywhere. {@link #hasLine()} and
 * {@link #nextLine()} are for the loop thread (a poll-style game loop).
 */
public final class Session {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);
    private static final org.telnet4j.loop.RateLimitedLog HELD_LOG = new org.telnet4j.loop.RateLimitedLog();
    private static final org.telnet4j.loop.RateLimitedLog SB_LOG = new org.telnet4j.loop.RateLimitedLog();
    private static final org.telnet4j.loop.RateLimitedLog LINE_LOG = new org.telnet4j.loop.RateLimitedLog();
    private static final org.telnet4j.loop.RateLimitedLog UNAGREED_LOG = new org.telnet4j.loop.RateLimitedLog();
    /** Traffic hex dumps: enable TRACE on this logger to see every byte. */
    private static final Logger TRAFFIC = LoggerFactory.getLogger("org.telnet4j.traffic");
    private static final byte[] IAC_BYTE = {(byte) TelnetCommand.IAC};

    private final TelnetServer server;
    private final ServerSettings settings;
    private final Connection connection;
    private final TelnetEngine engine;
    private final StreamDecoder decoder;
    private final LineEditor editor;
    private final ServerNegotiation negotiation;
    private final TelnetOptions options;
    private final ServerLinemode linemode;
    private final Wiring wiring = new Wiring();
    private final HandOffQueue handOff;
    private volatile boolean handOffOverflowed;
    private InetAddress peerAddress;
    /** The charset, for readers on any thread; the decoder's, set on the loop. */
    private volatile Charset charset;
    /** Line end, erase and keys for the charset; loop thread. */
    private CharsetConventions conventions;
    /** {@link CharsetConventions#lineEnd} and {@link CharsetConventions#erase}, encoded. */
    private byte[] lineEndBytes;
    private byte[] eraseBytes;

    private volatile String terminalType = "unknown";
    private volatile int columns = 80;
    private volatile int rows = 24;
    private volatile Map<String, String> environment = Collections.emptyMap();
    private volatile boolean connected;
    private volatile boolean passwordMode;
    private volatile Map<String, Object> attributes;
    private ArrayDeque<String> lines;
    private List<String> early;
    private List<byte[]> earlyMessages;
    private boolean readsPausedForLines;
    /** Heap taken by lines and messages held for the application; see {@link #lineCost}. */
    private long heldBytes;
    private long nextDeadline;
    /** What the load balancer said about this client (PROXY protocol), or null. */
    private volatile org.telnet4j.proxy.ProxyHeader proxyHeader;
    /** Takes in-band input instead of the line editor; loop thread. */
    private RawInput rawInput;

    Session(TelnetServer server, ServerSettings settings, Connection connection) {
        this.server = server;
        this.settings = settings;
        this.connection = connection;
        this.handOff = new HandOffQueue(connection.loop(), settings.maxHandOffTasks, connection);
        ByteSink out = TRAFFIC.isTraceEnabled() ? this::traceOut : connection;
        this.engine = new TelnetEngine(settings.policy(), out, wiring, settings.maxSubnegotiation);
        engine.options().setLenient(settings.lenientNegotiation);
        engine.options().setMaxPeerRequests(settings.maxNegotiationRequests);
        engine.options().setPeerRequestWindow(settings.negotiationRequestWindow);
        connection.setReadLimit(settings.maxReadSize);
        this.decoder = new StreamDecoder(settings.encoding);
        this.editor = new LineEditor(settings.maxLineLength, wiring);
        applyConventions(settings.encoding);
        this.negotiation = new ServerNegotiation(this, engine, settings);
        this.options = TelnetOptions.server(engine, wiring);
        this.linemode = settings.linemode ? new ServerLinemode(this, engine, settings) : null;
    }

    // ---------------------------------------------------------------- what miniboa users know

    /** The longest input line kept, in characters; the rest of a longer line is dropped. */
    public int maxLineLength() {
        return settings.maxLineLength;
    }

    /** The client's address as {@code "ip:port"}. */
    public String addrport() {
        return connection.addrport();
    }

    /**
     * The client's address: the real client's when a trusted load balancer relayed it (PROXY
     * protocol), else the socket's peer; null once the socket is closed.
     */
    public java.net.InetSocketAddress remoteAddress() {
        org.telnet4j.proxy.ProxyHeader h = proxyHeader;
        if (h != null && h.source() != null) {
            return h.source();
        }
        java.net.SocketAddress a = connection.remoteAddress();
        return a instanceof java.net.InetSocketAddress ? (java.net.InetSocketAddress) a : null;
    }

    /**
     * True when the client's connection is encrypted: TLS on this server's port, or a trusted
     * load balancer terminated TLS and said so in its PROXY protocol v2 header (the SSL TLV).
     */
    public boolean isSecure() {
        org.telnet4j.proxy.ProxyHeader h = proxyHeader;
        return connection.isSecure() || h != null && h.isTls();
    }

    /** The TLS version the client used (e.g. {@code "TLSv1.3"}) when {@link #isSecure()}, else null. */
    public String tlsProtocol() {
        javax.net.ssl.SSLSession t = connection.tlsSession();
        if (t != null) {
            return t.getProtocol();
        }
        org.telnet4j.proxy.ProxyHeader h = proxyHeader;
        return h != null && h.isTls() ? h.ssl().version() : null;
    }

    /** The TLS cipher suite (e.g. {@code "TLS_AES_128_GCM_SHA256"}) when TLS is this server's, else null. */
    public String tlsCipherSuite() {
        javax.net.ssl.SSLSession t = connection.tlsSession();
        return t == null ? null : t.getCipherSuite();
    }

    /**
     * The client's certificate, verified against the server's client CA, when it sent one (see
     * {@link TelnetServer.Builder#tlsClientAuth}); else null.
     */
    public java.security.cert.X509Certificate peerCertificate() {
        javax.net.ssl.SSLSession t = connection.tlsSession();
        if (t == null) {
            return null;
        }
        try {
            java.security.cert.Certificate[] chain = t.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof java.security.cert.X509Certificate
                ? (java.security.cert.X509Certificate) chain[0] : null;
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /** The PROXY protocol header the balancer sent for this client, or null without one. */
    public org.telnet4j.proxy.ProxyHeader proxyHeader() {
        return proxyHeader;
    }

    /** Time since the last input from the client. */
    public Duration idle() {
        return Duration.ofNanos(connection.idleNanos());
    }

    /** Time since the client connected. */
    public Duration duration() {
        return Duration.ofNanos(connection.ageNanos());
    }

    /** True while connected and not closing. */
    public boolean isActive() {
        return connection.isOpen();
    }

    /** True once {@link SessionHandler#onConnect} has been called for this session. */
    public boolean isConnected() {
        return connected;
    }

    /**
     * The terminal type the client reported (for an MTTS client, its second answer), or
     * {@code "unknown"}.
     */
    public String terminalType() {
        return terminalType;
    }

    /** Every terminal-type name the client gave, in order. */
    public List<String> terminalTypes() {
        return negotiation.terminalTypes().names();
    }

    /** MTTS bits from the terminal-type cycle, or -1 if the client does not follow MTTS. */
    public int mttsBits() {
        return negotiation.terminalTypes().mttsBits();
    }

    /** Window width in columns: the client's NAWS value, 80 until it tells. */
    public int columns() {
        return columns;
    }

    /** Window height in rows: the client's NAWS value, 24 until it tells. */
    public int rows() {
        return rows;
    }

    /** Environment variables the client sent (NEW-ENVIRON), read-only. */
    public Map<String, String> environment() {
        return environment;
    }

    /** The text encoding in use for input and output. */
    public Charset charset() {
        return charset;
    }

    /**
     * Changes the text encoding of this session, for input and output, as a CHARSET negotiation
     * does: for example when a BBS user picks PETSCII or ATASCII from a menu. Thread-safe: off the
     * loop the change is handed over and made on its next pass, in order with {@link #send}.
     *
     * <p>Nothing typed is lost: bytes of a character the client had only begun when the switch is
     * made are decoded with the new charset together with the rest, and when this is called from
     * {@link SessionHandler#onLine} the input that followed the line in the same read is decoded
     * with the new charset too. Text sent afterwards is encoded with the new charset, with its own
     * line ends (CR LF; EOL for ATASCII; RETURN for PETSCII), and the line editor follows the
     * charset's keys (PETSCII DEL, ATASCII backspace and delete line). Unlike a negotiated change
     * this does not call {@link SessionHandler#onCharset}: the application made it.
     *
     * @param cs the new charset, for example {@code Charset.forName("petscii")}
     * @throws NullPointerException if {@code cs} is null
     */
    public void setCharset(Charset cs) {
        java.util.Objects.requireNonNull(cs, "charset");
        if (onLoop(() -> setCharset(cs))) {
            decoder.setCharset(cs);
            applyConventions(cs);
        }
    }

    /** True if we have the option enabled (we said WILL and the client agreed). */
    public boolean isLocalEnabled(int option) {
        return engine.isLocalEnabled(option);
    }

    /** True if the client has the option enabled (it said WILL and we agreed). */
    public boolean isRemoteEnabled(int option) {
        return engine.isRemoteEnabled(option);
    }

    /** True in character mode: we echo (WILL ECHO) and go-aheads are suppressed (WILL SGA). */
    public boolean isCharacterMode() {
        return engine.isLocalEnabled(TelnetOption.ECHO) && engine.isLocalEnabled(TelnetOption.SGA);
    }

    /** True while password mode is on. */
    public boolean isPasswordMode() {
        return passwordMode;
    }

    /** The server this session belongs to. */
    public TelnetServer server() {
        return server;
    }

    /**
     * Sends text: every line end (LF, or CR LF) becomes the charset's (CR LF; EOL for ATASCII;
     * RETURN alone for PETSCII, see {@link org.telnet4j.charset.RetroCharsets#lineEnd}), the text
     * is encoded with the session's charset (unencodable characters become '?'), and 0xFF bytes
     * are escaped. Thread-safe.
     */
    public void send(String text) {
        if (!onLoop(() -> send(text))) {
            return;
        }
        if (conventions.asciiBytes && sendAscii(text)) {
            return;
        }
        byte[] b = Text.encode(RetroCharsets.withLineEnds(text, charset), charset);
        engine.sendData(b, 0, b.length);
    }

    /**
     * The common case without allocating: ASCII text in an ASCII-compatible charset is copied
     * byte for byte into the server's scratch buffer, LF becoming CR LF on the way.
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
        byte[] out = server.sendScratch();
        int o = 0;
        char prev = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (o + 2 > out.length) {
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

    /** Sends text word-wrapped to the client's window width, then a line end. Thread-safe. */
    public void sendWrapped(String text) {
        send(Text.wrap(text, Math.max(columns, 10)) + "\n");
    }

    /**
     * Sends a prompt and marks it: {@code IAC EOR} if the client accepted EOR, otherwise
     * {@code IAC GA} unless go-aheads are suppressed (SGA) or disabled by configuration
     * (RFC 854, RFC 885; never both). Thread-safe.
     */
    public void prompt(String text) {
        if (!onLoop(() -> prompt(text))) {
            return;
        }
        send(text);
        if (engine.isLocalEnabled(TelnetOption.EOR)) {
            engine.sendCommand(TelnetCommand.EOR);
        } else if (!engine.isLocalEnabled(TelnetOption.SGA) && !settings.neverSendGa) {
            engine.sendCommand(TelnetCommand.GA);
        }
    }

    /** Sends bytes as data (0xFF escaped, NVT end-of-line rules outside BINARY). Thread-safe. */
    public void sendBytes(byte[] data) {
        byte[] copy = data.clone();
        if (onLoop(() -> engine.sendData(copy, 0, copy.length))) {
            engine.sendData(copy, 0, copy.length);
        }
    }

    /** Sends {@code IAC command}. Thread-safe. */
    public void sendCommand(int command) {
        if (onLoop(() -> sendCommand(command))) {
            engine.sendCommand(command);
        }
    }

    /** Sends {@code IAC SB option payload IAC SE}, payload escaped. Thread-safe. */
    public void sendSubnegotiation(int option, byte[] payload) {
        byte[] copy = payload.clone();
        if (onLoop(() -> engine.sendSubnegotiation(option, copy, 0, copy.length))) {
            engine.sendSubnegotiation(option, copy, 0, copy.length);
        }
    }

    /**
     * Sends a GMCP message if the client agreed to GMCP ({@code json} may be null). Thread-safe.
     *
     * @return false if GMCP is not enabled (checked on the loop; from other threads, always true)
     */
    public boolean sendGmcp(String name, String json) {
        byte[] p = org.telnet4j.option.mud.Gmcp.encode(name, json);
        if (!onLoop(() -> sendGmcp(name, json))) {
            return true;
        }
        if (!engine.isLocalEnabled(TelnetOption.GMCP)) {
            return false;
        }
        engine.sendSubnegotiation(TelnetOption.GMCP, p, 0, p.length);
        return true;
    }

    /** Sends MSDP variables if the client agreed to MSDP. Thread-safe. */
    public boolean sendMsdp(Map<String, ?> variables) {
        byte[] p = org.telnet4j.option.mud.Msdp.encode(variables);
        if (!onLoop(() -> sendMsdp(variables))) {
            return true;
        }
        if (!engine.isLocalEnabled(TelnetOption.MSDP)) {
            return false;
        }
        engine.sendSubnegotiation(TelnetOption.MSDP, p, 0, p.length);
        return true;
    }

    /** True while what we send is compressed (MCCP2). */
    public boolean isCompressing() {
        return negotiation.isCompressing();
    }

    /** Asks for an option on a side (WILL for LOCAL, DO for REMOTE), by RFC 1143. Thread-safe. */
    public void enable(Side side, int option) {
        if (onLoop(() -> enable(side, option))) {
            engine.enable(side, option);
        }
    }

    /** Asks to stop an option on a side (WONT or DONT), by RFC 1143. Thread-safe. */
    public void disable(Side side, int option) {
        if (onLoop(() -> disable(side, option))) {
            engine.disable(side, option);
        }
    }

    /** Asks the client for its window size ({@code DO NAWS}), as miniboa's request_naws. */
    public void requestNaws() {
        enable(Side.REMOTE, TelnetOption.NAWS);
    }

    /** Asks the client for its terminal type again (a new cycle, or {@code DO TTYPE} first). */
    public void requestTerminalType() {
        if (onLoop(this::requestTerminalType)) {
            negotiation.restartTerminalType();
        }
    }

    /**
     * Password mode: the server takes over echo (WILL ECHO) and echoes nothing, so typed text stays
     * off the screen; turning it off restores the previous mode. Thread-safe.
     */
    public void setPasswordMode(boolean on) {
        if (!onLoop(() -> setPasswordMode(on))) {
            return;
        }
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

    /** Turns BINARY (RFC 856) on or off in one direction: LOCAL is what we send. Thread-safe. */
    public void setBinary(Side side, boolean on) {
        if (on) {
            enable(side, TelnetOption.BINARY);
        } else {
            disable(side, TelnetOption.BINARY);
        }
    }

    /**
     * The LINEMODE mode agreed with the client ({@code Linemode.EDIT}, {@code TRAPSIG}, ... bits),
     * or -1 when LINEMODE is not in use (not configured, refused, or not yet agreed).
     */
    public int linemode() {
        return linemode == null ? -1 : linemode.mode();
    }

    /**
     * Asks the client for another LINEMODE mode, e.g. {@code Linemode.TRAPSIG} alone for
     * character at a time; {@link SessionHandler#onLinemode} reports when it is agreed. Does
     * nothing unless the server has {@code linemodeOption}. Thread-safe.
     */
    public void setLinemode(int mode) {
        if (linemode != null && onLoop(() -> setLinemode(mode))) {
            linemode.setMode(mode);
        }
    }

    /**
     * Offers or withdraws our echo (WILL/WONT ECHO, RFC 857); with SGA it makes character mode.
     * Thread-safe.
     */
    public void setEcho(boolean on) {
        if (on) {
            enable(Side.LOCAL, TelnetOption.ECHO);
        } else {
            disable(Side.LOCAL, TelnetOption.ECHO);
        }
    }

    /**
     * Offers or withdraws suppressing go-aheads on our side (WILL/WONT SGA, RFC 858); while it is
     * off, prompts end with {@code IAC GA}. Thread-safe.
     */
    public void setSuppressGoAhead(boolean on) {
        if (on) {
            enable(Side.LOCAL, TelnetOption.SGA);
        } else {
            disable(Side.LOCAL, TelnetOption.SGA);
        }
    }

    /**
     * Sends {@code DO TIMING-MARK} (RFC 860). The future completes on the loop thread when the
     * client's WILL TM or WONT TM comes back, that is when the client has processed everything
     * sent before it; it fails if the session closes first. Thread-safe.
     */
    public CompletableFuture<Void> timingMark() {
        if (connection.loop().isLoopThread()) {
            return options.timingMark();
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        handOff(() -> options.timingMark().whenComplete((v, e) -> {
            if (e != null) {
                f.completeExceptionally(e);
            } else {
                f.complete(v);
            }
        }));
        return f;
    }

    /**
     * Asks the client for its view of the options (STATUS SEND, RFC 859; DO STATUS first if it is
     * not agreed yet); the answer comes to {@link SessionHandler#onStatus}. Thread-safe.
     */
    public void requestStatus() {
        if (onLoop(this::requestStatus)) {
            options.requestStatus();
        }
    }

    /** Asks the client for its terminal speed (TERMINAL-SPEED, RFC 1079). Thread-safe. */
    public void requestTerminalSpeed() {
        if (onLoop(this::requestTerminalSpeed)) {
            options.requestTerminalSpeed();
        }
    }

    /** Asks the client for its X display (X-DISPLAY-LOCATION, RFC 1096). Thread-safe. */
    public void requestXDisplay() {
        if (onLoop(this::requestXDisplay)) {
            options.requestXDisplay();
        }
    }

    /**
     * Sends a REMOTE-FLOW-CONTROL command (RFC 1372): {@link org.telnet4j.option.FlowControl#OFF},
     * {@code ON}, {@code RESTART_ANY} or {@code RESTART_XON}. If the client has not agreed to LFLOW
     * yet, DO LFLOW goes out first and the command follows its WILL. Thread-safe.
     */
    public void sendFlowControl(int command) {
        org.telnet4j.option.FlowControl.payload(command); // validates on the caller's thread
        if (onLoop(() -> sendFlowControl(command))) {
            options.sendFlowControl(command);
        }
    }

    /**
     * Sends a Synch (RFC 854): {@code IAC} in the data stream and {@code DM} as TCP urgent data,
     * so the client's TCP signals it even when its receive window is full (with TLS or MCCP in
     * the way, DM goes in-band only). Thread-safe.
     */
    public void sendSynch() {
        if (onLoop(this::sendSynch)) {
            connection.write(IAC_BYTE, 0, 1);
            connection.writeUrgent((byte) TelnetCommand.DM);
        }
    }

    /** The client's terminal speed {@code {transmit, receive}} (RFC 1079), or null. */
    public int[] terminalSpeed() {
        return options.terminalSpeed();
    }

    /** The client's X display (RFC 1096), or null. */
    public String xdisplay() {
        return options.xdisplay();
    }

    /** The client's location (SEND-LOCATION, RFC 779), or null. */
    public String location() {
        return options.location();
    }

    /** The client's last STATUS IS (RFC 859), or null. */
    public Status.Report lastStatus() {
        return options.lastStatus();
    }

    /**
     * Asks a LINEMODE client to send the line early when one of these characters is typed
     * (FORWARDMASK); null cancels. Does nothing unless the server has {@code linemodeOption}.
     * Thread-safe.
     */
    public void setForwardMask(org.telnet4j.option.linemode.ForwardMask mask) {
        if (linemode != null && onLoop(() -> setForwardMask(mask))) {
            linemode.setForwardMask(mask);
        }
    }

    /** Closes after queued output has been delivered (miniboa's deactivate). Thread-safe. */
    public void deactivate() {
        close();
    }

    /**
     * Closes after queued output has been delivered. Thread-safe; does nothing once the server
     * has stopped (stopping closed every connection), so a shell ending after a shutdown is fine.
     */
    public void close() {
        if (connection.loop().isLoopThread()) {
            connection.close(CloseReason.LOCAL_CLOSE);
            return;
        }
        try {
            // After what was handed over before it, and without needing room: a full queue
            // must not keep a session open.
            handOff.finish(() -> connection.close(CloseReason.LOCAL_CLOSE));
        } catch (RejectedExecutionException e) {
            // the loop has stopped, and stopping closed every connection
        }
    }

    /** Closes for {@code reason} after queued output has been delivered. Loop thread. */
    void close(CloseReason reason) {
        connection.close(reason);
    }

    /** True if a line of input waits for {@link #nextLine()}. Loop thread. */
    public boolean hasLine() {
        return lines != null && !lines.isEmpty();
    }

    /** The next queued line of input, or null (miniboa's get_command). Loop thread. */
    public String nextLine() {
        if (lines == null) {
            return null;
        }
        String s = lines.poll();
        if (s != null) {
            heldBytes -= lineCost(s);
        }
        maybeResume();
        return s;
    }

    /**
     * Queues a line for {@link #nextLine()}; what the default {@link SessionHandler#onLine} does.
     * When {@code maxQueuedLines} are waiting, reading from the client pauses until the
     * application takes some: input is held back, never dropped. Loop thread.
     */
    public void queueLine(String line) {
        if (lines == null) {
            lines = new ArrayDeque<>();
        }
        lines.add(line);
        heldBytes += lineCost(line);
        checkHeld();
    }

    /** An application value stored on the session. */
    public Object getAttribute(String name) {
        Map<String, Object> a = attributes;
        return a == null ? null : a.get(name);
    }

    /** Stores an application value on the session; null removes it. Thread-safe. */
    public void setAttribute(String name, Object value) {
        Map<String, Object> a = attributes;
        if (a == null) {
            synchronized (this) {
                a = attributes;
                if (a == null) {
                    attributes = a = new ConcurrentHashMap<>();
                }
            }
        }
        if (value == null) {
            a.remove(name);
        } else {
            a.put(name, value);
        }
    }

    /**
     * Receives the client's in-band bytes as they arrive, instead of the line editor: for a
     * program that does its own input handling, such as one hosted in a pseudo-terminal
     * ({@link org.telnet4j.pty.PtyShell}).
     */
    @FunctionalInterface
    public interface RawInput {
        /**
         * Data from the client: telnet commands removed, IAC IAC unescaped, CR NUL turned into CR
         * outside BINARY (RFC 854). The array is valid only during the call. Loop thread.
         */
        void onData(Session session, byte[] buf, int off, int len);
    }

    /**
     * Sends the client's data to {@code input} from now on, bypassing the line editor (no echo,
     * no lines, no {@link SessionHandler#onLine}); null goes back to the line editor. Loop thread.
     */
    public void setRawInput(RawInput input) {
        rawInput = input;
    }

    /** Bytes waiting to be written to the client. */
    public int queuedBytes() {
        return connection.queuedBytes();
    }

    /** The underlying connection, for transforms (TLS, MCCP) and statistics. Loop thread. */
    public Connection connection() {
        return connection;
    }

    /** The telnet engine, for protocol extensions. Loop thread. */
    public TelnetEngine engine() {
        return engine;
    }

    @Override
    public String toString() {
        return "Session[" + addrport() + ", " + terminalType + " " + columns + "x" + rows + "]";
    }

    // ---------------------------------------------------------------- package internals

    ConnectionHandler connectionHandler() {
        return wiring;
    }

    ServerNegotiation negotiation() {
        return negotiation;
    }

    /** True unless a LINEMODE request or MODE proposal of ours is unanswered. */
    boolean isLinemodeSettled() {
        return linemode == null || linemode.isSettled();
    }

    /** The LINEMODE state, or null when the server does not use LINEMODE. Loop thread. */
    ServerLinemode linemodeState() {
        return linemode;
    }

    /** Loop clock deadline for negotiation; set by the server. */
    long negotiationDeadline() {
        return nextDeadline;
    }

    void setNegotiationDeadline(long nanos) {
        nextDeadline = nanos;
    }

    /** The peer's IP address as accepted, kept after the socket closes; null if not IP. */
    InetAddress peerAddress() {
        return peerAddress;
    }

    void setPeerAddress(InetAddress a) {
        peerAddress = a;
    }

    void setProxyHeader(org.telnet4j.proxy.ProxyHeader h) {
        proxyHeader = h;
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

    /** Takes on the conventions of {@code cs}; loop thread (or the constructor). */
    private void applyConventions(Charset cs) {
        charset = cs;
        conventions = CharsetConventions.of(cs);
        lineEndBytes = Text.encode(conventions.lineEnd, cs);
        eraseBytes = Text.encode(conventions.erase, cs);
        editor.setEcma48C1(conventions.ecma48C1);
        engine.setForceBinary(RetroCharsets.needsBinary(cs));
    }

    SessionHandler handler() {
        return settings.handler;
    }

    /** Most application messages (GMCP, MSDP) held while negotiating before reading pauses. */
    static final int MAX_EARLY_MESSAGES = 64;

    /**
     * Heap a held line or message costs beyond its characters (two bytes each) or bytes: the
     * String or array header, its list slot. Rounded up.
     */
    static final int HELD_OVERHEAD = 48;

    /** Input bytes parsed at a time, at most: the held-input bounds are checked in between. */
    static final int INPUT_SLICE = 1024;

    /**
     * A GMCP or MSDP message from the client: parsed and handed to the application now if the
     * session has started, otherwise kept as bytes (counted against {@code maxHeldInput}) until
     * {@code onConnect}. Loop thread.
     */
    void message(int option, byte[] buf, int off, int len) {
        if (connected) {
            dispatchMessage(option, buf, off, len);
            return;
        }
        if (earlyMessages == null) {
            earlyMessages = new ArrayList<>();
        }
        byte[] held = new byte[len + 1];
        held[0] = (byte) option;
        System.arraycopy(buf, off, held, 1, len);
        earlyMessages.add(held);
        heldBytes += HELD_OVERHEAD + len;
        checkHeld();
    }

    private void dispatchMessage(int option, byte[] buf, int off, int len) {
        if (option == TelnetOption.GMCP) {
            org.telnet4j.option.mud.Gmcp.Message m = org.telnet4j.option.mud.Gmcp.parse(buf, off, len);
            safely(() -> settings.handler.onGmcp(this, m));
        } else {
            Map<String, Object> vars = org.telnet4j.option.mud.Msdp.parse(buf, off, len);
            safely(() -> settings.handler.onMsdp(this, vars));
        }
    }

    /** Lines and messages held for the application. */
    private int heldCount() {
        return (lines == null ? 0 : lines.size()) + (early == null ? 0 : early.size())
            + (earlyMessages == null ? 0 : earlyMessages.size());
    }

    /** Bytes of input held for the application: queued lines, early lines and messages. */
    long heldBytes() {
        return heldBytes;
    }

    /** Pauses reading (mid-read: see {@link #onInputSlice}) once the held input reaches a bound. */
    private void checkHeld() {
        if (readsPausedForLines) {
            return;
        }
        int count = heldCount();
        boolean tooMany = count >= settings.maxQueuedLines
            || earlyMessages != null && earlyMessages.size() >= MAX_EARLY_MESSAGES;
        if (tooMany || heldBytes >= settings.maxHeldInput) {
            readsPausedForLines = true;
            connection.setReadPaused(true);
            HELD_LOG.info(LOG, "{} input held for the application reached {} ({} lines or messages, {}"
                + " bytes): pausing reads until it takes some", addrport(),
                tooMany ? "its count limit" : settings.maxHeldInput + " bytes", count, heldBytes);
        }
    }

    /** Resumes reading once the held input is down to half its bounds. */
    private void maybeResume() {
        if (readsPausedForLines && heldCount() <= settings.maxQueuedLines / 2
            && heldBytes <= settings.maxHeldInput / 2 && earlyMessages == null) {
            readsPausedForLines = false;
            connection.setReadPaused(false);
        }
    }

    /** Heap a held line costs. */
    private static int lineCost(String line) {
        return HELD_OVERHEAD + 2 * line.length();
    }

    /**
     * Bytes to parse before the bounds are checked again: each byte can end at most one line, so
     * a slice no longer than the lines (and bytes) left makes the overshoot at most 16 lines.
     */
    private int onInputSlice() {
        long lineRoom = (long) settings.maxQueuedLines - heldCount();
        long byteRoom = (settings.maxHeldInput - heldBytes) / HELD_OVERHEAD;
        return (int) Math.max(16, Math.min(INPUT_SLICE, Math.min(lineRoom, byteRoom)));
    }

    /** Negotiation has settled or timed out: hand the session to the application. */
    void start() {
        if (connected || !connection.isOpen()) {
            return;
        }
        connected = true;
        server.sessionStarted(this);
        safely(() -> settings.handler.onConnect(this));
        List<byte[]> messages = earlyMessages;
        earlyMessages = null;
        if (messages != null) {
            for (byte[] m : messages) {
                heldBytes -= HELD_OVERHEAD + m.length - 1;
                if (connection.isOpen()) {
                    dispatchMessage(m[0] & 0xFF, m, 1, m.length - 1);
                }
            }
        }
        List<String> held = early;
        early = null;
        if (held != null) {
            for (String l : held) {
                heldBytes -= lineCost(l);
                if (!connection.isOpen()) {
                    continue;
                }
                safely(() -> settings.handler.onLine(this, l));
            }
        }
        maybeResume();
    }

    /** Runs an application callback; a failure is logged and closes this session only. */
    void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("{} application callback failed; closing the session", addrport(), e);
            connection.close(CloseReason.LOCAL_CLOSE);
        } catch (StackOverflowError e) {
            // Unwound by now, so the loop is sound: only this session's code is suspect.
            LOG.error("{} application callback overflowed the stack ({}); closing the session",
                addrport(), e.getStackTrace().length > 0 ? e + " at " + e.getStackTrace()[0] : e);
            connection.abort(CloseReason.IO_ERROR);
        }
    }

    /**
     * True if the caller is on the loop thread and should act now; otherwise hands {@code later}
     * to the loop and returns false.
     */
    private boolean onLoop(Runnable later) {
        if (connection.loop().isLoopThread()) {
            return true;
        }
        handOff(later);
        return false;
    }

    /**
     * Hands {@code later} to the loop through this session's queue; when the queue is full the
     * task is dropped and the session closed, without needing room for the close.
     *
     * @throws RejectedExecutionException if the loop has stopped
     */
    private void handOff(Runnable later) {
        if (handOff.offer(later)) {
            return;
        }
        if (!handOffOverflowed) {
            handOffOverflowed = true;
            LOG.warn("{} hand-off queue full ({} tasks waiting for the loop): closing the session",
                addrport(), handOff.capacity());
        }
        handOff.finish(() -> connection.abort(CloseReason.HAND_OFF_OVERFLOW));
    }

    /** Loop thread: runs now what other threads handed this session so far (see Drain). */
    void runHandedOff() {
        handOff.runPending();
    }

    /**
     * Runs {@code task} on the loop: now on the loop thread, otherwise through this session's
     * queue, waiting while it is full (for callers that may block: a shell's writer and reader).
     *
     * @throws RejectedExecutionException if the loop has stopped
     */
    void handOffWaiting(Runnable task) throws InterruptedException {
        if (connection.loop().isLoopThread()) {
            task.run();
        } else {
            handOff.put(task);
        }
    }

    private void traceOut(byte[] buf, int off, int len) {
        TRAFFIC.trace("{} > {}", addrport(), HexDump.format(buf, off, len));
        connection.write(buf, off, len);
    }

    /** Routes connection, engine and editor callbacks; private so Session's API stays small. */
    private final class Wiring implements ConnectionHandler, TelnetEngineListener, LineEditor.Output,
        StreamDecoder.CharSink, TelnetOptions.Listener {
        private char highSurrogate;

        @Override
        public int onInput(Connection c, byte[] buf, int off, int len) {
            // Parsed a slice at a time: once a queue above the parser is full (reads paused), the
            // rest of this read waits in the connection, unparsed, until the application catches up.
            int pos = off;
            int end = off + len;
            // Answers that arrive together are all taken in before the session may start, so a
            // client that answers everything in one packet starts with all of it known.
            negotiation.holdChecks(true);
            try {
                while (pos < end && !c.isReadPaused() && c.isOpen()) {
                    int n = Math.min(end - pos, onInputSlice());
                    int used = engine.receive(buf, pos, n);
                    pos += used;
                    if (used < n) {
                        break; // the parser paused: a transform takes the rest (MCCP3)
                    }
                }
            } finally {
                negotiation.holdChecks(false);
                negotiation.check();
            }
            if (TRAFFIC.isTraceEnabled() && pos > off) {
                TRAFFIC.trace("{} < {}", addrport(), HexDump.format(buf, off, pos - off));
            }
            return c.isOpen() ? pos - off : len;
        }

        @Override
        public void onClosed(Connection c, CloseReason reason) {
            options.onClosed();
            negotiation.closed();
            server.sessionClosed(Session.this, reason);
        }

        @Override
        public void onOutputOverflow(Connection c, int queued) {
            // The connection logs and applies the policy; here it is only counted.
            server.limitHit(ServerLimit.OUTPUT_QUEUE);
        }

        @Override
        public void onData(byte[] buf, int off, int len) {
            RawInput raw = rawInput;
            if (raw != null) {
                try {
                    raw.onData(Session.this, buf, off, len);
                } catch (RuntimeException e) {
                    LOG.error("{} raw input handler failed; closing the session", addrport(), e);
                    connection.close(CloseReason.LOCAL_CLOSE);
                }
                return;
            }
            decoder.decode(buf, off, len, server.scratch(), this);
        }

        @Override
        public void onChar(char ch) {
            editor.accept(conventions.key(ch));
        }

        @Override
        public void onCommand(int command) {
            switch (command) {
                case TelnetCommand.AYT:
                    // RFC 854: AYT asks for a visible sign that the system is still up.
                    send("\n[Yes]\n");
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
                    sendSynch();
                    break;
                default:
                    break;
            }
            if (connected) {
                safely(() -> settings.handler.onCommand(Session.this, command));
            }
            options.onCommand(command);
        }

        @Override
        public void onSubnegotiation(int option, byte[] buf, int off, int len) {
            if (!engine.isLocalEnabled(option) && !engine.isRemoteEnabled(option)) {
                // RFC 855: subnegotiation follows agreement. Unagreed payloads are not parsed.
                UNAGREED_LOG.debug(LOG, "{} subnegotiation for {}, which was never agreed: discarded",
                    addrport(), TelnetOption.name(option));
                return;
            }
            if (linemode != null && linemode.onSubnegotiation(option, buf, off, len)) {
                return;
            }
            if (!negotiation.onSubnegotiation(option, buf, off, len)
                && !options.onSubnegotiation(option, buf, off, len) && connected) {
                settings.handler.onSubnegotiation(Session.this, option, buf, off, len);
            }
        }

        @Override
        public void onNegotiationEvent(NegotiationEvent event, Side side, int option) {
            if (linemode != null) {
                linemode.onNegotiationEvent(event, side, option);
            }
            negotiation.onNegotiationEvent(event, side, option);
            options.onNegotiationEvent(event, side, option);
            if (connected) {
                safely(() -> settings.handler.onOptionChange(Session.this, event, side, option));
            }
        }

        // ------------------------------------------------ TelnetOptions.Listener

        @Override
        public void onSynch() {
            // RFC 854: data before the mark may be discarded. What has become a line is already
            // delivered; the line being typed is dropped.
            editor.eraseLine();
            if (connected) {
                safely(() -> settings.handler.onSynch(Session.this));
            }
        }

        @Override
        public void onStatus(Status.Report report, List<Status.Difference> differences) {
            if (!differences.isEmpty()) {
                LOG.debug("{} STATUS: the client sees options differently: {}", addrport(), differences);
            }
            if (connected) {
                safely(() -> settings.handler.onStatus(Session.this, report, differences));
            }
        }

        @Override
        public void onLogout() {
            LOG.debug("{} asked to be logged out (RFC 727)", addrport());
            if (connected) {
                safely(() -> settings.handler.onLogout(Session.this));
            }
            connection.close(CloseReason.LOGOUT);
        }

        @Override
        public void onLocation(String location) {
            if (connected) {
                safely(() -> settings.handler.onLocation(Session.this, location));
            }
        }

        @Override
        public void onTerminalSpeed(int transmit, int receive) {
            if (connected) {
                safely(() -> settings.handler.onTerminalSpeed(Session.this, transmit, receive));
            }
        }

        @Override
        public void onXDisplay(String display) {
            if (connected) {
                safely(() -> settings.handler.onXDisplay(Session.this, display));
            }
        }

        @Override
        public void onProtocolWarning(ProtocolWarning warning, int detail) {
            if (warning == ProtocolWarning.SUBNEGOTIATION_OVERFLOW) {
                server.limitHit(ServerLimit.SUBNEGOTIATION);
                SB_LOG.warn(LOG, "{} subnegotiation for option {} longer than {} bytes: discarded",
                    addrport(), TelnetOption.name(detail), settings.maxSubnegotiation);
            } else {
                LOG.debug("{} protocol warning {} ({})", addrport(), warning, detail);
            }
        }

        @Override
        public void echo(char ch) {
            if (!echoing()) {
                highSurrogate = 0;
                return;
            }
            if (ch < 0x80 && conventions.asciiBytes) {
                byte[] one = server.oneByte();
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
            if (connected) {
                safely(() -> settings.handler.onLine(Session.this, line));
            } else {
                if (early == null) {
                    early = new ArrayList<>();
                }
                early.add(line);
                heldBytes += lineCost(line);
                checkHeld();
            }
        }

        @Override
        public void interrupt() {
            // A Ctrl-C typed in character mode means what IAC IP means (RFC 854's Interrupt Process).
            cancelLine();
            if (connected) {
                safely(() -> settings.handler.onCommand(Session.this, TelnetCommand.IP));
            }
        }

        /**
         * Ctrl-C: the line being typed is dropped and the cursor goes to a new line (after an
         * echoed {@code ^C} when the server echoes), where the application prompts again.
         */
        private void cancelLine() {
            editor.discardLine();
            if (!connected) {
                return;
            }
            if (echoing()) {
                byte[] c = Text.encode("^C", charset);
                engine.sendData(c, 0, c.length);
                engine.sendData(lineEndBytes, 0, lineEndBytes.length);
            } else {
                // A line-mode telnet follows IP with DO TIMING-MARK and discards what arrives
                // until our answer (RFC 860, RFC 1123 section 3.2.3): send the new line after the
                // rest of this read, which holds that answer, has been handled.
                connection.loop().execute(() -> {
                    if (connection.isOpen()) {
                        engine.sendData(lineEndBytes, 0, lineEndBytes.length);
                    }
                });
            }
        }

        @Override
        public void lineTooLong(int max) {
            server.limitHit(ServerLimit.LINE_LENGTH);
            LINE_LOG.info(LOG, "{} input line longer than {} characters: the rest of the line is dropped",
                addrport(), max);
        }

        private boolean echoing() {
            return !passwordMode && engine.isLocalEnabled(TelnetOption.ECHO);
        }
    }
}
