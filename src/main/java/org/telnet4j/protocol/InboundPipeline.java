package org.telnet4j.protocol;

import java.io.IOException;

/**
 * Routes received bytes to a consumer (a telnet engine) through an optional inbound
 * {@link ByteTransform}, which the consumer may install at any byte: when it returns fewer bytes
 * than it was given, the rest of the buffer goes through the transform that it has just set.
 * That is how MCCP decompression starts right after {@code IAC SB MCCP2 IAC SE}, mid-read. When the
 * transform says its stream has ended, it is removed and bytes flow plain again.
 *
 * <p>I/O-free and allocation-free; used by event-loop connections and blocking clients alike.
 * Not thread-safe.
 */
public final class InboundPipeline {
    /** The consumer of plain bytes. */
    @FunctionalInterface
    public interface Consumer {
        /**
         * Takes bytes. @return how many were consumed: all of them, or fewer only after
         * installing a transform with {@link InboundPipeline#setTransform} for the rest
         */
        int accept(byte[] buf, int off, int len);
    }

    private final Consumer consumer;
    private final TelnetOutput plain = this::plain;
    private ByteTransform transform;

    /** A pipeline feeding {@code consumer}. */
    public InboundPipeline(Consumer consumer) {
        this.consumer = consumer;
    }

    /** Sets the transform for bytes not yet delivered (null: none). */
    public void setTransform(ByteTransform t) {
        this.transform = t;
    }

    /** The transform in place, or null. */
    public ByteTransform transform() {
        return transform;
    }

    /** Delivers {@code buf[off, off+len)}. @throws IOException if the transform fails (corrupt data) */
    public void feed(byte[] buf, int off, int len) throws IOException {
        int pos = off;
        int end = off + len;
        while (pos < end) {
            ByteTransform t = transform;
            if (t != null) {
                t.apply(buf, pos, end - pos, plain);
                retireIfFinished(t);
                return;
            }
            int used = consumer.accept(buf, pos, end - pos);
            if (used <= 0 && transform == null) {
                return; // took nothing and installed nothing: nothing more to do with this buffer
            }
            pos += Math.max(used, 0);
        }
    }

    /** Output of the transform: plain bytes for the consumer. */
    private void plain(byte[] buf, int off, int len) {
        int pos = off;
        int end = off + len;
        while (pos < end) {
            int used = consumer.accept(buf, pos, end - pos);
            if (used <= 0) {
                return;
            }
            pos += used;
        }
    }

    private void retireIfFinished(ByteTransform t) {
        if (t.isFinished() && transform == t) {
            transform = null;
            t.close();
        }
    }

    /** Releases the transform, if any. */
    public void close() {
        if (transform != null) {
            transform.close();
            transform = null;
        }
    }
}
