package org.telnet4j.console;

/**
 * Turns the characters a terminal sends into text and {@link Key}s. It knows the sequences of
 * xterm, VT100/VT220, PuTTY, tmux/screen and the Linux console: CSI ({@code ESC [}) and SS3
 * ({@code ESC O}) cursor keys, the VT220 {@code ESC [ n ~} editing keys (1 and 7 Home, 4 and 8
 * End, as PuTTY, rxvt and the Linux console send them), xterm modifier parameters
 * ({@code ESC [ 1 ; 5 C} is Ctrl-Right) and the Linux console's {@code ESC [ [ A} function keys.
 * A sequence split across reads is kept until it is complete; a lone ESC is held until the next
 * character or {@link #flush()} (the driver calls it when no character followed in time).
 *
 * <p>I/O-free and single-threaded. Sequences longer than {@link #MAX_SEQUENCE} characters are
 * dropped whole, up to and including their final byte (ECMA-48 sets no limit; no key needs that
 * many), so a hostile client cannot make the decoder hold more.
 */
public final class KeyDecoder {
    /** Longest escape sequence kept; longer ones are discarded. */
    public static final int MAX_SEQUENCE = 32;

    /** Where decoded input goes. */
    public interface Sink {
        /** A printable character (UTF-16 unit; a supplementary character comes as two). */
        void onText(char c);

        /** An editing key. */
        void onKey(Key key);
    }

    private enum State { TEXT, ESC, CSI, SS3, LINUX_F, DISCARD }

    private final Sink sink;
    private State state = State.TEXT;
    private final StringBuilder params = new StringBuilder();
    private boolean afterCr;

    /** A decoder that reports to {@code sink}. */
    public KeyDecoder(Sink sink) {
        this.sink = sink;
    }

    /** True while part of an escape sequence (or a lone ESC) is held. */
    public boolean isPending() {
        return state != State.TEXT;
    }

    /**
     * No more characters came in time: a held lone ESC becomes {@link Key#ESCAPE}; a held partial
     * sequence is dropped (its key is unknown).
     */
    public void flush() {
        if (state == State.ESC) {
            sink.onKey(Key.ESCAPE);
        }
        reset();
    }

    /** Decodes one character. */
    public void feed(char c) {
        switch (state) {
            case TEXT -> text(c);
            case ESC -> escape(c);
            case CSI -> csi(c);
            case SS3 -> ss3(c);
            case LINUX_F -> reset(); // ESC [ [ A..E: F1-F5 on the Linux console
            case DISCARD -> {
                if (c >= 0x40 && c <= 0x7E || c < 0x20) { // the final byte ends the overlong sequence
                    reset();
                }
            }
            default -> throw new AssertionError(state);
        }
    }

    private void reset() {
        state = State.TEXT;
        params.setLength(0);
    }

    private void text(char c) {
        boolean cr = afterCr;
        afterCr = false;
        switch (c) {
            case 0x1B -> state = State.ESC;
            case '\r' -> {
                afterCr = true;
                sink.onKey(Key.ENTER);
            }
            case '\n' -> {
                if (!cr) { // CR LF is one Enter (RFC 854 end of line)
                    sink.onKey(Key.ENTER);
                }
            }
            case 0 -> { } // CR NUL's NUL, or padding
            case 0x01 -> sink.onKey(Key.HOME);
            case 0x02 -> sink.onKey(Key.LEFT);
            case 0x03 -> sink.onKey(Key.INTERRUPT);
            case 0x04 -> sink.onKey(Key.EOF);
            case 0x05 -> sink.onKey(Key.END);
            case 0x06 -> sink.onKey(Key.RIGHT);
            case 0x07 -> sink.onKey(Key.CANCEL);
            case 0x08, 0x7F -> sink.onKey(Key.BACKSPACE);
            case '\t' -> sink.onKey(Key.TAB);
            case 0x0B -> sink.onKey(Key.KILL_END);
            case 0x0C -> sink.onKey(Key.CLEAR);
            case 0x0E -> sink.onKey(Key.DOWN);
            case 0x10 -> sink.onKey(Key.UP);
            case 0x12 -> sink.onKey(Key.SEARCH);
            case 0x15 -> sink.onKey(Key.KILL_START);
            case 0x17 -> sink.onKey(Key.KILL_WORD);
            case 0x19 -> sink.onKey(Key.YANK);
            default -> {
                if (c < 0x20 || c >= 0x80 && c < 0xA0) {
                    sink.onKey(Key.OTHER);
                } else {
                    sink.onText(c);
                }
            }
        }
    }

