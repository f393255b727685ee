package org.telnet4j.option.mud;

import java.util.zip.Deflater;
import org.telnet4j.bytes.ByteTransform;
import org.telnet4j.bytes.ByteSink;

/**
 * The compressing side of MCCP2 (server to client) and MCCP3 (client to server): a zlib stream
 * started right after {@code IAC SB MCCP2 IAC SE} (or MCCP3). Each {@link #flush} is a zlib sync
 * flush, so everything written so far can be decompressed by the peer at once: the connection
 * calls it every time its write queue goes to the socket.
 *
 * <p>Memory: zlib's deflate state at its defaults, about {@value #NATIVE_MEMORY} bytes of native
 * memory, plus a {@value #BUFFER}-byte heap buffer. {@link #close()} releases both.
 */
public final class DeflateTransform implements ByteTransform {
    /** Native memory of one deflate stream at zlib's defaults (window 32 KiB, memLevel 8). */
    public static final int NATIVE_MEMORY = 268 * 1024;
    static final int BUFFER = 4096;

    private final Deflater deflater;
    private final byte[] out = new byte[BUFFER];
    private boolean closed;

    /** A compressor at zlib's default level. */
    public DeflateTransform() {
        this(Deflater.DEFAULT_COMPRESSION);
    }

    /** A compressor at {@code level} (0-9, or -1 for zlib's default). */
    public DeflateTransform(int level) {
        this.deflater = new Deflater(level);
    }

    @Override
    public void apply(byte[] in, int off, int len, ByteSink next) {
        if (closed || len == 0) {
            return;
        }
        deflater.setInput(in, off, len);
        while (!deflater.needsInput()) {
            int n = deflater.deflate(out, 0, out.length, Deflater.NO_FLUSH);
            if (n > 0) {
                next.write(out, 0, n);
            }
        }
    }

    @Override
    public void flush(ByteSink next) {
        if (closed) {
            return;
        }
        int n;
        do {
            n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
            if (n > 0) {
                next.write(out, 0, n);
            }
        } while (n == out.length);
    }

    /** Ends the zlib stream: the peer's decompressor finishes and reads plain bytes after it. */
    @Override
    public void finish(ByteSink next) {
        if (closed) {
            return;
        }
        deflater.finish();
        while (!deflater.finished()) {
            int n = deflater.deflate(out, 0, out.length);
            if (n > 0) {
                next.write(out, 0, n);
            }
        }
    }

    /** Bytes given to the compressor so far. */
    public long bytesIn() {
        return deflater.getBytesRead();
    }

    /** Compressed bytes produced so far. */
    public long bytesOut() {
        return deflater.getBytesWritten();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            deflater.end();
        }
    }
}
