package org.telnet4j.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.telnet4j.bytes.ByteSink;
import org.telnet4j.bytes.ByteTransform;

/**
 * The outbound path of an owner that writes on its caller's thread and has no event loop
 * {@code Connection} to install a transform on ({@link BlockingTelnetClient}): bytes go to the
 * wire as written, and from the byte after our {@code IAC SB MCCP3 IAC SE} through the
 * protocol's {@linkplain ClientProtocol#newDeflater deflater}, until MCCP3 ends.
 *
 * <p>A compressor keeps what it is given until a sync flush, and each flush costs a few bytes.
 * The owner brackets each of its calls into the protocol with {@link #hold()} and
 * {@link #release()}: what the call writes, in however many pieces, leaves in one sync flush at
 * its end. A write outside any such call (an application that uses the protocol, or its engine,
 * directly) is flushed at once, so nothing is ever left waiting in the compressor.
 *
 * <p>Not thread-safe.
 */
final class DeflatingOutput implements ByteSink {
    private final ByteSink wire;
    private ByteTransform deflater;
    private int holds;

    /** @param wire the socket: writes everything or throws {@link UncheckedIOException} */
    DeflatingOutput(ByteSink wire) {
        this.wire = wire;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (deflater == null) {
            wire.write(b, off, len);
            return;
        }
        try {
            deflater.apply(b, off, len, wire);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (holds == 0) {
            flush();
        }
    }

    /**
     * MCCP3 starts: everything written from now on is compressed by {@code d}. The start marker
     * has gone to the wire already (nothing is held back: writes before this went out as they came).
     */
    void start(ByteTransform d) {
        end();
        deflater = d;
    }

    /** MCCP3 ends: finishes the zlib stream on the wire (the server reads plain after its end). */
    void end() {
        ByteTransform d = deflater;
        if (d == null) {
            return;
        }
        deflater = null;
        try {
            d.finish(wire);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            d.close();
        }
    }

    /** True while what is written is compressed. */
    boolean isCompressing() {
        return deflater != null;
    }

    /** A call into the protocol begins: its writes wait for one flush at its end. */
    void hold() {
        holds++;
    }

    /** The call ended (normally or not); {@link #flush} then sends what it wrote. */
    void release() {
        holds--;
    }

    /** Sync-flushes the compressor unless a call is still running: all written so far reaches the server. */
    void flush() {
        if (deflater != null && holds == 0) {
            try {
                deflater.flush(wire);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Releases the compressor without writing (the connection is closing). */
    void close() {
        ByteTransform d = deflater;
        deflater = null;
        if (d != null) {
            d.close();
        }
    }
}