    private void escape(char c) {
        switch (c) {
            case '[' -> state = State.CSI;
            case 'O' -> state = State.SS3;
            case 'b', 'B' -> key(Key.WORD_LEFT);
            case 'f', 'F' -> key(Key.WORD_RIGHT);
            case 0x7F, 0x08 -> key(Key.KILL_WORD);
            case 0x1B -> sink.onKey(Key.ESCAPE); // ESC ESC: the first was alone; keep the second
            default -> { // ESC then an ordinary key: the ESC was alone
                reset();
                sink.onKey(Key.ESCAPE);
                text(c);
            }
        }
    }

    private void key(Key k) {
        reset();
        sink.onKey(k);
    }

    private void csi(char c) {
        if (c == '[' && params.length() == 0) {
            state = State.LINUX_F;
            return;
        }
        if (c >= 0x20 && c <= 0x3F) { // parameter and intermediate bytes (ECMA-48 5.4)
            if (params.length() >= MAX_SEQUENCE) {
                params.setLength(0);
                state = State.DISCARD;
                return;
            }
            params.append(c);
            return;
        }
        if (c < 0x40 || c > 0x7E) { // not a final byte: a broken sequence
            reset();
            if (c == 0x1B) {
                state = State.ESC;
            }
            return;
        }
        String p = params.toString();
        int mod = modifier(p);
        Key k;
        switch (c) {
            case 'A' -> k = Key.UP;
            case 'B' -> k = Key.DOWN;
            case 'C' -> k = mod > 1 ? Key.WORD_RIGHT : Key.RIGHT;
            case 'D' -> k = mod > 1 ? Key.WORD_LEFT : Key.LEFT;
            case 'H' -> k = Key.HOME;
            case 'F' -> k = Key.END;
            case '~' -> k = tilde(first(p));
            default -> k = Key.OTHER;
        }
        key(k);
    }

    /** VT220 editing keypad and rxvt/PuTTY/Linux-console Home and End. */
    private static Key tilde(int n) {
        return switch (n) {
            case 1, 7 -> Key.HOME;
            case 4, 8 -> Key.END;
            case 3 -> Key.DELETE;
            default -> Key.OTHER; // 2 Insert, 5/6 Page Up/Down, function keys
        };
    }

    private void ss3(char c) {
        Key k = switch (c) {
            case 'A' -> Key.UP;
            case 'B' -> Key.DOWN;
            case 'C' -> Key.RIGHT;
            case 'D' -> Key.LEFT;
            case 'H' -> Key.HOME;
            case 'F' -> Key.END;
            case 'M' -> Key.ENTER; // keypad Enter in application mode
            default -> Key.OTHER;
        };
        key(k);
    }

    /** The first numeric parameter, or 0. */
    private static int first(String p) {
        int n = 0;
        for (int i = 0; i < p.length() && Character.isDigit(p.charAt(i)) && n < 1000; i++) {
            n = n * 10 + p.charAt(i) - '0';
        }
        return n;
    }

    /** The xterm modifier parameter ({@code 1;5} has 5: Ctrl), or 1 for none. */
    private static int modifier(String p) {
        int semi = p.indexOf(';');
        return semi < 0 ? 1 : Math.max(1, first(p.substring(semi + 1)));
    }
}
