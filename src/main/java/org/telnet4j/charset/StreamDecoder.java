package org.telnet4j.charset;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Incremental decoding of one connection's input into characters.
 *
 * <p>A character split between two reads is completed by the next one: the bytes of an unfinished
 * sequence are kept (a few bytes) until the rest arrives. Undecodable bytes become U+FFFD, never an
 * exception. Changing the charset keeps those pending bytes and decodes them with the new one, so a
 * switch mid-session loses nothing.
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
        /** One decoded character (UTF-16 unit; a supplementary character comes as two). */
        void onChar(char c);
    }

    /**
     * Working buffers; one per thread, shared by all the decoders that thread drives (an event
     * loop's connections), so that an idle connection holds no buffers.
     */
    public static final class Scratch {
        final ByteBuffer in = ByteBuffer.allocate(4096);
        final CharBuffer out = CharBuffer.allocate(4096);
    }

    private static final Map<Charset, Boolean> ASCII_COMPATIBLE = new ConcurrentHashMap<>();
    private static final int MAX_PENDING = 16;

    private Charset charset;
    private boolean asciiFast;
    private CharsetDecoder decoder;
    private byte[] pending;
    private int pendingLen;

    /** A decoder for {@code charset}. */
    public StreamDecoder(Charset charset) {
        setCharset(charset);
    }

    /** The charset in use. */
    public Charset charset() {
        return charset;
    }

    /** Switches charset; bytes of an unfinished character are decoded with the new one. */
    public void setCharset(Charset cs) {
        if (cs.equals(charset)) {
            return;
        }
        charset = cs;
        asciiFast = ASCII_COMPATIBLE.computeIfAbsent(cs, StreamDecoder::isAsciiCompatible);
        decoder = null;
    }

    /** Decodes {@code buf[off, off+len)}, passing each character to {@code sink}. */
    public void decode(byte[] buf, int off, int len, Scratch scratch, CharSink sink) {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (asciiFast) {
                if (pendingLen > 0 && buf[i] >= 0) {
                    flushPending(scratch, sink); // an ASCII byte cannot continue a sequence
                }
                while (i < end && buf[i] >= 0) {
                    sink.onChar((char) buf[i++]);
                }
                if (i == end) {
                    return;
                }
                int stop = i;
                while (stop < end && buf[stop] < 0) {
                    stop++;
                }
                decodeRun(buf, i, stop, scratch, sink);
                i = stop;
            } else {
                decodeRun(buf, i, end, scratch, sink);
                return;
            }
        }
    }

    /** Runs {@code buf[i, end)}, after any pending bytes, through the charset's decoder. */
    private void decodeRun(byte[] buf, int i, int end, Scratch s, CharSink sink) {
        CharsetDecoder dec = decoder();
        ByteBuffer in = s.in;
        CharBuffer out = s.out;
        in.clear();
        if (pendingLen > 0) {
            in.put(pending, 0, pendingLen);
            pendingLen = 0;
        }
        while (true) {
            int n = Math.min(in.remaining(), end - i);
            in.put(buf, i, n);
            i += n;
            in.flip();
            CoderResult r;
            do {
                out.clear();
                r = dec.decode(in, out, false);
                emit(out, sink);
            } while (r.isOverflow());
            if (i == end) {
                keepPending(in);
                return;
            }
            in.compact();
        }
    }

    /** The decoder for the current charset, made on first need (and again after a switch). */
    private CharsetDecoder decoder() {
        if (decoder == null) {
            decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
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

    /** Ends an unfinished sequence: its bytes decode as replacement characters. */
    private void flushPending(Scratch s, CharSink sink) {
        ByteBuffer in = s.in;
        in.clear();
        in.put(pending, 0, pendingLen);
        pendingLen = 0;
        in.flip();
        CharBuffer out = s.out;
        out.clear();
        // After a switch the pending bytes belong to the new charset, whose decoder may not exist yet.
        CharsetDecoder dec = decoder();
        dec.decode(in, out, true);
        dec.flush(out);
        dec.reset();
        emit(out, sink);
    }

    /**
     * True if every byte below 0x80 is that ASCII character and never part of a longer sequence:
     * UTF-8 and the single-byte charsets that extend ASCII. (In Shift_JIS, Big5 or GBK an ASCII
     * byte can be the second half of a character, so they always take the decoder.)
     */
    private static boolean isAsciiCompatible(Charset cs) {
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
