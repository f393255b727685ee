package org.telnet4j.testing;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;

/** Decompression bombs for the hostile-input tests: small zlib streams of huge outputs. */
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
}
