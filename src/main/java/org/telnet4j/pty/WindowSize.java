package org.telnet4j.pty;

/**
 * A window size for the pseudo-terminal, from NAWS (RFC 1073), kept within what programs cope
 * with. RFC 1073 lets a client send 0 for a dimension it does not know: that dimension becomes the
 * classic 80 columns or 24 rows. A dimension above {@link #MAX} becomes {@link #MAX}: NAWS allows
 * 65535x65535, and a full-screen program that allocates a cell per position would try for four
 * billion of them.
 */
final class WindowSize {
    /** Default columns when the client sent none or 0. */
    static final int DEFAULT_COLUMNS = 80;
    /** Default rows when the client sent none or 0. */
    static final int DEFAULT_ROWS = 24;
    /** Largest number of columns or rows given to the program. */
    static final int MAX = 1000;

    final int columns;
    final int rows;

    private WindowSize(int columns, int rows) {
        this.columns = columns;
        this.rows = rows;
    }

    /** The size to give the program for what the client reported. */
    static WindowSize clamp(int columns, int rows) {
        return new WindowSize(dimension(columns, DEFAULT_COLUMNS), dimension(rows, DEFAULT_ROWS));
    }

    private static int dimension(int n, int fallback) {
        if (n <= 0) {
            return fallback;
        }
        return Math.min(n, MAX);
    }

    /** True if the client's figures had to be changed. */
    static boolean clamped(int columns, int rows) {
        WindowSize w = clamp(columns, rows);
        return w.columns != columns || w.rows != rows;
    }

    @Override
    public String toString() {
        return columns + "x" + rows;
    }
}
