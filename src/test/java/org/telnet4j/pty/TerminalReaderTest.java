package org.telnet4j.pty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import jtermios.JTermios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TerminalReader} over a pipe, which reads as a terminal's master does for what is tested
 * here (data, gathering, waking, the end); the terminal itself is driven by PtyShellSessionTest.
 */
class TerminalReaderTest {
    private final int[] pipe = new int[2];
    private TerminalReader reader;

    @BeforeEach
    void open() throws Exception {
        assertEquals(0, JTermios.pipe2(pipe, JTermios.O_CLOEXEC));
        reader = new TerminalReader(pipe[0], 16 * 1024);
    }

    @AfterEach
    void close() {
        reader.close();
        JTermios.close(pipe[0]);
        if (pipe[1] >= 0) {
            JTermios.close(pipe[1]);
        }
    }

    @Test
    void nothingWrittenTimesOut() {
        assertEquals(TerminalReader.TIMEOUT, reader.await(0));
    }

    @Test
    void whatIsWrittenIsReadExactly() {
        byte[] hello = "hello, terminal".getBytes();
        JTermios.write(pipe[1], hello, hello.length);
        assertEquals(TerminalReader.READY, reader.await(5000));
        assertArrayEquals(hello, reader.read());
        assertEquals(TerminalReader.TIMEOUT, reader.await(0));
    }

    @Test
    void aChunkGathersWhatIsThereUpToItsSizeAndNothingIsLost() {
        byte[] data = new byte[40_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        // 1,000-byte writes, so gathering takes several reads per chunk
        for (int off = 0; off < data.length; off += 1000) {
            JTermios.write(pipe[1], Arrays.copyOfRange(data, off, off + 1000), 1000);
        }
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < data.length) {
            assertEquals(TerminalReader.READY, reader.await(5000));
            byte[] chunk = reader.read();
            assertTrue(chunk.length <= 16 * 1024, "chunk of " + chunk.length);
            got.writeBytes(chunk);
        }
        assertArrayEquals(data, got.toByteArray());
    }

    @Test
    void wakeEndsAWaitFromAnotherThread() throws Exception {
        Thread t = new Thread(reader::wake);
        t.start();
        assertEquals(TerminalReader.WOKEN, reader.await(30_000));
        t.join();
    }

    @Test
    void theEndIsReportedAfterTheLastData() {
        JTermios.write(pipe[1], new byte[] {'x'}, 1);
        JTermios.close(pipe[1]);
        pipe[1] = -1;
        assertEquals(TerminalReader.READY, reader.await(5000));
        assertArrayEquals(new byte[] {'x'}, reader.read());
        assertEquals(TerminalReader.READY, reader.await(5000));
        assertNull(reader.read());
    }

    @Test
    void wakeAfterCloseDoesNothing() {
        reader.close();
        reader.wake(); // must not write to a descriptor number that may now be another file's
        reader.close();
    }
}
