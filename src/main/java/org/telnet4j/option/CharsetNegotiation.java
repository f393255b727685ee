package org.telnet4j.option;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.ArrayList;
import java.util.List;

/**
 * CHARSET (RFC 2066) payloads: {@code REQUEST [TTABLE version] sep name sep name ...},
 * {@code ACCEPTED name}, {@code REJECTED}, and the TTABLE messages, which we never accept.
 */
public final class CharsetNegotiation {
    /** Offers a list of charsets. */
    public static final int REQUEST = 1;
    /** Accepts one charset of a REQUEST. */
    public static final int ACCEPTED = 2;
    /** Accepts none. */
    public static final int REJECTED = 3;
    /** Sends a translation table. */
    public static final int TTABLE_IS = 4;
    /** Refuses a translation table. */
    public static final int TTABLE_REJECTED = 5;
    /** Acknowledges a translation table. */
    public static final int TTABLE_ACK = 6;
    /** The translation table arrived damaged. */
    public static final int TTABLE_NAK = 7;

    /** What a server offers by default, UTF-8 first. */
    public static final List<String> DEFAULT_OFFER = List.of("UTF-8", "ISO-8859-1", "WINDOWS-1252",
        "ISO-8859-15", "CP437", "SHIFT_JIS", "BIG5", "GBK", "EUC-KR", "US-ASCII");

    private static final String TTABLE_MARK = "[TTABLE]";

    private CharsetNegotiation() {
    }

    /** A REQUEST payload offering {@code names}, separated by a space. */
    public static byte[] request(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            sb.append(' ').append(n);
        }
        byte[] text = SbText.encode(sb.toString());
        byte[] p = new byte[1 + text.length];
        p[0] = REQUEST;
        System.arraycopy(text, 0, p, 1, text.length);
        return p;
    }

    /** An ACCEPTED payload for {@code name}. */
    public static byte[] accepted(String name) {
        byte[] text = SbText.encode(name);
        byte[] p = new byte[1 + text.length];
        p[0] = ACCEPTED;
        System.arraycopy(text, 0, p, 1, text.length);
        return p;
    }

    /** A REJECTED payload. */
    public static byte[] rejected() {
        return new byte[] {REJECTED};
    }

    /** A TTABLE-REJECTED payload: we do not take translation tables (RFC 2066 section 4). */
    public static byte[] ttableRejected() {
        return new byte[] {TTABLE_REJECTED};
    }

    /**
     * The names offered by a REQUEST payload (command byte included). A {@code [TTABLE] version}
     * prefix is skipped: we offer no table, so the plain list is what we choose from.
     */
    public static List<String> parseRequest(byte[] buf, int off, int len) {
        List<String> names = new ArrayList<>();
        if (len < 2 || buf[off] != REQUEST) {
            return names;
        }
        int i = off + 1;
        int end = off + len;
        String rest = SbText.decode(buf, i, end - i);
        if (rest.startsWith(TTABLE_MARK)) {
            rest = rest.length() > TTABLE_MARK.length() + 1 ? rest.substring(TTABLE_MARK.length() + 1) : "";
        }
        if (rest.isEmpty()) {
            return names;
        }
        char sep = rest.charAt(0);
        for (String n : rest.substring(1).split(java.util.regex.Pattern.quote(String.valueOf(sep)), -1)) {
            if (!n.isEmpty()) {
                names.add(n);
            }
        }
        return names;
    }

    /** The name in an ACCEPTED payload (command byte included), or null if it is not ACCEPTED. */
    public static String parseAccepted(byte[] buf, int off, int len) {
        if (len < 1 || buf[off] != ACCEPTED) {
            return null;
        }
        return SbText.decode(buf, off + 1, len - 1).trim();
    }

    /**
     * The JVM charset for a name a peer sent, or null if the JVM has none. Tolerates the spellings
     * seen in the field ({@code "UTF8"}, {@code "LATIN1"}, {@code "CP1252"}).
     */
    public static Charset lookup(String name) {
        String n = name.trim();
        String[] tries = {n, n.replace('_', '-'), n.equalsIgnoreCase("UTF8") ? "UTF-8" : n,
            n.equalsIgnoreCase("LATIN1") || n.equalsIgnoreCase("LATIN-1") ? "ISO-8859-1" : n};
        for (String t : tries) {
            try {
                if (Charset.isSupported(t)) {
                    return Charset.forName(t);
                }
            } catch (IllegalCharsetNameException e) {
                // try the next spelling
            }
        }
        return null;
    }

    /** The first name of {@code offered} that the JVM supports, or null. */
    public static String choose(List<String> offered) {
        for (String n : offered) {
            if (lookup(n) != null) {
                return n;
            }
        }
        return null;
    }
}
