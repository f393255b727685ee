package jtermios;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The C library calls and Linux constants pty4j needs (see the package description). Every call
 * returns what the C function returns; {@link #errno()} is the calling thread's errno after it.
 */
public final class JTermios {
    /** Length of {@code c_cc} in Linux's {@code struct termios}. */
    public static final int NCCS = 32;
    /** {@code sizeof(struct termios)} on Linux: 4 flag words, c_line, c_cc[32], 2 speeds. */
    private static final int TERMIOS_SIZE = 60;
    private static final int CC_OFFSET = 17;
    private static final int ISPEED_OFFSET = 52;

    // <fcntl.h>, <errno.h>, <poll.h>, <termios.h> on Linux (all architectures pty4j ships for).
    /** open(2): read and write. */
    public static final int O_RDWR = 02;
    /** open(2): do not become the controlling terminal. */
    public static final int O_NOCTTY = 0400;
    /** open(2), pipe2(2): close on exec, so a program started later does not inherit it. */
    public static final int O_CLOEXEC = 02000000;
    /** Try again. */
    public static final int EAGAIN = 11;
    /** Interrupted system call. */
    public static final int EINTR = 4;
    /** poll(2): data to read. */
    public static final short POLLIN = 0x1;
    /** tcsetattr: now. */
    public static final int TCSANOW = 0;
    /** c_iflag: signal on break. */
    public static final int BRKINT = 0000002;
    /** c_iflag: CR to NL. */
    public static final int ICRNL = 0000400;
    /** c_iflag: XON/XOFF output flow control. */
    public static final int IXON = 0002000;
    /** c_iflag: any character restarts output. */
    public static final int IXANY = 0004000;
    /** c_oflag: output processing. */
    public static final int OPOST = 0000001;
    /** c_cflag: enable the receiver. */
    public static final int CREAD = 0000200;
    /** c_lflag: signals from INTR, QUIT, SUSP. */
    public static final int ISIG = 0000001;
    /** c_lflag: canonical input. */
    public static final int ICANON = 0000002;
    /** c_lflag: echo. */
    public static final int ECHO = 0000010;
    /** c_lflag: echo ERASE as backspace-space-backspace. */
    public static final int ECHOE = 0000020;
    /** c_lflag: implementation-defined input processing. */
    public static final int IEXTEN = 0100000;
    /** c_cc index of EOF. */
    public static final int VEOF = 4;
    /** c_cc index of START. */
    public static final int VSTART = 8;
    /** c_cc index of STOP. */
    public static final int VSTOP = 9;

    private static final class C {
        static {
            Native.register(NativeLibrary.getInstance("c"));
        }

        static native int open(String path, int flags);

        static native int close(int fd);

        static native int read(int fd, byte[] buf, long count);

        static native int read(int fd, Pointer buf, long count);

        static native int write(int fd, byte[] buf, long count);

        static native int poll(int[] fds, long nfds, int timeout);

        static native int pipe(int[] fds);

        static native int pipe2(int[] fds, int flags);

        static native int tcgetattr(int fd, Memory termios);

        static native int tcsetattr(int fd, int action, Memory termios);

        static native int tcdrain(int fd);
    }

    private JTermios() {
    }

    /** errno after the last call on this thread. */
    public static int errno() {
        return Native.getLastError();
    }

    /** open(2). */
    public static int open(String path, int flags) {
        return C.open(path, flags);
    }

    /** close(2). */
    public static int close(int fd) {
        return C.close(fd);
    }

    /** read(2) into the start of {@code buf}. */
    public static int read(int fd, byte[] buf, int count) {
        return C.read(fd, buf, Math.min(count, buf.length));
    }

    /**
     * read(2) into native memory at {@code offset}: unlike a Java array, which the call copies in
     * and out whole, nothing is copied but what the kernel writes.
     */
    public static int read(int fd, Memory buf, long offset, int count) {
        if (offset < 0 || count < 0 || offset + count > buf.size()) {
            throw new IndexOutOfBoundsException("read of " + count + " at " + offset + " into " + buf.size());
        }
        return C.read(fd, buf.share(offset), count);
    }

    /** write(2) from the start of {@code buf}. */
    public static int write(int fd, byte[] buf, int count) {
        return C.write(fd, buf, Math.min(count, buf.length));
    }

    /**
     * poll(2) over {@code fds}, laid out as {@code struct pollfd} is in memory: pairs of ints, the
     * descriptor, then {@code events} in the low and {@code revents} in the high 16 bits (little
     * endian, as on every Linux pty4j ships a native part for except ppc64 big endian, where it
     * runs no differently because pty4j only tests POLLIN in both halves).
     */
    public static int poll(int[] fds, int nfds, int timeout) {
        return C.poll(fds, nfds, timeout);
    }

    /** pipe(2). */
    public static int pipe(int[] fds) {
        return C.pipe(fds);
    }

    /** pipe2(2), Linux: a pipe with {@code flags} such as {@link #O_CLOEXEC}. */
    public static int pipe2(int[] fds, int flags) {
        return C.pipe2(fds, flags);
    }

    /** tcdrain(3). */
    public static int tcdrain(int fd) {
        return C.tcdrain(fd);
    }

    /** tcgetattr(3) into {@code t}. */
    public static int tcgetattr(int fd, Termios t) {
        Memory m = new Memory(TERMIOS_SIZE);
        m.clear();
        int r = C.tcgetattr(fd, m);
        if (r == 0) {
            t.c_iflag = m.getInt(0);
            t.c_oflag = m.getInt(4);
            t.c_cflag = m.getInt(8);
            t.c_lflag = m.getInt(12);
            t.c_cc = m.getByteArray(CC_OFFSET, NCCS);
            t.c_ispeed = m.getInt(ISPEED_OFFSET);
            t.c_ospeed = m.getInt(ISPEED_OFFSET + 4);
        }
        return r;
    }

    /** tcsetattr(3) from {@code t}. */
    public static int tcsetattr(int fd, int action, Termios t) {
        Memory m = new Memory(TERMIOS_SIZE);
        m.clear();
        m.setInt(0, t.c_iflag);
        m.setInt(4, t.c_oflag);
        m.setInt(8, t.c_cflag);
        m.setInt(12, t.c_lflag);
        m.write(CC_OFFSET, t.c_cc, 0, Math.min(NCCS, t.c_cc.length));
        m.setInt(ISPEED_OFFSET, t.c_ispeed);
        m.setInt(ISPEED_OFFSET + 4, t.c_ospeed);
        return C.tcsetattr(fd, action, m);
    }

    /** A new, empty descriptor set. */
    public static FDSet newFDSet() {
        return new FDSet();
    }

    /** Adds {@code fd} to {@code set}. */
    public static void FD_SET(int fd, FDSet set) {
        set.bits.set(fd);
    }

    /** True if {@code fd} is in {@code set}. */
    public static boolean FD_ISSET(int fd, FDSet set) {
        return set.bits.get(fd);
    }

    /**
     * Not supported: pty4j calls select only on macOS 10.6 and older, which this shim does not
     * serve. Always fails with EINTR-free -1.
     */
    public static int select(int n, FDSet read, FDSet write, FDSet error, TimeVal timeout) {
        throw new UnsupportedOperationException("select: only poll is supported (Linux)");
    }
}
