package org.telnet4j.option.mud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

/**
 * Coverage-guided fuzzing of MCCP inflation ({@link InflateTransform}). Arbitrary bytes: nothing
 * but the documented {@link IOException} (a corrupt stream) comes out of {@code apply}, every
 * chunk passed on is at most {@link InflateTransform#BUFFER} bytes, and cutting the input into
 * pieces changes neither the output nor where it fails. A real zlib stream of the input followed
 * by plain bytes: the input comes back, then the plain bytes unchanged, and the transform is
 * finished.
 *
 * <p>Regression mode replays {@code src/test/resources/org/telnet4j/option/mud/InflateTransformFuzzTestInputs/<method>/}.
 */
class InflateTransformFuzzTest {

    @FuzzTest
    void arbitraryBytes(byte[] input) {
        Result whole = inflate(input, new int[] {input.length});
        Random rnd = new Random(Arrays.hashCode(input));
        int[] pieces = new int[input.length];
        int n = 0;
        for (int left = input.length; left > 0; ) {
            int k = Math.min(left, 1 + rnd.nextInt(16));
            pieces[n++] = k;
            left -= k;
        }
        Result split = inflate(input, Arrays.copyOf(pieces, n));
        // Split or not, the same bytes arrive: the same verdict, and without failure the same output.
        assertEquals(whole.failed, split.failed, "corrupt whole " + whole.failed + ", split " + split.failed);
        if (!whole.failed) {
            assertArrayEquals(whole.out, split.out);
            assertEquals(whole.finished, split.finished);
        }
    }

    @FuzzTest
    void zlibStreamThenPlainBytes(byte[] input) throws IOException {
        int cut = input.length == 0 ? 0 : (input[0] & 0xFF) % (input.length + 1);
        byte[] text = Arrays.copyOfRange(input, 0, cut);
        byte[] plain = Arrays.copyOfRange(input, cut, input.length);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        DeflateTransform deflate = new DeflateTransform();
        deflate.apply(text, 0, text.length, stream::write);
        deflate.finish(stream::write);
        deflate.close();
        stream.write(plain, 0, plain.length);
        byte[] compressed = stream.toByteArray();

        Random rnd = new Random(Arrays.hashCode(input));
        int[] pieces = new int[compressed.length];
        int n = 0;
        for (int left = compressed.length; left > 0; ) {
            int k = Math.min(left, 1 + rnd.nextInt(64));
            pieces[n++] = k;
            left -= k;
        }
        Result r = inflate(compressed, Arrays.copyOf(pieces, n));
        assertTrue(!r.failed, "a valid zlib stream read as corrupt");
        assertTrue(r.finished, "the stream's end was not seen");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(text, 0, text.length);
        expected.write(plain, 0, plain.length);
        assertArrayEquals(expected.toByteArray(), r.out);
    }

    private static final class Result {
        byte[] out;
        boolean failed;
        boolean finished;
    }

    private static Result inflate(byte[] in, int[] pieces) {
        InflateTransform t = new InflateTransform();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Result r = new Result();
        int pos = 0;
        try {
            for (int k : pieces) {
                t.apply(in, pos, k, (buf, off, len) -> {
                    assertTrue(len > 0 && len <= InflateTransform.BUFFER, "chunk of " + len + " bytes");
                    out.write(buf, off, len);
                });
                pos += k;
                if (t.isFinished()) {
                    // The connection drops a finished transform; the rest would come through plain.
                    out.write(in, pos, in.length - pos);
                    break;
                }
            }
        } catch (IOException e) {
            r.failed = true; // documented: a corrupt stream
        } finally {
            t.close();
        }
        r.out = out.toByteArray();
        r.finished = t.isFinished();
        return r;
    }
}
