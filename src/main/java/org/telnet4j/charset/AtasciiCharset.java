package org.telnet4j.charset;

/**
 * ATASCII, the character set of the Atari 8-bit computers (400/800, XL, XE), as a
 * {@link java.nio.charset.Charset}.
 *
 * <p>Canonical name {@code ATASCII}; aliases {@code atari8bit}, {@code atari_8bit},
 * {@code atascii}. Obtain it with {@link RetroCharsets#ATASCII} or
 * {@code Charset.forName("ATASCII")}.
 *
 * <h2>Mapping</h2>
 * <ul>
 *   <li>0x00-0x1A: the Atari graphics characters, following the Unicode Consortium's published
 *       mapping of the Atari 8-bit set (box drawing, quadrants, card suits, triangles, and the
 *       scan-line characters U+23B8..U+23BD for the thin edge bars).</li>
 *   <li>0x20-0x5F and 0x61-0x7A, 0x7C: as ASCII. 0x60 is U+2666 BLACK DIAMOND SUIT and 0x7B
 *       U+2660 BLACK SPADE SUIT.</li>
 *   <li>Screen-editor control codes decode to the C0 control with the same meaning where one
 *       exists, so that what a server encodes is what the Atari does: 0x1B ESC, 0x7D (clear
 *       screen) U+000C FORM FEED, 0x7E (backspace) U+0008, 0x7F (tab) U+0009, 0x9B (EOL) U+000A
 *       LINE FEED, 0xFD (bell) U+0007, 0xFE (delete character) U+007F DELETE.</li>
 *   <li>Control codes without such a meaning decode to the C0/C1 code point of the same byte
 *       value: 0x1C-0x1F (cursor up/down/left/right) to U+001C..U+001F and 0x9C-0x9F (delete
 *       line, insert line, clear tab stop, set tab stop) to U+009C..U+009F. The arrow glyphs
 *       the Atari shows for 0x1C-0x1F only after an ESC are deliberately not used, so that
 *       encoding an arrow can never move the remote cursor by accident.</li>
 *   <li>0xFF (insert character) has no counterpart at all and is unmappable: with
 *       {@code CodingErrorAction.REPLACE} it decodes to U+FFFD.</li>
 *   <li>0x80-0xFF are the inverse-video forms of 0x00-0x7F. Where Unicode has a character for
 *       the inverted glyph it is used (0x88 U+25E4, 0x89 U+259B, 0x8A U+25E5, 0x8B U+2599,
 *       0x8C U+259F, 0x8F U+259C, 0x94 U+25D8, 0x95 U+2580, 0x99 U+2590, 0xA0 U+2588 FULL
 *       BLOCK); every other inverse byte decodes like its normal-video byte ({@code b & 0x7F}),
 *       losing only the inversion.</li>
 * </ul>
 *
 * <p>Encoding is the reverse, choosing the normal-video byte for a character that both a byte and
 * its inverse decode to. So every byte round-trips except the inverse-video duplicates
 * (0x80-0x87, 0x8D, 0x8E, 0x90-0x93, 0x96-0x98, 0x9A, 0xA1-0xFC, which come back as
 * {@code b & 0x7F}) and the unmappable 0xFF. Characters without a byte, including U+000D
 * CARRIAGE RETURN, are unmappable; with REPLACE they become {@code '?'}.
 *
 * <p>Sources: the graphics and the inverse-video characters with a Unicode counterpart follow
 * Rebecca Bettencourt's interchange mapping of the ATASCII graphics set, {@code ATARI8IG.TXT},
 * published with the Unicode proposal for Symbols for Legacy Computing (L2/19-025), which leaves
 * the control codes unmapped; 0xA0 (inverse space) as U+2588 FULL BLOCK is our addition. The
 * control codes and the keys that send them (RETURN 155, Shift-DELETE 156, Shift-INSERT 157,
 * Ctrl-TAB 158, Shift-TAB 159, Ctrl-2 253, Ctrl-DELETE 254, Ctrl-INSERT 255, ESC 27, the arrows
 * 28-31, Shift-CLEAR 125, BACK S 126, TAB 127) are those of the Atari 400/800 operating system
 * manual, as listed in "Mapping the Atari" and "Master Memory Map" (appendix: character values).
 */
