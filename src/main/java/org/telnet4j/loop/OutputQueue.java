package org.telnet4j.loop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A connection's bounded output bytes: one array that grows by doubling up to the cap and is
 * dropped again when a large burst has drained, so idle connections hold no buffer at all.
 * Loop thread only.
 *
 * <p>A burst that the socket drains as fast as it is queued (a hosted program's output, a file)
 * empties the queue after every chunk, so without help each chunk would cost a new, zeroed large
 * array. The last large array a thread released is therefore kept as that thread's spare (one
 * per thread, at most {@link #SPARE_LIMIT} bytes), and the next large first write that fits
 * takes it: idle connections still hold nothing, and a loop thread holds at most one spare.
 */
final class OutputQueue {
    /** Arrays up to this size are kept when empty; larger ones are released. */
    static final int RETAIN_LIMIT = 2048;
    /** The largest array kept as a thread's spare. */
    static final int SPARE_LIMIT = 256 * 1024;
    private static final int FIRST_CAPACITY = 512;
    /** Per thread: the last large array released, for the next large first write. */
    private static final ThreadLocal<byte[]> SPARE = new ThreadLocal<>();

    private final int cap;
    private byte[] buf;
    private ByteBuffer view;
    private int start;
    private int end;

    OutputQueue(int cap) {
        this.cap = cap;
    }

    int cap() {
        return cap;
    }

    int size() {
        return end - start;
    }

    boolean isEmpty() {
        return end == start;
    }

    int capacity() {
        return buf == null ? 0 : buf.length;
    }

    /** The array in use, or null: for tests. */
    byte[] array() {
        return buf;
    }

    /** Takes bytes drained from a queue. */
    @FunctionalInterface
    interface Drain {
        void take(byte[] buf, int off, int len) throws IOException;
    }

    /**
     * Passes up to {@code max} bytes from the head to {@code to}, then forgets them (whatever
     * {@code to} does).
     */
    void drainTo(Drain to, int max) throws IOException {
        int n = Math.min(max, end - start);
        if (n <= 0) {
            return;
        }
        int from = start;
        start += n;
        byte[] b = buf;
        if (start == end) {
            start = end = 0;
            if (buf.length > RETAIN_LIMIT) {
                buf = null; // b goes to the spare slot once taken, below
                view = null;
            }
        }
        to.take(b, from, n);
        if (buf == null && b.length > RETAIN_LIMIT) {
            keepSpare(b);
        }
    }

    /** Appends all of it, past the cap if need be (the caller bounds what it adds). */
    void appendUnbounded(byte[] src, int off, int len) {
        int size = end - start;
        if (buf == null || end + len > buf.length) {
            makeRoom(size, len, true);
        }
        System.arraycopy(src, off, buf, end, len);
        end += len;
    }

    /** Appends all of it, or nothing and returns false if the cap would be passed. */
    boolean append(byte[] src, int off, int len) {
        int size = end - start;
        if ((long) size + len > cap) {
            return false;
        }
        if (buf == null || end + len > buf.length) {
            makeRoom(size, len, false);
        }
        System.arraycopy(src, off, buf, end, len);
        end += len;
        return true;
    }

    private void makeRoom(int size, int len, boolean pastCap) {
        int need = size + len;
        if (buf != null && need <= buf.length) {
            System.arraycopy(buf, start, buf, 0, size); // compact in place
        } else {
            int c = buf == null ? FIRST_CAPACITY : buf.length;
            while (c < need) {
                c <<= 1;
            }
            if (buf == null && need > RETAIN_LIMIT) {
                // A large first write starts a burst (a program's output, a file): room for a few
                // more at once, rather than regrowing and copying at each (it goes when drained).
                c <<= 2;
            }
            int want = pastCap ? c : Math.min(c, Math.max(cap, need));
            byte[] bigger = buf == null ? takeSpare(need) : null;
            if (bigger == null) {
                bigger = new byte[want];
            }
            if (size > 0) {
                System.arraycopy(buf, start, bigger, 0, size);
            }
            buf = bigger;
            view = ByteBuffer.wrap(bigger);
        }
        start = 0;
        end = size;
    }

    /** Writes as much as the channel takes. @return bytes written */
    int writeTo(WritableByteChannel ch) throws IOException {
        return writeTo(ch, Integer.MAX_VALUE);
    }

    /** Writes at most {@code max} bytes, as many as the channel takes. @return bytes written */
    int writeTo(WritableByteChannel ch, int max) throws IOException {
        if (start == end || max <= 0) {
            return 0;
        }
        view.limit(end - start > max ? start + max : end).position(start);
        int n = ch.write(view);
        start += n;
        if (start == end) {
            start = end = 0;
            if (buf.length > RETAIN_LIMIT) {
                keepSpare(buf);
                buf = null;
                view = null;
            }
        }
        return n;
    }

    /** This thread's spare if it holds {@code need} bytes, else null. */
    private static byte[] takeSpare(int need) {
        if (need <= RETAIN_LIMIT) {
            return null;
        }
        byte[] s = SPARE.get();
        if (s == null || s.length < need) {
            return null;
        }
        SPARE.set(null); // keeps the thread's entry: no allocation at the next release
        return s;
    }

    /**
     * Keeps a released large array as this thread's spare, in place of the one kept: the latest
     * burst's size is the best guess for the next one.
     */
    private static void keepSpare(byte[] b) {
        if (b.length <= SPARE_LIMIT) {
            SPARE.set(b);
        }
    }

    void clear() {
        start = end = 0;
        buf = null;
        view = null;
    }
}
