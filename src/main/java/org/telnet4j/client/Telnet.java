package org.telnet4j.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.protocol.NegotiationEvent;
import org.telnet4j.protocol.NegotiationHandler;
import org.telnet4j.protocol.OptionNegotiator;
import org.telnet4j.protocol.OptionPolicy;
import org.telnet4j.protocol.ProtocolWarning;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetEncoder;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.protocol.TelnetParser;
import org.telnet4j.protocol.TelnetParserListener;

/**
 * A telnet client modelled on Python's {@code telnetlib.Telnet}, so that scripts driving routers,
 * switches and lab equipment can be ported line by line. Method names map one to one:
 * {@code read_until} is {@link #readUntil}, {@code read_very_eager} is {@link #readVeryEager},
 * {@code set_option_negotiation_callback} is {@link #setOptionNegotiationCallback}, and so on.
 * Command and option numbers ({@code IAC}, {@code DO}, {@code SB}, {@code ECHO}, {@code TTYPE},
 * ...) are in {@link TelnetCommand} and {@link TelnetOption}.
 *
 * <pre>{@code
 * try (Telnet tn = new Telnet("192.0.2.1", 23, Duration.ofSeconds(10))) {
 *     tn.readUntil("Username: ", Duration.ofSeconds(5));
 *     tn.write("admin\r\n");
 *     Telnet.ExpectResult r = tn.expect(List.of(Pattern.compile("[>#] ?$"),
 *         Pattern.compile("% Login invalid")), Duration.ofSeconds(5));
 *     ...
 * }
 * }</pre>
 *
 * <h2>Threads</h2>
 * There is no background thread. All reading happens on the caller's thread inside the read
 * calls, as in telnetlib: the socket (a {@link BlockingChannel}, shared with
 * {@link BlockingTelnetClient}) is a non-blocking {@link SocketChannel} and the calls wait on a
 * {@link Selector} of their own (telnetlib's {@code select()}). Between calls nothing is read,
 * and negotiation requests are answered only when a read call processes them. The one exception
 * is {@link #interact(InputStream, OutputStream)}, which uses one helper thread for the duration
 * of the call (see there). Not thread-safe: one thread uses an instance at a time, except that
 * {@link #close()} may be called from any thread, which also wakes a read blocked in another.
 *
 * <h2>Queues</h2>
 * Like telnetlib, bytes pass through two queues: the <em>raw</em> queue holds bytes received
 * from the socket and not yet parsed, the <em>cooked</em> queue holds data with the telnet
 * commands taken out. The read methods differ in how far they go:
 * <ul>
 * <li>{@link #readVeryLazy()}: cooked data only; no parsing, no socket I/O; never blocks.
 * <li>{@link #readLazy()}: parses what is already raw, then returns cooked data; no socket I/O.
 * <li>{@link #readEager()}: as {@code readLazy}, and if that gives nothing, reads what the socket
 *     already has until some data is cooked; never waits for the network.
 * <li>{@link #readVeryEager()}: reads everything the socket already has; never waits.
 * <li>{@link #readSome()}: waits for at least one byte of data, or the end of the connection.
 * <li>{@link #readAll()}: waits for the end of the connection.
 * <li>{@link #readUntil(byte[], Duration)} and {@link #expect(List, Duration)}: wait for a match
 *     or the timeout.
 * </ul>
 * The raw queue is normally empty after every call; it keeps bytes only when an option callback
 * threw, in which case parsing stopped right after the command that called it.
 *
 * <p>Unlike telnetlib's, the cooked queue is bounded ({@link #setMaxBuffered}, default
 * {@link #DEFAULT_MAX_BUFFERED}): a call that must keep waiting once that much data is cooked
 * ({@code readUntil} and {@code expect} without a match, {@code readAll} before the end)
 * throws {@link BufferLimitException} instead of growing the queue without end; the data stays
 * queued for the lazy and eager reads. {@code readVeryEager} stops reading at the limit.
 *
 * <h2>End of connection</h2>
 * Where telnetlib raises {@code EOFError} this class throws {@link EOFException}: the eager,
 * lazy, {@code readUntil} and {@code expect} calls throw it when the connection is closed (by
 * the peer or by {@link #close()}) and no data is left. {@link #readAll()} and
 * {@link #readSome()} return an empty array instead, as in telnetlib. An instance that was never
 * opened reads like a closed one.
 *
 * <h2>What the data contains</h2>
 * Returned bytes are the data with telnet commands removed and {@code IAC IAC} turned into one
 * 0xFF. As telnetlib does, every NUL (0x00) and every XON (DC1, 0x11) byte is dropped from the
 * data, so {@code CR NUL} (RFC 854's bare carriage return) arrives as a lone CR. There is no other
 * translation: CR LF stays CR LF. Subnegotiation payloads are not filtered (telnetlib drops NUL
 * and DC1 there too, which corrupts binary payloads such as NAWS sizes; this class does not).
 *
 * <h2>Negotiation</h2>
 * Without a callback every request is refused, as telnetlib does: {@code WILL x} is answered
 * {@code DONT x} and {@code DO x} is answered {@code WONT x}. Unlike telnetlib, {@code WONT x}
 * and {@code DONT x} get no answer, because the option is already off and RFC 854 (and RFC 1143)
 * say a request for the state in force must not be acknowledged; telnetlib's reply to them can
 * make two such clients loop. With a callback (see {@link #setOptionNegotiationCallback}) this
 * class answers nothing itself and the callback decides.
 *
 * <h2>Timeouts</h2>
 * The timeout given to the constructor or {@link #open(String, int, Duration)} bounds the
 * connection attempt and, as a socket timeout does in telnetlib, each wait for the network in
 * {@link #readAll()}, {@link #readSome()} and the write methods: one that passes throws
 * {@link SocketTimeoutException}. {@code readUntil} and {@code expect} use their own timeout
 * argument instead ({@code null}: wait as long as it takes). A {@code null} connection timeout
 * means no limit.
 *
 * <h2>TLS</h2>
 * {@link #open(String, int, Duration, SSLContext)} connects over TLS (telnets; telnetlib3's
 * {@code --ssl}): the server's certificate is verified against the context's trust store and
 * its name against {@code host} (endpoint identification "HTTPS"), and {@code host} is sent as
 * SNI unless it is an address. A failed handshake throws an {@link javax.net.ssl.SSLException}
 * ({@link BlockingTelnetClient#describeFailure} words it in one line). Over TLS the socket is an
 * {@link javax.net.ssl.SSLSocket}: {@link #getChannel()} is null (a script cannot select on
 * encrypted bytes), the eager reads look at the network for at most 1 ms, and
 * {@link #interact(InputStream, OutputStream)} sees typed input within 50 ms.
 *
 * <h2>Debugging</h2>
 * {@link #setDebugLevel(int)} with a level above 0 logs traffic through SLF4J at DEBUG on the
 * logger {@code org.telnet4j.client.Telnet}, in telnetlib's words: {@code recv b'...'},
 * {@code send b'...'}, {@code IAC DO 24}.
 */
