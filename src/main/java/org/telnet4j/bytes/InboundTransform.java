package org.telnet4j.bytes;

import java.io.IOException;

/**
 * An inbound {@link ByteTransform} that can stop part-way: when the consumer above it takes fewer
 * bytes than offered (its queue is full), or when it has produced its slice of output for this
 * pass. It then keeps the output the consumer did not take, and tells its caller how much of the
 * input it consumed; the caller keeps the rest and calls again later, with an empty input if need
 * be, to let it continue.
 *
 * <p>That is what lets {@link InboundPipeline} bound decompression within one read: a small
 * compressed input that inflates to gigabytes is produced a slice at a time, only as fast as the
 * layers above take it.
 */
public interface InboundTransform extends ByteTransform {

    /**
     * Transforms as much of {@code in[off, off+len)} as the consumer and this pass's slice allow.
     *
     * @return input bytes consumed; the caller offers the rest again on the next call
     * @throws IOException if the input is corrupt or beyond a limit; the message says which
     */
    int apply(byte[] in, int off, int len, InboundPipeline.Consumer next) throws IOException;

    /**
     * True if output is waiting: produced but not taken, or not yet produced because the slice
     * ran out. The caller must call {@link #apply(byte[], int, int, InboundPipeline.Consumer)}
     * again (with no input if it has none) before feeding anything else.
     */
    boolean hasPendingOutput();

    /** Starts a new pass: the slice of output allowed per pass is available again. */
    default void newPass() {
    }

    /**
     * True if the transform found that its input was never transformed at all (a peer that
     * announced compression and then sent plain bytes). It is then {@link #isFinished()} and has
     * given every byte it saw to the consumer unchanged; the owner of the option should turn it
     * off.
     */
    default boolean wasPassthrough() {
        return false;
    }

    @Override
    default void apply(byte[] in, int off, int len, ByteSink next) throws IOException {
        int pos = off;
        int end = off + len;
        InboundPipeline.Consumer all = (b, o, l) -> {
            next.write(b, o, l);
            return l;
        };
        do {
            newPass();
            pos += apply(in, pos, end - pos, all);
        } while ((pos < end || hasPendingOutput()) && !isFinished());
        if (pos < end) {
            next.write(in, pos, end - pos); // after the stream's end: plain
        }
    }
}
