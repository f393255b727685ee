package org.telnet4j.option;

/**
 * The options whose subnegotiation is {@code SEND} from the side that said DO and
 * {@code IS text} from the side that said WILL: TERMINAL-SPEED (RFC 1079, text
 * {@code "transmit,receive"} in bits per second) and X-DISPLAY-LOCATION (RFC 1096, text
 * {@code "host:display[.screen]"}). Both carry 7-bit text; IS is 0 and SEND is 1.
 */
public final class TextOption {
    /** The IS command. */
    public static final int IS = 0;
    /** The SEND command. */
    public static final int SEND = 1;

    private TextOption() {
    }

    /** The payload of {@code SB option SEND}. */
    public static byte[] sendPayload() {
        return new byte[] {SEND};
    }

    /** The payload of {@code SB option IS text}. */
    public static byte[] isPayload(String text) {
        byte[] t = SbText.encode(text);
        byte[] p = new byte[t.length + 1];
        p[0] = IS;
        System.arraycopy(t, 0, p, 1, t.length);
        return p;
    }

    /** True for a SEND payload. */
    public static boolean isSend(byte[] buf, int off, int len) {
        return len >= 1 && buf[off] == SEND;
    }

    /** The text of an IS payload (command byte included), or null if it is not IS. */
    public static String parseIs(byte[] buf, int off, int len) {
        if (len < 1 || buf[off] != IS) {
            return null;
        }
        return SbText.decode(buf, off + 1, len - 1);
    }

    /**
     * A terminal speed {@code "transmit,receive"} (RFC 1079), as {@code {transmit, receive}};
     * null if it is not two non-negative decimal numbers.
     */
    public static int[] parseSpeed(String text) {
        if (text == null) {
            return null;
        }
        int comma = text.indexOf(',');
        if (comma < 0) {
            return null;
        }
        try {
            int tx = Integer.parseInt(text.substring(0, comma).trim());
            int rx = Integer.parseInt(text.substring(comma + 1).trim());
            return tx < 0 || rx < 0 ? null : new int[] {tx, rx};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
