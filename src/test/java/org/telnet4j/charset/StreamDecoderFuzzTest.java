package org.telnet4j.charset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Coverage-guided fuzzing of {@link StreamDecoder} with each retro charset (ATASCII, PETSCII,
 * Atari ST, Big5-BBS). Decoding never throws; the input cut into pieces, or fed a byte at a time,
 * gives exactly the characters it gives whole (the decoder never loses sync across reads); at
 * most two characters come out per byte (a surrogate pair). A second target lets the sink switch
 * charset at characters chosen by the input, among the retro charsets, UTF-8 and Shift_JIS, and
 * checks the same: a switch loses no byte, wherever the reads were cut.
 *
 * <p>Regression mode replays {@code src/test/resources/org/telnet4j/charset/StreamDecoderFuzzTestInputs/<method>/}.
 */
class StreamDecoderFuzzTest {
    private static final List<Charset> SWITCH_TO = List.of(RetroCharsets.ATASCII, RetroCharsets.PETSCII,
        RetroCharsets.ATARI_ST, RetroCharsets.BIG5_BBS, StandardCharsets.UTF_8, Charset.forName("Shift_JIS"));
    private final StreamDecoder.Scratch scratch = new StreamDecoder.Scratch();

    @FuzzTest
    void retroCharsets(byte[] input) {
        for (Charset cs : RetroCharsets.all()) {
            String whole = decode(cs, input, new int[] {input.length}, null);
            assertTrue(whole.length() <= 2 * input.length, cs + ": " + whole.length() + " chars from "
                + input.length + " bytes");
            assertEquals(whole, decode(cs, input, pieces(input, 1), null), cs + " byte by byte");
            assertEquals(whole, decode(cs, input, pieces(input, 7), null), cs + " in pieces");
        }
    }

    @FuzzTest
    void switchesFromTheSink(byte[] input) {
        if (input.length < 2) {
            return;
        }
        // First byte: the starting charset; second: how often the sink switches.
        Charset first = SWITCH_TO.get((input[0] & 0xFF) % SWITCH_TO.size());
        int every = 1 + (input[1] & 0x0F);
        byte[] text = Arrays.copyOfRange(input, 2, input.length);
        String whole = decode(first, text, new int[] {text.length}, every);
        assertTrue(whole.length() <= 2 * text.length, whole.length() + " chars from " + text.length + " bytes");
        assertEquals(whole, decode(first, text, pieces(text, 1), every), "byte by byte");
        assertEquals(whole, decode(first, text, pieces(text, 5), every), "in pieces");
        // The same through a sink that takes ASCII in runs, a few characters a call at most.
        int most = 1 + ((input[1] >> 4) & 0x0F);
        assertEquals(whole, decodeRuns(first, text, new int[] {text.length}, every, most), "in runs");
        assertEquals(whole, decodeRuns(first, text, pieces(text, 3), every, most), "in runs, in pieces");
    }

    /** As {@link #decode}, through a {@link StreamDecoder.CharRunSink} taking at most {@code most} a call. */
    private String decodeRuns(Charset cs, byte[] b, int[] pieces, int every, int most) {
        StreamDecoder d = new StreamDecoder(cs);
        StringBuilder sb = new StringBuilder();
        int[] next = {0};
        StreamDecoder.CharRunSink sink = new StreamDecoder.CharRunSink() {
            @Override
            public void onChar(char c) {
                sb.append(c);
                if (sb.length() % every == 0) {
                    d.setCharset(SWITCH_TO.get(next[0]++ % SWITCH_TO.size()));
                }
            }

            @Override
            public int onAscii(byte[] buf, int off, int len) {
                int n = Math.min(len, most);
                for (int k = 0; k < n; k++) {
                    assertTrue(buf[off + k] >= 0, "a run of ASCII only");
                    sb.append((char) buf[off + k]);
                    if (sb.length() % every == 0) {
                        d.setCharset(SWITCH_TO.get(next[0]++ % SWITCH_TO.size()));
                        return k + 1;
                    }
                }
                return n;
            }
        };
        feed(d, b, pieces, sink);
        return sb.toString();
    }

    /**
     * Decodes {@code b} cut into {@code pieces}; with {@code every}, the sink switches to the next
     * charset of {@link #SWITCH_TO} after every {@code every}-th character.
     */
    private String decode(Charset cs, byte[] b, int[] pieces, Integer every) {
        StreamDecoder d = new StreamDecoder(cs);
        StringBuilder sb = new StringBuilder();
        int[] next = {0};
        StreamDecoder.CharSink sink = c -> {
            sb.append(c);
            if (every != null && sb.length() % every == 0) {
                d.setCharset(SWITCH_TO.get(next[0]++ % SWITCH_TO.size()));
            }
        };
        feed(d, b, pieces, sink);
        return sb.toString();
    }

    /**
     * Feeds {@code b} cut into {@code pieces}, each inside a larger buffer whose other bytes must
     * never be read.
     */
    private void feed(StreamDecoder d, byte[] b, int[] pieces, StreamDecoder.CharSink sink) {
        int pos = 0;
        for (int k : pieces) {
            byte[] buf = new byte[k + 2];
            buf[0] = (byte) 0x9B;
            buf[k + 1] = (byte) 0xA4;
            System.arraycopy(b, pos, buf, 1, k);
            d.decode(buf, 1, k, scratch, sink);
            pos += k;
        }
    }

    /** Piece sizes from 1 to {@code max}, chosen by a hash of the input so a finding replays. */
    private static int[] pieces(byte[] b, int max) {
        Random rnd = new Random(Arrays.hashCode(b) + max);
        int[] out = new int[b.length];
        int n = 0;
        for (int left = b.length; left > 0; ) {
            int k = Math.min(left, 1 + rnd.nextInt(max));
            out[n++] = k;
            left -= k;
        }
        return Arrays.copyOf(out, n);
    }
}
