package org.telnet4j.option.mud;

import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.telnet4j.protocol.ByteTransform;
import org.telnet4j.protocol.TelnetOutput;

/**
 * The decompressing side of MCCP2 and MCCP3: installed at the exact byte after
 * {@code IAC SB MCCP2 IAC SE}, even in the middle of a read. When the zlib stream ends (the server
 * stopped compressing), the bytes after its end are passed on unchanged and {@link #isFinished()}
 * turns true, so the connection returns to plain telnet.
 *
 * <p>Output goes on in chunks of {@value #BUFFER} bytes as it is produced, so a small compressed
 * input that inflates to a lot never needs a large buffer. Memory: about 44 KiB of native zlib
 * state plus the buffer.
 */
public final class InflateTransform implements ByteTransform {
    static final int BUFFER = 8192;

    private final Inflater inflater = new Inflater();
    private final byte[] out = new byte[BUFFER];
    private boolean finished;
    private boolean closed;

    @Override
    public void apply(byte[] in, int off, int len, TelnetOutput next) throws IOException {
        if (finished) {
            next.write(in, off, len);
            return;
        }
        if (closed) {
            return;
        }
        inflater.setInput(in, off, len);
        try {
            while (true) {
                int n = inflater.inflate(out, 0, out.length);
                if (n > 0) {
                    next.write(out, 0, n);
                }
                if (inflater.finished()) {
                    finished = true;
                    int rest = inflater.getRemaining();
                    if (rest > 0) {
                        next.write(in, off + len - rest, rest); // plain telnet after the stream
                    }
                    return;
                }
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return;
                }
            }
        } catch (DataFormatException e) {
            throw new IOException("corrupt compressed stream: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    /** Compressed bytes consumed so far. */
    public long bytesIn() {
        return inflater.getBytesRead();
    }

    /** Bytes produced so far. */
    public long bytesOut() {
        return inflater.getBytesWritten();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            inflater.end();
        }
    }
}
