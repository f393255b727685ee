package org.telnet4j.option.mud;

import java.io.IOException;
import java.util.function.LongSupplier;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.telnet4j.bytes.InboundPipeline;
import org.telnet4j.bytes.InboundTransform;

/**
 * The decompressing side of MCCP2 and MCCP3: installed at the exact byte after
 * {@code IAC SB MCCP2 IAC SE}, even in the middle of a read. When the zlib stream ends (the peer
 * stopped compressing), the bytes after its end are left to the caller as plain telnet and
 * {@link #isFinished()} turns true.
 *
 * <p>Bounded: output is produced {@value #BUFFER} bytes at a time, only as fast as the consumer
 * takes it, and at most {@link InflateLimits#slice()} bytes per pass (see {@link #newPass()}), so
 * one connection's stream cannot hold the loop. Past {@link InflateLimits#maxRatio()} or
 * {@link InflateLimits#maxPerSecond()} it throws {@link InflateLimitException}.
 *
 * <p>A peer that announces compression and then sends plain bytes (telnetlib3's MCCP3 client
 * does) is caught at the first bytes: if zlib rejects the stream before producing anything, every
 * byte seen is handed on unchanged, {@link #wasPassthrough()} turns true and the transform
 * finishes, so nothing is lost.
 *
 * <p>Memory: about 44 KiB of native zlib state, the {@value #BUFFER}-byte output buffer and a
 * {@value #PROBE}-byte copy of the first input, dropped once output starts.
 */
public final class InflateTransform implements InboundTransform {
    static final int BUFFER = 8192;
    /** Input kept until the stream proves to be zlib, to hand on unchanged if it is not. */
    static final int PROBE = 1024;
    private static final long SECOND = 1_000_000_000L;

    private final Inflater inflater = new Inflater();
    private final InflateLimits limits;
    private final LongSupplier clock;
    private final Runnable onPassthrough;
    private final byte[] out = new byte[BUFFER];
    private int outPos;
    private int outEnd;
    private byte[] probe = new byte[PROBE];
    private int probeLen;
    private boolean finished;
    private boolean passthrough;
    private boolean closed;
    private int passOut;
    private long windowStart;
    private long windowIn;
    private long windowOut;
    private long lastRead;
    /** The last call stopped with output still to come (slice used, or the consumer full). */
    private boolean more;

    /** With the default limits. */
    public InflateTransform() {
        this(InflateLimits.DEFAULT, System::nanoTime);
    }

    /**
     * @param limits the ceilings
     * @param clock nanoseconds, for the per-second ceiling (the loop's clock, or a test's)
     */
    public InflateTransform(InflateLimits limits, LongSupplier clock) {
        this(limits, clock, null);
    }

    /**
     * @param limits the ceilings
     * @param clock nanoseconds, for the per-second ceiling (the loop's clock, or a test's)
     * @param onPassthrough run once if the stream turns out not to be compressed, before its
     *     bytes are handed on (the owner turns the option off); may be null
     */
    public InflateTransform(InflateLimits limits, LongSupplier clock, Runnable onPassthrough) {
        this.limits = limits;
        this.clock = clock;
        this.onPassthrough = onPassthrough;
        this.windowStart = clock.getAsLong();
    }

    @Override
    public void newPass() {
        passOut = 0;
    }

    @Override
    public int apply(byte[] in, int off, int len, InboundPipeline.Consumer next) throws IOException {
        if (!drain(next) || closed || finished) {
            return 0;
        }
        inflater.setInput(in, off, len);
        more = false;
        try {
            while (true) {
                if (passOut >= limits.slice()) {
                    more = true; // this pass's slice is used: continue on the next
                    break;
                }
                long readBefore = inflater.getBytesRead();
                int n = inflater.inflate(out, 0, out.length);
                if (n == 0 && inflater.getBytesRead() == readBefore && !inflater.finished()
                    && !inflater.needsInput() && !inflater.needsDictionary()) {
                    // zlib took nothing and gave nothing, yet wants no input: it would spin here
                    // (and the pipeline would hand it the same bytes again) for ever.
                    throw new DataFormatException("the decompressor made no progress");
                }
                if (n > 0) {
                    probe = null; // it is zlib: nothing to hand on unchanged
                    count(n);
                    outPos = 0;
                    outEnd = n;
                    if (!drain(next)) {
                        more = true; // the consumer is full
                        break;
                    }
                }
                if (inflater.finished()) {
                    finished = true;
                    break;
                }
                if (n == 0 && inflater.needsDictionary()) {
                    // MCCP streams never use a preset dictionary (RFC 1950's FDICT); none can be
                    // given, so without this the same bytes would be offered again for ever.
                    throw new DataFormatException("the stream asks for a preset dictionary");
                }
                if (n == 0 && inflater.needsInput()) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            if (probe != null && inflater.getBytesWritten() == 0) {
                return notCompressed(next);
            }
            throw new IOException("corrupt compressed stream: " + e.getMessage(), e);
        }
        int consumed = len - inflater.getRemaining();
        keepProbe(in, off, consumed);
        return consumed;
    }

    /** Keeps a copy of consumed input while no output has been produced. */
    private void keepProbe(byte[] in, int off, int consumed) {
        if (probe == null) {
            return;
        }
        if (probeLen + consumed > PROBE) {
            probe = null; // a long header without output: real zlib, or not worth saving
            return;
        }
        System.arraycopy(in, off, probe, probeLen, consumed);
        probeLen += consumed;
    }

    /**
     * zlib rejected the stream before producing anything: the bytes were never compressed. The
     * input seen in earlier calls goes on as pending output; this call's input is left to the
     * caller (consumed 0), which now routes it plain.
     */
    private int notCompressed(InboundPipeline.Consumer next) {
        passthrough = true;
        finished = true;
        System.arraycopy(probe, 0, out, 0, probeLen);
        outPos = 0;
        outEnd = probeLen;
        probe = null;
        if (onPassthrough != null) {
            onPassthrough.run();
        }
        drain(next);
        return 0;
    }

    private void count(int produced) throws InflateLimitException {
        long now = clock.getAsLong();
        if (now - windowStart >= SECOND) {
            windowStart = now;
            windowIn = 0;
            windowOut = 0;
        }
        long read = inflater.getBytesRead();
        windowIn += read - lastRead;
        lastRead = read;
        passOut += produced;
        windowOut += produced;
        if (windowOut > limits.maxPerSecond()) {
            throw new InflateLimitException("decompression ceiling: more than " + limits.maxPerSecond()
                + " bytes inflated in one second");
        }
        if (windowOut > InflateLimits.RATIO_GRACE && windowOut > (long) limits.maxRatio() * Math.max(windowIn, 1)) {
            throw new InflateLimitException("decompression ratio above " + limits.maxRatio() + ":1 ("
                + windowOut + " bytes from " + windowIn + " compressed in one second)");
        }
    }

    /** Gives held output to the consumer. @return true if none is left */
    private boolean drain(InboundPipeline.Consumer next) {
        while (outPos < outEnd) {
            int used = next.accept(out, outPos, outEnd - outPos);
            if (used <= 0) {
                return false;
            }
            outPos += used;
        }
        return true;
    }

    @Override
    public boolean hasPendingOutput() {
        if (outPos < outEnd) {
            return true;
        }
        return more && !finished && !closed;
    }

    @Override
    public boolean isFinished() {
        return finished && outPos >= outEnd;
    }

    @Override
    public boolean wasPassthrough() {
        return passthrough;
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
