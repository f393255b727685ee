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
        return parseRequest(buf, off, len, Integer.MAX_VALUE);
    }

    /** Names looked at in one REQUEST by default; the rest of a longer list is ignored. */
    public static final int DEFAULT_MAX_OFFERS = 32;

    /** Longest charset name looked up: IANA's registry has none longer than 45 characters. */
    static final int MAX_NAME_LENGTH = 64;

    /**
     * As {@link #parseRequest(byte[], int, int)}, keeping at most {@code max} names: a REQUEST of
     * thousands of names costs no more than its first {@code max}. {@link #offerCount} says how
     * many there were.
     */
    public static List<String> parseRequest(byte[] buf, int off, int len, int max) {
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
        int from = 1;
        while (from <= rest.length() && names.size() < max) {
            int to = rest.indexOf(sep, from);
            if (to < 0) {
                to = rest.length();
            }
            if (to > from) {
                names.add(rest.substring(from, to));
            }
            from = to + 1;
        }
        return names;
    }

    /** How many names a REQUEST payload (command byte included) offers, without keeping them. */
    public static int offerCount(byte[] buf, int off, int len) {
        if (len < 3 || buf[off] != REQUEST) {
            return 0;
        }
        int start = off + 1;
        int end = off + len;
        if (len - 1 > TTABLE_MARK.length() && SbText.decode(buf, start, TTABLE_MARK.length()).equals(TTABLE_MARK)) {
            start += TTABLE_MARK.length() + 1; // the version byte
        }
        if (start >= end) {
            return 0;
        }
        byte sep = buf[start];
        int count = 0;
        boolean inName = false;
        for (int i = start + 1; i < end; i++) {
            if (buf[i] == sep) {
                inName = false;
            } else if (!inName) {
                inName = true;
                count++;
            }
        }
        return count;
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
        String key = spelling(name);
        if (key == null) {
            return null;
        }
        java.util.Optional<Charset> known = CACHE.get(key);
        if (known == null) {
            Charset cs = null;
            try {
                if (Charset.isSupported(key)) {
                    cs = Charset.forName(key);
                }
            } catch (IllegalCharsetNameException e) {
                // not a name the JVM can know
            }
            known = java.util.Optional.ofNullable(cs);
            if (CACHE.size() < MAX_CACHED) {
                CACHE.put(key, known); // the JVM's providers are slow to ask: ask each name once
            }
        }
        return known.orElse(null);
    }

    /** Spellings looked up so far, found or not; bounded so hostile names cannot fill it. */
    private static final java.util.concurrent.ConcurrentHashMap<String, java.util.Optional<Charset>> CACHE =
        new java.util.concurrent.ConcurrentHashMap<>();
    static final int MAX_CACHED = 512;

    /** Spellings in the lookup cache; for tests. */
    static int cachedSpellings() {
        return CACHE.size();
    }

    /**
     * The one spelling rule: trimmed, upper case, {@code _} as {@code -}, and the two aliases seen
     * in the field that the JVM lacks ({@code UTF8}, {@code LATIN1}/{@code LATIN-1}). Null for a
     * name no charset can have (empty or too long).
     */
    static String spelling(String name) {
        String n = name.trim();
        if (n.isEmpty() || n.length() > MAX_NAME_LENGTH) {
            return null;
        }
        n = n.toUpperCase(java.util.Locale.ROOT).replace('_', '-');
        if (n.equals("UTF8")) {
            return "UTF-8";
        }
        if (n.equals("LATIN1") || n.equals("LATIN-1")) {
            return "ISO-8859-1";
        }
        return n;
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
