package org.telnet4j.fingerprint;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A banner's bytes decoded, with the encoding chosen, why, and the evidence looked at. The order
 * of precedence: the charset agreed with CHARSET (RFC 2066); else the charset part of a LANG the
 * server sent in NEW-ENVIRON (RFC 1572), when Java knows it; else a SyncTERM font switch for the
 * primary font whose code page is known; else UTF-8 when the bytes are ASCII or valid UTF-8; else
 * CP437, the usual BBS code page (the share of its box-drawing bytes 0xB0-0xDF among the high bytes, 50 % or more, is named as support).
 *
 * @param text     the decoded text
 * @param encoding the charset's name
 * @param evidence why that charset was chosen, in one sentence
 * @param facts    the evidence as a JSON object: {@code guess}, {@code decided_by}, {@code
 *     charset_agreed}, {@code lang}, {@code bytes_high}, {@code valid_utf8}, {@code
 *     cp437_box_percent} (the high bytes that are CP437 box drawing, in per cent), {@code syncterm_font}
 */
public record BannerText(String text, String encoding, String evidence, Map<String, Object> facts) {

    /**
     * SyncTERM's font selection, {@code CSI Ps1 ; Ps2 SP D} (cterm.txt): Ps1 is the font slot
     * (0 the primary one), Ps2 the font number. A single parameter is read as the font number for
     * slot 0.
     */
    private static final Pattern FONT_SWITCH = Pattern.compile("\u001b\\[(\\d{1,3})(?:;(\\d{1,3}))? D");

    /** Decodes {@code bytes}; {@code negotiated} is the charset agreed by CHARSET, or null. */
    public static BannerText decode(byte[] bytes, Charset negotiated) {
        return decode(bytes, negotiated, null, null);
    }

    /**
     * Decodes {@code bytes} with the best-supported guess.
     *
     * @param bytes      the banner
     * @param negotiated the charset agreed by CHARSET, or null
     * @param lang       the LANG the server sent in NEW-ENVIRON, or null
     * @param fontBefore a SyncTERM font number seen earlier in the session (applies here too), or null
     * @return the text, the guess and its evidence
     */
    public static BannerText decode(byte[] bytes, Charset negotiated, String lang, Integer fontBefore) {
        int high = 0;
        int box = 0;
        for (byte b : bytes) {
            int u = b & 0xff;
            if (u >= 0x80) {
                high++;
                if (u >= 0xB0 && u <= 0xDF) {
                    box++;
                }
            }
        }
        String utf8 = strictUtf8(bytes);
        Integer font = syncTermFont(bytes);
        if (font == null) {
            font = fontBefore;
        }
        int share = high == 0 ? 0 : (int) Math.round(100.0 * box / high);
        Map<String, Object> f = new TreeMap<>();
        f.put("charset_agreed", negotiated == null ? null : negotiated.name());
        f.put("lang", lang);
        f.put("bytes_high", high);
        f.put("valid_utf8", utf8 != null);
        f.put("cp437_box_percent", share);
        f.put("syncterm_font", font);

        Charset langCharset = charsetOfLang(lang);
        Charset fontCharset = font == null ? null : fontCharset(font);
        Charset pick;
        String by;
        String why;
        if (negotiated != null) {
            pick = negotiated;
            by = "charset";
            why = "negotiated with CHARSET (RFC 2066)";
        } else if (langCharset != null) {
            pick = langCharset;
            by = "lang";
            why = "no CHARSET negotiated; the server's NEW-ENVIRON LANG is " + lang;
        } else if (fontCharset != null) {
            pick = fontCharset;
            by = "syncterm_font";
            why = "no CHARSET negotiated; a SyncTERM font switch selects font " + font;
        } else if (high == 0) {
            pick = StandardCharsets.UTF_8;
            by = "ascii";
            why = "no CHARSET negotiated; all " + bytes.length + " bytes are ASCII";
        } else if (utf8 != null) {
            pick = StandardCharsets.UTF_8;
            by = "valid_utf8";
            why = "no CHARSET negotiated; valid UTF-8 with " + high + " bytes above 0x7F";
        } else {
            pick = Charset.forName("IBM437");
            by = share >= 50 ? "cp437_box_drawing" : "not_utf8";
            why = "no CHARSET negotiated; " + high + " bytes above 0x7F that are not valid UTF-8"
                + (share >= 50 ? ", " + share + " % of them CP437 box drawing" : "");
        }
        String name = pick.equals(Charset.forName("IBM437")) ? "IBM437" : pick.name();
        f.put("guess", name);
        f.put("decided_by", by);
        String text = pick.equals(StandardCharsets.UTF_8) && utf8 != null ? utf8 : new String(bytes, pick);
        return new BannerText(text, name, why, f);
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The last SyncTERM font switch for the primary slot in {@code bytes}, or null. */
    static Integer syncTermFont(byte[] bytes) {
        Matcher m = FONT_SWITCH.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
        Integer font = null;
        while (m.find()) {
            if (m.group(2) == null) {
                font = Integer.parseInt(m.group(1));
            } else if (Integer.parseInt(m.group(1)) == 0) {
                font = Integer.parseInt(m.group(2));
            }
        }
        return font;
    }

    /**
     * The code page of a SyncTERM font number, for the fonts whose code page is plain from
     * cterm.txt's list; null for the others (Amiga, Commodore, Atari fonts and the rarer pages).
     */
    static Charset fontCharset(int font) {
        String name = switch (font) {
            case 0, 26 -> "IBM437";
            case 1, 20 -> "windows-1251";
            case 2, 12, 22 -> "KOI8-R";
            case 3 -> "ISO-8859-2";
            case 5 -> "IBM866";
            case 9 -> "KOI8-U";
            case 18 -> "IBM850";
            case 24 -> "ISO-8859-1";
            default -> null;
        };
        return name == null ? null : Charset.forName(name);
    }

    /** The charset of {@code LANG=ll_CC.CHARSET[@modifier]}, when Java knows it; else null. */
    static Charset charsetOfLang(String lang) {
        if (lang == null) {
            return null;
        }
        int dot = lang.indexOf('.');
        if (dot < 0) {
            return null;
        }
        String cs = lang.substring(dot + 1);
        int at = cs.indexOf('@');
        if (at >= 0) {
            cs = cs.substring(0, at);
        }
        try {
            return Charset.isSupported(cs) ? Charset.forName(cs) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
