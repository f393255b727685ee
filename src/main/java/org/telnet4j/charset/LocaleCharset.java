package org.telnet4j.charset;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The text encoding of the system locale, as a telnet program should default to it.
 *
 * <p>The locale is read the POSIX way: the first of {@code LC_ALL}, {@code LC_CTYPE} and
 * {@code LANG} that is set, e.g. {@code en_US.UTF-8} or {@code ru_RU.KOI8-R}. When none names a
 * codeset (unset, or the "C"/"POSIX" locale), the result is UTF-8: the JVM would fall back to
 * US-ASCII there, which turns every accented character into '?'.
 */
public final class LocaleCharset {
    private LocaleCharset() {
    }

    /** The locale's charset, or UTF-8 when the locale names none this JVM knows. */
    public static Charset get() {
        for (String var : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String v = System.getenv(var);
            if (v != null && !v.isEmpty()) {
                Charset cs = fromLocale(v);
                return cs != null ? cs : StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** The charset named by a locale string such as {@code de_DE.ISO-8859-15@euro}, or null. */
    public static Charset fromLocale(String locale) {
        int dot = locale.indexOf('.');
        if (dot < 0) {
            return null;
        }
        int at = locale.indexOf('@', dot);
        String name = locale.substring(dot + 1, at < 0 ? locale.length() : at);
        if (name.equalsIgnoreCase("utf8")) {
            return StandardCharsets.UTF_8;
        }
        Charset cs = forName(name);
        if (cs == null) {
            // glibc's normalised codeset names, as "locale -a" lists them: "iso885915", "koi8r".
            String n = name.toLowerCase(Locale.ROOT);
            if (n.startsWith("iso8859")) {
                cs = forName("ISO-8859-" + n.substring(7));
            } else if (n.startsWith("koi8")) {
                cs = forName("KOI8-" + n.substring(4));
            }
        }
        return cs;
    }

    private static Charset forName(String name) {
        try {
            return Charset.isSupported(name) ? Charset.forName(name) : null;
        } catch (IllegalCharsetNameException e) {
            return null;
        }
    }
}
