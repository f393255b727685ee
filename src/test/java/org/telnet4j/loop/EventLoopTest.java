package org.telnet4j.loop;

import org.telnet4j.bytes.ByteTransform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.telnet4j.bytes.ByteSink;

/** The event loop on its own, with raw byte handlers: no telnet involved. */
class EventLoopTest {

    /** Echoes bytes; switches to an inbound transform when it sees '!' (the rest goes through it). */
    static final class EchoHandler implements ConnectionHandler {
        final ByteArrayOutputStream seen = new ByteArrayOutputStream();
        volatile CloseReason closed;

        @Override
        public int onInput(Connection c, byte[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (buf[i] == '!') {
                    seen.write(buf, off, i + 1 - off);
                    c.write(buf, off, i + 1 - off);
                    c.setInboundTransform(new UpperCase());
                    return i + 1 - off; // the rest of this buffer must go through the transform
                }
            }
            seen.write(buf, off, len);
            c.write(buf, off, len);
            return len;
        }

        @Override
        public void onClosed(Connection c, CloseReason reason) {
            closed = reason;
        }
    }

    /** A stand-in for decompression: upper-cases bytes. */
    static final class UpperCase implements ByteTransform {
        @Override
        public void apply(byte[] in, int off, int len, ByteSink next) {
            byte[] out = new byte[len];
            for (int i = 0; i < len; i++) {
                byte b = in[off + i];
                out[i] = b >= 'a' && b <= 'z' ? (byte) (b - 32) : b;
            }
            next.write(out, 0, len);
        }
    }

    private static String readFor(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void pollDrivenEchoAndATransformInstalledMidBuffer() throws Exception {
        try (EventLoop loop = new EventLoop()) {
            EchoHandler h = new EchoHandler();
            InetSocketAddress a = loop.listen(new InetSocketAddress("127.0.0.1", 0), 16,
                ch -> loop.register(ch, 1 << 16, OverflowPolicy.DISCONNECT, c -> h));
            try (Socket s = new Socket()) {
                s.connect(a);
                s.setSoTimeout(10_000);
                s.getOutputStream().write("abc!def".getBytes(StandardCharsets.US_ASCII));
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (h.seen.size() < 4 && System.nanoTime() < end) {
                    loop.poll(10);
                }
                loop.poll(0);
                assertEquals("abc!DEF", readFor(s.getInputStream(), 7),
                    "bytes after '!' in the same read went through the transform");
            }
        }
    }

    @Test
    void tasksFromOtherThreadsRunOnTheLoopThreadInOrder() throws Exception {
        try (EventLoop loop = new EventLoop()) {
            Thread t = loop.start("test-loop");
            StringBuffer order = new StringBuffer();
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            for (int i = 0; i < 5; i++) {
                int n = i;
                loop.execute(() -> order.append(n));
            }
            loop.execute(() -> {
                ranOn.set(Thread.currentThread());
                done.countDown();
            });
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals("01234", order.toString());
            assertEquals(t, ranOn.get());
        }
    }

    @Test
    void timersFireInDeadlineOrderAndCancelledOnesDoNot() throws Exception {
        try (EventLoop loop = new EventLoop()) {
            StringBuffer fired = new StringBuffer();
            CountDownLatch done = new CountDownLatch(1);
            loop.schedule(30, TimeUnit.MILLISECONDS, () -> fired.append('b'));
            loop.schedule(10, TimeUnit.MILLISECONDS, () -> fired.append('a'));
            Timer cancelled = loop.schedule(20, TimeUnit.MILLISECONDS, () -> fired.append('x'));
            loop.schedule(40, TimeUnit.MILLISECONDS, done::countDown);
            cancelled.cancel();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (done.getCount() > 0 && System.nanoTime() < end) {
                loop.poll(50);
            }
            assertEquals("ab", fired.toString());
        }
    }

    @Test
    void pollFromASecondThreadIsRefused() throws Exception {
        try (EventLoop loop = new EventLoop()) {
            loop.poll(0);
            AtomicReference<Throwable> err = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try {
                    loop.poll(0);
                } catch (Throwable e) {
                    err.set(e);
                }
            });
            other.start();
            other.join(10_000);
            assertTrue(err.get() instanceof IllegalStateException, String.valueOf(err.get()));
        }
    }

    @Test
    void aFullTaskQueueRejectsInsteadOfGrowing() throws Exception {
        try (EventLoop loop = new EventLoop(2)) {
            loop.execute(() -> { });
            loop.execute(() -> { });
            assertThrows(java.util.concurrent.RejectedExecutionException.class, () -> loop.execute(() -> { }));
        }
    }

    @Test
    void aPassAllocatesNothingInSteadyState() throws Exception {
        com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (EventLoop loop = new EventLoop()) {
            ConnectionHandler echo = new ConnectionHandler() {
                @Override
                public int onInput(Connection c, byte[] buf, int off, int len) {
                    c.write(buf, off, len);
                    return len;
                }

                @Override
                public void onClosed(Connection c, CloseReason reason) {
                }
            };
            InetSocketAddress a = loop.listen(new InetSocketAddress("127.0.0.1", 0), 16,
                ch -> loop.register(ch, 1 << 16, OverflowPolicy.DISCONNECT, c -> echo));
            try (Socket s = new Socket()) {
                s.connect(a);
                s.setSoTimeout(10_000);
                byte[] msg = new byte[100];
                byte[] back = new byte[100];
                java.io.OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                long me = Thread.currentThread().getId();
                long before = 0;
                for (int round = 0; round < 3000; round++) {
                    if (round == 1000) {
                        before = mx.getThreadAllocatedBytes(me); // after warm-up and JIT
                    }
                    out.write(msg);
                    int got = 0;
                    while (got < msg.length) {
                        loop.poll(1000);
                        if (in.available() > 0) {
                            got += in.read(back, got, msg.length - got);
                        }
                    }
                }
                long perPass = (mx.getThreadAllocatedBytes(me) - before) / 2000;
                // The test thread also runs the socket client (whose streams may allocate a
                // little); the loop's own share must be nothing: allow less than one object.
                assertTrue(perPass < 16, "allocated " + perPass + " bytes per echo round trip");
            }
        }
    }
}
