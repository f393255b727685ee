package org.telnet4j.option;

/**
 * NAWS, "Negotiate About Window Size" (RFC 1073): {@code IAC SB NAWS w1 w0 h1 h0 IAC SE}, width and
 * height as unsigned 16-bit big-endian numbers. Zero means "unknown" (RFC 1073, section 2).
 */
public final class WindowSize {
    /** Payload length of a well-formed NAWS subnegotiation. */
    public static final int PAYLOAD_LENGTH = 4;

    private WindowSize() {
    }

    /**
     * Reads a NAWS payload without allocating.
     *
     * @return {@code columns << 16 | rows}, or -1 if the payload is not exactly four bytes (a long,
     *     so that no window size, 65535 x 65535 included, reads as -1 or negative)
     */
    public static long parse(byte[] buf, int off, int len) {
        if (len != PAYLOAD_LENGTH) {
            return -1;
        }
        int cols = (buf[off] & 0xFF) << 8 | (buf[off + 1] & 0xFF);
        int rows = (buf[off + 2] & 0xFF) << 8 | (buf[off + 3] & 0xFF);
        return (long) cols << 16 | rows;
    }

    /** The columns of a value returned by {@link #parse}. */
    public static int columns(long packed) {
        return (int) (packed >>> 16);
    }

    /** The rows of a value returned by {@link #parse}. */
    public static int rows(long packed) {
        return (int) (packed & 0xFFFF);
    }

    /** The four payload bytes for a window size; values are clamped to 0..65535. */
    public static byte[] payload(int columns, int rows) {
        int c = Math.max(0, Math.min(0xFFFF, columns));
        int r = Math.max(0, Math.min(0xFFFF, rows));
        return new byte[] {(byte) (c >>> 8), (byte) c, (byte) (r >>> 8), (byte) r};
    }
}
