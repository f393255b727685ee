package org.telnet4j.charset;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The retro BBS charsets of this package, and a lookup that also knows the JVM's own charsets.
 *
 * <p>The same instances are returned by {@code Charset.forName} through
 * {@link RetroCharsetProvider}, so {@code Charset.forName("petscii") == RetroCharsets.PETSCII}
 * when this library is on the class path.
 */
public final class RetroCharsets {

    /** Atari 8-bit ATASCII; see {@link AtasciiCharset}. */
    public static final Charset ATASCII = new AtasciiCharset();

    /** Commodore 64/128 PETSCII, shifted (lowercase) set; see {@link PetsciiCharset}. */
    public static final Charset PETSCII = new PetsciiCharset();

    /** Atari ST (TOS) character set; see {@link AtariStCharset}. */
    public static final Charset ATARI_ST = new AtariStCharset();

    /** Big5 tolerant of lone lead bytes; see {@link Big5BbsCharset}. */
    public static final Charset BIG5_BBS = new Big5BbsCharset();

    private static final List<Charset> ALL = List.of(ATASCII, PETSCII, ATARI_ST, BIG5_BBS);

    /** Canonical names and aliases, lower-cased, to charsets. */
    private static final Map<String, Charset> BY_NAME;

    static {
        Map<String, Charset> byName = new LinkedHashMap<>();
        for (Charset cs : ALL) {
            byName.put(key(cs.name()), cs);
            for (String alias : cs.aliases()) {
                byName.put(key(alias), cs);
            }
        }
        BY_NAME = Collections.unmodifiableMap(byName);
    }

    private RetroCharsets() {
    }

    /**
     * Returns the charsets of this package.
     *
     * @return ATASCII, PETSCII, ATARIST and BIG5BBS, in that order
     */
    public static List<Charset> all() {
        return ALL;
    }

    /**
     * Resolves a charset name: first the names and aliases of this package, ignoring case and
     * surrounding white space, then {@link Charset#forName(String)}.
     *
     * @param name a charset name or alias, such as {@code "c64"} or {@code "UTF-8"}
     * @return the charset
     * @throws IllegalArgumentException if {@code name} is null, not a legal charset name, or not
     *     known to this package or the JVM
     */
    public static Charset lookup(String name) {
        if (name == null) {
            throw new IllegalArgumentException("Charset name must not be null");
        }
        String trimmed = name.trim();
        Charset retro = BY_NAME.get(key(trimmed));
        if (retro != null) {
            return retro;
        }
        try {
            return Charset.forName(trimmed);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalArgumentException("Unknown charset '" + name + "': neither a retro charset "
                    + BY_NAME.keySet() + " nor supported by this JVM", e);
        }
    }

    /**
     * Returns the charset of this package with the given name or alias, ignoring case.
     *
     * @param name a name, possibly null
     * @return the charset, or null if the name is not one of ours
     */
    static Charset find(String name) {
        return name == null ? null : BY_NAME.get(key(name));
    }

    /**
     * The characters that start a new line on a terminal using {@code cs}; see
     * {@link TextConventions#lineEnd}, where the text conventions live.
     *
     * @param cs a charset
     * @return the line end, never empty
     */
    public static String lineEnd(Charset cs) {
        return TextConventions.lineEnd(cs);
    }

    /**
     * {@code text} with the line ends of {@code cs}; see {@link TextConventions#withLineEnds}.
     *
     * @param text text whose lines end in LF or CR LF
     * @param cs the charset it is about to be encoded in
     * @return the text with the charset's line ends; {@code text} itself if it has no LF
     */
    public static String withLineEnds(String text, Charset cs) {
        return TextConventions.withLineEnds(text, cs);
    }

    /**
     * Whether text in {@code cs} must travel without the NVT end-of-line rules; see
     * {@link TextConventions#needsBinary}.
     *
     * @param cs a charset
     * @return true if {@link org.telnet4j.protocol.TelnetEngine#setForceBinary} should be on
     */
    public static boolean needsBinary(Charset cs) {
        return TextConventions.needsBinary(cs);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
