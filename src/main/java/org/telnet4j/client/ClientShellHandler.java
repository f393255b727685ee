package org.telnet4j.client;

import java.nio.charset.Charset;
import org.telnet4j.loop.CloseReason;
import org.telnet4j.protocol.NegotiationEvent;
import org.telnet4j.protocol.Side;

/**
 * The {@link ClientHandler} behind a {@link ClientShell}: text from the server goes to
 * {@link #reader()}; every event is also passed to an optional second handler (to record or
 * display the session).
 */
public final class ClientShellHandler implements ClientHandler {
    private static final ClientHandler NONE = (s, t) -> { };

    private final ClientReader reader;
    private final ClientHandler also;

    /** A handler that only feeds {@link #reader()}. */
    public ClientShellHandler() {
        this(null);
    }

    /** A handler that feeds {@link #reader()} and passes every event to {@code also} too. */
    public ClientShellHandler(ClientHandler also) {
        this(also, ClientReader.MAX_BUFFERED);
    }

    /**
     * As {@link #ClientShellHandler(ClientHandler)}, buffering at most {@code maxBufferedText}
     * characters unread (see {@link ClientReader}; {@link ClientConfig.Builder#maxBufferedText}).
     */
    public ClientShellHandler(ClientHandler also, int maxBufferedText) {
        this.also = also == null ? NONE : also;
        this.reader = new ClientReader(maxBufferedText);
    }

    /** What the shell reads. */
    public ClientReader reader() {
        return reader;
    }

    /**
     * Runs {@code shell} on the calling thread, then closes the session (after what the shell
     * wrote has been sent).
     */
    public void run(ClientSession session, ClientShell shell) throws Exception {
        try {
            shell.run(reader, new ClientWriter(session));
        } finally {
            session.close();
        }
    }

    @Override
    public void onConnect(ClientSession session) {
        also.onConnect(session);
    }

    @Override
    public void onText(ClientSession session, String text) {
        reader.offer(session, text);
        also.onText(session, text);
    }

    @Override
    public void onCommand(ClientSession session, int command) {
        also.onCommand(session, command);
    }

    @Override
    public void onOptionChange(ClientSession session, NegotiationEvent event, Side side, int option) {
        also.onOptionChange(session, event, side, option);
    }

    @Override
    public void onSubnegotiation(ClientSession session, int option, byte[] buf, int off, int len) {
        also.onSubnegotiation(session, option, buf, off, len);
    }

    @Override
    public void onCharset(ClientSession session, Charset charset) {
        also.onCharset(session, charset);
    }

    @Override
    public void onDisconnect(ClientSession session, CloseReason reason) {
        reader.close();
        also.onDisconnect(session, reason);
    }
}
