package org.telnet4j.charset;

/**
 * PETSCII, the character set of the Commodore 64 and 128, in its <em>shifted</em>
 * (lowercase/uppercase, "text mode") form, as a {@link java.nio.charset.Charset}.
 *
 * <p>Canonical name {@code PETSCII}; aliases {@code cbm}, {@code commodore}, {@code c64},
 * {@code c128}, {@code petscii}. Obtain it with {@link RetroCharsets#PETSCII} or
 * {@code Charset.forName("PETSCII")}.
 *
 * <h2>Mapping</h2>
 * <ul>
 *   <li>0x20-0x40 and 0x5B, 0x5D: as ASCII. 0x41-0x5A are lowercase {@code a-z}; 0x5C is
 *       U+00A3 POUND SIGN, 0x5E U+2191 UPWARDS ARROW and 0x5F U+2190 LEFTWARDS ARROW.</li>
 *   <li>0xC1-0xDA are uppercase {@code A-Z}; 0xC0 and 0xDB-0xDF are graphics (horizontal and
 *       vertical lines, cross, and three shade patterns from Symbols for Legacy Computing).
 *       0x60-0x7F decode exactly like 0xC0-0xDF, as on the machine.</li>
 *   <li>0xA0-0xBF are the Commodore-key graphics: 0xA0 is the shifted space, decoded as U+00A0
 *       NO-BREAK SPACE, the rest block elements, box drawing, quadrants, U+2713 CHECK MARK, and
 *       eighth/quarter blocks and shades from Symbols for Legacy Computing (U+1FB82..U+1FB99,
 *       outside the BMP, so they decode to surrogate pairs). 0xE0-0xFE decode exactly like
 *       0xA0-0xBE, and 0xFF like 0xDE, as on the machine.</li>
 *   <li>Control codes (0x00-0x1F and 0x80-0x9F: colours, cursor moves, reverse on/off, home,
 *       clear, insert/delete, function keys) decode to the C0 or C1 control character with the
 *       same value, U+0000..U+001F and U+0080..U+009F. Unicode has no characters for these
 *       functions; keeping the value means nothing is lost, and a server can emit them by
 *       encoding for example U+0093 (clear screen) or U+001C (red). In particular
 *       the PETSCII return key 0x0D decodes to {@code '\r'}, not {@code '\n'}.</li>
 * </ul>
 *
 * <p>Where two bytes decode to the same character, encoding picks the byte a C64 keyboard
 * produces: 0xC0-0xDF rather than 0x60-0x7F, and 0xA0-0xBE rather than 0xE0-0xFE (and 0xDE
 * rather than 0xFF). So all bytes round-trip except 0x60-0x7F, 0xE0-0xFE and 0xFF, which come
 * back as their duplicates. Characters without a byte (for example {@code '_'}, <code>'&#123;'</code>,
 * {@code '\\'}) are unmappable; with REPLACE they become {@code '?'}.
 *
 * <p>Sources: the printable bytes follow Rebecca Bettencourt's interchange mapping of the C64/C128
 * alternate set, {@code C64IALT.TXT}, published with the Unicode proposal for Symbols for Legacy
 * Computing (L2/19-025), with one exception: that table gives 0xFF the character of 0xBF by the
 * arithmetic rule (0xE0-0xFF show as 0xA0-0xBF), but the C64 KERNAL prints 0xFF, the BASIC token
 * for pi, as screen code 0x5E, the glyph of 0x7E and 0xDE (the PETSCII-to-screen-code table at
 * sta.c64.org, cbm64pettoscr), and so it does here. The control codes (0x03 stop, 0x05 white,
 * 0x0D return, 0x0E lowercase, 0x11 cursor down, 0x12 reverse on, 0x13 home, 0x14 delete,
 * 0x1C-0x1F red, cursor right, green, blue, 0x8D shifted return, 0x8E uppercase, 0x90-0x9F
 * colours and cursor moves) are those of the C64 control-code list in Michael Steil's c64ref
 * ({@code control_codes_c64.txt}); 0x14 is what the DEL key sends.
 */
public final class PetsciiCharset extends SingleByteCharset {

    /** The canonical name, {@value}. */
    public static final String NAME = "PETSCII";

