package org.telnet4j.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.telnet4j.bytes.ByteSink;

/**
 * Turns data, commands, negotiations and subnegotiations into telnet bytes.
 *
 * <p>Data runs without special bytes are passed to the {@link ByteSink} as slices of the
 * caller's array; only the escapes themselves come from this class, so encoding copies nothing.
 * In data, 0xFF is doubled (RFC 854). Outside BINARY, NVT end-of-line rules apply (RFC 854, and
 * RFC 1123 section 3.3.1): a bare LF goes out as CR LF and a CR not followed by LF as CR NUL.
 * Each call is complete in itself: a CR at the very end of a call goes out as CR NUL at once, as a
 * BSD/inetutils telnet sends the Enter key in character mode. A CR never waits for a later write:
 * a peer in raw mode acts on the CR alone, and a NUL sent later would reach its program as data
 * (busybox telnetd passes it on). So CR LF must be passed in one call to stay CR LF.
 *
 * <p>For callers that manage their own arrays, the static {@code write*} methods encode into a
 * caller-supplied array and return the new offset.
 *
 * <p>Not thread-safe: one encoder belongs to one connection.
 */
public final class TelnetEncoder {
    private static final byte IAC = (byte) TelnetCommand.IAC;
    private static final byte[] IAC_IAC = {IAC, IAC};
    private static final byte[] CR_LF = {'\r', '\n'};
    private static final byte[] NUL = {0};
    private static final byte[] IAC_SE = {IAC, (byte) TelnetCommand.SE};
    private static final VarHandle LONGS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LFS = 0x0A0A0A0A0A0A0A0AL;
    private static final long CRS = 0x0D0D0D0D0D0D0D0DL;

    private final ByteSink out;
    private final byte[] scratch = new byte[3];
    /** Reused to frame whole subnegotiations; grows to the largest sent. */
    private byte[] sbScratch;
    private boolean binary;

    /** An encoder writing to {@code out}. */
    public TelnetEncoder(ByteSink out) {
        if (out == null) {
            throw new NullPointerException("out");
        }
        this.out = out;
    }

    /** Sets whether our outgoing direction is BINARY (no end-of-line translation). */
    public void setBinary(boolean binary) {
        this.binary = binary;
    }

    /** Whether our outgoing direction is BINARY. */
    public boolean isBinary() {
        return binary;
    }

    /** Encodes data: IAC doubling always, NVT end-of-line translation outside BINARY. */
    public void data(byte[] src, int off, int len) {
        int end = off + len;
        if (off < 0 || len < 0 || end > src.length) {
            throw new IndexOutOfBoundsException("off=" + off + " len=" + len + " size=" + src.length);
        }
        if (len == 0) {
            return;
        }
        int i = off;
        int run = i;
        while (i < end) {
            int hit = binary ? TelnetParser.indexOfIac(src, i, end) : indexOfSpecial(src, i, end);
            if (hit == end) {
                break;
            }
            byte b = src[hit];
            if (b == IAC) {
                out.write(src, run, hit + 1 - run); // the IAC itself, then one more
                out.write(IAC_IAC, 0, 1);
                i = run = hit + 1;
            } else if (b == '\n') {
                if (hit > run) {
                    out.write(src, run, hit - run);
                }
                out.write(CR_LF, 0, 2);
                i = run = hit + 1;
            } else { // CR
                if (hit + 1 < end && src[hit + 1] == '\n') {
                    i = hit + 2; // CR LF is already NVT
                } else {
                    out.write(src, run, hit + 1 - run);
                    out.write(NUL, 0, 1);
                    i = run = hit + 1;
                }
            }
        }
        if (end > run) {
            out.write(src, run, end - run);
        }
    }

    /** Sends {@code IAC command}, e.g. GA, NOP, AYT. */
    public void command(int command) {
        int n = writeCommand(scratch, 0, command);
        out.write(scratch, 0, n);
    }

    /** Sends {@code IAC verb option}. */
    public void negotiation(int verb, int option) {
        int n = writeNegotiation(scratch, 0, verb, option);
        out.write(scratch, 0, n);
    }

    /** Sends {@code IAC SB option payload IAC SE} with 0xFF doubled in the payload. */
    public void subnegotiation(int option, byte[] payload, int off, int len) {
        // Framed in one piece: some peers (busybox telnetd) mis-read a subnegotiation that
        // arrives split over TCP segments, which separate writes to an unbuffered socket cause.
        int max = maxSubnegotiationLength(len);
        if (sbScratch == null || sbScratch.length < max) {
            sbScratch = new byte[Math.max(max, 64)];
        }
        int n = writeSubnegotiation(sbScratch, 0, checkByte(option, "option"), payload, off, len);
        out.write(sbScratch, 0, n);
    }

    /** Sends {@code IAC SB option}; follow with payload pieces and {@link #subnegotiationEnd()}. */
    public void subnegotiationStart(int option) {
        scratch[0] = IAC;
        scratch[1] = (byte) TelnetCommand.SB;
        scratch[2] = (byte) checkByte(option, "option");
        out.write(scratch, 0, 3);
    }

