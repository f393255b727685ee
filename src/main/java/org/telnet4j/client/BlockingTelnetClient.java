package org.telnet4j.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import org.telnet4j.tls.TlsErrors;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetCommand;

/**
 * A blocking telnet client with full negotiation, driven entirely by the calling thread: each
 * read call reads the socket (with the time left of its timeout), answers negotiation, and
 * returns text. There is no background thread; between calls nothing is read, and the kernel
 * buffers what the server sends.
 *
 * <pre>{@code
 * // forScripts(): the server does not echo, so readLine returns its answer, not "guest"
 * try (BlockingTelnetClient c = BlockingTelnetClient.connect("localhost", 6023, ClientConfig.forScripts())) {
 *     c.readUntil("login: ", Duration.ofSeconds(5));
 *     c.writeLine("guest");
 *     String motd = c.readLine(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>With {@link ClientConfig#defaults()} the client lets the server echo (as a terminal client
 * does), and a character-mode server sends each written line back before its answer.
 *
 * <p>Text that arrives is buffered until read, up to {@link ClientConfig.Builder#maxBufferedText}
 * characters (default 1 Mi): a read that cannot finish within that (a line longer than it, a
 * {@code readUntil} whose match has not come) throws {@link BufferLimitException}, leaving the
 * text for {@link #readAvailable}. Reading lines costs time linear in the text, however much is
 * buffered.
 *
 * <p>Over TLS ({@link #connect(String, int, ClientConfig, SSLContext)}) the server's certificate
 * is verified against the context's trust store, and its name against {@code host}, with SNI;
 * a failure is an {@link javax.net.ssl.SSLException} whose problem {@link #describeFailure} puts
 * in one line. The socket is a {@link BlockingChannel}, shared with {@link Telnet}.
 *
 * <p>Not thread-safe: one thread uses a client at a time. {@link #close()} is idempotent.
 */
