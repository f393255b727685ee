package org.telnet4j.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OutputQueueTest {
    private static final int CHUNK = 32 * 1024;

    private static byte[] chunk(int fill) {
        byte[] b = new byte[CHUNK];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    @Test
    void aBurstDrainedAfterEveryChunkReusesOneArray() throws Exception {
        OutputQueue q = new OutputQueue(1 << 20);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        WritableByteChannel ch = Channels.newChannel(sent);
        q.append(chunk(1), 0, CHUNK);
        byte[] first = q.array();
        q.writeTo(ch);
        assertNull(q.array(), "a drained queue holds no large array");
        assertEquals(0, q.capacity());
        q.append(chunk(2), 0, CHUNK);
        assertSame(first, q.array(), "the released array came back for the next chunk");
        q.writeTo(ch);
        byte[] expect = new byte[2 * CHUNK];
        Arrays.fill(expect, 0, CHUNK, (byte) 1);
        Arrays.fill(expect, CHUNK, 2 * CHUNK, (byte) 2);
        assertArrayEquals(expect, sent.toByteArray(), "nothing of the spare's old bytes leaked");
    }

    @Test
    void theSpareServesOneQueueAtATime() throws Exception {
        OutputQueue a = new OutputQueue(1 << 20);
        OutputQueue b = new OutputQueue(1 << 20);
        a.append(chunk(1), 0, CHUNK);
        a.drainTo((buf, off, len) -> { }, Integer.MAX_VALUE);
        a.append(chunk(1), 0, CHUNK);
        b.append(chunk(2), 0, CHUNK);
        assertTrue(a.array() != null && b.array() != null);
        assertNotSame(a.array(), b.array(), "two queues never share an array");
    }

    @Test
    void smallWritesAndArraysPastTheLimitAreNotKept() throws Exception {
        OutputQueue q = new OutputQueue(4 << 20);
        byte[] big = new byte[OutputQueue.SPARE_LIMIT];
        q.append(big, 0, big.length);
        byte[] huge = q.array();
        assertTrue(huge.length > OutputQueue.SPARE_LIMIT);
        q.drainTo((buf, off, len) -> { }, Integer.MAX_VALUE);
        q.append(big, 0, big.length);
        assertNotSame(huge, q.array(), "an array past SPARE_LIMIT is not kept");
        q.clear();
        q.append(new byte[10], 0, 10);
        assertTrue(q.capacity() <= OutputQueue.RETAIN_LIMIT, "a small write takes a small array");
    }
}
