package org.telnet4j.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A push parser for the telnet byte stream (RFC 854, 855): bytes in, events out to a
 * {@link TelnetParserListener}. It does no I/O, starts no threads and keeps no reference to the
 * input after {@link #feed} returns.
 *
 * <p>Invariants: in steady state nothing is allocated per byte, per event or per call; the
 * subnegotiation buffer grows by doubling to at most {@link #maxSubnegotiationLength()} bytes and
 * is then reused. Input may be split at any byte boundary: the events of a stream do not depend on
 * how it was cut into calls (except that one run of data may arrive as several {@code onData}
 * slices). Every violation is a {@link ProtocolWarning}, never an exception.
 *
 * <p>Not thread-safe: one parser belongs to one connection and is driven by one thread at a time.
 */
public final class TelnetParser {

    /** Default ceiling for one subnegotiation payload, in bytes (after unescaping). */
    public static final int DEFAULT_MAX_SUBNEGOTIATION = 16 * 1024;

    private static final int DATA = 0;
    private static final int CR = 1;
    private static final int IAC = 2;
    private static final int VERB = 3;
    private static final int SB_OPTION = 4;
    private static final int SB_DATA = 5;
    private static final int SB_IAC = 6;
    private static final int SB_DISCARD = 7;
    private static final int SB_DISCARD_IAC = 8;

    /** Marks {@code IAC SB IAC}: no option byte seen yet. */
    private static final int NO_OPTION = -1;

    private static final int FIRST_SB_CAPACITY = 64;
    private static final int DIRECT_CHUNK = 2048;

    private static final VarHandle LONGS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long CRS = 0x0D0D0D0D0D0D0D0DL;

    private final TelnetParserListener listener;
    private final int maxSb;

    private int state = DATA;
    private int verb;
    private int sbOption;
    private byte[] sb = new byte[0];
    private int sbLen;
    private boolean binary;
    private boolean paused;
    private byte[] directChunk;

    /** A parser with the default subnegotiation ceiling. */
    public TelnetParser(TelnetParserListener listener) {
        this(listener, DEFAULT_MAX_SUBNEGOTIATION);
    }

    /**
     * @param listener receives the events
     * @param maxSubnegotiationLength the largest subnegotiation payload accepted, at least 16
     */
    public TelnetParser(TelnetParserListener listener, int maxSubnegotiationLength) {
        if (listener == null) {
            throw new NullPointerException("listener");
        }
        if (maxSubnegotiationLength < 16) {
            throw new IllegalArgumentException("maxSubnegotiationLength must be at least 16, was "
                + maxSubnegotiationLength);
        }
        this.listener = listener;
        this.maxSb = maxSubnegotiationLength;
    }

    /** The largest subnegotiation payload this parser accepts. */
    public int maxSubnegotiationLength() {
        return maxSb;
    }

    /** The subnegotiation buffer's current capacity; never above the ceiling. For tests. */
    int subnegotiationCapacity() {
        return sb.length;
    }

    /**
     * Sets whether the incoming direction is BINARY (RFC 856). Outside BINARY, {@code CR NUL} is
     * delivered as a lone CR (RFC 854, "the sequence CR NUL must be treated as CR"); in BINARY
     * every data byte is delivered as it is.
     */
    public void setBinary(boolean binary) {
        this.binary = binary;
        if (binary && state == CR) {
            state = DATA;
        }
    }

    /** Whether the incoming direction is treated as BINARY. */
    public boolean isBinary() {
        return binary;
    }

    /**
     * Called from a listener callback: makes the current {@link #feed} call return right after
     * the event being delivered, so that the caller can route the rest of the buffer elsewhere
     * (MCCP decompression starts at the byte after {@code IAC SB MCCP2 IAC SE}). The next
     * {@code feed} continues normally.
     */
    public void pause() {
        paused = true;
    }

    /** True between the bytes of a command or subnegotiation, false at a clean data boundary. */
    public boolean isInsideCommand() {
        return state != DATA && state != CR;
    }

    /** Forgets any partial command or subnegotiation. */
    public void reset() {
        state = DATA;
        sbLen = 0;
        paused = false;
    }

    /**
     * Parses {@code buf[off, off+len)}.
     *
     * @return the number of bytes consumed: {@code len}, unless a listener called {@link #pause()}
     */
    public int feed(byte[] buf, int off, int len) {
        final int end = off + len;
        if (off < 0 || len < 0 || end > buf.length || end < 0) {
            throw new IndexOutOfBoundsException("off=" + off + " len=" + len + " size=" + buf.length);
        }
        paused = false;
        int i = off;
        while (i < end && !paused) {
            switch (state) {
                case DATA:
                    i = data(buf, i, end);
                    break;
                case CR:
                    state = DATA;
                    if (buf[i] == 0) {
                        i++; // RFC 854: CR NUL is a bare carriage return; the NUL is padding.
                    }
                    break;
                case IAC:
                    i = afterIac(buf, i);
                    break;
                case VERB:
                    state = DATA;
                    listener.onNegotiation(verb, buf[i++] & 0xFF);
                    break;
                case SB_OPTION:
                    i = sbOption(buf[i] & 0xFF, i);
                    break;
                case SB_DATA:
                    i = sbOption == TelnetOption.MCCP1 && sbLen < 2 ? mccp1Start(buf[i], i)
                        : sbData(buf, i, end);
                    break;
                case SB_IAC:
                    i = sbIac(buf[i] & 0xFF, i);
                    break;
                case SB_DISCARD:
                    i = indexOfIac(buf, i, end);
                    if (i < end) {
                        state = SB_DISCARD_IAC;
                        i++;
                    }
                    break;
                case SB_DISCARD_IAC:
                    i = sbDiscardIac(buf[i] & 0xFF, i);
                    break;
                default:
                    throw new IllegalStateException("parser state " + state);
            }
        }
        return i - off;
    }

    /**
     * Parses the remaining bytes of {@code in}, advancing its position by what was consumed. A heap
     * buffer is parsed in place; a direct buffer is copied through a small reusable array first.
     *
     * @return the number of bytes consumed
     */
    public int feed(ByteBuffer in) {
        if (in.hasArray()) {
            int n = feed(in.array(), in.arrayOffset() + in.position(), in.remaining());
            in.position(in.position() + n);
            return n;
        }
        if (directChunk == null) {
            directChunk = new byte[DIRECT_CHUNK];
        }
        int total = 0;
        while (in.hasRemaining()) {
            int pos = in.position();
            int n = Math.min(in.remaining(), directChunk.length);
            in.get(directChunk, 0, n);
            int used = feed(directChunk, 0, n);
            total += used;
            if (used < n || paused) { // a pause on a chunk's last byte leaves used == n
                in.position(pos + used);
                break;
            }
        }
        return total;
    }

    /**
     * DATA, the hot path. Delivers each run of data as one slice and decodes every command that
     * lies whole in the buffer right here, so a three-byte negotiation costs one trip round this
     * loop rather than three through the state switch in {@link #feed}. Whatever it does not
     * handle (a sequence cut by the end of the buffer, a warning, an SB payload with an escaped
     * 0xFF or an interrupting command) it leaves to the byte-at-a-time states, entered in state
     * IAC just after the IAC: the same place the general path would be, so both give the same
     * events. A CR that is not followed by NUL (CR LF, the end of every line) does not even stop
     * the scan: see {@link #indexOfIacOrCrNul}.
     *
     * <p>A listener may call {@link #pause()} or {@link #setBinary(boolean)} in any callback, so
     * after each one this returns to {@link #feed} if either happened; {@code feed} stops, or
     * calls this again with the new mode. (With the listener inlined, the JIT drops these checks
     * when it can see that the callback touches neither field.)
     */
    private int data(byte[] buf, int from, int end) {
        final TelnetParserListener l = listener;
        final boolean bin = binary;
        int start = from; // first byte of the data run not yet delivered
        int pos = from;   // every byte before pos has been dealt with
        while (true) {
            int hit = bin ? indexOfIac(buf, pos, end) : indexOfIacOrCrNul(buf, pos, end);
            if (hit == end) {
                break;
            }
            if (buf[hit] != (byte) 0xFF) {
                // A CR outside BINARY. Only CR NUL cuts the run, to drop the NUL; a CR at the end
                // of the buffer needs the next feed's first byte, so it leaves state CR.
                if (hit + 1 == end) {
                    l.onData(buf, start, end - start);
                    state = CR;
                    return end;
                }
                if (buf[hit + 1] == 0) {
                    l.onData(buf, start, hit + 1 - start); // RFC 854: the NUL is padding
                    start = pos = hit + 2;
                    if (paused || binary != bin) {
                        return pos;
                    }
                } else {
                    pos = hit + 1; // CR LF and the like stay in the run
                }
                continue;
            }
            if (hit > start) {
                l.onData(buf, start, hit - start);
                if (paused) {
                    return hit; // the IAC starts the next event: leave it to the next feed
                }
                if (binary != bin) {
                    state = IAC;
                    return hit + 1;
                }
            }
            if (end - hit < 3) {
                state = IAC; // the command may continue in the next feed
                return hit + 1;
            }
            int b = buf[hit + 1] & 0xFF;
            if (b >= TelnetCommand.WILL) {
                if (b == TelnetCommand.IAC) {
                    // IAC IAC: the second 0xFF is data and starts the next run (zero-copy).
                    start = hit + 1;
                    pos = hit + 2;
                    continue;
                }
                l.onNegotiation(b, buf[hit + 2] & 0xFF);
                pos = hit + 3;
            } else if (b == TelnetCommand.SB) {
                pos = subnegotiation(buf, hit, end);
                if (state != DATA) {
                    return pos; // left to the general path, in the state it set
                }
            } else if (b >= TelnetCommand.FIRST_ASSIGNED && b != TelnetCommand.SE) {
                l.onCommand(b);
                pos = hit + 2;
            } else {
                state = IAC; // SE without SB or an unassigned command: afterIac warns
                return hit + 1;
            }
            start = pos;
            if (paused || binary != bin) {
                return pos;
            }
        }
        if (end > start) {
            l.onData(buf, start, end - start);
        }
        return end;
    }

    /**
     * {@code IAC SB} at {@code iac} in DATA: if the option byte, the payload and the closing
     * {@code IAC SE} are all in the buffer and the payload contains no IAC, delivers it (through
     * the SB buffer, as the general path does) and returns the index after SE. An overflowing
     * payload is reported by {@link #append} exactly as in state SB_DATA and leaves SB_DISCARD at
     * the closing IAC. Otherwise returns {@code iac + 1} in state IAC, for the general path.
     */
    private int subnegotiation(byte[] buf, int iac, int end) {
        int option = buf[iac + 2] & 0xFF;
        int payload = iac + 3;
        // Option 255 (IAC) and MCCP v1 (whose start sequence has no IAC SE) take the general path.
        int close = option == TelnetCommand.IAC || option == TelnetOption.MCCP1 ? end
            : indexOfIac(buf, payload, end);
        if (close + 1 >= end || buf[close + 1] != (byte) TelnetCommand.SE) {
            state = IAC;
            return iac + 1;
        }
        sbOption = option;
        int n = close - payload;
        if (n <= 16 && sb.length >= 16 && payload + 16 <= buf.length) {
            // Short payloads (NAWS, TTYPE IS ...) are the common case: copy two words, whatever
            // n is, rather than call the arraycopy stub and branch on the length. The bytes past
            // n are scratch; the event only covers sb[0, n).
            LONGS.set(sb, 0, (long) LONGS.get(buf, payload));
            LONGS.set(sb, 8, (long) LONGS.get(buf, payload + 8));
            sbLen = n;
        } else {
            sbLen = 0;
            if (n > 0 && !append(buf, payload, n)) {
                return close; // state SB_DISCARD: it consumes the IAC SE
            }
        }
        listener.onSubnegotiation(option, sb, 0, sbLen);
        return close + 2;
    }

    private int afterIac(byte[] buf, int i) {
        int b = buf[i] & 0xFF;
        state = DATA;
        if (b == TelnetCommand.IAC) {
            listener.onData(buf, i, 1); // the second IAC is the data byte 0xFF: still zero-copy
        } else if (b >= TelnetCommand.WILL) {
            verb = b;
            state = VERB;
        } else if (b == TelnetCommand.SB) {
            state = SB_OPTION;
        } else if (b == TelnetCommand.SE) {
            listener.onProtocolWarning(ProtocolWarning.SE_WITHOUT_SB, -1);
        } else if (b >= TelnetCommand.FIRST_ASSIGNED) {
            listener.onCommand(b);
        } else {
            listener.onProtocolWarning(ProtocolWarning.UNASSIGNED_COMMAND, b);
        }
        return i + 1;
    }

    private int sbOption(int b, int i) {
        sbLen = 0;
        if (b == TelnetCommand.IAC) {
            sbOption = NO_OPTION;
            state = SB_IAC;
        } else {
            sbOption = b;
            state = SB_DATA;
        }
        return i + 1;
    }

    private int sbData(byte[] buf, int start, int end) {
        int hit = indexOfIac(buf, start, end);
        if (hit > start && !append(buf, start, hit - start)) {
            return hit; // overflow: SB_DISCARD picks up from the IAC
        }
        if (hit < end) {
            state = SB_IAC;
            return hit + 1;
        }
        return end;
    }

    /**
     * MCCP v1 servers start compression with the malformed {@code IAC SB 85 WILL SE} (no IAC
     * before SE). Tolerated: that exact payload ends the subnegotiation, reported with the payload
     * {@code WILL}, so a client that agreed can start decompressing at the next byte. Any other
     * payload is an ordinary subnegotiation.
     */
    private int mccp1Start(byte b, int i) {
        if (sbLen == 1 && sb[0] == (byte) TelnetCommand.WILL && b == (byte) TelnetCommand.SE) {
            state = DATA;
            listener.onSubnegotiation(TelnetOption.MCCP1, sb, 0, 1);
            return i + 1;
        }
        if (b == (byte) TelnetCommand.IAC) {
            state = SB_IAC;
            return i + 1;
        }
        if (sbLen == sb.length && !grow(1)) {
            return i; // overflow: now discarding
        }
        sb[sbLen++] = b;
        return i + 1;
    }

    private int sbIac(int b, int i) {
        if (b == TelnetCommand.SE) {
            state = DATA;
            if (sbOption == NO_OPTION) {
                listener.onProtocolWarning(ProtocolWarning.EMPTY_SUBNEGOTIATION, -1);
            } else {
                listener.onSubnegotiation(sbOption, sb, 0, sbLen);
            }
            return i + 1;
        }
        if (b == TelnetCommand.IAC) {
            state = SB_DATA;
            if (sbOption == NO_OPTION) {
                sbOption = TelnetOption.EXOPL; // IAC SB IAC IAC: option byte 255, escaped
            } else {
                sb255();
            }
            return i + 1;
        }
        // RFC 855 gives no meaning to a command inside SB: drop the SB, then act on the command,
        // which keeps us in step with a peer that abandoned its subnegotiation.
        listener.onProtocolWarning(ProtocolWarning.SUBNEGOTIATION_INTERRUPTED, b);
        state = IAC;
        return i; // reprocess b as the byte after IAC
    }

    private int sbDiscardIac(int b, int i) {
        if (b == TelnetCommand.SE) {
            state = DATA;
            return i + 1;
        }
        if (b == TelnetCommand.IAC) {
            state = SB_DISCARD;
            return i + 1;
        }
        listener.onProtocolWarning(ProtocolWarning.SUBNEGOTIATION_INTERRUPTED, b);
        state = IAC;
        return i;
    }

    private void sb255() {
        if (sbLen == sb.length && !grow(1)) {
            return;
        }
        sb[sbLen++] = (byte) 0xFF;
    }

    /** Appends to the SB buffer; on overflow reports it and switches to discarding. */
    private boolean append(byte[] src, int off, int n) {
        if (sbLen + n > sb.length && !grow(n)) {
            return false;
        }
        System.arraycopy(src, off, sb, sbLen, n);
        sbLen += n;
        return true;
    }

    private boolean grow(int extra) {
        long need = (long) sbLen + extra;
        if (need > maxSb) {
            state = SB_DISCARD;
            listener.onProtocolWarning(ProtocolWarning.SUBNEGOTIATION_OVERFLOW, sbOption);
            return false;
        }
        int cap = Math.max(sb.length, FIRST_SB_CAPACITY);
        while (cap < need) {
            cap = cap * 2;
        }
        byte[] bigger = new byte[Math.min(cap, maxSb)];
        System.arraycopy(sb, 0, bigger, 0, sbLen);
        sb = bigger;
        return true;
    }

    /** Index of the first 0xFF in {@code b[from, end)}, or {@code end}. Eight bytes per step. */
    static int indexOfIac(byte[] b, int from, int end) {
        int i = from;
        for (; i <= end - 8; i += 8) {
            long m = iac((long) LONGS.get(b, i));
            if (m != 0) {
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
        }
        for (; i < end; i++) {
            if (b[i] == (byte) 0xFF) {
                return i;
            }
        }
        return end;
    }

    /**
     * Index of the first 0xFF or CR NUL in {@code b[from, end)}, or {@code end}. It may also stop
     * early at a CR that is not followed by NUL (one at the last byte of an eight-byte word, whose
     * successor it does not look at, or one in the tail), so the caller must check the byte after
     * a CR. Not stopping at every CR keeps CR LF, at the end of every line, inside the scan.
     */
    static int indexOfIacOrCrNul(byte[] b, int from, int end) {
        int i = from;
        for (; i <= end - 8; i += 8) {
            long m = iacOrCrNul((long) LONGS.get(b, i));
            if (m != 0) {
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
        }
        for (; i < end; i++) {
            byte c = b[i];
            if (c == (byte) 0xFF || c == '\r') {
                return i;
            }
        }
        return end;
    }

    /**
     * Flags (bit 7 of a byte) each 0xFF in the eight bytes of {@code v}, little-endian. Only the
     * lowest flag is exact: a 0xFE right after a flagged byte may be flagged too (the borrow).
     */
    private static long iac(long v) {
        return (~v - ONES) & (v & HIGHS); // ~v has a zero byte exactly where v has 0xFF
    }

    /**
     * Flags (bit 7 of a byte) each 0xFF and each CR before NUL in the eight bytes of {@code v},
     * little-endian, and a CR in the last byte (its successor is in the next word). Only the
     * lowest flag is exact: a 0xFE right after a flagged 0xFF may be flagged too (the borrow).
     */
    private static long iacOrCrNul(long v) {
        // Written for a short dependency chain: each hit test is three steps deep, then one OR.
        long iac = (~v - ONES) & (v & HIGHS);
        // A byte of t is zero exactly where v has CR and the next byte NUL. The top byte of
        // v >>> 8 is zero, so a CR in the last byte always counts (its successor is unknown).
        // After a CR NUL, t's next byte is at least 0x0D, so this test borrows nothing.
        long t = (v ^ CRS) | (v >>> 8);
        long crNul = (t - ONES) & (~t & HIGHS);
        // The lowest flagged byte of each zero-byte test is exact, so is that of their union.
        return iac | crNul;
    }
}
