package org.telnet4j.charset;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;

/**
 * Turns keys typed on a modern terminal into the bytes the keyboard of an Atari 8-bit or a
 * Commodore 64 sends, for a client talking to a BBS in {@link RetroCharsets#ATASCII} or
 * {@link RetroCharsets#PETSCII}. No I/O: feed it what the terminal delivered, send what comes back.
 *
 * <table>
 *   <caption>Keys and the bytes sent</caption>
 *   <tr><th>Key (what the terminal sends)</th><th>ATASCII</th><th>PETSCII</th></tr>
 *   <tr><td>Enter (CR, LF, or CR LF)</td><td>0x9B EOL</td><td>0x0D RETURN</td></tr>
 *   <tr><td>Backspace (DEL 0x7F or BS 0x08)</td><td>0x7E BACK S</td><td>0x14 DEL</td></tr>
 *   <tr><td>Up (ESC [ A, ESC O A)</td><td>0x1C</td><td>0x91</td></tr>
 *   <tr><td>Down (ESC [ B, ESC O B)</td><td>0x1D</td><td>0x11</td></tr>
 *   <tr><td>Left (ESC [ D, ESC O D)</td><td>0x1E</td><td>0x9D</td></tr>
 *   <tr><td>Right (ESC [ C, ESC O C)</td><td>0x1F</td><td>0x1D</td></tr>
 *   <tr><td>Home (ESC [ H, ESC O H, ESC [ 1 ~, ESC [ 7 ~)</td><td>-</td><td>0x13 HOME</td></tr>
 *   <tr><td>Insert (ESC [ 2 ~)</td><td>0xFF insert character</td><td>0x94 INST</td></tr>
 *   <tr><td>Delete (ESC [ 3 ~)</td><td>0xFE delete character</td><td>-</td></tr>
 *   <tr><td>F1-F8 (ESC O P..S, ESC [ 15 ~ .. 19 ~)</td><td>-</td>
 *       <td>0x85 0x89 0x86 0x8A 0x87 0x8B 0x88 0x8C</td></tr>
 *   <tr><td>Tab</td><td>0x7F TAB</td><td>0x09 (as Ctrl-I)</td></tr>
 *   <tr><td>Esc, alone</td><td>0x1B</td><td>0x1B</td></tr>
 *   <tr><td>Ctrl-A .. Ctrl-Z (other than the above)</td><td>0x01..0x1A, the graphics
 *       characters as CTRL-letter types them</td><td>0x01..0x1A (Ctrl-C is 0x03 STOP)</td></tr>
 *   <tr><td>anything else</td><td colspan="2">encoded with the charset; a character the charset
 *       cannot encode, and an escape sequence not listed, is dropped</td></tr>
 * </table>
 *
 * <p>Arrow keys are recognised with modifiers too ({@code ESC [ 1 ; 2 A}). An escape sequence
 * may arrive split over several calls: the unfinished part is kept. A lone Esc cannot be told
 * from the start of a sequence until more input comes or none does: a caller that reads with a
 * timeout calls {@link #flush} when the timeout passes with nothing read.
 *
 * <p>Only ATASCII and PETSCII are mapped. The Atari ST's keyboard sends ASCII (Return is CR,
 * Backspace is BS) and its BBSes expect VT52 or ANSI terminals; Big5 BBSes expect a VT100/ANSI
 * terminal. For both, and every other charset, the keys of a modern terminal are already right,
 * so {@link #isMapped} is false and a client sends keys as it always does.
 *
 * <p>Sources: ATASCII codes from "Mapping the Atari", appendix ten (UP ARROW 28, DOWN ARROW 29,
 * LEFT ARROW 30, RIGHT ARROW 31, DELETE 126, TAB 127, 155 end of line (Return), 254 delete
 * character, 255 insert character, CTRL-A..CTRL-Z 1..26); PETSCII codes from the C64 control
 * code list of Michael Steil's c64ref ({@code control_codes_c64.txt}: 0D RETURN, 11 CRSR_DOWN,
 * 13 CRSR_HOME, 14 DEL, 1D CRSR_RIGHT, 85..8C the function keys, 91 CRSR_UP, 94 INST,
 * 9D CRSR_LEFT).
 *
 * <p>Not thread-safe: one instance per input stream.
 */