public final class AtasciiCharset extends SingleByteCharset {

    /** The canonical name, {@value}. */
    public static final String NAME = "ATASCII";

    /** ATASCII end of line, decoded as {@code '\n'}. */
    public static final int EOL = 0x9B;

    /** ATASCII backspace (the BACK S / DELETE key unshifted), decoded as U+0008. */
    public static final int BACKSPACE = 0x7E;

    private static final ByteTable TABLE = ByteTable.of(buildTable());

    AtasciiCharset() {
        super(NAME, new String[] {"atari8bit", "atari_8bit", "atascii"}, TABLE);
    }

    private static int[] buildTable() {
        int[] t = new int[256];
        int[] graphics = {
            // 0x00: heart, tee right, right bar, corner up-left, tee left, corner down-left, diagonals
            0x2665, 0x251C, 0x23B9, 0x2518, 0x2524, 0x2510, 0x2571, 0x2572,
            // 0x08: triangles and quadrants; 0x0D/0x0E are the top and bottom edge bars
            0x25E2, 0x2597, 0x25E3, 0x259D, 0x2598, 0x23BA, 0x23BD, 0x2596,
            // 0x10: club, corner down-right, horizontal, cross, bullet, lower half, left bar, tee down
            0x2663, 0x250C, 0x2500, 0x253C, 0x2022, 0x2584, 0x23B8, 0x252C,
            // 0x18: tee up, left half, corner up-right
            0x2534, 0x258C, 0x2514,
        };
        System.arraycopy(graphics, 0, t, 0, graphics.length);
        t[0x1B] = 0x1B;                  // ESC
        for (int b = 0x1C; b <= 0x1F; b++) {
            t[b] = b;                    // cursor up, down, left, right: no C0 meaning, keep value
        }
        for (int b = 0x20; b <= 0x7F; b++) {
            t[b] = b;
        }
        t[0x60] = 0x2666;                // diamond where ASCII has the grave accent
        t[0x7B] = 0x2660;                // spade where ASCII has the left brace
        t[0x7D] = 0x0C;                  // clear screen
        t[0x7E] = 0x08;                  // backspace
        t[0x7F] = 0x09;                  // tab

        // Inverse video: the normal glyph unless Unicode has the inverted one.
        for (int b = 0x80; b <= 0xFF; b++) {
            t[b] = t[b & 0x7F];
        }
        t[0x88] = 0x25E4;                // inverse lower-right triangle = upper-left triangle
        t[0x89] = 0x259B;                // inverse of quadrant lower right
        t[0x8A] = 0x25E5;                // inverse lower-left triangle = upper-right triangle
        t[0x8B] = 0x2599;                // inverse of quadrant upper right
        t[0x8C] = 0x259F;                // inverse of quadrant upper left
        t[0x8F] = 0x259C;                // inverse of quadrant lower left
        t[0x94] = 0x25D8;                // inverse bullet
        t[0x95] = 0x2580;                // inverse lower half = upper half
        t[0x99] = 0x2590;                // inverse left half = right half
        t[0xA0] = 0x2588;                // inverse space = full block

        // The high-bit control codes.
        t[0x9B] = '\n';                  // EOL
        for (int b = 0x9C; b <= 0x9F; b++) {
            t[b] = b;                    // delete/insert line, clear/set tab stop: keep value (C1)
        }
        t[0xFD] = 0x07;                  // bell
        t[0xFE] = 0x7F;                  // delete character
        t[0xFF] = ByteTable.UNMAPPED;    // insert character: nothing in Unicode means this
        return t;
    }
}
