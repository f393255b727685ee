package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;

/**
 * Typed lines on their way to {@code onLine} allocate the line's String and nothing else: the
 * decoder hands ASCII over in runs, the editor keeps one builder, echo goes out as slices. Counted
 * with the JVM's per-thread allocation counter, which is exact for this thread, so this is a
 * memory check, not a timing one.
 */
class ServerInputAllocationTest {
    private static final int LINES = 20_000;

    /** Counts lines without keeping them. */
    private static final class Counter implements ServerProtocol.Listener {
        long lines;
        long chars;

        @Override
        public void onLine(String line) {
            lines++;
            chars += line.length();
        }

        @Override
        public void sendSynch() {
        }

        @Override
        public void onSettled() {
        }
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
            .getCurrentThreadAllocatedBytes();
    }

    @Test
    void aTypedLineAllocatesItsStringOnly() {
        com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "this JVM does not count allocation per thread");
        mx.setThreadAllocatedMemoryEnabled(true);
        long[] echoed = {0};
        Counter c = new Counter();
        ServerProtocol p = new ServerProtocol(TelnetServer.builder().encoding(StandardCharsets.UTF_8).settings(),
            (buf, off, len) -> echoed[0] += len, c, new ServerProtocol.Scratch());
        p.begin();
        // The client agrees to our echo and SGA: character mode, every typed character echoed.
        byte[] agree = {(byte) TelnetCommand.IAC, (byte) TelnetCommand.DO, (byte) TelnetOption.ECHO,
            (byte) TelnetCommand.IAC, (byte) TelnetCommand.DO, (byte) TelnetOption.SGA};
        p.beginRead();
        p.receive(agree, 0, agree.length);
        p.endRead();
        byte[] line = "look at the fountain in the town square\r\n".getBytes(StandardCharsets.US_ASCII);
        int text = line.length - 2;
        feed(p, line, LINES); // warm-up: the JIT, and the editor's builder at its size
        long echoedBefore = echoed[0];
        long before = allocated();
        feed(p, line, LINES);
        long perLine = (allocated() - before) / LINES;
        assertEquals(2L * LINES, c.lines);
        assertTrue(echoed[0] - echoedBefore >= (long) LINES * text, "the typed text was echoed");
        // A compact String of 39 Latin-1 characters: a 24-byte object and a 16 + 39 byte array
        // (rounded to 8): 80 bytes. Anything more per line is the path's own allocation.
        long string = 24 + ((16 + text + 7) / 8) * 8;
        System.out.println("allocated per line: " + perLine + " B (the String: " + string + " B)");
        assertTrue(perLine <= string + 16, perLine + " bytes allocated per line; the String is " + string);
    }

    private static void feed(ServerProtocol p, byte[] line, int times) {
        for (int i = 0; i < times; i++) {
            p.beginRead();
            p.receive(line, 0, line.length);
            p.endRead();
        }
    }
}