public final class Telnet implements AutoCloseable {
    /** The default telnet port, used when a port of 0 is given. */
    public static final int TELNET_PORT = 23;
    /**
     * The option argument passed to the callback with commands that have no option (SB, SE, GA,
     * NOP, ...); telnetlib's {@code NOOPT}, the byte 0.
     */
    public static final int NOOPT = 0;

    private static final Logger LOG = LoggerFactory.getLogger(Telnet.class);
    private static final byte[] EMPTY = new byte[0];
    /** Default of {@link #setMaxBuffered}: 1 MiB of cooked data. */
    public static final int DEFAULT_MAX_BUFFERED = 1 << 20;
    private static final byte[] CLOSED_MESSAGE =
        "*** Connection closed by remote host ***\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * Called for every command received, instead of the built-in refusals; telnetlib's
     * {@code callback(sock, cmd, opt)}, with the {@code Telnet} in place of the socket.
     */
    @FunctionalInterface
    public interface OptionCallback {
        /**
         * One command from the peer.
         *
         * <ul>
         * <li>{@code WILL}, {@code WONT}, {@code DO}, {@code DONT} with their option: answer them
         *     yourself, e.g. {@code telnet.sendNegotiation(TelnetCommand.WONT, option)}, or not.
         * <li>{@code SB} then {@code SE}, both with {@link #NOOPT}, for each complete
         *     subnegotiation: on {@code SE}, {@link Telnet#readSbData()} returns it.
         * <li>any other command ({@code GA}, {@code NOP}, {@code AYT}, {@code DM}, ...) with
         *     {@link #NOOPT}.
         * </ul>
         * It may call {@link Telnet#readSbData()}, {@link Telnet#readVeryLazy()}, the write and
         * send methods and {@link Telnet#close()}; the other read methods throw
         * {@link IllegalStateException} here. If it throws, the read call that was processing
         * input throws the same exception once the data before the command has been cooked; the
         * input after the command stays in the raw queue.
         *
         * @param telnet the connection (telnetlib passes its socket)
         * @param command the command byte, see {@link TelnetCommand}
         * @param option the option byte, or {@link #NOOPT}
         */
        void call(Telnet telnet, int command, int option) throws IOException;
    }

