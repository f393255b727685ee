package org.telnet4j.protocol;

import java.util.Locale;

/**
 * Telnet command bytes (RFC 854 section "TELNET COMMAND STRUCTURE", plus EOR from RFC 885 and
 * EOF/SUSP/ABORT from RFC 1184) and their names.
 *
 * <p>Every command travels as {@code IAC <command>}; WILL, WONT, DO and DONT take one more byte
 * (the option) and SB opens a subnegotiation that {@code IAC SE} closes.
 */
public final class TelnetCommand {
    /** End of record (RFC 885); only meaningful once END-OF-RECORD is agreed. */
    public static final int EOR = 239;
    /** End of subnegotiation parameters. */
    public static final int SE = 240;
    /** No operation. */
    public static final int NOP = 241;
    /** Data mark: the data stream portion of a Synch (RFC 854). */
    public static final int DM = 242;
    /** Break. */
    public static final int BRK = 243;
    /** Interrupt process. */
    public static final int IP = 244;
    /** Abort output. */
    public static final int AO = 245;
    /** Are you there. */
    public static final int AYT = 246;
    /** Erase character. */
    public static final int EC = 247;
    /** Erase line. */
    public static final int EL = 248;
    /** Go ahead. */
    public static final int GA = 249;
    /** Start of subnegotiation. */
    public static final int SB = 250;
    /** Sender wants to enable an option on its own side. */
    public static final int WILL = 251;
    /** Sender refuses, or wants to stop, an option on its own side. */
    public static final int WONT = 252;
    /** Sender asks the receiver to enable an option. */
    public static final int DO = 253;
    /** Sender asks the receiver to disable an option, or refuses to let it enable one. */
    public static final int DONT = 254;
    /** Interpret as command: the escape byte. */
    public static final int IAC = 255;
    /** End of file (RFC 1184). */
    public static final int EOF = 236;
    /** Suspend process (RFC 1184). */
    public static final int SUSP = 237;
    /** Abort process (RFC 1184). */
    public static final int ABORT = 238;

    /** The lowest assigned command byte; bytes below it after IAC are unassigned. */
    public static final int FIRST_ASSIGNED = EOF;

    private static final String[] NAMES = new String[256];

    static {
        String[] n = {"EOF", "SUSP", "ABORT", "EOR", "SE", "NOP", "DM", "BRK", "IP", "AO", "AYT",
            "EC", "EL", "GA", "SB", "WILL", "WONT", "DO", "DONT", "IAC"};
        for (int i = 0; i < n.length; i++) {
            NAMES[EOF + i] = n[i];
        }
    }

    private TelnetCommand() {
    }

    /** Returns true if {@code b} is an assigned command byte (236..255). */
    public static boolean isAssigned(int b) {
        return b >= FIRST_ASSIGNED && b <= IAC;
    }

    /** Returns true for WILL, WONT, DO and DONT. */
    public static boolean isNegotiation(int b) {
        return b >= WILL && b <= DONT;
    }

    /**
     * The name of a command byte, e.g. {@code "GA"}; unassigned bytes are named by their decimal
     * value so that log lines stay readable.
     */
    public static String name(int b) {
        String s = b >= 0 && b < 256 ? NAMES[b] : null;
        return s != null ? s : Integer.toString(b);
    }

    /**
     * The command byte for a name (case-insensitive) or a decimal number.
     *
     * @throws IllegalArgumentException if the name is neither a command nor a number 0..255
     */
    public static int byName(String name) {
        String key = name.trim().toUpperCase(Locale.ROOT);
        for (int i = FIRST_ASSIGNED; i <= IAC; i++) {
            if (NAMES[i].equals(key)) {
                return i;
            }
        }
        return TelnetOption.parseByte(name, "telnet command");
    }
}
