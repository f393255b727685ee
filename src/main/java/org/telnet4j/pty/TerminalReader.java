package org.telnet4j.pty;

import com.sun.jna.Memory;
import java.io.IOException;
import jtermios.JTermios;

/**
 * Reads a pseudo-terminal's master side in chunks, for the one thread that reads it.
 *
 * <p>Why not pty4j's input stream: it polls before every read (a second system call), and a Java
 * array passed to a native call is copied in and out whole, so a 4 KiB read into a 32 KiB array
 * moved 64 KiB. Here the kernel writes into one native buffer and each chunk is copied out once,
 * at its exact length. Linux's terminal line discipline hands over at most its 4 KiB buffer per
 * read, so a chunk gathers reads while more is already there: the loop is then woken once per
 * chunk, not once per read.
 *
 * <p>A pipe wakes the reader from another thread ({@link #wake}), so the reader never has to be
 * ended by closing the terminal under it: the descriptor is only closed after its last use, by
 * its reader, and cannot be reused by an unrelated open while it is still being polled.
 */
final class TerminalReader implements AutoCloseable {
    /** {@link #await}: the terminal has something to read, or hung up (the read says which). */
    static final int READY = 1;
    /** {@link #await}: the time passed. */
    static final int TIMEOUT = 0;
    /** {@link #await}: {@link #wake} was called. */
    static final int WOKEN = 2;

    private final int fd;
    private final Memory buf;
    private final int size;
    /** poll(2) set: the terminal, then the wake pipe's read end; {@code struct pollfd} as ints. */
    private final int[] both;
    /** poll(2) set: the terminal alone, for the no-wait check while gathering. */
    private final int[] one;
    private final int wakeRead;
    private final int wakeWrite;
    private boolean closed;

    /**
     * @param fd the master's descriptor, blocking
     * @param chunk the largest chunk returned by {@link #read}
     * @throws IOException if the wake pipe cannot be made
     */
    TerminalReader(int fd, int chunk) throws IOException {
        this.fd = fd;
        this.size = chunk;
        this.buf = new Memory(chunk);
        int[] p = new int[2];
        if (JTermios.pipe2(p, JTermios.O_CLOEXEC) != 0) {
            throw new IOException("pipe failed (errno " + JTermios.errno() + ")");
        }
        this.wakeRead = p[0];
        this.wakeWrite = p[1];
        this.both = new int[] {fd, JTermios.POLLIN, wakeRead, JTermios.POLLIN};
        this.one = new int[] {fd, JTermios.POLLIN};
    }

    /** Waits up to {@code millis} for output or a {@link #wake}. @return READY, TIMEOUT or WOKEN */
    int await(int millis) {
        both[1] = JTermios.POLLIN; // events; clears revents, the high half
        both[3] = JTermios.POLLIN;
        int r = JTermios.poll(both, 2, millis);
        if (r == 0) {
            return TIMEOUT;
        }
        if (r < 0) {
            return JTermios.errno() == JTermios.EINTR ? TIMEOUT : READY; // the read reports the failure
        }
        if ((both[3] >>> 16) != 0) {
            return WOKEN;
        }
        return READY;
    }

    /**
     * Reads what the terminal has, gathering while more is already there, up to the chunk size.
     * Call after {@link #await} said READY.
     *
     * @return the bytes, an empty array if there was nothing after all (an interrupted read), or
     *     null at the end: every process holding the terminal closed it (EIO) or it failed
     */
    byte[] read() {
        int n = 0;
        while (n < size) {
            int m = JTermios.read(fd, buf, n, size - n);
            if (m <= 0) {
                if (m < 0 && JTermios.errno() == JTermios.EINTR) {
                    continue;
                }
                if (n == 0) {
                    return m == 0 || JTermios.errno() != JTermios.EAGAIN ? null : new byte[0];
                }
                break; // the end shows again at the next read, after this chunk is handed on
            }
            n += m;
            if (n < size && !readyNow()) {
                break;
            }
        }
        return buf.getByteArray(0, n);
    }

    private boolean readyNow() {
        one[1] = JTermios.POLLIN;
        int r = JTermios.poll(one, 1, 0);
        return r > 0 && (one[1] >>> 16) != 0;
    }

    /** Any thread: makes the reader's {@link #await} return WOKEN, now or at its next call. */
    synchronized void wake() {
        if (!closed) {
            JTermios.write(wakeWrite, new byte[] {1}, 1);
        }
    }

    /** Closes the wake pipe (not the terminal, which pty4j's streams close). */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            JTermios.close(wakeRead);
            JTermios.close(wakeWrite);
        }
    }
}
