package org.telnet4j.client;

import java.nio.charset.Charset;
import org.telnet4j.loop.CloseReason;
import org.telnet4j.loop.Connection;
import org.telnet4j.loop.ConnectionHandler;
import org.telnet4j.protocol.HexDump;
import org.telnet4j.protocol.NegotiationEvent;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.bytes.ByteSink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * One connection of an event-loop {@link TelnetClient}. Methods that send or close may be called
 * from any thread (off the loop they are handed over and run in order); getters read the last
 * state the loop recorded.
 */
public final class ClientSession {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientSession.class);
    /** Every byte both ways, hex-dumped at TRACE: the same logger as the server's sessions. */
    private static final org.slf4j.Logger TRAFFIC = org.slf4j.LoggerFactory.getLogger("org.telnet4j.traffic");
    private static final byte[] IAC = {(byte) TelnetCommand.IAC};
    private final Connection connection;
    private final ClientProtocol protocol;
    private final ClientHandler handler;

    ClientSession(Connection connection, ClientConfig config, ClientHandler handler) {
        this.connection = connection;
        this.handler = handler;
        ByteSink out = TRAFFIC.isTraceEnabled() ? this::traceOut : connection;
        this.protocol = new ClientProtocol(config, out, new Events());
    }

    private void traceOut(byte[] buf, int off, int len) {
        TRAFFIC.trace("{} > {}", connection.addrport(), HexDump.format(buf, off, len));
        connection.write(buf, off, len);
    }

    /** Sends text; LF becomes CR LF. Thread-safe. */
    public void send(String text) {
        if (onLoop(() -> send(text))) {
            protocol.sendText(text);
        }
    }

    /** Sends bytes as data (0xFF escaped). Thread-safe. */
    public void sendBytes(byte[] data) {
        byte[] copy = data.clone();
        if (onLoop(() -> protocol.sendBytes(copy, 0, copy.length))) {
            protocol.sendBytes(copy, 0, copy.length);
        }
    }

    /** Sends {@code IAC command}. Thread-safe. */
    public void sendCommand(int command) {
        if (onLoop(() -> sendCommand(command))) {
            protocol.sendCommand(command);
        }
    }

    /** Sends {@code IAC SB option payload IAC SE}. Thread-safe. */
    public void sendSubnegotiation(int option, byte[] payload) {
        byte[] copy = payload.clone();
        if (onLoop(() -> protocol.sendSubnegotiation(option, copy))) {
            protocol.sendSubnegotiation(option, copy);
        }
    }

    /** Sends a GMCP message if the server agreed to GMCP. Thread-safe. */
    public void sendGmcp(String name, String json) {
        if (onLoop(() -> sendGmcp(name, json))) {
            protocol.sendGmcp(name, json);
        }
    }

    /** Sends MSDP variables or commands if the server agreed to MSDP. Thread-safe. */
    public void sendMsdp(java.util.Map<String, ?> variables) {
        if (onLoop(() -> sendMsdp(variables))) {
            protocol.sendMsdp(variables);
        }
    }

    /** Reports a new window size to the server (NAWS). Thread-safe. */
    public void setWindowSize(int columns, int rows) {
        if (onLoop(() -> setWindowSize(columns, rows))) {
            protocol.setWindowSize(columns, rows);
        }
    }

    /** Asks for an option (WILL for LOCAL, DO for REMOTE). Thread-safe. */
    public void enable(Side side, int option) {
        if (onLoop(() -> enable(side, option))) {
            protocol.engine().enable(side, option);
        }
    }

    /** Asks to stop an option. Thread-safe. */
    public void disable(Side side, int option) {
        if (onLoop(() -> disable(side, option))) {
            protocol.engine().disable(side, option);
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
     * Sends {@code DO TIMING-MARK} (RFC 860); completes on the loop thread when the server's answer
     * arrives, that is once it has processed everything sent before. Fails if the connection
     * closes first. Thread-safe.
     */
    public CompletableFuture<Void> timingMark() {
        if (connection.loop().isLoopThread()) {
            return protocol.options().timingMark();
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        connection.loop().execute(() -> protocol.options().timingMark().whenComplete((v, e) -> {
            if (e != null) {
                f.completeExceptionally(e);
            } else {
                f.complete(v);
            }
        }));
        return f;
    }

    /** Asks the server for its view of the options (STATUS, RFC 859). Thread-safe. */
    public void requestStatus() {
        if (onLoop(this::requestStatus)) {
            protocol.options().requestStatus();
        }
    }

    /** Asks the server to log us out ({@code DO LOGOUT}, RFC 727). Thread-safe. */
    public void requestLogout() {
        if (onLoop(this::requestLogout)) {
            protocol.options().requestLogout();
        }
    }

    /** Sets our location and sends it if SEND-LOCATION is agreed (RFC 779). Thread-safe. */
    public void setLocation(String location) {
        if (onLoop(() -> setLocation(location))) {
            protocol.options().setLocation(location);
        }
    }

    /** Asks the server to use one of these charsets (CHARSET REQUEST, RFC 2066). Thread-safe. */
    public void requestCharset(java.util.List<String> names) {
        java.util.List<String> copy = java.util.List.copyOf(names);
        if (onLoop(() -> requestCharset(copy))) {
            protocol.requestCharset(copy);
        }
    }

    /**
     * Sends a Synch (RFC 854): {@code IAC} in the data stream and {@code DM} as TCP urgent data,
     * so the server's TCP signals it even when its receive window is full. Usually sent after
     * {@code IAC IP} or {@code IAC AO}. While MCCP3 compresses (or over TLS) the DM goes in the
     * stream instead, after the IAC: urgent data cannot be inside a zlib stream. Thread-safe.
     */
    public void sendSynch() {
        if (onLoop(this::sendSynch)) {
            connection.write(IAC, 0, 1);
            connection.writeUrgent((byte) TelnetCommand.DM);
        }
    }

    /**
     * Interrupt Process followed by a Synch, as RFC 1123 section 3.2.4 asks of a user Telnet:
     * {@code IAC IP IAC DM} with the DM as TCP urgent data. Thread-safe.
     */
    public void interruptProcess() {
        if (onLoop(this::interruptProcess)) {
            protocol.sendCommand(TelnetCommand.IP);
            sendSynch();
        }
    }

    /**
     * Closes after queued output is sent; idempotent, also once the event loop has shut down
     * (which closed the connection). Thread-safe.
     */
    public void close() {
        try {
            if (onLoop(this::close)) {
                connection.close(CloseReason.LOCAL_CLOSE);
            }
        } catch (RejectedExecutionException loopClosed) {
            // the loop closed every connection when it stopped: nothing left to close
            LOG.debug("close after the event loop stopped: {}", loopClosed.getMessage());
        }
    }

    /** True while connected. */
    public boolean isActive() {
        return connection.isOpen();
    }

    /** True if the server echoes (WILL ECHO). */
    public boolean serverEchoes() {
        return protocol.serverEchoes();
    }

    /**
     * True while a request of ours waits for the server's answer (see
     * {@link ClientProtocol#hasPendingRequests()}). Loop thread.
     */
    public boolean isNegotiating() {
        return protocol.hasPendingRequests();
    }

    /** True in character mode (server echoes, go-aheads suppressed). */
    public boolean isCharacterMode() {
        return protocol.isCharacterMode();
    }

    /** True if the server has the option enabled. */
    public boolean isRemoteEnabled(int option) {
        return protocol.engine().isRemoteEnabled(option);
    }

    /** True if we have the option enabled. */
    public boolean isLocalEnabled(int option) {
        return protocol.engine().isLocalEnabled(option);
    }

    /** The text encoding in use. */
    public Charset charset() {
        return protocol.charset();
    }

    /** The server's address as {@code ip:port}. */
    public String addrport() {
        return connection.addrport();
    }

    /** The connection, for transforms and statistics. Loop thread. */
    public Connection connection() {
        return connection;
    }

    /**
     * Why the session ended when the server's input went past a limit (a decompression bomb),
     * with the figures; null otherwise. Set before {@code onDisconnect} is called with
     * {@link CloseReason#INPUT_LIMIT}.
     */
    public String limitMessage() {
        return limitMessage;
    }

    private volatile String limitMessage;

    /** The protocol state. Loop thread. */
    public ClientProtocol protocol() {
        return protocol;
    }

    ConnectionHandler connectionHandler() {
        return new ConnectionHandler() {
            @Override
            public int onInput(Connection c, byte[] buf, int off, int len) {
                if (TRAFFIC.isTraceEnabled()) { // before the replies it causes, as the server logs
                    TRAFFIC.trace("{} < {}", c.addrport(), HexDump.format(buf, off, len));
                }
                // Fewer bytes than given when the server starts compressing (MCCP2) in them: the
                // connection feeds the rest through the inflater Events installed.
                return protocol.parse(buf, off, len);
            }

            @Override
            public void onClosed(Connection c, CloseReason reason) {
                protocol.options().onClosed();
                protocol.close();
                handler.onDisconnect(ClientSession.this, reason);
            }
        };
    }

    private boolean onLoop(Runnable later) {
        if (connection.loop().isLoopThread()) {
            return true;
        }
        connection.loop().execute(later);
        return false;
    }

    private final class Events implements ClientProtocol.Listener {
        @Override
        public void onText(String text) {
            handler.onText(ClientSession.this, text);
        }

        @Override
        public void onCommand(int command) {
            handler.onCommand(ClientSession.this, command);
        }

        @Override
        public void onOptionChange(NegotiationEvent event, Side side, int option) {
            handler.onOptionChange(ClientSession.this, event, side, option);
        }

        @Override
        public void onSubnegotiation(int option, byte[] buf, int off, int len) {
            handler.onSubnegotiation(ClientSession.this, option, buf, off, len);
        }

        @Override
        public void onCharset(Charset charset) {
            handler.onCharset(ClientSession.this, charset);
        }

        @Override
        public void onGmcp(org.telnet4j.option.mud.Gmcp.Message message) {
            handler.onGmcp(ClientSession.this, message);
        }

        @Override
        public void onMsdp(java.util.Map<String, Object> variables) {
            handler.onMsdp(ClientSession.this, variables);
        }

        @Override
        public void onMssp(java.util.Map<String, java.util.List<String>> variables) {
            handler.onMssp(ClientSession.this, variables);
        }

        @Override
        public void onCharsetRejected() {
            handler.onCharsetRejected(ClientSession.this);
        }

        @Override
        public void onPrompt(int command) {
            handler.onPrompt(ClientSession.this, command);
        }

        @Override
        public void onSynch() {
            handler.onSynch(ClientSession.this);
        }

        @Override
        public void onStatus(org.telnet4j.option.Status.Report report,
                             java.util.List<org.telnet4j.option.Status.Difference> differences) {
            handler.onStatus(ClientSession.this, report, differences);
        }

        @Override
        public void onLogout() {
            handler.onLogout(ClientSession.this);
        }

        @Override
        public void onFlowControl(int command) {
            handler.onFlowControl(ClientSession.this, command);
        }

        @Override
        public void onLinemode(int mode) {
            handler.onLinemode(ClientSession.this, mode);
        }

        @Override
        public boolean onDecompressInput() {
            // MCCP2: the server compresses from the next byte on, wherever it falls in this read.
            if (connection.inboundTransform() != null) {
                return false;
            }
            connection.setInboundTransform(protocol.newInflater(connection.loop()::nanoTime));
            return true;
        }

        @Override
        public void onDecompressInputEnded(java.io.IOException failure) {
            if (failure == null) {
                return;
            }
            // The inflater throws it on to the connection, which closes with INPUT_LIMIT for a
            // limit and IO_ERROR for a corrupt stream; the message is kept for onDisconnect.
            LOG.warn("{}: {}; closing", connection.addrport(), failure.getMessage());
            if (failure instanceof org.telnet4j.protocol.InputLimitException) {
                limitMessage = failure.getMessage();
            }
        }

        @Override
        public boolean onCompressOutput() {
            // MCCP3: IAC SB MCCP3 IAC SE is in the write queue, plain; what follows goes through
            // the deflater, sync-flushed with every write to the socket, as the server's MCCP2.
            connection.setOutboundTransform(protocol.newDeflater());
            return true;
        }

        @Override
        public void onCompressOutputEnded() {
            // Ends the zlib stream after what was written: the server reads plain bytes after it.
            // On close the connection has released the deflater already, and this does nothing.
            connection.setOutboundTransform(null);
        }
    }
}
