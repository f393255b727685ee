package org.telnet4j.pty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.ArrayBlockingQueue;
import org.junit.jupiter.api.Test;

class HostedProgramTest {
    @Test
    void abortOutputKeepsTheEndMarker() {
        // IAC AO after the program ended: its output goes, but the session must still close.
        ArrayBlockingQueue<byte[]> q = new ArrayBlockingQueue<>(HostedProgram.CHUNKS);
        q.add(new byte[] {'a'});
        q.add(new byte[] {'b'});
        q.add(HostedProgram.endMarker());
        HostedProgram.dropOutput(q);
        assertEquals(1, q.size());
        assertSame(HostedProgram.endMarker(), q.peek());
    }

    @Test
    void abortOutputEmptiesAQueueWithoutTheMarker() {
        ArrayBlockingQueue<byte[]> q = new ArrayBlockingQueue<>(HostedProgram.CHUNKS);
        q.add(new byte[] {'a'});
        HostedProgram.dropOutput(q);
        assertEquals(0, q.size());
    }
}