public final class BlockingTelnetClient implements AutoCloseable {
    private final BlockingChannel channel;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BlockingTelnetClient.class);

    private final ClientProtocol protocol;
    /** The inbound path, with the MCCP2 inflater when the server compresses. */
    private final InflatingInput input;
    /** The outbound path, with the MCCP3 deflater while we compress. */
    private final DeflatingOutput output;
    private final TextBuffer text = new TextBuffer();
    private final int maxText;
    private boolean eof;
    private boolean closed;

    private BlockingTelnetClient(BlockingChannel channel, ClientConfig config) {
        this.channel = channel;
        this.maxText = config.maxBufferedText;
        // Unbuffered: whatever the protocol sends, from any entry point, leaves at once (under
        // MCCP3, in one sync flush per call). The encoder frames each subnegotiation in one
        // write, so none is split over TCP segments.
        this.output = new DeflatingOutput(this::send);
        this.protocol = new ClientProtocol(config, output, new ClientProtocol.Listener() {
            @Override
            public void onText(String s) {
                text.append(s);
            }

            @Override
            public boolean onDecompressInput() {
                return input.startInflating(); // MCCP2: the rest of this read is compressed
            }

            @Override
            public boolean onCompressOutput() {
                output.start(protocol.newDeflater()); // MCCP3: the marker went out plain, the rest is compressed
                return true;
            }

            @Override
            public void onCompressOutputEnded() {
                if (closed) {
                    output.close(); // close never blocks: no stream end to write
                } else {
                    output.end(); // the zlib stream's end: the server reads plain after it
                }
            }
        });
        this.input = new InflatingInput(protocol, System::nanoTime);
        channel.receiver(this::received);
        protocol.start();
    }

    /** The inbound path: every byte read from the server, in order; the replies leave in one flush. */
    private void received(byte[] b, int off, int len) throws IOException {
        output.hold();
        try {
            input.receive(b, off, len); // a corrupt or too-rich compressed stream throws from here
        } catch (UncheckedIOException e) {
            throw e.getCause(); // a reply could not be written
        } finally {
            output.release();
        }
        flushOutput();
    }

    /**
     * One call into the protocol: what it writes, in however many pieces, leaves in one sync
     * flush at its end while MCCP3 compresses.
     */
    private <T> T sending(java.util.function.Supplier<T> call) throws IOException {
        T result;
        output.hold();
        try {
            result = call.get();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            output.release();
        }
        flushOutput();
        return result;
    }

    private void sending(Runnable call) throws IOException {
        sending(() -> {
            call.run();
            return null;
        });
    }

    private void flushOutput() throws IOException {
        try {
            output.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Connects, waiting at most the configured connect timeout. */
    public static BlockingTelnetClient connect(String host, int port, ClientConfig config) throws IOException {
        return connect(host, port, config, null);
    }

    /**
     * Connects over TLS (telnets) when {@code tls} is given, else as {@link #connect(String, int,
     * ClientConfig)}. The connect timeout bounds the TCP connection and the handshake. The
     * server's certificate chain must lead to a CA that {@code tls}'s trust managers accept
     * ({@code SSLContext.getDefault()}: the system's), and name {@code host} (endpoint
     * identification "HTTPS"); {@code host} goes in the handshake as SNI unless it is an address.
     *
     * @param tls the TLS context, or null for plain telnet
     * @throws javax.net.ssl.SSLException if the handshake fails; {@link #describeFailure} says why
     *     in one line
     */
    public static BlockingTelnetClient connect(String host, int port, ClientConfig config, SSLContext tls)
            throws IOException {
        BlockingChannel ch = BlockingChannel.connect(host, port, config.connectTimeout, tls);
        try {
            return new BlockingTelnetClient(ch, config);
        } catch (RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * One line for a user about a failed (TLS) connection: an unknown CA, a certificate for
     * another name, an expired certificate, a server that does not speak TLS.
     */
    public static String describeFailure(IOException e, String host) {
        return TlsErrors.describe(e, host);
    }

    private void send(byte[] b, int off, int len) {
        try {
            channel.write(b, off, len, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads once, waiting at most {@code millis} (at least 1): false on timeout or end of stream.
     */
    private boolean fill(long millis) throws IOException {
        if (eof || closed) {
            return false;
        }
        int n = channel.read(Math.max(1, millis) * 1_000_000L);
        if (n < 0) {
            eof = true;
            return false;
        }
        return n > 0;
    }

    /**
     * The next line of text from the server, without its end of line (CR LF, LF or lone CR);
     * null if none is complete within {@code timeout} or the connection ended (see
     * {@link #isEof()}).
     */
    public String readLine(Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = text.takeLine();
            if (line != null) {
                return line;
            }
            checkRoom("a line end");
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0 || !fill(left) && (eof || closed || System.nanoTime() >= end)) {
                return null;
            }
        }
    }

    /**
     * Text up to and including {@code match}; null if it does not arrive within {@code timeout}
     * (the text read so far stays available).
     *
     * @throws BufferLimitException if {@code maxBufferedText} characters arrived without it
     */
    public String readUntil(String match, Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            String s = text.takeUntil(match);
            if (s != null) {
                return s;
            }
            checkRoom("'" + match + "'");
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0 || !fill(left) && (eof || closed || System.nanoTime() >= end)) {
                return null;
            }
        }
    }

    /**
     * Whatever text has arrived, reading for at most {@code wait} if none has; at most about
     * {@code maxBufferedText} characters at a time (the rest waits for the next call).
     */
    public String readAvailable(Duration wait) throws IOException {
        if (text.unread() == 0) {
            fill(Math.max(1, wait.toMillis()));
        }
        while (!eof && !closed && text.unread() < maxText && channel.read(0) > 0) {
            // take what is already buffered
        }
        return text.takeAll();
    }

    /** Characters examined by the line and match searches so far (tests pin linearity on it). */
    long scannedChars() {
        return text.scanned();
    }

    /**
     * Fails the read when the buffer is full and what it waits for is not in it: reading more
     * would grow the buffer past its limit.
     */
    private void checkRoom(String waitingFor) throws BufferLimitException {
        if (text.unread() >= maxText) {
            String m = "the server sent " + text.unread() + " characters without " + waitingFor
                + " (the limit is " + maxText + ": ClientConfig.maxBufferedText); readAvailable takes them";
            LOG.warn("{}: {}", remoteAddress(), m);
            throw new BufferLimitException(m, maxText);
        }
    }

    /**
     * Waits until an option reaches the wanted state, reading (and buffering text) meanwhile.
     *
     * @return true if it did within {@code timeout}
     */
    public boolean waitForOption(Side side, int option, boolean enabled, Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        while (isEnabled(side, option) != enabled) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0 || eof || closed) {
                return false;
            }
            checkRoom("the option change waited for");
            fill(left);
        }
        return true;
    }

    private boolean isEnabled(Side side, int option) {
        return side == Side.LOCAL ? protocol.engine().isLocalEnabled(option)
            : protocol.engine().isRemoteEnabled(option);
    }

    /** Sends text; LF becomes CR LF. */
    public void write(String s) throws IOException {
        sending(() -> protocol.sendText(s));
    }

    /** Sends a line and its CR LF. */
    public void writeLine(String s) throws IOException {
        write(s + "\n");
    }

    /** Reports a new window size (NAWS, if the server asked for it). */
    public void setWindowSize(int columns, int rows) throws IOException {
        sending(() -> protocol.setWindowSize(columns, rows));
    }

    /**
     * Sends {@code DO TIMING-MARK} (RFC 860) and reads until the server's answer arrives (text
     * meanwhile is kept for the read methods).
     *
     * @return true if the mark came back within {@code timeout}
     */
    public boolean timingMark(Duration timeout) throws IOException {
        java.util.concurrent.CompletableFuture<Void> f = sending(() -> protocol.options().timingMark());
        long end = System.nanoTime() + timeout.toNanos();
        while (!f.isDone()) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0 || eof || closed) {
                return false;
            }
            checkRoom("the timing mark waited for");
            fill(left);
        }
        return !f.isCompletedExceptionally();
    }

    /**
     * Sends a Synch (RFC 854): {@code IAC} in the stream, then {@code DM} as TCP urgent data
     * ({@link java.net.Socket#sendUrgentData}). Usually follows {@code sendCommand(IP)} or AO.
     * Over TLS, which has no urgent data, the DM follows in the stream; so it does while MCCP3
     * compresses what we send (urgent data cannot be inside a zlib stream).
     */
    public void sendSynch() throws IOException {
        if (output.isCompressing()) {
            byte[] synch = {(byte) TelnetCommand.IAC, (byte) TelnetCommand.DM};
            sending(() -> output.write(synch, 0, synch.length)); // through the compressor, in order
            return;
        }
        channel.write(new byte[] {(byte) TelnetCommand.IAC}, 0, 1, null);
        channel.sendUrgent(TelnetCommand.DM);
    }

    /**
     * Interrupt Process followed by a Synch, as RFC 1123 section 3.2.4 asks of a user Telnet:
     * {@code IAC IP IAC DM} with the DM as TCP urgent data.
     */
    public void interruptProcess() throws IOException {
        sendCommand(TelnetCommand.IP);
        sendSynch();
    }

    /** Sends {@code IAC command} (IP, AO, BRK, AYT, EC, EL, NOP, GA). */
    public void sendCommand(int command) throws IOException {
        sending(() -> protocol.sendCommand(command));
    }

    /** True if the server echoes (WILL ECHO): a password prompt, or character mode. */
    public boolean serverEchoes() {
        return protocol.serverEchoes();
    }

    /** The text encoding in use. */
    public Charset charset() {
        return protocol.charset();
    }

    /** The protocol state, for option queries. */
    public ClientProtocol protocol() {
        return protocol;
    }

    /** The server's address. */
    public SocketAddress remoteAddress() {
        return channel.socket().getRemoteSocketAddress();
    }

    /** True if the connection runs over TLS. */
    public boolean isSecure() {
        return channel.tlsSession() != null;
    }

    /** The TLS session (protocol, cipher suite, the server's certificates), or null when plain. */
    public SSLSession tlsSession() {
        return channel.tlsSession();
    }

    /** True once the server has closed the connection (text already read may remain). */
    public boolean isEof() {
        return eof;
    }

    /** Closes the socket; idempotent, never blocks. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            protocol.close(); // MCCP3's deflater released, without a stream end (see onCompressOutputEnded)
            output.close();
            input.close();
            channel.close();
        }
    }
}
