package org.telnet4j.charset;

/**
 * The Atari ST character set (Atari TOS; related to IBM code page 437), as a
 * {@link java.nio.charset.Charset}.
 *
 * <p>Canonical name {@code ATARIST}; aliases {@code atari-st}, {@code atarist}, {@code atari}.
 * Obtain it with {@link RetroCharsets#ATARI_ST} or {@code Charset.forName("ATARIST")}.
 *
 * <h2>Mapping</h2>
 * <ul>
 *   <li>0x00-0x7F: US-ASCII, with 0x00-0x1F and 0x7F as C0 controls and DEL. The ST's VT52
 *       console interprets these as controls (ESC sequences, CR, LF, BS, BEL, TAB); the ROM
 *       font's pictures for them (arrows, check mark, clock, bell, the seven-segment digits,
 *       schwa, and two trademarked logos) are only visible when drawing to the screen directly,
 *       so they are not decoded.</li>
 *   <li>0x80-0xFF: the TOS table: accented Latin letters and currency signs much like CP437 at
 *       0x80-0xAF, but 0x9E is sharp s, then tilde/stroke letters, ligatures, dagger, pilcrow,
 *       (c), (R) and TM at 0xB0-0xBF, the IJ ligatures and the Hebrew alphabet at 0xC0-0xDC,
 *       section sign, logical and, infinity, and CP437-like Greek and mathematics at 0xE0-0xFF
 *       (with contour integral at 0xEC, superscript three at 0xFE and macron at 0xFF).</li>
 * </ul>
 *
 * <p>Every one of the 256 bytes has its own character, so every byte round-trips.
 *
 * <p>Source: the Unicode Consortium's mapping {@code ATARIST.TXT}
 * (https://www.unicode.org/Public/MAPPINGS/VENDORS/MISC/ATARIST.TXT), which this table follows
 * byte for byte, C0 controls included. Its differences from code page 437 are at 0x9E, 0xB0-0xDF
 * (where CP437 has shades and box drawing), 0xE1 (beta rather than sharp s), 0xEC, 0xEE and
 * 0xFE-0xFF. The pictures of the ST's ROM font at 0x00-0x1F are listed in the memory-mapped table
 * {@code ATARISTV.TXT} of the Symbols for Legacy Computing mappings, for readers of screen memory.
 */
public final class AtariStCharset extends SingleByteCharset {

    /** The canonical name, {@value}. */
    public static final String NAME = "ATARIST";

    private static final ByteTable TABLE = ByteTable.of(buildTable());

    AtariStCharset() {
        super(NAME, new String[] {"atari-st", "atarist", "atari"}, TABLE);
    }

    private static int[] buildTable() {
        int[] high = {
            // 0x80: C cedilla, u e a a a a c with diacritics
            0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,
            // 0x88
            0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
            // 0x90
            0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
            // 0x98: y diaeresis, O/U diaeresis, cent, pound, yen, sharp s (CP437: peseta), f hook
            0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x00DF, 0x0192,
            // 0xA0
            0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,
            // 0xA8: inverted ?, reversed not, not, 1/2, 1/4, inverted !, guillemets
            0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
            // 0xB0: where CP437 has shades and box drawing, TOS has more Latin letters
            0x00E3, 0x00F5, 0x00D8, 0x00F8, 0x0153, 0x0152, 0x00C0, 0x00C3,
            // 0xB8: O tilde, diaeresis, acute, dagger, pilcrow, copyright, registered, trade mark
            0x00D5, 0x00A8, 0x00B4, 0x2020, 0x00B6, 0x00A9, 0x00AE, 0x2122,
            // 0xC0: ij, IJ, then Hebrew alef..vav
            0x0133, 0x0132, 0x05D0, 0x05D1, 0x05D2, 0x05D3, 0x05D4, 0x05D5,
            // 0xC8: zayin, het, tet, yod, kaf, lamed, mem, nun
            0x05D6, 0x05D7, 0x05D8, 0x05D9, 0x05DB, 0x05DC, 0x05DE, 0x05E0,
            // 0xD0: samekh, ayin, pe, tsadi, qof, resh, shin, tav
            0x05E1, 0x05E2, 0x05E4, 0x05E6, 0x05E7, 0x05E8, 0x05E9, 0x05EA,
            // 0xD8: final nun, kaf, mem, pe, tsadi; section sign, logical and, infinity
            0x05DF, 0x05DA, 0x05DD, 0x05E3, 0x05E5, 0x00A7, 0x2227, 0x221E,
            // 0xE0: Greek as in CP437
            0x03B1, 0x03B2, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4,
            // 0xE8: 0xEC is a contour integral and 0xEE element of, unlike CP437
            0x03A6, 0x0398, 0x03A9, 0x03B4, 0x222E, 0x03C6, 0x2208, 0x2229,
            // 0xF0
            0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248,
            // 0xF8: 0xFE superscript three and 0xFF macron, unlike CP437
            0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x00B3, 0x00AF,
        };
        int[] t = new int[256];
        for (int b = 0; b < 0x80; b++) {
            t[b] = b;
        }
        System.arraycopy(high, 0, t, 0x80, high.length);
        return t;
    }
}