public final class RetroKeys {
    private static final char ESC = 0x1B;
    /** Longest escape sequence kept; a longer one is not a key and is dropped. */
    private static final int MAX_SEQUENCE = 16;

    private final Charset charset;
    private final boolean atascii;
    private final CharsetEncoder encoder;
    private final StringBuilder pending = new StringBuilder(); // an unfinished escape sequence
    private boolean overlong;     // the pending sequence outgrew MAX_SEQUENCE: no key, drop it
    private boolean afterCr;      // the last key was CR: an LF right after it is the same Enter
    private char highSurrogate;   // first half of a character, its second half still to come
    private boolean ansiKeys;     // escape sequences sent as typed, not as the machine's codes
    private boolean asciiEol;     // ATASCII: Enter sends CR as typed, not EOL

    private RetroKeys(Charset charset) {
        this.charset = charset;
        this.atascii = RetroCharsets.ATASCII.equals(charset);
        this.encoder = charset.newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /**
     * True if typing in {@code cs} needs this key map: ATASCII and PETSCII.
     *
     * @param cs a charset, possibly null
     * @return whether {@link #of} accepts it
     */
    public static boolean isMapped(Charset cs) {
        return RetroCharsets.ATASCII.equals(cs) || RetroCharsets.PETSCII.equals(cs);
    }

    /**
     * A key map for {@code cs}.
     *
     * @param cs {@link RetroCharsets#ATASCII} or {@link RetroCharsets#PETSCII}
     * @return a new key map with nothing pending
     * @throws IllegalArgumentException for any other charset
     */
    public static RetroKeys of(Charset cs) {
        if (!isMapped(cs)) {
            throw new IllegalArgumentException("no key map for " + cs + ": only ATASCII and PETSCII");
        }
        return new RetroKeys(cs);
    }

    /**
     * {@code --ansi-keys}: arrow, function and editing keys go out as the terminal's ANSI escape
     * sequences ({@code ESC [ A}...), for a BBS that reads ANSI keys, instead of as the machine's
     * codes. The other keys are still mapped.
     */
    public RetroKeys ansiKeys(boolean on) {
        this.ansiKeys = on;
        return this;
    }

    /**
     * ATASCII only ({@code --ascii-eol}): Enter sends CR (0x0D) and a typed LF sends 0x0A, as
     * typed, instead of EOL (0x9B), for a BBS that ends lines as ASCII does.
     */
    public RetroKeys asciiEol(boolean on) {
        this.asciiEol = on;
        return this;
    }

    /** The charset whose keyboard this maps to. */
    public Charset charset() {
        return charset;
    }

    /**
     * Maps keys as the terminal delivered them.
     *
     * @param keys characters read from the terminal, any amount, possibly ending inside an
     *     escape sequence
     * @return the bytes to send, possibly none
     */
    public byte[] type(CharSequence keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(keys.length() + 4);
        for (int i = 0; i < keys.length(); i++) {
            key(keys.charAt(i), out);
        }
        return out.toByteArray();
    }

    /** True while an escape sequence (or a lone Esc) is held back waiting for more input. */
    public boolean hasPending() {
        return pending.length() > 0;
    }

    /**
     * No more input is coming soon: a lone Esc held back was the Esc key, and is sent; an
     * unfinished escape sequence is dropped.
     *
     * @return the bytes to send, possibly none
     */
    public byte[] flush() {
        boolean loneEsc = pending.length() == 1;
        pending.setLength(0);
        overlong = false;
        return loneEsc ? encode(String.valueOf(ESC)) : new byte[0];
    }

    private void key(char c, ByteArrayOutputStream out) {
        if (pending.length() > 0) {
            escape(c, out);
            return;
        }
        if (afterCr) {
            afterCr = false;
            if (c == '\n') {
                return; // CR LF: one Enter
            }
        }
        if (highSurrogate != 0) {
            char high = highSurrogate;
            highSurrogate = 0;
            if (Character.isLowSurrogate(c)) {
                out.writeBytes(encode(new String(new char[] {high, c})));
                return;
            }
        }
        switch (c) {
            case ESC:
                pending.append(c);
                return;
            case '\r':
                afterCr = true;
                out.write(atascii && asciiEol ? '\r' : atascii ? AtasciiCharset.EOL : PetsciiCharset.RETURN);
                return;
            case '\n':
                out.write(atascii && asciiEol ? '\n' : atascii ? AtasciiCharset.EOL : PetsciiCharset.RETURN);
                return;
            case 0x7F:
            case '\b':
                out.write(atascii ? AtasciiCharset.BACKSPACE : PetsciiCharset.DELETE);
                return;
            default:
                break;
        }
        if (Character.isHighSurrogate(c)) {
            highSurrogate = c;
        } else if (atascii && c >= 0x01 && c <= 0x1A && c != '\t') {
            out.write(c); // CTRL-letter: the graphics character of that code
        } else {
            out.writeBytes(encode(String.valueOf(c)));
        }
    }

    /** A character after ESC, or inside a CSI or SS3 sequence. */
    private void escape(char c, ByteArrayOutputStream out) {
        if (pending.length() == 1) { // just ESC
            if (c == '[' || c == 'O') {
                pending.append(c);
                return;
            }
            pending.setLength(0);
            out.writeBytes(encode(String.valueOf(ESC))); // the Esc key, then this key (Alt-x)
            key(c, out);
            return;
        }
        boolean csi = pending.charAt(1) == '[';
        if (csi && c >= 0x20 && c <= 0x3F) { // parameters and intermediates
            if (pending.length() < MAX_SEQUENCE) {
                pending.append(c);
            } else {
                overlong = true; // read on to its end, but it is no key
            }
            return;
        }
        String params = pending.substring(2);
        boolean drop = overlong;
        pending.setLength(0);
        overlong = false;
        if (c < 0x40 || c > 0x7E) {
            key(c, out); // not a sequence after all: what was held is dropped, this key counts
            return;
        }
        if (ansiKeys && !drop) { // the sequence as the terminal sent it: ASCII bytes
            out.write(ESC);
            out.write(csi ? '[' : 'O');
            for (int k = 0; k < params.length(); k++) {
                out.write(params.charAt(k));
            }
            out.write(c);
            return;
        }
        int code = drop ? -1 : csi ? csi(params, c) : ss3(c);
        if (code >= 0) {
            out.write(code);
        }
    }

    /** The byte for {@code ESC [ params final}, or -1. */
    private int csi(String params, char fin) {
        if (fin == '~') {
            int semi = params.indexOf(';');
            String n = semi >= 0 ? params.substring(0, semi) : params;
            switch (n) {
                case "1":
                case "7":
                    return home();
                case "2":
                    return atascii ? 0xFF : 0x94;     // insert character; INST
                case "3":
                    return atascii ? 0xFE : -1;       // delete character; C64: none
                case "15":
                    return function(5);
                case "17":
                    return function(6);
                case "18":
                    return function(7);
                case "19":
                    return function(8);
                default:
                    return -1;
            }
        }
        return ss3(fin); // ESC [ A .. D, H, and ESC [ 1 ; 2 P and the like
    }

    /** The byte for {@code ESC O fin} (or a CSI with the same final), or -1. */
    private int ss3(char fin) {
        switch (fin) {
            case 'A':
                return atascii ? 0x1C : 0x91;
            case 'B':
                return atascii ? 0x1D : 0x11;
            case 'C':
                return atascii ? 0x1F : 0x1D;
            case 'D':
                return atascii ? 0x1E : 0x9D;
            case 'H':
                return home();
            case 'P':
                return function(1);
            case 'Q':
                return function(2);
            case 'R':
                return function(3);
            case 'S':
                return function(4);
            default:
                return -1;
        }
    }

    private int home() {
        return atascii ? -1 : 0x13; // the Atari has no home key
    }

    /** The C64's F1..F8 (F2, F4, F6, F8 are the shifted keys), or -1 on the Atari. */
    private int function(int n) {
        if (atascii) {
            return -1;
        }
        int[] codes = {0x85, 0x89, 0x86, 0x8A, 0x87, 0x8B, 0x88, 0x8C};
        return codes[n - 1];
    }

    /** {@code s} in the charset, or nothing if it cannot be encoded. */
    private byte[] encode(String s) {
        try {
            ByteBuffer b = encoder.reset().encode(CharBuffer.wrap(s));
            byte[] a = new byte[b.remaining()];
            b.get(a);
            return a;
        } catch (CharacterCodingException e) {
            return new byte[0];
        }
    }
}
