package org.telnet4j.option.mud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.telnet4j.testing.ZlibBomb.zlib;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.telnet4j.bytes.InboundPipeline;

/** The decompressor's bounds: slices per pass, ratio and per-second ceilings, plain fallback. */
class InflateTransformTest {

    static byte[] bomb(long n, byte b) {
        return org.telnet4j.testing.ZlibBomb.of(n, b);
    }

    @Test
    void textInflatesIntactWhetherFedWholeOrByteByByte() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sb.append("room ").append(i).append(": a dark corridor\r\n");
        }
        byte[] plain = sb.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] z = zlib(plain);
        byte[] after = "plain after\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[z.length + after.length];
        System.arraycopy(z, 0, all, 0, z.length);
        System.arraycopy(after, 0, all, z.length, after.length);
        for (int step : new int[] {all.length, 1, 7}) {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InboundPipeline p = new InboundPipeline((b, o, l) -> {
                got.write(b, o, l);
                return l;
            });
            p.setTransform(new InflateTransform());
            for (int i = 0; i < all.length; i += step) {
                p.feed(all, i, Math.min(step, all.length - i));
                while (p.hasBacklog()) {
                    p.resume();
                }
            }
            byte[] expected = new byte[plain.length + after.length];
            System.arraycopy(plain, 0, expected, 0, plain.length);
            System.arraycopy(after, 0, expected, plain.length, after.length);
            assertArrayEquals(expected, got.toByteArray(), "step " + step);
            assertEquals(null, p.transform(), "the stream ended: plain again");
        }
    }

    @Test
    void eachPassProducesAtMostOneSliceAndTheRestWaits() throws IOException {
        byte[] z = zlib(new byte[200_000]); // zeros: compress well, but under the ratio limit's reach
        InflateLimits generous = new InflateLimits(100_000, 1L << 40, 16 * 1024);
        AtomicLong got = new AtomicLong();
        InboundPipeline p = new InboundPipeline((b, o, l) -> {
            got.addAndGet(l);
            return l;
        });
        p.setTransform(new InflateTransform(generous, System::nanoTime));
        p.feed(z, 0, z.length);
        assertTrue(got.get() <= 16 * 1024 + InflateTransform.BUFFER, "first pass produced " + got.get());
        assertTrue(p.hasBacklog());
        int passes = 1;
        while (p.hasBacklog()) {
            long before = got.get();
            p.resume();
            passes++;
            assertTrue(got.get() - before <= 16 * 1024 + InflateTransform.BUFFER);
        }
        assertEquals(200_000, got.get());
        assertTrue(passes >= 200_000 / (16 * 1024 + InflateTransform.BUFFER), "passes " + passes);
    }

    @Test
    void aConsumerThatIsFullStopsInflationWithNothingLost() throws IOException {
        byte[] plain = new byte[50_000];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) ('a' + i % 26);
        }
        byte[] z = zlib(plain);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        AtomicInteger room = new AtomicInteger(1000);
        InboundPipeline p = new InboundPipeline((b, o, l) -> {
            int n = Math.min(l, room.get());
            got.write(b, o, n);
            room.addAndGet(-n);
            return n;
        });
        p.setTransform(new InflateTransform());
        p.feed(z, 0, z.length);
        assertEquals(1000, got.size(), "stopped when the consumer was full");
        while (p.hasBacklog()) {
            room.set(777);
            p.resume();
        }
        assertArrayEquals(plain, got.toByteArray());
    }

    @Test
    void aBombPastTheRatioIsStoppedEarly() throws IOException {
        byte[] z = bomb(62L << 20, (byte) '\n');
        AtomicLong got = new AtomicLong();
        InboundPipeline p = new InboundPipeline((b, o, l) -> {
            got.addAndGet(l);
            return l;
        });
        p.setTransform(new InflateTransform());
        InflateLimitException e = assertThrows(InflateLimitException.class, () -> {
            p.feed(z, 0, z.length);
            while (p.hasBacklog()) {
                p.resume();
            }
        });
        assertTrue(e.getMessage().contains("ratio above 100:1"), e.getMessage());
        assertTrue(got.get() <= InflateLimits.RATIO_GRACE + InflateTransform.BUFFER, "inflated " + got.get());
    }

    @Test
    void thePerSecondCeilingCountsLoopTime() throws IOException {
        AtomicLong now = new AtomicLong();
        // Random-looking data barely compresses: only the ceiling can stop it.
        java.util.Random r = new java.util.Random(1);
        byte[] plain = new byte[300_000];
        r.nextBytes(plain);
        byte[] z = zlib(plain);
        InflateLimits limits = new InflateLimits(100, 128 * 1024, 16 * 1024);
        InboundPipeline p = new InboundPipeline((b, o, l) -> l);
        p.setTransform(new InflateTransform(limits, now::get));
        assertThrows(InflateLimitException.class, () -> {
            p.feed(z, 0, z.length);
            while (p.hasBacklog()) {
                p.resume();
            }
        });
        // The same stream spread over seconds of loop time is within the ceiling.
        InboundPipeline slow = new InboundPipeline((b, o, l) -> l);
        slow.setTransform(new InflateTransform(limits, now::get));
        slow.feed(z, 0, z.length);
        while (slow.hasBacklog()) {
            now.addAndGet(200_000_000L); // 0.2 s per pass: 80 KiB a second
            slow.resume();
        }
        assertEquals(null, slow.transform());
    }

    @Test
    void aStreamAskingForAPresetDictionaryEndsInsteadOfSpinning() {
        // Found by InflateTransformFuzzTest after the per-pass slices came in: a zlib header with
        // FDICT set (0x78 0x7D) made the inflater want a dictionary, apply() consumed nothing, and
        // the pass loop offered the same bytes again for ever. Kept as a crash input too.
        byte[] in = java.util.Base64.getDecoder().decode("eH3/AADlKwAAAAAAAAAAL3VGhtBg");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
            InflateTransform t = new InflateTransform();
            try {
                t.apply(in, 0, in.length, (org.telnet4j.bytes.ByteSink) got::write);
            } catch (IOException e) {
                // a corrupt stream is a documented outcome; spinning is not
            }
            // Nothing came out before the request: the bytes are handed on as plain input.
            assertTrue(t.wasPassthrough(), "read as not compressed");
            assertArrayEquals(in, got.toByteArray());
        });
    }

    @Test
    void plainBytesAfterTheStartAreHandedOnUnchanged() throws IOException {
        // telnetlib3's MCCP3 client: IAC SB MCCP3 IAC SE, then no compression at all.
        byte[] plain = "hello there\r\n\u00ff\u00fb\u0018".getBytes(StandardCharsets.ISO_8859_1);
        for (int step : new int[] {plain.length, 1, 2, 5}) {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            AtomicInteger told = new AtomicInteger();
            InboundPipeline p = new InboundPipeline((b, o, l) -> {
                got.write(b, o, l);
                return l;
            });
            InflateTransform t = new InflateTransform(InflateLimits.DEFAULT, System::nanoTime, told::incrementAndGet);
            p.setTransform(t);
            for (int i = 0; i < plain.length; i += step) {
                p.feed(plain, i, Math.min(step, plain.length - i));
                while (p.hasBacklog()) {
                    p.resume();
                }
            }
            assertArrayEquals(plain, got.toByteArray(), "step " + step);
            assertEquals(1, told.get());
            assertTrue(t.wasPassthrough());
            assertEquals(null, p.transform());
            assertEquals(1, p.passthroughs());
        }
    }

    @Test
    void corruptionAfterRealOutputIsAnError() {
        byte[] z = zlib("some text that is long enough to produce output\r\n".repeat(20)
            .getBytes(StandardCharsets.US_ASCII));
        byte[] bad = java.util.Arrays.copyOf(z, z.length);
        for (int i = z.length - 4; i < z.length; i++) {
            bad[i] ^= (byte) 0x5A; // the Adler-32 check: found after all the output
        }
        InboundPipeline p = new InboundPipeline((b, o, l) -> l);
        InflateTransform t = new InflateTransform();
        p.setTransform(t);
        IOException e = assertThrows(IOException.class, () -> {
            p.feed(bad, 0, bad.length);
            while (p.hasBacklog()) {
                p.resume();
            }
        });
        assertFalse(t.wasPassthrough());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void limitsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new InflateLimits(1, 1 << 20, 4096));
        assertThrows(IllegalArgumentException.class, () -> new InflateLimits(10, 1000, 4096));
        assertThrows(IllegalArgumentException.class, () -> new InflateLimits(10, 1 << 20, 100));
    }
}
