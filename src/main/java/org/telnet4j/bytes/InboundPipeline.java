package org.telnet4j.bytes;

import java.io.IOException;

/**
 * Routes received bytes to a consumer (a telnet engine) through an optional inbound
 * {@link ByteTransform}, which the consumer may install at any byte: when it returns fewer bytes
 * than it was given after setting a transform, the rest of the buffer goes through the transform
 * that it has just set. That is how MCCP decompression starts right after
 * {@code IAC SB MCCP2 IAC SE}, mid-read. When the transform says its stream has ended, it is
 * removed and bytes flow plain again.
 *
 * <p>Bounded within a read: a consumer that returns fewer bytes than offered without installing a
 * transform is full (its queue above the parser reached its bound), and an
 * {@link InboundTransform} may stop when its consumer is full or its slice of output for the pass
 * is used up. The bytes not consumed are kept here, the {@link #hasBacklog() backlog}, and go on
 * with {@link #resume()} once the owner sees fit (the next loop pass, or when the application
 * has taken what was queued): nothing is lost and nothing grows beyond one read.
 *
 * <p>I/O-free; allocates only to keep a backlog. Not thread-safe.
 */
public final class InboundPipeline {
    /** The consumer of plain bytes. */
    @FunctionalInterface
    public interface Consumer {
        /**
         * Takes bytes. @return how many were consumed: all of them; fewer after installing a
         * transform with {@link InboundPipeline#setTransform} for the rest; or fewer because it
         * is full, in which case the rest is kept and offered again on {@link #resume()}
         */
        int accept(byte[] buf, int off, int len);
    }

    private final Consumer consumer;
    private final ByteSink plain = this::plain;
    private ByteTransform transform;
    private byte[] rest;
    private int restOff;
    private int restLen;
    private int passthroughs;

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

    /**
     * Delivers {@code buf[off, off+len)}; what the consumer does not take now is copied into the
     * backlog. If a backlog is already waiting, the bytes join it (order is kept).
     *
     * @throws IOException if the transform fails (corrupt data, or past its limits)
     */
    public void feed(byte[] buf, int off, int len) throws IOException {
        if (len <= 0) {
            return;
        }
        if (restLen > 0) {
            keep(buf, off, off + len);
            return;
        }
        newPass();
        int end = off + len;
        keep(buf, process(buf, off, end), end);
    }

    /** True while bytes wait in the backlog, or the transform holds output not yet taken. */
    public boolean hasBacklog() {
        return restLen > 0 || pendingInTransform();
    }

    /** Bytes waiting in the backlog (not counting what a transform holds). */
    public int backlogBytes() {
        return restLen;
    }

    /**
     * Offers the backlog again, as a new pass (a transform's output slice is available again).
     * What is still not taken stays in the backlog.
     *
     * @throws IOException as {@link #feed}
     */
    public void resume() throws IOException {
        if (!hasBacklog()) {
            return;
        }
        newPass();
        byte[] b = rest != null ? rest : new byte[0];
        int end = restOff + restLen;
        int pos = process(b, restOff, end);
        restOff = pos;
        restLen = end - pos;
        if (restLen == 0) {
            rest = null; // a backlog is rare: give its memory back
            restOff = 0;
        }
    }

    /** How many transforms found their stream was never compressed; see {@link InboundTransform#wasPassthrough()}. */
    public int passthroughs() {
        return passthroughs;
    }

    private void newPass() {
        if (transform instanceof InboundTransform) {
            ((InboundTransform) transform).newPass();
        }
    }

    private boolean pendingInTransform() {
        return transform instanceof InboundTransform && ((InboundTransform) transform).hasPendingOutput();
    }

    /** Routes {@code buf[pos, end)}. @return where it stopped: {@code end} unless something is full */
    private int process(byte[] buf, int pos, int end) throws IOException {
        while (true) {
            ByteTransform t = transform;
            if (t instanceof InboundTransform) {
                InboundTransform it = (InboundTransform) t;
                pos += it.apply(buf, pos, end - pos, consumer);
                if (it.isFinished()) {
                    if (it.wasPassthrough()) {
                        passthroughs++;
                    }
                    retire(it);
                    continue; // what follows the stream is plain
                }
                if (transform != it) {
                    continue;
                }
                return pos; // all taken, or stopped: the rest waits for the next pass
            }
            if (t != null) {
                t.apply(buf, pos, end - pos, plain);
                if (t.isFinished()) {
                    retire(t);
                }
                return end;
            }
            if (pos >= end) {
                return end;
            }
            int used = consumer.accept(buf, pos, end - pos);
            pos += Math.max(used, 0);
            if (transform == null) {
                return pos; // all of it, or the consumer is full
            }
        }
    }

    /** Output of a plain {@link ByteTransform}: all of it goes to the consumer. */
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

    /** Appends {@code buf[from, end)} to the backlog. */
    private void keep(byte[] buf, int from, int end) {
        int n = end - from;
        if (n <= 0) {
            return;
        }
        if (rest == null) {
            rest = new byte[n];
            restOff = 0;
        } else if (restOff + restLen + n > rest.length) {
            byte[] bigger = new byte[restLen + n];
            System.arraycopy(rest, restOff, bigger, 0, restLen);
            rest = bigger;
            restOff = 0;
        }
        System.arraycopy(buf, from, rest, restOff + restLen, n);
        restLen += n;
    }

    private void retire(ByteTransform t) {
        if (transform == t) {
            transform = null;
        }
        t.close();
    }

    /** Releases the transform, if any, and forgets the backlog. */
    public void close() {
        if (transform != null) {
            transform.close();
            transform = null;
        }
        rest = null;
        restLen = 0;
        restOff = 0;
    }
}
