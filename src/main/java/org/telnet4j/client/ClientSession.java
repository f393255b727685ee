package org.telnet4j.client;

import java.nio.charset.Charset;
import org.telnet4j.loop.CloseReason;
import org.telnet4j.loop.Connection;
import org.telnet4j.loop.ConnectionHandler;
import org.telnet4j.protocol.NegotiationEvent;
import org.telnet4j.protocol.Side;

/**
 * One connection of an event-loop {@link TelnetClient}. Methods that send or close may be called
 * from any thread (off the loop they are handed over and run in order); getters read the last
 * state the loop recorded.
 */
public final class ClientSession {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientSession.class);
    private final Connection connection;
    private final ClientProtocol protocol;
    private final ClientHandler handler;

    ClientSession(Connection connection, ClientConfig config, ClientHandler handler) {
        this.connection = connection;
        this.handler = handler;
        this.protocol = new ClientProtocol(config, connection, new Events());
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

    /** Closes after queued output is sent; idempotent. Thread-safe. */
    public void close() {
        if (onLoop(this::close)) {
            connection.close(CloseReason.LOCAL_CLOSE);
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

    /** The protocol state. Loop thread. */
    public ClientProtocol protocol() {
        return protocol;
    }

    ConnectionHandler connectionHandler() {
        return new ConnectionHandler() {
            @Override
            public int onInput(Connection c, byte[] buf, int off, int len) {
                try {
                    return protocol.receive(buf, off, len);
                } catch (java.io.UncheckedIOException e) {
                    LOG.warn("{}: {}; closing", c.addrport(), e.getCause().getMessage());
                    c.abort(CloseReason.IO_ERROR);
                    return len;
                }
            }

            @Override
            public void onClosed(Connection c, CloseReason reason) {
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
        public void onLinemode(int mode) {
            handler.onLinemode(ClientSession.this, mode);
        }
    }
}