    /** Sends part of a subnegotiation payload, 0xFF doubled. */
    public void subnegotiationPayload(byte[] payload, int off, int len) {
        int end = off + len;
        int run = off;
        while (run < end) {
            int hit = TelnetParser.indexOfIac(payload, run, end);
            if (hit == end) {
                out.write(payload, run, end - run);
                return;
            }
            out.write(payload, run, hit + 1 - run);
            out.write(IAC_IAC, 0, 1);
            run = hit + 1;
        }
    }

    /** Sends {@code IAC SE}. */
    public void subnegotiationEnd() {
        out.write(IAC_SE, 0, 2);
    }

    /**
     * Writes {@code IAC command} into {@code dst} at {@code off}.
     *
     * @return the offset after the written bytes
     */
    public static int writeCommand(byte[] dst, int off, int command) {
        dst[off] = IAC;
        dst[off + 1] = (byte) checkByte(command, "command");
        return off + 2;
    }

    /**
     * Writes {@code IAC verb option} into {@code dst} at {@code off}.
     *
     * @return the offset after the written bytes
     */
    public static int writeNegotiation(byte[] dst, int off, int verb, int option) {
        if (!TelnetCommand.isNegotiation(verb)) {
            throw new IllegalArgumentException("not WILL/WONT/DO/DONT: " + verb);
        }
        dst[off] = IAC;
        dst[off + 1] = (byte) verb;
        dst[off + 2] = (byte) checkByte(option, "option");
        return off + 3;
    }

    /**
     * Writes {@code IAC SB option payload IAC SE} into {@code dst}, 0xFF doubled; {@code dst}
     * needs room for {@link #maxSubnegotiationLength(int)} bytes.
     *
     * @return the offset after the written bytes
     */
    public static int writeSubnegotiation(byte[] dst, int off, int option, byte[] payload, int pOff, int pLen) {
        int o = off;
        dst[o++] = IAC;
        dst[o++] = (byte) TelnetCommand.SB;
        dst[o++] = (byte) checkByte(option, "option");
        o = writeEscaped(dst, o, payload, pOff, pLen);
        dst[o++] = IAC;
        dst[o++] = (byte) TelnetCommand.SE;
        return o;
    }

    /**
     * Writes {@code src} into {@code dst} with 0xFF doubled (no end-of-line translation); {@code dst}
     * needs room for {@code 2 * len} bytes in the worst case.
     *
     * @return the offset after the written bytes
     */
    public static int writeEscaped(byte[] dst, int off, byte[] src, int sOff, int len) {
        int o = off;
        for (int i = sOff, end = sOff + len; i < end; i++) {
            byte b = src[i];
            dst[o++] = b;
            if (b == IAC) {
                dst[o++] = IAC;
            }
        }
        return o;
    }

    /** The most bytes {@link #writeSubnegotiation} can produce for a payload of {@code len}. */
    public static int maxSubnegotiationLength(int len) {
        return 5 + 2 * len;
    }

    /**
     * Text with every LF not preceded by CR turned into CR LF: the NVT end of line (RFC 854) for
     * text about to be encoded and sent. Unlike {@link #data}, this also applies in BINARY, where
     * text senders still mean "new line" by LF.
     */
    public static String crlf(String text) {
        int lf = text.indexOf('\n');
        if (lf < 0) {
            return text;
        }
        StringBuilder b = null;
        int from = 0;
        for (; lf >= 0; lf = text.indexOf('\n', lf + 1)) {
            if (lf == 0 || text.charAt(lf - 1) != '\r') {
                if (b == null) {
                    b = new StringBuilder(text.length() + 8);
                }
                b.append(text, from, lf).append('\r'); // copies runs; the LF starts the next run
                from = lf;
            }
        }
        return b == null ? text : b.append(text, from, text.length()).toString();
    }

    private static int checkByte(int v, String what) {
        if (v < 0 || v > 255) {
            throw new IllegalArgumentException(what + " must be 0..255, was " + v);
        }
        return v;
    }

    /**
     * Index of the first IAC, LF or CR in {@code b[from, end)}, or {@code end}: eight bytes at a
     * time, as {@link TelnetParser#indexOfIac} does (bulk output is mostly plain text).
     */
    private static int indexOfSpecial(byte[] b, int from, int end) {
        int i = from;
        for (; i <= end - 8; i += 8) {
            long v = (long) LONGS.get(b, i);
            long lf = v ^ LFS;
            long cr = v ^ CRS;
            // a zero byte of x is flagged by (x - ONES) & ~x & HIGHS; the lowest flag is exact
            long m = ((~v - ONES) & (v & HIGHS)) | ((lf - ONES) & ~lf & HIGHS) | ((cr - ONES) & ~cr & HIGHS);
            if (m != 0) {
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
        }
        for (; i < end; i++) {
            byte c = b[i];
            if (c == IAC || c == '\n' || c == '\r') {
                return i;
            }
        }
        return end;
    }
}