    /**
     * What {@link #expect} returns: telnetlib's {@code (index, match, text)} tuple.
     *
     * @param index the position in the list of the pattern that matched, -1 if none did in time
     * @param match the match, with offsets into {@code data}; null if none
     * @param data the bytes read, up to and including the match (everything read on a timeout)
     */
    public record ExpectResult(int index, MatchResult match, byte[] data) {
        /** True if a pattern matched. */
        public boolean matched() {
            return index >= 0;
        }

        /** {@code data} as ISO-8859-1 text, one character per byte (the text matched against). */
        public String text() {
            return new String(data, StandardCharsets.ISO_8859_1);
        }
    }

    private final Object lock = new Object();
    private final ByteQueue raw = new ByteQueue();
    private final ByteQueue cooked = new ByteQueue();
    private final Wiring wiring = new Wiring();
    private final TelnetParser parser = new TelnetParser(wiring);
    private final OptionNegotiator refuser = new OptionNegotiator(OptionPolicy.refuseAll(), wiring);

    private BlockingChannel conn;
    private volatile boolean closed = true;
    private boolean eof = true;
    private String host;
    private int port;
    private Duration timeout;
    private byte[] sbData = EMPTY;
    private OptionCallback callback;
    private int debugLevel;
    private boolean processing;
    private Throwable pending;
    private int maxBuffered = DEFAULT_MAX_BUFFERED;

    /** An instance that is not connected yet; call {@link #open(String, int, Duration)}. */
    public Telnet() {
    }

    /** Connects to {@code host} on port 23, with no timeout. */
    public Telnet(String host) throws IOException {
        open(host, TELNET_PORT, null);
    }

    /** Connects to {@code host:port} (0 means 23), with no timeout. */
    public Telnet(String host, int port) throws IOException {
        open(host, port, null);
    }

    /**
     * Connects to {@code host:port} (0 means 23).
     *
     * @param timeout bounds the connection attempt and each later wait for the network (see the
     *     class comment); null for none
     */
    public Telnet(String host, int port, Duration timeout) throws IOException {
        open(host, port, timeout);
    }

    /** Connects to {@code host:port} with no timeout; see {@link #open(String, int, Duration)}. */
    public void open(String host, int port) throws IOException {
        open(host, port, null);
    }

    /**
     * Connects, trying each address of {@code host} in turn as Python's
     * {@code socket.create_connection} does. An instance can be opened again after
     * {@link #close()}; the queues and negotiation state start afresh.
     *
     * @param port the port, 0 for 23
     * @param timeout bounds the connection attempt and each later wait for the network; null
     *     for none
     * @throws IllegalStateException if this instance is connected (telnetlib: "do not reopen an
     *     already connected instance")
     */
    public void open(String host, int port, Duration timeout) throws IOException {
        open(host, port, timeout, null);
    }

