package org.telnet4j.bytes;

import java.io.IOException;

/**
 * A stage between the socket and the telnet engine that rewrites bytes: decompression (MCCP),
 * compression, or, for TLS, unwrapping and wrapping. A connection ({@code org.telnet4j.loop.Connection}) runs at most one
 * inbound and one outbound transform; either can be installed at any byte of the stream, which
 * is how MCCP starts right after {@code IAC SB MCCP2 IAC SE}.
 *
 * <p>Transforms do no I/O of their own; on an event loop they run on its thread and must not block.
 */
public interface ByteTransform {

    /** Transforms {@code in[off, off+len)}, passing whatever output is ready to {@code next}. */
    void apply(byte[] in, int off, int len, ByteSink next) throws IOException;

    /**
     * Pushes out anything buffered (a compressor's sync flush). Called when the connection's
     * write queue is about to be written to the socket.
     */
    default void flush(ByteSink next) throws IOException {
    }

    /**
     * Ends the transformed stream (a compressor's final block), passing what remains to
     * {@code next}; called when the transform is replaced or removed. The default flushes.
     */
    default void finish(ByteSink next) throws IOException {
        flush(next);
    }

    /**
     * True once the transformed stream has ended by itself (a zlib stream's end; the transform passes
     * any bytes after that end on unchanged); the connection
     * then removes the transform and passes bytes through unchanged.
     */
    default boolean isFinished() {
        return false;
    }

    /** Releases resources (native zlib memory, for one). */
    default void close() {
    }
}
