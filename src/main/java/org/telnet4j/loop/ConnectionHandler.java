package org.telnet4j.loop;

/**
 * Receives what happens on one {@link Connection}. All methods run on the loop thread.
 */
public interface ConnectionHandler {

    /**
     * Bytes arrived (after any inbound transform). The array is the loop's shared read buffer:
     * valid only during the call.
     *
     * @return bytes consumed; fewer than {@code len} after installing an inbound transform that
     *     must see the rest (the connection then feeds the rest through it), or because a queue
     *     above is full: the connection then keeps the rest of the read, reads no more from the
     *     socket, and offers the rest again on a later pass (once reading is no longer paused
     *     with {@link Connection#setReadPaused})
     */
    int onInput(Connection connection, byte[] buf, int off, int len);

    /**
     * The stage next to the socket has opened (the TLS handshake is done), or the first byte said
     * the connection is plain: output held until now goes out at the end of this pass. Called
     * only for connections that began OPENING ({@link Connection#setStage},
     * {@link Connection#chooseStage}).
     */
    default void onTransportOpen(Connection connection) {
    }

    /** The connection closed, for the reason given; called exactly once. */
    void onClosed(Connection connection, CloseReason reason);

    /**
     * The output queue passed its cap. The connection applies its {@link OverflowPolicy} after
     * this returns; the handler may log or count.
     */
    default void onOutputOverflow(Connection connection, int queued) {
    }
}