    /**
     * As {@link #open(String, int, Duration)}, over TLS when {@code tls} is given (see "TLS" in
     * the class comment); the timeout also bounds the handshake.
     *
     * @param tls the TLS context ({@code SSLContext.getDefault()} trusts the system's CAs), or
     *     null for plain telnet
     * @throws javax.net.ssl.SSLException if the handshake fails (unknown CA, wrong host name,
     *     expired certificate, a plain server)
     */
    public void open(String host, int port, Duration timeout, SSLContext tls) throws IOException {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive or null, was " + timeout);
        }
        int p = port == 0 ? TELNET_PORT : port;
        synchronized (lock) {
            if (!closed) {
                throw new IllegalStateException("already connected to " + this.host + ":" + this.port);
            }
        }
        BlockingChannel ch = BlockingChannel.connect(host, p, timeout, tls);
        ch.receiver(this::received);
        synchronized (lock) {
            this.conn = ch;
            this.host = host;
            this.port = p;
            this.timeout = timeout;
            raw.clear();
            cooked.clear();
            sbData = EMPTY;
            parser.reset();
            refuser.reset();
            pending = null;
            eof = false;
            closed = false;
        }
        debug("connected to {}", ch.socket().getRemoteSocketAddress());
    }

    /** The inbound path: every byte read from the socket goes to the raw queue here. */
    private void received(byte[] b, int off, int len) {
        raw.append(b, off, len);
        debugBytes("recv", b, off, len);
    }

    /**
     * Closes the connection. Idempotent, never blocks, and may be called from any thread: a read
     * blocked in another thread wakes up and sees the end of the connection. Data already cooked
     * stays readable.
     */
    @Override
    public void close() {
        BlockingChannel ch;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            ch = conn;
        }
        eof = true;
        debug("close");
        ch.close(); // wakes a thread blocked in a read

    }

    /** The socket, for its addresses and options; telnetlib's {@code get_socket()}, or null. */
    public Socket getSocket() {
        BlockingChannel ch = conn;
        return ch == null ? null : ch.socket();
    }

    /** The TLS session (protocol, cipher suite, the server's certificates); null when plain or not open. */
    public SSLSession getTlsSession() {
        BlockingChannel ch = conn;
        return ch == null ? null : ch.tlsSession();
    }

    /**
     * The channel, for use with a {@link Selector} of your own: telnetlib's {@code fileno()},
     * which lets scripts {@code select()} on a Telnet. It is in non-blocking mode and owned by
     * this instance: read from it only through this class. For raw writes use
     * {@link #writeRaw(byte[])} (the socket's streams cannot be used on a non-blocking channel).
     * Null over TLS, and before the first {@link #open}.
     */
    public SocketChannel getChannel() {
        BlockingChannel ch = conn;
        return ch == null ? null : ch.channel();
    }

    /** True once the end of the connection has been seen (or it was closed). */
    public boolean isEof() {
        return eof;
    }

    /** Logs traffic at DEBUG through SLF4J when {@code level > 0}; telnetlib's {@code set_debuglevel}. */
    public void setDebugLevel(int level) {
        this.debugLevel = level;
    }

    /**
     * Sets the callback that decides option negotiation and hears every command; null restores
     * the built-in refusals. See {@link OptionCallback}.
     */
    public void setOptionNegotiationCallback(OptionCallback callback) {
        this.callback = callback;
    }

    /**
     * Most bytes of cooked data held unread before a waiting read gives up with
     * {@link BufferLimitException}; default {@link #DEFAULT_MAX_BUFFERED}. Not in telnetlib, whose
     * queue grows without limit.
     */
    public void setMaxBuffered(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxBuffered must be positive, was " + bytes);
        }
        this.maxBuffered = bytes;
    }

    /** The limit set by {@link #setMaxBuffered}. */
    public int getMaxBuffered() {
        return maxBuffered;
    }

    // ---------------------------------------------------------------- reading

    /** {@link #readUntil(byte[], Duration)} with no timeout. */
    public byte[] readUntil(byte[] match) throws IOException {
        return readUntil(match, null);
    }

    /** {@link #readUntil(byte[], Duration)} with {@code match} encoded as ISO-8859-1. */
    public byte[] readUntil(String match, Duration timeout) throws IOException {
        return readUntil(latin1(match), timeout);
    }

    /** {@link #readUntil(String, Duration)} with no timeout. */
    public byte[] readUntil(String match) throws IOException {
        return readUntil(match, null);
    }

    /**
     * Reads until {@code match} has arrived, or {@code timeout} has passed, or the connection
     * ended. Returns the data up to and including the match; without a match, whatever data is
     * cooked (possibly nothing).
     *
     * @param timeout the whole wait; null to wait as long as it takes; zero for one look at
     *     what the socket already has
     * @throws EOFException if the connection ended and no data is left
     */
    public byte[] readUntil(byte[] match, Duration timeout) throws IOException {
        Objects.requireNonNull(match, "match");
        process();
        int at = cooked.indexOf(match, 0);
        if (at >= 0) {
            return cooked.take(at + match.length);
        }
        long deadline = deadline(timeout);
        while (!eof) {
            checkRoom("'" + new String(match, StandardCharsets.ISO_8859_1) + "'");
            int from = Math.max(0, cooked.size() - match.length);
            if (fill(left(timeout, deadline)) != 0) {
                process();
                at = cooked.indexOf(match, from);
                if (at >= 0) {
                    return cooked.take(at + match.length);
                }
            }
            if (timeout != null && System.nanoTime() - deadline >= 0) {
                break;
            }
        }
        return readVeryLazy();
    }

    /** {@link #expect(List, Duration)} with no timeout. */
    public ExpectResult expect(List<Pattern> patterns) throws IOException {
        return expect(patterns, null);
    }

    /**
     * Reads until one of the patterns matches the data cooked so far, read as ISO-8859-1 text
     * (one character per byte, so {@code \\r\\n}, {@code \\x1b} and {@code [\\x80-\\xff]} mean
     * the bytes they name). Patterns are tried in list order, and the first one that matches
     * anywhere wins, as in telnetlib (not the earliest match). A pattern that can match the
     * empty string matches at once.
     *
     * <p>Data already cooked is always searched first, even after the end of the connection or
     * {@link #close()}; telnetlib searches only while the connection is open, so there it would
     * return -1 for data it had already received.
     *
     * @param timeout the whole wait; null to wait as long as it takes
     * @return the index, match and data up to the match's end; on timeout or end of connection
     *     index -1, no match, and whatever data was cooked
     * @throws EOFException if the connection ended and no data is left
     */
    public ExpectResult expect(List<Pattern> patterns, Duration timeout) throws IOException {
        List<Pattern> list = List.copyOf(patterns);
        long deadline = deadline(timeout);
        while (true) {
            process();
            String text = cooked.latin1();
            for (int i = 0; i < list.size(); i++) {
                Matcher m = list.get(i).matcher(text);
                if (m.find()) {
                    return new ExpectResult(i, m.toMatchResult(), cooked.take(m.end()));
                }
            }
            if (eof) {
                break;
            }
            checkRoom("a match for " + list);
            if (fill(left(timeout, deadline)) == 0 && timeout != null && System.nanoTime() - deadline >= 0) {
                break;
            }
        }
        return new ExpectResult(-1, null, readVeryLazy());
    }

    /**
     * Reads until the end of the connection and returns all the data. Returns an empty array
     * if the connection had already ended and no data is left.
     *
     * @throws SocketTimeoutException if the connection timeout passes with nothing received
     */
    public byte[] readAll() throws IOException {
        process();
        while (!eof) {
            checkRoom("the end of the connection");
            fillBlocking();
            process();
        }
        return cooked.takeAll();
    }

    /**
     * Returns at least one byte of data, waiting for it if none is cooked; an empty array only
     * at the end of the connection.
     *
     * @throws SocketTimeoutException if the connection timeout passes with nothing received
     */
    public byte[] readSome() throws IOException {
        process();
        while (cooked.isEmpty() && !eof) {
            fillBlocking();
            process();
        }
        return cooked.takeAll();
    }

    /**
     * Reads everything the socket already has, without waiting for more, and returns the
     * cooked data, possibly none.
     *
     * @throws EOFException if the connection ended and no data is left
     */
    public byte[] readVeryEager() throws IOException {
        process();
        while (!eof && cooked.size() < maxBuffered && readNow() != 0) {
            process();
        }
        return readVeryLazy();
    }

    /**
     * Returns cooked data if there is some; otherwise reads what the socket already has until
     * some data is cooked or the socket has nothing more. Never waits for the network.
     *
     * @throws EOFException if the connection ended and no data is left
     */
    public byte[] readEager() throws IOException {
        process();
        while (cooked.isEmpty() && !eof && readNow() != 0) {
            process();
        }
        return readVeryLazy();
    }

    /**
     * Parses what is in the raw queue and returns the cooked data; no socket I/O.
     *
     * @throws EOFException if the connection ended and no data is left
     */
    public byte[] readLazy() throws IOException {
        process();
        return readVeryLazy();
    }

    /**
     * Returns the cooked data; no parsing, no socket I/O, never blocks.
     *
     * @throws EOFException if the connection ended and no data is left, raw or cooked
     */
    public byte[] readVeryLazy() throws EOFException {
        byte[] b = cooked.takeAll();
        if (b.length == 0 && eof && raw.isEmpty()) {
            throw new EOFException("telnet connection closed");
        }
        return b;
    }

    /**
     * The last complete subnegotiation, then cleared: as in telnetlib, the option byte followed by
     * the payload ({@code IAC IAC} unescaped), so {@code IAC SB 201 'x' IAC SE} reads as
     * {@code {(byte) 201, 'x'}}. Empty if none arrived since the last call. A new subnegotiation
     * replaces one not read. Never blocks.
     */
    public byte[] readSbData() {
        byte[] b = sbData;
        sbData = EMPTY;
        return b;
    }

    // ---------------------------------------------------------------- writing

    /**
     * Sends {@code buffer} with each 0xFF doubled (IAC IAC), and nothing else changed: no
     * end-of-line translation, as telnetlib sends bytes as given ({@code "\r\n"} is what most
     * servers want for Enter).
     *
     * @throws SocketTimeoutException if the peer stops reading for the connection timeout
     */
    public void write(byte[] buffer) throws IOException {
        byte[] escaped = new byte[buffer.length * 2];
        int n = TelnetEncoder.writeEscaped(escaped, 0, buffer, 0, buffer.length);
        sendAll(escaped, 0, n);
    }

    /**
     * {@link #write(byte[])} with {@code text} encoded as ISO-8859-1.
     *
     * @throws IllegalArgumentException if a character is above U+00FF
     */
    public void write(String text) throws IOException {
        write(latin1(text));
    }

    /**
     * Sends bytes exactly as given, no IAC doubling: for commands a script builds itself, what
     * telnetlib scripts do with {@code get_socket().sendall(IAC + ...)}.
     */
    public void writeRaw(byte[] bytes) throws IOException {
        sendAll(bytes, 0, bytes.length);
    }

    /** Sends {@code IAC verb option}; verb is WILL, WONT, DO or DONT. */
    public void sendNegotiation(int verb, int option) throws IOException {
        byte[] b = new byte[3];
        int n = TelnetEncoder.writeNegotiation(b, 0, verb, option);
        sendAll(b, 0, n);
    }

    /** Sends {@code IAC SB option payload IAC SE}, 0xFF doubled in the payload. */
    public void sendSubnegotiation(int option, byte[] payload) throws IOException {
        byte[] b = new byte[TelnetEncoder.maxSubnegotiationLength(payload.length)];
        int n = TelnetEncoder.writeSubnegotiation(b, 0, option, payload, 0, payload.length);
        sendAll(b, 0, n);
    }

    // ---------------------------------------------------------------- interact

    /** {@link #interact(InputStream, OutputStream)} on {@code System.in} and {@code System.out}. */
    public void interact() throws IOException {
        interact(System.in, System.out);
    }

    /**
     * A minimal terminal, as telnetlib's {@code interact()}: copies what arrives from the peer to
     * {@code out} and what is read from {@code in} to the peer ({@link #write(byte[])}: 0xFF
     * doubled, bytes otherwise unchanged). Returns when {@code in} ends, or when the peer closes
     * the connection, after writing {@code *** Connection closed by remote host ***} to
     * {@code out}.
     *
     * <p>Java cannot wait on a socket and an {@code InputStream} at once, so this call starts one
     * daemon thread, {@code telnet4j-interact-input}, that only reads {@code in} and hands what it
     * reads to the calling thread; the socket is still used on the calling thread alone. When the
     * peer closes first, that thread may stay blocked in {@code in.read()} after this call returns
     * (a read of {@code System.in} cannot be interrupted); it ends at the next input or end of
     * input, and that input is discarded.
     */
    public void interact(InputStream in, OutputStream out) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        final byte[] endOfInput = new byte[0];
        LinkedBlockingQueue<byte[]> typed = new LinkedBlockingQueue<>();
        AtomicBoolean done = new AtomicBoolean();
        BlockingChannel sel = conn;
        Thread pump = new Thread(() -> {
            byte[] b = new byte[1024];
            try {
                int n;
                while (!done.get() && (n = in.read(b)) >= 0) {
                    if (n > 0 && !done.get()) {
                        typed.add(Arrays.copyOf(b, n));
                        wakeup(sel);
                    }
                }
            } catch (IOException e) {
                LOG.debug("interact: reading input failed", e);
            } finally {
                typed.add(endOfInput);
                wakeup(sel);
            }
        }, "telnet4j-interact-input");
        pump.setDaemon(true);
        pump.start();
        try {
            while (true) {
                byte[] chunk;
                while ((chunk = typed.poll()) != null) {
                    if (chunk == endOfInput) {
                        return;
                    }
                    write(chunk);
                }
                byte[] data;
                try {
                    data = readEager();
                } catch (EOFException e) {
                    out.write(CLOSED_MESSAGE);
                    out.flush();
                    return;
                }
                if (data.length > 0) {
                    out.write(data);
                    out.flush();
                } else if (typed.isEmpty()) {
                    fill(-1); // woken by the peer's data or by the input thread
                }
            }
        } finally {
            done.set(true);
        }
    }

    private static void wakeup(BlockingChannel ch) {
        if (ch != null) {
            ch.wakeup();
        }
    }

    // ---------------------------------------------------------------- internals

    /** Parses the raw queue into the cooked queue; rethrows what a callback or reply threw. */
    private void process() throws IOException {
        if (processing) {
            throw new IllegalStateException("the option callback may not call read methods other than"
                + " readSbData and readVeryLazy");
        }
        if (raw.isEmpty()) {
            return;
        }
        processing = true;
        int used;
        try {
            used = parser.feed(raw.buf, raw.start, raw.size());
        } finally {
            processing = false;
        }
        raw.skip(used);
        Throwable e = pending;
        if (e != null) {
            pending = null;
            if (e instanceof IOException) {
                throw (IOException) e;
            }
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw (Error) e;
        }
    }

    /** One non-blocking read into the raw queue: bytes read, 0 if none was ready, -1 at the end. */
    /** Fails a waiting read once the cooked queue is full: waiting longer would grow it. */
    private void checkRoom(String waitingFor) throws BufferLimitException {
        if (cooked.size() >= maxBuffered) {
            String m = "received " + cooked.size() + " bytes without " + waitingFor + " (the limit is "
                + maxBuffered + ": setMaxBuffered); the lazy and eager reads return them";
            LOG.warn("Telnet({},{}): {}", host, port, m);
            throw new BufferLimitException(m, maxBuffered);
        }
    }

    /** Reads what the socket already has into the raw queue: bytes read, 0 if none, -1 at the end. */
    private int readNow() throws IOException {
        return fill(0);
    }

    /**
     * One read into the raw queue, waiting at most {@code nanos} (-1: without limit; 0: only a
     * look): bytes read, 0 if none came in time or the wait was woken, -1 at the end.
     */
    private int fill(long nanos) throws IOException {
        if (closed) {
            eof = true;
            return -1;
        }
        int n = conn.read(nanos);
        if (n < 0) {
            eof = true;
            debugBytes("recv", EMPTY, 0, 0);
        }
        return n;
    }

    /** Reads at least once, waiting at most the connection timeout for data or the end. */
    private void fillBlocking() throws IOException {
        long deadline = deadline(timeout);
        while (fill(0) == 0) {
            long left = left(timeout, deadline);
            if (left == 0) {
                throw new SocketTimeoutException("nothing received within " + timeout);
            }
            if (fill(left) != 0) {
                return;
            }
        }
    }

    /** Writes everything, waiting for room at most the connection timeout each time. */
    private void sendAll(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new SocketException("telnet connection is not open");
        }
        debugBytes("send", b, off, len);
        conn.write(b, off, len, timeout);
    }

    /** A deadline in {@link System#nanoTime()} terms; unused when {@code timeout} is null. */
    private static long deadline(Duration timeout) {
        return timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
    }

    /** Nanoseconds left until {@code deadline}: -1 for no limit, 0 when passed. */
    private static long left(Duration timeout, long deadline) {
        if (timeout == null) {
            return -1;
        }
        return Math.max(0, deadline - System.nanoTime());
    }

    private static byte[] latin1(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            char c = s.charAt(i);
            if (c > 0xFF) {
                throw new IllegalArgumentException("character U+" + Integer.toHexString(c).toUpperCase()
                    + " at index " + i + " is not ISO-8859-1: encode the text to bytes yourself");
            }
            b[i] = (byte) c;
        }
        return b;
    }


    private void debug(String format, Object... args) {
        if (debugLevel > 0 && LOG.isDebugEnabled()) {
            Object[] all = new Object[args.length + 2];
            all[0] = host;
            all[1] = port;
            System.arraycopy(args, 0, all, 2, args.length);
            LOG.debug("Telnet({},{}): " + format, all);
        }
    }

    private void debugBytes(String what, byte[] b, int off, int len) {
        if (debugLevel > 0 && LOG.isDebugEnabled()) {
            debug("{} {}", what, repr(b, off, len));
        }
    }

    /** Bytes as Python writes a bytes literal, e.g. {@code b'ok\r\n\xff'}: readable in logs. */
    static String repr(byte[] b, int off, int len) {
        StringBuilder s = new StringBuilder(len + 3).append("b'");
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xFF;
            switch (c) {
                case '\\':
                    s.append("\\\\");
                    break;
                case '\'':
                    s.append("\\'");
                    break;
                case '\t':
                    s.append("\\t");
                    break;
                case '\n':
                    s.append("\\n");
                    break;
                case '\r':
                    s.append("\\r");
                    break;
                default:
                    if (c >= 0x20 && c < 0x7F) {
                        s.append((char) c);
                    } else {
                        s.append("\\x").append(Character.forDigit(c >>> 4, 16)).append(Character.forDigit(c & 15, 16));
                    }
            }
        }
        return s.append('\'').toString();
    }

    /** Parser and refusal callbacks; private so the public API stays telnetlib's. */
    private final class Wiring implements TelnetParserListener, NegotiationHandler {
        @Override
        public void onData(byte[] buf, int off, int len) {
            // telnetlib drops NUL and XON (DC1) from the data; so do we.
            int run = off;
            int end = off + len;
            for (int i = off; i < end; i++) {
                byte c = buf[i];
                if (c == 0 || c == 0x11) {
                    cooked.append(buf, run, i - run);
                    run = i + 1;
                }
            }
            cooked.append(buf, run, end - run);
        }

        @Override
        public void onCommand(int command) {
            if (callback != null) {
                invoke(command, NOOPT);
            } else {
                debug("IAC {} not recognized", command);
            }
        }

        @Override
        public void onNegotiation(int verb, int option) {
            debug("IAC {} {}", TelnetCommand.name(verb), option);
            if (callback != null) {
                invoke(verb, option);
            } else {
                refuser.receive(verb, option);
            }
        }

        @Override
        public void onSubnegotiation(int option, byte[] buf, int off, int len) {
            byte[] data = new byte[len + 1];
            data[0] = (byte) option;
            System.arraycopy(buf, off, data, 1, len);
            if (callback == null) {
                sbData = data;
                debug("IAC {} not recognized", TelnetCommand.SB);
                return;
            }
            sbData = EMPTY; // telnetlib empties it at SB and fills it at SE
            invoke(TelnetCommand.SB, NOOPT);
            sbData = data;
            invoke(TelnetCommand.SE, NOOPT);
        }

        @Override
        public void onProtocolWarning(ProtocolWarning warning, int detail) {
            debug("protocol warning {} ({})", warning, detail);
        }

        @Override
        public void sendNegotiation(int verb, int option) {
            if (pending != null) {
                return;
            }
            try {
                Telnet.this.sendNegotiation(verb, option);
            } catch (IOException | RuntimeException e) {
                fail(e);
            }
        }

        @Override
        public void onNegotiationEvent(NegotiationEvent event, Side side, int option) {
            if (event == NegotiationEvent.LIMIT_REACHED) {
                LOG.warn("Telnet({},{}): peer sent more negotiation requests than {}; ignoring further ones",
                    host, port, OptionNegotiator.DEFAULT_MAX_PEER_REQUESTS);
            }
        }

        private void invoke(int command, int option) {
            if (pending != null) {
                return;
            }
            try {
                callback.call(Telnet.this, command, option);
            } catch (IOException | RuntimeException | Error e) {
                fail(e);
            }
        }

        private void fail(Throwable e) {
            if (pending == null) {
                pending = e;
            }
            parser.pause(); // the rest of the input stays raw
        }
    }

    /** A byte FIFO: appends at the end, takes from the front, compacts when it grows. */
    private static final class ByteQueue {
        byte[] buf = new byte[256];
        int start;
        int end;

        int size() {
            return end - start;
        }

        boolean isEmpty() {
            return end == start;
        }

        void clear() {
            start = 0;
            end = 0;
        }

        void append(byte[] b, int off, int len) {
            if (len <= 0) {
                return;
            }
            if (end + len > buf.length) {
                int size = size();
                if (size + len <= buf.length / 2) {
                    System.arraycopy(buf, start, buf, 0, size);
                } else {
                    int cap = buf.length;
                    while (cap < size + len) {
                        cap = Math.multiplyExact(cap, 2);
                    }
                    byte[] bigger = new byte[cap];
                    System.arraycopy(buf, start, bigger, 0, size);
                    buf = bigger;
                }
                start = 0;
                end = size;
            }
            System.arraycopy(b, off, buf, end, len);
            end += len;
        }

        void skip(int n) {
            start += n;
            if (start == end) {
                clear();
            }
        }

        byte[] take(int n) {
            byte[] b = Arrays.copyOfRange(buf, start, start + n);
            skip(n);
            return b;
        }

        byte[] takeAll() {
            return isEmpty() ? EMPTY : take(size());
        }

        /** Index (relative to the front) of {@code pattern} at or after {@code from}, or -1. */
        int indexOf(byte[] pattern, int from) {
            int n = pattern.length;
            outer:
            for (int i = start + from; i + n <= end; i++) {
                for (int j = 0; j < n; j++) {
                    if (buf[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i - start;
            }
            return -1;
        }

        String latin1() {
            return new String(buf, start, size(), StandardCharsets.ISO_8859_1);
        }
    }
}
