package org.telnet4j.charset;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Incremental decoding of one connection's input into characters.
 *
 * <p>A character split between two reads is completed by the next one: the bytes of an unfinished
 * sequence are kept (a few bytes) until the rest arrives. Undecodable bytes become U+FFFD, never an
 * exception. Changing the charset keeps those pending bytes and decodes them with the new one, so a
 * switch mid-session loses nothing; that includes a lead byte a decoder keeps inside itself (as
 * {@link Big5BbsCharset}'s does) and a switch made by the {@link CharSink} itself while a buffer
 * is being decoded (an application that changes the encoding when it sees a line): the rest of
 * that buffer is decoded with the new charset.
 *
 * <p>Memory: for ASCII input in an ASCII-compatible charset nothing is allocated at all; otherwise
 * a {@link CharsetDecoder} is made on first need. The working buffers belong to the caller (one
 * per event loop thread), so an idle connection holds only a few fields.
 *
 * <p>Loop thread only.
 */
public final class StreamDecoder {
    /** Receives decoded characters. */
    @FunctionalInterface
    public interface CharSink {
        /**
         * One decoded character (UTF-16 unit; a supplementary character comes as two). May call
         * {@link StreamDecoder#setCharset}: the bytes after this character are then decoded with
         * the new charset.
         */
        void onChar(char c);
    }

    /**
     * A sink that takes runs of ASCII characters at once, as the bytes that encode them (in an
     * ASCII-compatible charset each byte below 0x80 is that character), so that plain typed text
     * costs one call per run rather than one per character.
     */
    public interface CharRunSink extends CharSink {
        /**
         * The ASCII characters {@code buf[off, off+len)} (every byte below 0x80). The sink may take
         * fewer than all and return how many it took; the decoder then offers the rest again. A
         * sink that calls {@link StreamDecoder#setCharset} must return right after the character
         * it switched at, so the bytes after it are decoded with the new charset.
         *
         * @return how many were taken, at least 1
         */
        int onAscii(byte[] buf, int off, int len);
    }

    /**
     * Working buffers; one per thread, shared by all the decoders that thread drives (an event
     * loop's connections), so that an idle connection holds no buffers.
     */
    public static final class Scratch {
        final ByteBuffer in = ByteBuffer.allocate(4096);
        final CharBuffer out = CharBuffer.allocate(4096);
    }

    /**
     * A decoder that consumes the bytes of an unfinished character and keeps them inside itself,
     * instead of leaving them in the input as the JDK's decoders do. {@link #setCharset} takes
     * them out so that they are decoded with the new charset rather than lost with the old decoder.
     */
    interface HeldBytes {
        /**
         * Copies the bytes held for an unfinished character to {@code dst} at {@code off}, and
         * forgets them.
         *
         * @return how many bytes were copied (0 if none are held)
         */
        int takeHeld(byte[] dst, int off);
    }

    private static final Map<Charset, Boolean> ASCII_COMPATIBLE = new ConcurrentHashMap<>();
    private static final int MAX_PENDING = 16;

    private Charset charset;
    private boolean asciiFast;
    private CharsetDecoder decoder;
    private byte[] pending;
    private int pendingLen;
    /** Set by {@link #setCharset}, so that {@link #decode} notices a switch made by its sink. */
    private boolean switched;
    /**
     * Set by {@link #setCharset} too, and kept until the end of {@link #decode}: bytes the old
     * charset left pending may be whole characters in the new one, to decode before returning.
     */
    private boolean retryPending;

    /**
     * {@link #setErrorAction}'s choice as one byte ({@link #REPLACE}, {@link #IGNORE},
     * {@link #REPORT}), not a reference: with the fields above that keeps a decoder at 32 bytes
     * (one per connection) instead of 40.
     */
    private byte onError = REPLACE;
    private static final byte REPLACE = 0;
    private static final byte IGNORE = 1;
    private static final byte REPORT = 2;

    /** A decoder for {@code charset}. */
    public StreamDecoder(Charset charset) {
        setCharset(charset);
    }

    /**
     * What to do with bytes that are not text in the charset: {@code REPLACE} (the default) gives
     * U+FFFD, {@code IGNORE} drops them, {@code REPORT} makes {@link #decode} throw an
     * {@link java.io.UncheckedIOException} that says so (the caller closes the connection).
     */
    public void setErrorAction(CodingErrorAction action) {
        java.util.Objects.requireNonNull(action, "action");
        onError = action == CodingErrorAction.REPORT ? REPORT : action == CodingErrorAction.IGNORE ? IGNORE : REPLACE;
    }

    /** Throws for {@code REPORT}: the input is not text in the charset. */
    private void report(CoderResult r) {
        throw new java.io.UncheckedIOException(new java.nio.charset.CharacterCodingException() {
            private static final long serialVersionUID = 1L;

            @Override
            public String getMessage() {
                return (r.isMalformed() ? "text that is not valid " : "a character not in ")
                    + charset.name() + " (" + r.length() + " byte" + (r.length() == 1 ? "" : "s")
                    + "), and decoding is strict";
            }
        });
    }

    /** The charset in use. */
    public Charset charset() {
        return charset;
    }

    /**
     * Switches charset; bytes of an unfinished character are decoded with the new one. May be
     * called from the {@link CharSink} during {@link #decode}: the bytes of that buffer after the
     * character just delivered are decoded with the new charset.
     */
    public void setCharset(Charset cs) {
        if (cs.equals(charset)) {
            return;
        }
        if (decoder instanceof HeldBytes) {
            // Bytes the old decoder consumed but has not turned into a character yet come first.
            byte[] held = new byte[MAX_PENDING];
            int n = ((HeldBytes) decoder).takeHeld(held, 0);
            if (n > 0) {
                byte[] rest = pendingLen > 0 ? Arrays.copyOf(pending, pendingLen) : null;
                int restLen = pendingLen;
                pendingLen = 0;
                appendPending(held, 0, n);
                if (rest != null) {
                    appendPending(rest, 0, restLen);
                }
            }
        }
        charset = cs;
        asciiFast = isAsciiCompatible(cs);
        decoder = null;
        switched = true;
        retryPending = true;
    }

    /** Decodes {@code buf[off, off+len)}, passing each character to {@code sink}. */
    public void decode(byte[] buf, int off, int len, Scratch scratch, CharSink sink) {
        int i = off;
        int end = off + len;
        switched = false;
        retryPending = false;
        while (i < end) {
            if (asciiFast) {
                if (pendingLen > 0 && buf[i] >= 0) {
                    flushPending(scratch, sink); // an ASCII byte cannot continue a sequence
                    if (switched) {
                        switched = false;
                        continue;
                    }
                }
                if (sink instanceof CharRunSink) {
                    CharRunSink runs = (CharRunSink) sink;
                    while (i < end && buf[i] >= 0 && !switched) {
                        int stop = i + 1;
                        while (stop < end && buf[stop] >= 0) {
                            stop++;
                        }
                        i += Math.max(1, Math.min(stop - i, runs.onAscii(buf, i, stop - i)));
                    }
                } else {
                    while (i < end && buf[i] >= 0) {
                        sink.onChar((char) buf[i++]);
                        if (switched) {
                            break;
                        }
                    }
                }
                if (switched) {
                    switched = false;
                    continue; // the rest in the new charset
                }
                if (i == end) {
                    return;
                }
                int stop = i;
                while (stop < end && buf[stop] < 0) {
                    stop++;
                }
                i = decodeRun(buf, i, stop, scratch, sink);
            } else {
                i = decodeRun(buf, i, end, scratch, sink);
            }
        }
        // The sink switched charset and the old one left bytes pending (a lead byte its decoder
        // held, say): in the new charset they may be complete, so decode them now rather than at
        // the next read, as they would have been had the read ended just before them.
        while (retryPending && pendingLen > 0) {
            retryPending = false;
            switched = false;
            decodeRun(buf, end, end, scratch, sink);
        }
    }

    /**
     * Runs {@code buf[start, end)}, after any pending bytes, through the charset's decoder.
     * Characters are taken from the decoder one at a time, so that when the sink switches charset
     * the exact byte where the new one takes over is known.
     *
     * @return {@code end}, or the index in {@code buf} where decoding must go on in the new
     *     charset if the sink switched
     */
    private int decodeRun(byte[] buf, int start, int end, Scratch s, CharSink sink) {
        CharsetDecoder dec = decoder();
        ByteBuffer in = s.in;
        CharBuffer out = s.out;
        in.clear();
        if (pendingLen > 0) {
            in.put(pending, 0, pendingLen);
            pendingLen = 0;
        }
        int i = start;
        while (true) {
            int n = Math.min(in.remaining(), end - i);
            in.put(buf, i, n);
            i += n;
            in.flip();
            if (pump(dec, in, out, sink, false)) {
                switched = false;
                return unconsumed(in, start, i);
            }
            if (i == end) {
                keepPending(in);
                return end;
            }
            in.compact();
        }
    }

    /**
     * Decodes {@code in} one character at a time, handing each to {@code sink}, until the decoder
     * needs more input. Bad bytes are dealt with here, not by the decoder (which always reports):
     * a decoder told to replace them goes on into the next character in the same call, as the
     * JDK's UTF-8 decoder does when a four-byte lead is cut short, and the character after the
     * replacement would then come out of the old charset although the sink switched before it.
     *
     * @return true if the sink switched charset; {@code in} is then at the first byte not decoded
     */
    private boolean pump(CharsetDecoder dec, ByteBuffer in, CharBuffer out, CharSink sink, boolean endOfInput) {
        while (true) {
            out.clear();
            out.limit(1);
            CoderResult r = dec.decode(in, out, endOfInput);
            if (r.isOverflow() && out.position() == 0) {
                out.limit(2); // a surrogate pair
                r = dec.decode(in, out, endOfInput);
                if (r.isOverflow() && out.position() == 0) {
                    out.limit(out.capacity()); // a decoder that writes several at once
                    r = dec.decode(in, out, endOfInput);
                }
            }
            emit(out, sink);
            if (switched) {
                return true;
            }
            if (r.isUnderflow()) {
                return false;
            }
            if (r.isError()) {
                if (onError == REPORT) {
                    report(r);
                }
                in.position(in.position() + r.length());
                if (onError == REPLACE) {
                    // The charset's own replacement (U+FFFD for the JDK's), as its decoder would give.
                    String rep = dec.replacement();
                    for (int k = 0; k < rep.length(); k++) {
                        sink.onChar(rep.charAt(k));
                    }
                    if (switched) {
                        return true;
                    }
                }
            }
        }
    }

    /**
     * After a switch inside {@link #decodeRun}: the bytes the old decoder has not consumed are the
     * last {@code in.remaining()} bytes of (the pending bytes the run began with, then
     * {@code buf[start, i)}). Those from {@code buf} are decoded again from {@code buf}; those
     * from the old pending bytes go back to pending, after any the old decoder held.
     *
     * @return the index in {@code buf} to go on from
     */
    private int unconsumed(ByteBuffer in, int start, int i) {
        int left = in.remaining();
        int fromBuf = i - start;
        if (left <= fromBuf) {
            return i - left;
        }
        in.limit(in.position() + (left - fromBuf));
        appendPending(in);
        return start;
    }

    /** Appends what is left in {@code in} to the pending bytes. */
    private void appendPending(ByteBuffer in) {
        int n = in.remaining();
        if (n > 0) {
            appendPending(in.array(), in.arrayOffset() + in.position(), n);
            in.position(in.limit());
        }
    }

    private void appendPending(byte[] b, int off, int n) {
        if (pending == null) {
            pending = new byte[MAX_PENDING];
        }
        if (pendingLen + n > pending.length) {
            pending = Arrays.copyOf(pending, pendingLen + n);
        }
        System.arraycopy(b, off, pending, pendingLen, n);
        pendingLen += n;
    }

    /** The decoder for the current charset, made on first need (and again after a switch). */
    private CharsetDecoder decoder() {
        if (decoder == null) {
            decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        return decoder;
    }

    /** Keeps the unconsumed tail of {@code in}: the start of a character still to come. */
    private void keepPending(ByteBuffer in) {
        int n = in.remaining();
        if (n == 0) {
            return;
        }
        if (pending == null) {
            pending = new byte[MAX_PENDING];
        }
        if (n > MAX_PENDING) {
            in.position(in.limit() - MAX_PENDING); // no charset has prefixes this long
            n = MAX_PENDING;
        }
        in.get(pending, 0, n);
        pendingLen = n;
    }

    private static void emit(CharBuffer out, CharSink sink) {
        out.flip();
        while (out.hasRemaining()) {
            sink.onChar(out.get());
        }
    }

    /**
     * Ends an unfinished sequence: its bytes decode as replacement characters. If the sink
     * switches charset meanwhile, the bytes not yet decoded stay pending for the new one.
     */
    private void flushPending(Scratch s, CharSink sink) {
        ByteBuffer in = s.in;
        in.clear();
        in.put(pending, 0, pendingLen);
        pendingLen = 0;
        in.flip();
        CharBuffer out = s.out;
        // After a switch the pending bytes belong to the new charset, whose decoder may not exist yet.
        CharsetDecoder dec = decoder();
        if (pump(dec, in, out, sink, true)) {
            dec.reset();
            appendPending(in);
            return;
        }
        out.clear();
        dec.flush(out);
        dec.reset();
        emit(out, sink);
    }

    /**
     * True if every byte below 0x80 is that ASCII character and never part of a longer sequence:
     * UTF-8 and the single-byte charsets that extend ASCII, such as ISO-8859-1, CP437 and ATARIST.
     * (In Shift_JIS, Big5 or GBK an ASCII byte can be the second half of a character; PETSCII and
     * ATASCII give some of those bytes other meanings.) Such a charset can have ASCII text written
     * to it as the bytes of the characters. The answer is cached per charset.
     *
     * @param cs a charset
     * @return whether {@code cs} is ASCII-compatible in that sense
     */
    public static boolean isAsciiCompatible(Charset cs) {
        return ASCII_COMPATIBLE.computeIfAbsent(cs, StreamDecoder::computeAsciiCompatible);
    }

    private static boolean computeAsciiCompatible(Charset cs) {
        try {
            boolean singleByte = cs.canEncode() && cs.newEncoder().maxBytesPerChar() == 1f;
            if (!singleByte && !cs.name().equals("UTF-8")) {
                return false;
            }
            byte[] all = new byte[128];
            for (int i = 0; i < 128; i++) {
                all[i] = (byte) i;
            }
            String s = new String(all, cs);
            if (s.length() != 128) {
                return false;
            }
            for (int i = 0; i < 128; i++) {
                if (s.charAt(i) != i) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
