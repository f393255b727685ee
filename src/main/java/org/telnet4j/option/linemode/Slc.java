package org.telnet4j.option.linemode;

/**
 * Names and numbers of RFC 1184's "set local characters" (SLC): the functions, the support
 * levels and the flag bits of the second byte of each triplet.
 *
 * <p>A triplet is {@code function, modifier, value}: the modifier's two low bits are the level
 * ({@link #NOSUPPORT}, {@link #CANTCHANGE}, {@link #VALUE}, {@link #DEFAULT}), its high bits the
 * flags {@link #ACK}, {@link #FLUSHIN} and {@link #FLUSHOUT}; the value is the character.
 */
public final class Slc {
    /** Synch (data mark with urgent). */
    public static final int SYNCH = 1;
    /** Break. */
    public static final int BRK = 2;
    /** Interrupt process. */
    public static final int IP = 3;
    /** Abort output. */
    public static final int AO = 4;
    /** Are you there. */
    public static final int AYT = 5;
    /** End of record. */
    public static final int EOR = 6;
    /** Abort process. */
    public static final int ABORT = 7;
    /** End of file. */
    public static final int EOF = 8;
    /** Suspend process. */
    public static final int SUSP = 9;
    /** Erase character. */
    public static final int EC = 10;
    /** Erase line. */
    public static final int EL = 11;
    /** Erase word. */
    public static final int EW = 12;
    /** Reprint line. */
    public static final int RP = 13;
    /** Literal next: the next character is taken as it is. */
    public static final int LNEXT = 14;
    /** Resume output (XON). */
    public static final int XON = 15;
    /** Stop output (XOFF). */
    public static final int XOFF = 16;
    /** First extra line terminator. */
    public static final int FORW1 = 17;
    /** Second extra line terminator. */
    public static final int FORW2 = 18;
    /** Cursor one character left. */
    public static final int MCL = 19;
    /** Cursor one character right. */
    public static final int MCR = 20;
    /** Cursor one word left. */
    public static final int MCWL = 21;
    /** Cursor one word right. */
    public static final int MCWR = 22;
    /** Cursor to the beginning of the line. */
    public static final int MCBOL = 23;
    /** Cursor to the end of the line. */
    public static final int MCEOL = 24;
    /** Insert mode. */
    public static final int INSRT = 25;
    /** Overstrike mode. */
    public static final int OVER = 26;
    /** Erase the character to the right. */
    public static final int ECR = 27;
    /** Erase the word to the right. */
    public static final int EWR = 28;
    /** Erase to the beginning of the line. */
    public static final int EBOL = 29;
    /** Erase to the end of the line. */
    public static final int EEOL = 30;
    /** The highest function number defined by RFC 1184. */
    public static final int NSLC = 30;

    /** Level: the function is not supported. */
    public static final int NOSUPPORT = 0;
    /** Level: supported, but the value cannot be changed. */
    public static final int CANTCHANGE = 1;
    /** Level: supported, and the value may be changed (RFC 1184 also calls it SLC_VARIABLE). */
    public static final int VALUE = 2;
    /** Level: in a request, "use your default"; in a table, "no character of my own". */
    public static final int DEFAULT = 3;
    /** Mask of the level bits in the modifier byte. */
    public static final int LEVELBITS = 3;
    /** Flag: this triplet acknowledges a change; it is never answered. */
    public static final int ACK = 0x80;
    /** Flag: flush pending input when the function is used. */
    public static final int FLUSHIN = 0x40;
    /** Flag: flush pending output when the function is used. */
    public static final int FLUSHOUT = 0x20;

    private static final String[] NAMES = {"0", "SYNCH", "BRK", "IP", "AO", "AYT", "EOR", "ABORT",
        "EOF", "SUSP", "EC", "EL", "EW", "RP", "LNEXT", "XON", "XOFF", "FORW1", "FORW2", "MCL", "MCR",
        "MCWL", "MCWR", "MCBOL", "MCEOL", "INSRT", "OVER", "ECR", "EWR", "EBOL", "EEOL"};
    private static final String[] LEVELS = {"NOSUPPORT", "CANTCHANGE", "VALUE", "DEFAULT"};

    private Slc() {
    }

    /** The function's name ({@code "IP"}, {@code "EC"}, ...), or its number. */
    public static String name(int function) {
        return function >= 0 && function < NAMES.length ? NAMES[function] : Integer.toString(function);
    }

    /** The function number for a name, or -1. */
    public static int byName(String name) {
        for (int i = 1; i < NAMES.length; i++) {
            if (NAMES[i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** A modifier byte as text, e.g. {@code VALUE|FLUSHIN|FLUSHOUT} or {@code NOSUPPORT|ACK}. */
    public static String modifier(int modifier) {
        StringBuilder b = new StringBuilder(LEVELS[modifier & LEVELBITS]);
        if ((modifier & ACK) != 0) {
            b.append("|ACK");
        }
        if ((modifier & FLUSHIN) != 0) {
            b.append("|FLUSHIN");
        }
        if ((modifier & FLUSHOUT) != 0) {
            b.append("|FLUSHOUT");
        }
        return b.toString();
    }

    /** The triplets of an SLC payload (without the leading SLC byte) as readable text. */
    public static String describe(byte[] buf, int off, int len) {
        StringBuilder b = new StringBuilder();
        for (int i = off; i + 2 < off + len; i += 3) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(name(buf[i] & 0xFF)).append(' ').append(modifier(buf[i + 1] & 0xFF)).append(' ')
                .append(buf[i + 2] & 0xFF);
        }
        return b.toString();
    }
}