    /** PETSCII carriage return, decoded as {@code '\r'}: the RETURN key, and a new line on screen. */
    public static final int RETURN = 0x0D;

    /**
     * PETSCII delete (the INST/DEL key unshifted), decoded as U+0014: on screen it erases the
     * character left of the cursor and moves there, as backspace-space-backspace does elsewhere.
     */
    public static final int DELETE = 0x14;

    private static final ByteTable TABLE = ByteTable.of(buildTable(), preferredBytes());

    PetsciiCharset() {
        super(NAME, new String[] {"cbm", "commodore", "c64", "c128", "petscii"}, TABLE);
    }

    private static int[] buildTable() {
        int[] t = new int[256];
        for (int b = 0x00; b <= 0x3F; b++) {
            t[b] = b;                    // C0 controls, space, punctuation, digits
        }
        t[0x40] = '@';
        for (int b = 0x41; b <= 0x5A; b++) {
            t[b] = 'a' + (b - 0x41);     // shifted set: the unshifted letters are lowercase
        }
        t[0x5B] = '[';
        t[0x5C] = 0x00A3;                // pound sign where ASCII has the backslash
        t[0x5D] = ']';
        t[0x5E] = 0x2191;                // up arrow where ASCII has the caret
        t[0x5F] = 0x2190;                // left arrow where ASCII has the underscore
        for (int b = 0x80; b <= 0x9F; b++) {
            t[b] = b;                    // C1 controls: colours, cursor, function keys...
        }

        t[0xC0] = 0x2500;                // horizontal line
        for (int b = 0xC1; b <= 0xDA; b++) {
            t[b] = 'A' + (b - 0xC1);     // shifted letters are uppercase
        }
        int[] c0Tail = {
            // 0xDB: cross, left half medium shade, vertical line, inverse checker board,
            // diagonal fill upper-left to lower-right (the C64 text-mode glyphs, not the PET's)
            0x253C, 0x1FB8C, 0x2502, 0x1FB96, 0x1FB98,
        };
        System.arraycopy(c0Tail, 0, t, 0xDB, c0Tail.length);

        int[] commodoreKey = {
            // 0xA0: shifted space, left half, lower half, top 1/8, bottom 1/8, left 1/8, shade, right 1/8
            0x00A0, 0x258C, 0x2584, 0x2594, 0x2581, 0x258F, 0x2592, 0x2595,
            // 0xA8: lower half shade, diagonal fill (text mode), right 1/4, tee right,
            //       quadrant lower right, corner up-right, corner down-left, bottom 1/4
            0x1FB8F, 0x1FB99, 0x1FB87, 0x251C, 0x2597, 0x2514, 0x2510, 0x2582,
            // 0xB0: corner down-right, tee up, tee down, tee left, left 1/4, left 3/8, right 3/8, top 1/4
            0x250C, 0x2534, 0x252C, 0x2524, 0x258E, 0x258D, 0x1FB88, 0x1FB82,
            // 0xB8: top 3/8, bottom 3/8, check mark (text mode), quadrants, corner up-left, quadrants
            0x1FB83, 0x2583, 0x2713, 0x2596, 0x259D, 0x2518, 0x2598, 0x259A,
        };
        System.arraycopy(commodoreKey, 0, t, 0xA0, commodoreKey.length);

        // Duplicate ranges, as documented in the C64 Programmer's Reference Guide:
        // 0x60-0x7F show as 0xC0-0xDF, 0xE0-0xFE as 0xA0-0xBE, and 0xFF as 0x7E (= 0xDE).
        for (int b = 0x60; b <= 0x7F; b++) {
            t[b] = t[b + 0x60];
        }
        for (int b = 0xE0; b <= 0xFE; b++) {
            t[b] = t[b - 0x40];
        }
        t[0xFF] = t[0xDE];
        return t;
    }

    private static int[] preferredBytes() {
        // 0xC0-0xDF (what shifted keys send) beat their lower duplicates 0x60-0x7F.
        int[] preferred = new int[0x20];
        for (int i = 0; i < preferred.length; i++) {
            preferred[i] = 0xC0 + i;
        }
        return preferred;
    }
}
