package org.telnet4j.testing;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;

/** Zlib streams for the decompression tests: bombs (small streams of huge outputs) and plain input compressed. */
public final class ZlibBomb {
    private ZlibBomb() {
    }

    /** A zlib stream of {@code n} bytes of {@code b}, made a MiB at a time (never all held). */
    public static byte[] of(long n, byte b) {
        Deflater d = new Deflater(9);
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, b);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        for (long left = n; left > 0; left -= chunk.length) {
            d.setInput(chunk, 0, (int) Math.min(chunk.length, left));
            while (!d.needsInput()) {
                out.write(buf, 0, d.deflate(buf));
            }
        }
        d.finish();
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    /** {@code plain} as one zlib stream at level 9 (all of it held: for inputs the test has in hand). */
    public static byte[] zlib(byte[] plain) {
        Deflater d = new Deflater(9);
        d.setInput(plain);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }
}
