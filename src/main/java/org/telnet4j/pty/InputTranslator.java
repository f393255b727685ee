package org.telnet4j.pty;

import org.telnet4j.protocol.TelnetCommand;

/**
 * Turns what a telnet client sends into what a terminal would have sent the program.
 *
 * <p>Enter: telnet ends a line with CR LF or CR NUL (RFC 854; RFC 1123 section 3.3.1), some
 * clients with a lone CR; a terminal's Enter key is CR alone (the line discipline's ICRNL makes
 * it NL for programs that want lines). So CR LF and CR NUL become CR, also when the pair is split
 * across reads; a lone CR stays CR; an LF on its own stays (it is Ctrl-J).
 *
 * <p>Commands: the line discipline turns its special characters into signals and edits, so each
 * command becomes the key that does the same on a terminal, taken from the terminal's current
 * settings ({@code stty}): IP and BRK the interrupt key (SIGINT to the foreground process group),
 * ABORT the quit key (SIGQUIT), SUSP the suspend key (SIGTSTP), EOF the end-of-file key, EC the
 * erase key, EL the kill-line key (RFC 854, RFC 1184 section 2). Not thread-safe.
 */
final class InputTranslator {
    /** Linux's defaults, for when the terminal's settings cannot be read. */
    static final byte[] DEFAULT_KEYS = new byte[Key.values().length];
    /** A key disabled with {@code stty intr undef}: POSIX's _POSIX_VDISABLE on Linux. */
    static final int DISABLED = 0;

    /** The special keys of a terminal's line discipline. */
    enum Key { INTR, QUIT, ERASE, KILL, EOF, SUSP }

    static {
        DEFAULT_KEYS[Key.INTR.ordinal()] = 0x03;  // ^C
        DEFAULT_KEYS[Key.QUIT.ordinal()] = 0x1c;  // ^\
        DEFAULT_KEYS[Key.ERASE.ordinal()] = 0x7f; // ^?
        DEFAULT_KEYS[Key.KILL.ordinal()] = 0x15;  // ^U
        DEFAULT_KEYS[Key.EOF.ordinal()] = 0x04;   // ^D
        DEFAULT_KEYS[Key.SUSP.ordinal()] = 0x1a;  // ^Z
    }

    private boolean afterCr;

    /**
     * Copies {@code len} bytes into {@code out} (at least {@code len} long) with line ends
     * translated. @return the bytes written to {@code out}
     */
    int translate(byte[] buf, int off, int len, byte[] out) {
        int o = 0;
        boolean cr = afterCr;
        for (int i = off, end = off + len; i < end; i++) {
            byte b = buf[i];
            if (cr && (b == '\n' || b == 0)) {
                cr = false;
                continue; // the second half of CR LF or CR NUL
            }
            cr = b == '\r';
            out[o++] = b;
        }
        afterCr = cr;
        return o;
    }

    /** The key a telnet command stands for, or null if it has none (AO is handled apart). */
    static Key keyFor(int command) {
        switch (command) {
            case TelnetCommand.IP:
            case TelnetCommand.BRK:
                return Key.INTR;
            case TelnetCommand.ABORT:
                return Key.QUIT;
            case TelnetCommand.SUSP:
                return Key.SUSP;
            case TelnetCommand.EOF:
                return Key.EOF;
            case TelnetCommand.EC:
                return Key.ERASE;
            case TelnetCommand.EL:
                return Key.KILL;
            default:
                return null;
        }
    }

    /** True for keys after which a terminal flushes typed-ahead input (signals, without NOFLSH). */
    static boolean flushesInput(Key key) {
        return key == Key.INTR || key == Key.QUIT || key == Key.SUSP;
    }
}
