package org.telnet4j.server;

import java.net.InetAddress;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.loop.CloseReason;
import org.telnet4j.loop.Connection;
import org.telnet4j.loop.ConnectionHandler;
import org.telnet4j.loop.HandOffQueue;
import java.util.concurrent.CompletableFuture;
import org.telnet4j.option.Status;
import org.telnet4j.protocol.HexDump;
import org.telnet4j.protocol.NegotiationEvent;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetEngine;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.bytes.ByteSink;

/**
 * One client of a {@link TelnetServer}: what miniboa's {@code TelnetClient} offers (send, lines,
 * terminal type, window size, idle time, password mode), on top of a full telnet engine().
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
    /** Traffic hex dumps: enable TRACE on this logger to see every byte. */
    private static final Logger TRAFFIC = LoggerFactory.getLogger("org.telnet4j.traffic");
    private static final byte[] IAC_BYTE = {(byte) TelnetCommand.IAC};

    private final TelnetServer server;
    private final Connection connection;
    private final ServerProtocol protocol;
    private final Wiring wiring = new Wiring();
    private final HandOffQueue handOff;
    private volatile boolean handOffOverflowed;
    private InetAddress peerAddress;
    private volatile boolean connected;
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
    /** The wait for an interrupt's timing mark ({@link ServerProtocol.Listener#onMarkWait}), or null. */
    private org.telnet4j.loop.Timer markWait;

    Session(TelnetServer server, ServerSettings settings, Connection connection) {
        this.server = server;
        this.connection = connection;
        this.handOff = new HandOffQueue(connection.loop(), settings.maxHandOffTasks, connection);
        ByteSink out = TRAFFIC.isTraceEnabled() ? this::traceOut : connection;
        connection.setReadLimit(settings.maxReadSize);
        this.protocol = new ServerProtocol(settings, out, wiring, server.protocolScratch());
    }

    /** The server's configuration, kept by the protocol (not twice: 4 bytes a connection). */
    private ServerSettings settings() {
        return protocol.settings();
    }

    // ---------------------------------------------------------------- what miniboa users know

    /** The longest input line kept, in characters; the rest of a longer line is dropped. */
    public int maxLineLength() {
        return settings().maxLineLength;
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
        return protocol.terminalType();
    }

    /** Every terminal-type name the client gave, in order. */
    public List<String> terminalTypes() {
        return protocol.terminalTypes().names();
    }

    /** MTTS bits from the terminal-type cycle, or -1 if the client does not follow MTTS. */
    public int mttsBits() {
        return protocol.terminalTypes().mttsBits();
    }

    /** Window width in columns: the client's NAWS value, 80 until it tells. */
    public int columns() {
        return protocol.columns();
    }

    /** Window height in rows: the client's NAWS value, 24 until it tells. */
    public int rows() {
        return protocol.rows();
    }

    /** Environment variables the client sent (NEW-ENVIRON), read-only. */
    public Map<String, String> environment() {
        return protocol.environment();
    }

    /** The text encoding in use for input and output. */
    public Charset charset() {
        return protocol.charset();
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
            protocol.setCharset(cs);
        }
    }

    /** True if we have the option enabled (we said WILL and the client agreed). */
    public boolean isLocalEnabled(int option) {
        return engine().isLocalEnabled(option);
    }

    /** True if the client has the option enabled (it said WILL and we agreed). */
    public boolean isRemoteEnabled(int option) {
        return engine().isRemoteEnabled(option);
    }

    /** True in character mode: we echo (WILL ECHO) and go-aheads are suppressed (WILL SGA). */
    public boolean isCharacterMode() {
        return engine().isLocalEnabled(TelnetOption.ECHO) && engine().isLocalEnabled(TelnetOption.SGA);
    }

    /** True while password mode is on. */
    public boolean isPasswordMode() {
        return protocol.isPasswordMode();
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
        protocol.sendText(text);
    }

    /** Sends text word-wrapped to the client's window width, then a line end. Thread-safe. */
    public void sendWrapped(String text) {
        send(Text.wrap(text, Math.max(protocol.columns(), 10)) + "\n");
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
        protocol.prompt(text);
    }

    /** Sends bytes as data (0xFF escaped, NVT end-of-line rules outside BINARY). Thread-safe. */
    public void sendBytes(byte[] data) {
        byte[] copy = data.clone();
        if (onLoop(() -> engine().sendData(copy, 0, copy.length))) {
            engine().sendData(copy, 0, copy.length);
        }
    }

    /** Sends {@code IAC command}. Thread-safe. */
    public void sendCommand(int command) {
        if (onLoop(() -> sendCommand(command))) {
            engine().sendCommand(command);
        }
    }

    /** Sends {@code IAC SB option payload IAC SE}, payload escaped. Thread-safe. */
    public void sendSubnegotiation(int option, byte[] payload) {
        byte[] copy = payload.clone();
        if (onLoop(() -> engine().sendSubnegotiation(option, copy, 0, copy.length))) {
            engine().sendSubnegotiation(option, copy, 0, copy.length);
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
        if (!engine().isLocalEnabled(TelnetOption.GMCP)) {
            return false;
        }
        engine().sendSubnegotiation(TelnetOption.GMCP, p, 0, p.length);
        return true;
    }

    /** Sends MSDP variables if the client agreed to MSDP. Thread-safe. */
    public boolean sendMsdp(Map<String, ?> variables) {
        byte[] p = org.telnet4j.option.mud.Msdp.encode(variables);
        if (!onLoop(() -> sendMsdp(variables))) {
            return true;
        }
        if (!engine().isLocalEnabled(TelnetOption.MSDP)) {
            return false;
        }
        engine().sendSubnegotiation(TelnetOption.MSDP, p, 0, p.length);
        return true;
    }

    /** True while what we send is compressed (MCCP2). */
    public boolean isCompressing() {
        return protocol.isCompressing();
    }

    /** Asks for an option on a side (WILL for LOCAL, DO for REMOTE), by RFC 1143. Thread-safe. */
    public void enable(Side side, int option) {
        if (onLoop(() -> enable(side, option))) {
            engine().enable(side, option);
        }
    }

    /** Asks to stop an option on a side (WONT or DONT), by RFC 1143. Thread-safe. */
    public void disable(Side side, int option) {
        if (onLoop(() -> disable(side, option))) {
            engine().disable(side, option);
        }
    }

    /** Asks the client for its window size ({@code DO NAWS}), as miniboa's request_naws. */
    public void requestNaws() {
        enable(Side.REMOTE, TelnetOption.NAWS);
    }

    /** Asks the client for its terminal type again (a new cycle, or {@code DO TTYPE} first). */
    public void requestTerminalType() {
        if (onLoop(this::requestTerminalType)) {
            protocol.requestTerminalType();
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
        protocol.setPasswordMode(on);
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
        return protocol.linemode() == null ? -1 : protocol.linemode().mode();
    }

    /**
     * Asks the client for another LINEMODE mode, e.g. {@code Linemode.TRAPSIG} alone for
     * character at a time; {@link SessionHandler#onLinemode} reports when it is agreed. Does
     * nothing unless the server has {@code linemodeOption}. Thread-safe.
     */
    public void setLinemode(int mode) {
        if (protocol.linemode() != null && onLoop(() -> setLinemode(mode))) {
            protocol.linemode().setMode(mode);
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
            return protocol.options().timingMark();
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        handOff(() -> protocol.options().timingMark().whenComplete((v, e) -> {
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
            protocol.options().requestStatus();
        }
    }

    /** Asks the client for its terminal speed (TERMINAL-SPEED, RFC 1079). Thread-safe. */
    public void requestTerminalSpeed() {
        if (onLoop(this::requestTerminalSpeed)) {
            protocol.options().requestTerminalSpeed();
        }
    }

    /** Asks the client for its X display (X-DISPLAY-LOCATION, RFC 1096). Thread-safe. */
    public void requestXDisplay() {
        if (onLoop(this::requestXDisplay)) {
            protocol.options().requestXDisplay();
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
            protocol.options().sendFlowControl(command);
        }
    }

    /**
     * Sends a Synch (RFC 854): {@code IAC} in the data stream and {@code DM} as TCP urgent data,
     * so the client's TCP signals it even when its receive window is full (with TLS or MCCP in
     * the way, DM goes in-band only). Thread-safe.
     */
    public void sendSynch() {
        if (onLoop(this::sendSynch)) {
            protocol.markWaitOver(); // a Synch marks the stream here: nothing held goes after it
            connection.write(IAC_BYTE, 0, 1);
            connection.writeUrgent((byte) TelnetCommand.DM);
        }
    }

    /** The client's terminal speed {@code {transmit, receive}} (RFC 1079), or null. */
    public int[] terminalSpeed() {
        return protocol.options().terminalSpeed();
    }

    /** The client's X display (RFC 1096), or null. */
    public String xdisplay() {
        return protocol.options().xdisplay();
    }

    /** The client's location (SEND-LOCATION, RFC 779), or null. */
    public String location() {
        return protocol.options().location();
    }

    /** The client's last STATUS IS (RFC 859), or null. */
    public Status.Report lastStatus() {
        return protocol.options().lastStatus();
    }

    /**
     * Asks a LINEMODE client to send the line early when one of these characters is typed
     * (FORWARDMASK); null cancels. Does nothing unless the server has {@code linemodeOption}.
     * Thread-safe.
     */
    public void setForwardMask(org.telnet4j.option.linemode.ForwardMask mask) {
        if (protocol.linemode() != null && onLoop(() -> setForwardMask(mask))) {
            protocol.linemode().setForwardMask(mask);
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
            closeAfterOutput(CloseReason.LOCAL_CLOSE);
            return;
        }
        try {
            // After what was handed over before it, and without needing room: a full queue
            // must not keep a session open.
            handOff.finish(() -> closeAfterOutput(CloseReason.LOCAL_CLOSE));
        } catch (RejectedExecutionException e) {
            // the loop has stopped, and stopping closed every connection
        }
    }

    /** Closes for {@code reason} after queued output has been delivered. Loop thread. */
    void close(CloseReason reason) {
        closeAfterOutput(reason);
    }

    /**
     * Closes after queued output has been delivered, output held for an interrupt's timing mark
     * included (it goes now: {@link ServerProtocol#write}). Loop thread.
     */
    private void closeAfterOutput(CloseReason reason) {
        protocol.markWaitOver();
        connection.close(reason);
    }

    /**
     * Why the session closed itself, for a reason the loop does not know (an idle timeout, a
     * LOGOUT); null until then. Loop thread.
     */
    private DisconnectReason closedFor;

    /**
     * Closes after queued output has been delivered, for a reason only the session knows: the
     * connection closes as {@link CloseReason#LOCAL_CLOSE} and the application is told
     * {@code reason}. Does nothing if the connection is closing already (the first close wins,
     * as in the connection). Loop thread.
     */
    void close(DisconnectReason reason) {
        if (connection.isOpen()) {
            closedFor = reason;
            closeAfterOutput(CloseReason.LOCAL_CLOSE);
        }
    }

    /**
     * What the application is told for a connection the loop reports closed for {@code reason}:
     * the session's own reason if it closed itself and the close went as asked; otherwise what
     * went wrong on the way (an I/O error while sending the last output, a shutdown).
     */
    DisconnectReason disconnectReason(CloseReason reason) {
        return reason == CloseReason.LOCAL_CLOSE && closedFor != null ? closedFor : DisconnectReason.of(reason);
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

    /**
     * The robot check's outcome ({@link TelnetServer.Builder#robotCheck}), or null when the server
     * runs none or it is still under way.
     */
    public RobotCheck.Outcome robotCheck() {
        return (RobotCheck.Outcome) getAttribute(RobotCheckHandler.ATTRIBUTE);
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
        protocol.setRawInput(input != null);
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
        return protocol.engine();
    }

    @Override
    public String toString() {
        return "Session[" + addrport() + ", " + protocol.terminalType() + " " + protocol.columns() + "x"
            + protocol.rows() + "]";
    }

    // ---------------------------------------------------------------- package internals

    ConnectionHandler connectionHandler() {
        return wiring;
    }

    /** The protocol object beneath this session (negotiation, options, line editor). Loop thread. */
    ServerProtocol protocol() {
        return protocol;
    }

    /** Sends the opening requests (the server calls this once the session is registered). */
    void begin() {
        protocol.begin();
    }

    /** The negotiation deadline passed: start with what is known. */
    void deadline() {
        protocol.deadline();
    }

    /** The LINEMODE state, or null when the server does not use LINEMODE. Loop thread. */
    org.telnet4j.option.linemode.LinemodeOption linemodeState() {
        return protocol.linemode();
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

    SessionHandler handler() {
        return settings().handler;
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
            safely(() -> settings().handler.onGmcp(this, m));
        } else {
            Map<String, Object> vars = org.telnet4j.option.mud.Msdp.parse(buf, off, len);
            safely(() -> settings().handler.onMsdp(this, vars));
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
        boolean tooMany = count >= settings().maxQueuedLines
            || earlyMessages != null && earlyMessages.size() >= MAX_EARLY_MESSAGES;
        if (tooMany || heldBytes >= settings().maxHeldInput) {
            readsPausedForLines = true;
            connection.setReadPaused(true);
            HELD_LOG.info(LOG, "{} input held for the application reached {} ({} lines or messages, {}"
                + " bytes): pausing reads until it takes some", addrport(),
                tooMany ? "its count limit" : settings().maxHeldInput + " bytes", count, heldBytes);
        }
    }

    /** Resumes reading once the held input is down to half its bounds. */
    private void maybeResume() {
        if (readsPausedForLines && heldCount() <= settings().maxQueuedLines / 2
            && heldBytes <= settings().maxHeldInput / 2 && earlyMessages == null) {
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
        long lineRoom = (long) settings().maxQueuedLines - heldCount();
        long byteRoom = (settings().maxHeldInput - heldBytes) / HELD_OVERHEAD;
        return (int) Math.max(16, Math.min(INPUT_SLICE, Math.min(lineRoom, byteRoom)));
    }

    /** Negotiation has settled or timed out: hand the session to the application. */
    void start() {
        if (connected || !connection.isOpen()) {
            return;
        }
        connected = true;
        server.sessionStarted(this);
        safely(() -> settings().handler.onConnect(this));
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
                deliverLine(l);
            }
        }
        maybeResume();
    }

    /** Runs an application callback; a failure is logged and closes this session only. */
    void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            callbackFailed(e);
        } catch (StackOverflowError e) {
            callbackOverflowed(e);
        }
    }

    /**
     * {@link SessionHandler#onLine}, guarded as {@link #safely} guards, without a lambda: the
     * line's String is the only allocation on its way from the line editor to the application.
     */
    private void deliverLine(String line) {
        try {
            settings().handler.onLine(this, line);
        } catch (RuntimeException e) {
            callbackFailed(e);
        } catch (StackOverflowError e) {
            callbackOverflowed(e);
        }
    }

    private void callbackFailed(RuntimeException e) {
        LOG.error("{} application callback failed; closing the session", addrport(), e);
        connection.close(CloseReason.LOCAL_CLOSE);
    }

    private void callbackOverflowed(StackOverflowError e) {
        // Unwound by now, so the loop is sound: only this session's code is suspect.
        LOG.error("{} application callback overflowed the stack ({}); closing the session",
            addrport(), e.getStackTrace().length > 0 ? e + " at " + e.getStackTrace()[0] : e);
        connection.abort(CloseReason.IO_ERROR);
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

    /**
     * The connection handler and the protocol's listener: feeds reads to the protocol, installs
     * the transforms it asks for, and hands its events to the application once the session has
     * started. Private so Session's API stays small.
     */
    /** On a plain port, a first input that starts a TLS record closes the connection. */
    void guardPlainPort() {
        plainPortUnchecked = true;
    }

    private boolean plainPortUnchecked;

    private final class Wiring implements ConnectionHandler, ServerProtocol.Listener {
        @Override
        public String name() {
            return connection.addrport();
        }

        @Override
        public int onInput(Connection c, byte[] buf, int off, int len) {
            if (plainPortUnchecked) {
                plainPortUnchecked = false;
                if (PlainPortGuard.refuses(c, buf, off, len)) {
                    return len;
                }
            }
            // Parsed a slice at a time: once a queue above the parser is full (reads paused), the
            // rest of this read waits in the connection, unparsed, until the application catches up.
            int pos = off;
            int end = off + len;
            protocol.beginRead();
            try {
                while (pos < end && !c.isReadPaused() && c.isOpen()) {
                    int n = Math.min(end - pos, onInputSlice());
                    int used = protocol.parse(buf, pos, n);
                    pos += used;
                    if (used < n) {
                        break; // the parser paused: a transform takes the rest (MCCP3)
                    }
                }
            } finally {
                protocol.endRead();
            }
            if (TRAFFIC.isTraceEnabled() && pos > off) {
                TRAFFIC.trace("{} < {}", addrport(), HexDump.format(buf, off, pos - off));
            }
            return c.isOpen() ? pos - off : len;
        }

        @Override
        public void onClosed(Connection c, CloseReason reason) {
            if (protocol.closed()) {
                server.releaseCompression();
            }
            server.sessionClosed(Session.this, reason);
        }

        @Override
        public void onOutputOverflow(Connection c, int queued) {
            // The connection logs and applies the policy; here it is only counted.
            server.limitHit(ServerLimit.OUTPUT_QUEUE);
        }

        // ------------------------------------------------ ServerProtocol.Listener

        @Override
        public boolean isSecure() {
            return Session.this.isSecure();
        }

        @Override
        public Map<String, java.util.List<String>> mssp(Map<String, java.util.List<String>> status) {
            return server.msspWithTls(status);
        }

        @Override
        public void onSettled() {
            start();
        }

        @Override
        public void onLine(String line) {
            if (connected) {
                deliverLine(line);
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
        public void onRawData(byte[] buf, int off, int len) {
            RawInput raw = rawInput;
            if (raw == null) {
                return;
            }
            try {
                raw.onData(Session.this, buf, off, len);
            } catch (RuntimeException e) {
                LOG.error("{} raw input handler failed; closing the session", addrport(), e);
                connection.close(CloseReason.LOCAL_CLOSE);
            }
        }

        @Override
        public void onCommand(int command) {
            if (connected) {
                safely(() -> settings().handler.onCommand(Session.this, command));
            }
        }

        @Override
        public void onMarkWait() {
            if (markWait != null) {
                markWait.cancel();
            }
            markWait = connection.loop().schedule(ServerProtocol.MARK_WAIT_MILLIS, TimeUnit.MILLISECONDS, () -> {
                markWait = null;
                protocol.markWaitOver();
            });
        }

        @Override
        public void onOptionChange(NegotiationEvent event, Side side, int option) {
            if (connected) {
                safely(() -> settings().handler.onOptionChange(Session.this, event, side, option));
            }
        }

        @Override
        public void onSubnegotiation(int option, byte[] buf, int off, int len) {
            if (connected) {
                settings().handler.onSubnegotiation(Session.this, option, buf, off, len);
            }
        }

        @Override
        public void onMessage(int option, byte[] buf, int off, int len) {
            message(option, buf, off, len);
        }

        @Override
        public void onTerminalType(String terminalType) {
            if (connected) {
                safely(() -> settings().handler.onTerminalType(Session.this, terminalType));
            }
        }

        @Override
        public void onWindowSize(int columns, int rows) {
            if (connected) {
                safely(() -> settings().handler.onWindowSize(Session.this, columns, rows));
            }
        }

        @Override
        public void onEnvironment(Map<String, String> environment) {
            if (connected) {
                safely(() -> settings().handler.onEnvironment(Session.this, environment));
            }
        }

        @Override
        public void onCharset(Charset charset) {
            if (connected) {
                safely(() -> settings().handler.onCharset(Session.this, charset));
            }
        }

        @Override
        public void onLinemode(int mode) {
            if (connected) {
                safely(() -> settings().handler.onLinemode(Session.this, mode));
            }
        }

        @Override
        public void onLimit(ServerLimit limit) {
            server.limitHit(limit);
        }

        @Override
        public boolean isOpen() {
            return connection.isOpen();
        }

        @Override
        public boolean mayCompress() {
            return server.claimCompression();
        }

        @Override
        public void onCompressOutput(boolean on) {
            // MCCP2: IAC SB MCCP2 IAC SE went out plain; what follows goes through a zlib
            // stream, flushed with every write to the socket.
            if (on) {
                connection.setOutboundTransform(new org.telnet4j.option.mud.DeflateTransform());
            } else {
                connection.setOutboundTransform(null);
                server.releaseCompression();
            }
        }

        @Override
        public boolean onDecompressInput() {
            // MCCP3: the client compresses from the next byte on, wherever it falls in this read.
            if (connection.inboundTransform() != null) {
                return false;
            }
            connection.setInboundTransform(new org.telnet4j.option.mud.InflateTransform(
                settings().inflateLimits, connection.loop()::nanoTime, protocol::inputNotCompressed));
            return true;
        }

        @Override
        public void sendSynch() {
            Session.this.sendSynch();
        }

        @Override
        public void onSynch() {
            if (connected) {
                safely(() -> settings().handler.onSynch(Session.this));
            }
        }

        @Override
        public void onStatus(Status.Report report, List<Status.Difference> differences) {
            if (connected) {
                safely(() -> settings().handler.onStatus(Session.this, report, differences));
            }
        }

        @Override
        public void onLogout() {
            if (connected) {
                safely(() -> settings().handler.onLogout(Session.this));
            }
            close(DisconnectReason.LOGOUT);
        }

        @Override
        public void onLocation(String location) {
            if (connected) {
                safely(() -> settings().handler.onLocation(Session.this, location));
            }
        }

        @Override
        public void onTerminalSpeed(int transmit, int receive) {
            if (connected) {
                safely(() -> settings().handler.onTerminalSpeed(Session.this, transmit, receive));
            }
        }

        @Override
        public void onXDisplay(String display) {
            if (connected) {
                safely(() -> settings().handler.onXDisplay(Session.this, display));
            }
        }
    }
}
