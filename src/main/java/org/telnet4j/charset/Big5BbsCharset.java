package org.telnet4j.charset;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/**
 * Big5 as spoken by Taiwanese BBSes, as a {@link java.nio.charset.Charset}: the JDK's Big5,
 * made tolerant of the stray half characters that ANSI art, colour codes and line wrapping leave
 * behind.
 *
 * <p>Canonical name {@code BIG5BBS}; aliases {@code big5bbs}, {@code big5-bbs}. Obtain it with
 * {@link RetroCharsets#BIG5_BBS} or {@code Charset.forName("BIG5BBS")}. It needs the JDK's
 * {@code Big5} charset (module {@code jdk.charsets}) at the time a decoder or encoder is made.
 *
 * <h2>Decoding</h2>
 * Bytes decode as the JDK's Big5 does, except for lone lead bytes:
 * <ul>
 *   <li>0x00-0x7F are ASCII.</li>
 *   <li>A lead byte (0x81-0xFE) followed by a byte with which the JDK's Big5 forms a character
 *       decodes to that character.</li>
 *   <li>A lead byte that is not followed by such a byte &mdash; because the next byte is no valid
 *       trail byte, because the JDK's Big5 has no character for the pair, or because the input
 *       ends &mdash; is a <em>lone</em> lead byte and decodes to its CP437 character (for example
 *       0xC9 to U+2554). The byte after it is then decoded on its own.</li>
 *   <li>0x80 and 0xFF are malformed, as in the JDK's Big5, and follow the caller's
 *       {@code CodingErrorAction} (REPLACE gives U+FFFD).</li>
 * </ul>
 * The decoder is incremental: when a decode call with {@code endOfInput == false} ends on a
 * possible lead byte, the decoder consumes the byte and keeps it until the next call supplies the
 * trail byte, or until {@link CharsetDecoder#flush(CharBuffer)} writes it as a lone lead byte. A
 * character split between two buffers therefore decodes correctly, and callers that follow the
 * {@code CharsetDecoder} protocol (decode with {@code endOfInput == true}, then {@code flush}), as
 * {@link String#String(byte[], Charset)} and {@link Charset#decode(ByteBuffer)} do, see a lead byte
 * at the very end of input as a CP437 character. A lead byte kept this way is handed over when a
 * {@link StreamDecoder} switches charset, so it is decoded with the new one rather than lost.
 *
 * <p>Byte ranges, as Big5 defines them (see the Wikipedia article "Big5", Encoding): lead bytes
 * 0x81-0xFE (0xA1-0xF9 outside the user-defined areas), trail bytes 0x40-0x7E and 0xA1-0xFE;
 * 0x7F-0xA0 and 0xFF are neither. Which pairs are characters is the JDK's Big5 table: lead bytes
 * 0xA1-0xF9, about 13,700 characters. Its ETEN extensions stop at 0xF9D5, so the ETEN box drawing
 * at 0xF9D6-0xF9FE that BBS art uses is not a pair here: such bytes decode as CP437 characters.
 * Because trail bytes include 0x40-0x7E, a lone lead byte followed by an ASCII letter or
 * {@code @[\]^_`{|}~} pairs up with it, exactly as in Big5; only a byte below 0x40 (space,
 * digits, punctuation, CR, LF, ESC) or in 0x7F-0xA0 or 0xFF leaves it alone.
 *
 * <h2>Encoding</h2>
 * Characters encode with the JDK's Big5; a character Big5 cannot encode falls back to its CP437
 * byte when it is in the upper half of CP437 (box drawing, blocks, accented letters...). Other
 * characters are unmappable and follow the caller's {@code CodingErrorAction} (REPLACE gives
 * {@code '?'}). Note that a CP437 byte written this way can pair up with the next byte when the
 * result is decoded again, which is the ambiguity every Big5 BBS lives with.
 */
public final class Big5BbsCharset extends Charset {

    /** The canonical name, {@value}. */
    public static final String NAME = "BIG5BBS";

    private static final String JDK_BIG5 = "Big5";

    Big5BbsCharset() {
        super(NAME, new String[] {"big5bbs", "big5-bbs"});
    }

