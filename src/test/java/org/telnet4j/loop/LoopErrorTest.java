package org.telnet4j.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Errors in handlers on the loop thread: contained where the loop is still sound, fatal otherwise. */
class LoopErrorTest {

    /** Echoes; "s" overflows the stack, "o" throws OutOfMemoryError. */
    static final class Hostile implements ConnectionHandler {
        volatile CloseReason closed;

        @Override
        public int onInput(Connection c, byte[] buf, int off, int len) {
            if (buf[off] == 's') {
                recurse();
            }
            if (buf[off] == 'o') {
                throw new OutOfMemoryError("simulated");
            }
            c.write(buf, off, len);
            return len;
        }

        @Override
        public void onClosed(Connection c, CloseReason reason) {
            closed = reason;
        }

        private static void recurse() {
            recurse();
        }
    }

    @Test
    void aStackOverflowInAHandlerClosesThatConnectionAndTheLoopGoesOn() throws Exception {
        try (EventLoop loop = new EventLoop()) {
            Hostile victimHandler = new Hostile();
            Hostile otherHandler = new Hostile();
            Hostile[] next = {victimHandler, otherHandler};
            int[] accepted = {0};
            InetSocketAddress a = loop.listen(new InetSocketAddress("127.0.0.1", 0), 16,
                ch -> loop.register(ch, 1 << 16, OverflowPolicy.DISCONNECT, c -> next[accepted[0]++]));
            loop.start("error-test");
            try (Socket victim = new Socket(); Socket other = new Socket()) {
                victim.connect(a);
                victim.setSoTimeout(10_000);
                victim.getOutputStream().write('x');
                assertEquals('x', victim.getInputStream().read()); // accepted first: the victim
                other.connect(a);
                other.setSoTimeout(10_000);
                victim.getOutputStream().write('s');
                assertEquals(-1, readOrEnd(victim), "the victim is closed");
                other.getOutputStream().write("hi".getBytes(StandardCharsets.US_ASCII));
                assertEquals("hi", new String(other.getInputStream().readNBytes(2), StandardCharsets.US_ASCII));
            }
            assertEquals(CloseReason.IO_ERROR, victimHandler.closed);
            assertEquals(null, loop.failure());
        }
    }

    @Test
    void anErrorItCannotContainStopsTheLoopAndSaysSo() throws Exception {
        EventLoop loop = new EventLoop();
        Hostile h = new Hostile();
        InetSocketAddress a = loop.listen(new InetSocketAddress("127.0.0.1", 0), 16,
            ch -> loop.register(ch, 1 << 16, OverflowPolicy.DISCONNECT, c -> h));
        loop.start("error-test");
        try (Socket s = new Socket()) {
            s.connect(a);
            s.setSoTimeout(10_000);
            s.getOutputStream().write('o');
            assertTrue(loop.awaitTermination(10, TimeUnit.SECONDS), "the loop stops");
            assertTrue(loop.failure() instanceof OutOfMemoryError, String.valueOf(loop.failure()));
            assertEquals(-1, readOrEnd(s), "its connections are closed");
        }
        assertTrue(loop.isClosed());
        assertThrows(ConnectException.class, () -> new Socket().connect(a, 5000), "nothing listens any more");
        assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> { }));
        long t0 = System.nanoTime();
        loop.shutdown(60_000); // a dead loop: nothing to wait for
        loop.close();
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30), "shutdown did not wait for the grace");
    }

    private static int readOrEnd(Socket s) throws IOException {
        try {
            return s.getInputStream().read();
        } catch (java.net.SocketException reset) {
            return -1;
        }
    }
}
