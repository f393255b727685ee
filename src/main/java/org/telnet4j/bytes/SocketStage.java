package org.telnet4j.bytes;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The stage next to the socket: every byte read passes through it before the inbound
 * {@link ByteTransform} and the telnet engine see anything, and every byte written leaves through
 * it. TLS is one. Unlike a {@link ByteTransform}, a stage has a life of its own: it must open
 * (a handshake) before application output may pass, a read may make it write (handshake records,
 * alerts) and a write may have to wait for a read, and it has a closing word of its own
 * ({@code close_notify}) that must go out after the last application byte and before the socket
 * shuts.
 *
 * <p>The owner (a {@code org.telnet4j.loop.Connection}) holds application output while the stage
 * is not {@link #isOpen() open}, and passes it to {@link #send} once it is. The stage does no I/O:
 * what it has to send goes to {@link Wire#toSocket}, what it decodes to {@link Wire#toApplication}.
 * It runs on one thread and must not block.
 */
public interface SocketStage {

    /** The owner's side of a stage: the socket's write queue and the bytes' way up. */
    interface Wire {
        /** Queues bytes for the socket, as they are (already framed by the stage). */
        void toSocket(byte[] buf, int off, int len);

        /** Hands decoded application bytes up (to the inbound transform and the handler). */
        void toApplication(byte[] buf, int off, int len);

        /**
         * A scratch buffer of at least {@code size} bytes, shared with other connections and
         * valid only until this call returns: stages keep no large buffer of their own.
         */
        ByteBuffer scratch(int which, int size);
    }

    /** Starts the stage (a TLS client sends its hello here). */
    void start(Wire wire) throws IOException;

    /**
     * Bytes from the socket, {@code net} positioned at them. The stage consumes what it can;
     * a partial record it keeps itself, and hands back with {@link #carry} before the next read.
     *
     * @throws IOException when the bytes are not what the stage expects (the message says what)
     */
    void received(ByteBuffer net, Wire wire) throws IOException;

    /**
     * Puts the bytes kept from an earlier read (a partial record) at {@code readBuffer}'s
     * position, so that the next read completes them; the stage forgets them.
     */
    void carry(ByteBuffer readBuffer);

    /** Bytes kept from an earlier read (a partial record). */
    int carried();

    /** True once application bytes may be sent (the handshake is done). */
    boolean isOpen();

    /** True once the peer has said it sends nothing more (TLS close_notify). */
    boolean isInputDone();

    /** Sends application bytes; only once {@link #isOpen()}. */
    void send(byte[] buf, int off, int len, Wire wire) throws IOException;

    /** Sends the stage's closing word; nothing may be sent after it. */
    void close(Wire wire);

    /** Releases what the stage holds; it is not used again. */
    void release();

    /**
     * True when this end started the connection (a TLS client): its failures are the caller's to
     * report (a connect that fails with the reason), so the owner logs them at DEBUG only.
     */
    default boolean isClient() {
        return false;
    }

    /** The stage's name in log lines ({@code "TLS"}). */
    String name();
}