    @Override
    public boolean contains(Charset cs) {
        String name = cs.name();
        return cs.equals(this)
                || cs.equals(StandardCharsets.US_ASCII)
                || name.equals(JDK_BIG5)
                || name.equals("IBM437");
    }

    @Override
    public CharsetDecoder newDecoder() {
        return new Decoder(this);
    }

    @Override
    public CharsetEncoder newEncoder() {
        return new Encoder(this, Charset.forName(JDK_BIG5));
    }

    /** Byte-pair table derived once from the JDK's Big5 decoder, on first use. */
    private static final class Tables {
        static final int FIRST_LEAD = 0x81;
        static final int LAST_LEAD = 0xFE;
        static final int FIRST_TRAIL = 0x40;
        static final int LAST_TRAIL = 0xFE;
        private static final int TRAILS = LAST_TRAIL - FIRST_TRAIL + 1;

        /** The character of each (lead, trail) pair, or 0 where the JDK's Big5 has none. */
        static final char[] PAIRS = new char[(LAST_LEAD - FIRST_LEAD + 1) * TRAILS];
        /** Whether any trail byte completes a character after this lead byte. */
        static final boolean[] LEAD_STARTS_PAIR = new boolean[256];
        /** The JDK's decoding of single bytes 0x00..0x7F. */
        static final char[] SINGLE = new char[0x80];

        static {
            CharsetDecoder big5 = Charset.forName(JDK_BIG5).newDecoder();
            CharBuffer out = CharBuffer.allocate(4);
            byte[] pair = new byte[2];
            for (int lead = FIRST_LEAD; lead <= LAST_LEAD; lead++) {
                pair[0] = (byte) lead;
                for (int trail = FIRST_TRAIL; trail <= LAST_TRAIL; trail++) {
                    pair[1] = (byte) trail;
                    char c = decodeOne(big5, ByteBuffer.wrap(pair), out);
                    if (c != 0) {
                        PAIRS[(lead - FIRST_LEAD) * TRAILS + trail - FIRST_TRAIL] = c;
                        LEAD_STARTS_PAIR[lead] = true;
                    }
                }
            }
            byte[] single = new byte[1];
            for (int b = 0; b < 0x80; b++) {
                single[0] = (byte) b;
                char c = decodeOne(big5, ByteBuffer.wrap(single), out);
                // 0x00 legitimately decodes to U+0000; everything else must be a real mapping.
                SINGLE[b] = b == 0 ? 0 : c;
                if (b != 0 && c == 0) {
                    throw new IllegalStateException("JDK Big5 does not map ASCII byte " + b);
                }
            }
        }

        private Tables() {
        }

        /** Does nothing but makes sure the tables exist, so a missing JDK Big5 fails here, not mid-stream. */
        static void load() {
            // class initialisation does the work
        }

        /** Decodes a complete sequence that should give exactly one character, or returns 0. */
        private static char decodeOne(CharsetDecoder big5, ByteBuffer in, CharBuffer out) {
            big5.reset();
            out.clear();
            CoderResult r = big5.decode(in, out, true);
            if (r.isError() || in.hasRemaining() || big5.flush(out).isError() || out.position() != 1) {
                return 0;
            }
            return out.get(0);
        }

        /** Returns the character of a pair, or 0 if {@code trail} does not complete {@code lead}. */
        static char pair(int lead, int trail) {
            if (trail < FIRST_TRAIL || trail > LAST_TRAIL) {
                return 0;
            }
            return PAIRS[(lead - FIRST_LEAD) * TRAILS + trail - FIRST_TRAIL];
        }
    }

    private static final class Decoder extends CharsetDecoder implements StreamDecoder.HeldBytes {
        /** A lead byte taken from an earlier buffer, waiting for its trail byte; -1 if none. */
        private int pendingLead = -1;

        Decoder(Charset cs) {
            // Every char consumes at least one byte; a pair gives one char for two.
            super(cs, 1.0f, 1.0f);
            Tables.load();
        }

