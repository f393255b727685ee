package org.telnet4j.charset;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/**
 * Base class of the table-driven single-byte charsets in this package.
 *
 * <p>Subclasses only supply names and a {@link ByteTable}. Decoding and encoding never throw on bad
 * input: a byte without a mapping is reported as unmappable, a character without a byte as
 * unmappable, and a lone surrogate as malformed, so the caller's {@code CodingErrorAction} decides
 * what happens (REPLACE gives U+FFFD when decoding and {@code '?'} when encoding), exactly as with
 * the JDK's own charsets.
 */
abstract class SingleByteCharset extends Charset {

    private final ByteTable table;
    private final boolean coversAscii;

    SingleByteCharset(String canonicalName, String[] aliases, ByteTable table) {
        super(canonicalName, aliases);
        this.table = table;
        this.coversAscii = table.coversAscii();
    }

    /** The shared lookup tables; package-private so tests can inspect them. */
    final ByteTable table() {
        return table;
    }

    @Override
    public boolean contains(Charset cs) {
        return cs.equals(this) || (coversAscii && cs.equals(StandardCharsets.US_ASCII));
    }

    @Override
    public CharsetDecoder newDecoder() {
        return new Decoder(this, table);
    }

    @Override
    public CharsetEncoder newEncoder() {
        return new Encoder(this, table);
    }

    private static final class Decoder extends CharsetDecoder {
        private final ByteTable table;

        Decoder(Charset cs, ByteTable table) {
            // A byte yields one char, or two when it maps outside the BMP.
            super(cs, 1.0f, table.hasSupplementary() ? 2.0f : 1.0f);
            this.table = table;
        }

        @Override
        protected CoderResult decodeLoop(ByteBuffer in, CharBuffer out) {
            while (in.hasRemaining()) {
                int pos = in.position();
                int cp = table.decode(in.get(pos));
                if (cp == ByteTable.UNMAPPED) {
                    return CoderResult.unmappableForLength(1);
                }
                if (cp <= 0xFFFF) {
                    if (!out.hasRemaining()) {
                        return CoderResult.OVERFLOW;
                    }
                    out.put((char) cp);
                } else {
                    if (out.remaining() < 2) {
                        return CoderResult.OVERFLOW;
                    }
                    out.put(Character.highSurrogate(cp));
                    out.put(Character.lowSurrogate(cp));
                }
                in.position(pos + 1);
            }
            return CoderResult.UNDERFLOW;
        }
    }

    private static final class Encoder extends CharsetEncoder {
        private final ByteTable table;

        Encoder(Charset cs, ByteTable table) {
            // Default replacement is '?', which every table in this package maps at 0x3F.
            super(cs, 1.0f, 1.0f);
            this.table = table;
        }

        @Override
        public boolean canEncode(char c) {
            return !Character.isSurrogate(c) && table.encode(c) != ByteTable.NO_BYTE;
        }

        @Override
        protected CoderResult encodeLoop(CharBuffer in, ByteBuffer out) {
            while (in.hasRemaining()) {
                int pos = in.position();
                char c = in.get(pos);
                int cp = c;
                int length = 1;
                if (Character.isHighSurrogate(c)) {
                    if (pos + 1 >= in.limit()) {
                        // The low half may arrive with the next buffer; at end of input the
                        // framework turns this leftover into malformed input.
                        return CoderResult.UNDERFLOW;
                    }
                    char low = in.get(pos + 1);
                    if (!Character.isLowSurrogate(low)) {
                        return CoderResult.malformedForLength(1);
                    }
                    cp = Character.toCodePoint(c, low);
                    length = 2;
                } else if (Character.isLowSurrogate(c)) {
                    return CoderResult.malformedForLength(1);
                }
                int b = table.encode(cp);
                if (b == ByteTable.NO_BYTE) {
                    return CoderResult.unmappableForLength(length);
                }
                if (!out.hasRemaining()) {
                    return CoderResult.OVERFLOW;
                }
                out.put((byte) b);
                in.position(pos + length);
            }
            return CoderResult.UNDERFLOW;
        }
    }
}
