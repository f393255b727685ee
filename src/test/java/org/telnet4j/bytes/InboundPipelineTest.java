package org.telnet4j.bytes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A consumer that is full stops the pipeline mid-buffer; the rest waits, and nothing is lost. */
class InboundPipelineTest {

    @Test
    void whatAFullConsumerLeavesIsKeptAndOfferedAgain() throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        AtomicInteger room = new AtomicInteger(3);
        InboundPipeline p = new InboundPipeline((b, o, l) -> {
            int n = Math.min(l, room.get());
            got.write(b, o, n);
            room.addAndGet(-n);
            return n;
        });
        byte[] in = "abcdefghij".getBytes(StandardCharsets.US_ASCII);
        p.feed(in, 0, in.length);
        java.util.Arrays.fill(in, (byte) 'x'); // the caller's buffer is reused: the rest was copied
        assertEquals("abc", got.toString(StandardCharsets.US_ASCII));
        assertTrue(p.hasBacklog());
        assertEquals(7, p.backlogBytes());
        byte[] more = "KL".getBytes(StandardCharsets.US_ASCII);
        p.feed(more, 0, more.length); // joins the backlog, in order
        assertEquals("abc", got.toString(StandardCharsets.US_ASCII));
        room.set(4);
        p.resume();
        assertEquals("abcdefg", got.toString(StandardCharsets.US_ASCII));
        room.set(100);
        p.resume();
        assertEquals("abcdefghijKL", got.toString(StandardCharsets.US_ASCII));
        assertFalse(p.hasBacklog());
        assertEquals(0, p.backlogBytes());
    }

    @Test
    void aTransformInstalledMidBufferTakesTheRest() throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InboundPipeline[] self = new InboundPipeline[1];
        self[0] = new InboundPipeline((b, o, l) -> {
            if (self[0].transform() == null && l > 0 && b[o] == '!') {
                got.write(b, o, 1);
                self[0].setTransform((in, off, len, next) -> {
                    byte[] up = new String(in, off, len, StandardCharsets.US_ASCII)
                        .toUpperCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
                    next.write(up, 0, up.length);
                });
                return 1;
            }
            got.write(b, o, l);
            return l;
        });
        byte[] in = "!rest".getBytes(StandardCharsets.US_ASCII);
        self[0].feed(in, 0, in.length);
        assertEquals("!REST", got.toString(StandardCharsets.US_ASCII));
        assertFalse(self[0].hasBacklog());
    }
}