        @Override
        protected CoderResult decodeLoop(ByteBuffer in, CharBuffer out) {
            while (true) {
                if (pendingLead >= 0) {
                    if (!in.hasRemaining()) {
                        return CoderResult.UNDERFLOW;
                    }
                    if (!out.hasRemaining()) {
                        return CoderResult.OVERFLOW;
                    }
                    int pos = in.position();
                    char c = Tables.pair(pendingLead, in.get(pos) & 0xFF);
                    if (c != 0) {
                        out.put(c);
                        in.position(pos + 1);
                    } else {
                        // The byte after it does not complete it: a lone lead byte. The byte
                        // itself stays in the input and is decoded on its own next time round.
                        out.put(Cp437.decodeHigh(pendingLead));
                    }
                    pendingLead = -1;
                    continue;
                }
                if (!in.hasRemaining()) {
                    return CoderResult.UNDERFLOW;
                }
                int pos = in.position();
                int b = in.get(pos) & 0xFF;
                if (b < 0x80) {
                    if (!out.hasRemaining()) {
                        return CoderResult.OVERFLOW;
                    }
                    out.put(Tables.SINGLE[b]);
                    in.position(pos + 1);
                    continue;
                }
                if (b < Tables.FIRST_LEAD || b > Tables.LAST_LEAD) {
                    return CoderResult.malformedForLength(1);    // 0x80 and 0xFF, as in Big5
                }
                if (!Tables.LEAD_STARTS_PAIR[b]) {
                    // No trail byte can complete it, so there is no need to wait for one.
                    if (!out.hasRemaining()) {
                        return CoderResult.OVERFLOW;
                    }
                    out.put(Cp437.decodeHigh(b));
                    in.position(pos + 1);
                    continue;
                }
                if (pos + 1 >= in.limit()) {
                    // The trail byte may be in the next buffer: keep the lead byte.
                    pendingLead = b;
                    in.position(pos + 1);
                    return CoderResult.UNDERFLOW;
                }
                if (!out.hasRemaining()) {
                    return CoderResult.OVERFLOW;
                }
                char c = Tables.pair(b, in.get(pos + 1) & 0xFF);
                if (c != 0) {
                    out.put(c);
                    in.position(pos + 2);
                } else {
                    out.put(Cp437.decodeHigh(b));
                    in.position(pos + 1);
                }
            }
        }

        @Override
        protected CoderResult implFlush(CharBuffer out) {
            if (pendingLead >= 0) {
                if (!out.hasRemaining()) {
                    return CoderResult.OVERFLOW;
                }
                out.put(Cp437.decodeHigh(pendingLead));
                pendingLead = -1;
            }
            return CoderResult.UNDERFLOW;
        }

        @Override
        protected void implReset() {
            pendingLead = -1;
        }

        @Override
        public int takeHeld(byte[] dst, int off) {
            if (pendingLead < 0) {
                return 0;
            }
            dst[off] = (byte) pendingLead;
            pendingLead = -1;
            return 1;
        }
    }

    private static final class Encoder extends CharsetEncoder {
        /** Does the real work, reporting what Big5 cannot encode so that we can fall back. */
        private final CharsetEncoder big5;
        /** A second JDK encoder for {@link #canEncode(char)}, which must not disturb {@link #big5}. */
        private final CharsetEncoder probe;

        Encoder(Charset cs, Charset jdkBig5) {
            super(cs, 2.0f, 2.0f);
            this.big5 = jdkBig5.newEncoder();
            this.probe = jdkBig5.newEncoder();
        }

        @Override
        public boolean canEncode(char c) {
            return !Character.isSurrogate(c) && (probe.canEncode(c) || Cp437.encodeHigh(c) >= 0);
        }

        @Override
        protected CoderResult encodeLoop(CharBuffer in, ByteBuffer out) {
            while (true) {
                // endOfInput=false: a trailing high surrogate stays in 'in' and, at the real end
                // of input, becomes malformed input through our own CharsetEncoder.
                CoderResult r = big5.encode(in, out, false);
                if (!r.isUnmappable() || r.length() != 1) {
                    return r;        // underflow, overflow, malformed, or an unmappable pair
                }
                int fallback = Cp437.encodeHigh(in.get(in.position()));
                if (fallback < 0) {
                    return r;
                }
                if (!out.hasRemaining()) {
                    return CoderResult.OVERFLOW;
                }
                out.put((byte) fallback);
                in.position(in.position() + 1);
            }
        }

        @Override
        protected void implReset() {
            big5.reset();
        }
    }
}
