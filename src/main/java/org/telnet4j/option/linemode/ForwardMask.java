package org.telnet4j.option.linemode;

import java.util.Arrays;

/**
 * The FORWARDMASK of RFC 1184 section 2.3: the characters that make a client in MODE EDIT send
 * the line it holds at once, without waiting for the end of the line. One bit per character
 * value, eight to a byte, the most significant bit of the first byte for character 0.
 *
 * <p>On the wire the mask is 16 bytes when only 7-bit characters are set, 32 bytes otherwise;
 * a shorter mask received is read as if padded with zero bytes, a longer one is cut at 32. A mask
 * byte 0xFF travels as {@code IAC IAC}; the encoder doubles it and the parser undoes that, so the
 * bytes here are always the plain ones.
 *
 * <p>Immutable.
 */
public final class ForwardMask {
    /** The most bytes a mask has: one bit for each of 256 character values. */
    public static final int MAX_BYTES = 32;

    private final byte[] bits;

    private ForwardMask(byte[] bits) {
        this.bits = bits;
    }

    /** A mask holding exactly the given characters (0..255). */
    public static ForwardMask of(int... chars) {
        byte[] b = new byte[MAX_BYTES];
        for (int c : chars) {
            if (c < 0 || c > 255) {
                throw new IllegalArgumentException("character must be 0..255, was " + c);
            }
            b[c >>> 3] |= (byte) (0x80 >>> (c & 7));
        }
        return new ForwardMask(b);
    }

    /** Reads mask bytes as received (after {@code DO FORWARDMASK}). */
    public static ForwardMask parse(byte[] buf, int off, int len) {
        byte[] b = new byte[MAX_BYTES];
        System.arraycopy(buf, off, b, 0, Math.min(Math.max(len, 0), MAX_BYTES));
        return new ForwardMask(b);
    }

    /** True if character {@code ch} (0..255) is in the mask. */
    public boolean contains(int ch) {
        return ch >= 0 && ch <= 255 && (bits[ch >>> 3] & (0x80 >>> (ch & 7))) != 0;
    }

    /** The bytes to send: 16, or 32 when a character above 127 is set. Not escaped. */
    public byte[] toBytes() {
        for (int i = 16; i < MAX_BYTES; i++) {
            if (bits[i] != 0) {
                return bits.clone();
            }
        }
        return Arrays.copyOf(bits, 16);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForwardMask && Arrays.equals(bits, ((ForwardMask) o).bits);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ForwardMask[");
        boolean first = true;
        for (int c = 0; c < 256; c++) {
            if (contains(c)) {
                b.append(first ? "" : ",").append(c);
                first = false;
            }
        }
        return b.append(']').toString();
    }
}
