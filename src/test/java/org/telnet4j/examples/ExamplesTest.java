package org.telnet4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.telnet4j.server.TelnetServer;

/** The examples work as their Javadoc says, driven over loopback like a user with telnet. */
class ExamplesTest {

    /** A bare socket that collects everything and strips nothing (commands show as bytes). */
    static final class Peer implements AutoCloseable {
        final Socket s = new Socket();
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final InputStream in;

        Peer(InetSocketAddress a) throws IOException {
            s.connect(a, 5000);
            s.setSoTimeout(20);
            in = s.getInputStream();
        }

        void send(String text) throws IOException {
            s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        }

        void read() throws IOException {
            byte[] b = new byte[4096];
            try {
                int n = in.read(b);
                if (n > 0) {
                    got.write(b, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // nothing this time
            }
        }

        String text() {
            return new String(got.toByteArray(), StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            s.close();
        }
    }

    @Test
    void chatLoopRelaysWhatOnePersonSaysToTheOther() throws Exception {
        ChatLoop chat = new ChatLoop("127.0.0.1", 0);
        try (Peer ann = new Peer(chat.server().localAddress());
             Peer bob = new Peer(chat.server().localAddress())) {
            tickUntil(chat, ann, bob, () -> ann.text().contains("guest2 arrives."));
            bob.send("/nick bob\r\nhello ann\r\n");
            tickUntil(chat, ann, bob, () -> ann.text().contains("bob: hello ann\r\n"));
            ann.send("/who\r\n");
            tickUntil(chat, ann, bob, () -> ann.text().contains("Here: guest1 bob"));
            bob.send("/quit\r\n");
            tickUntil(chat, ann, bob, () -> ann.text().contains("bob leaves."));
            assertTrue(bob.text().contains("Bye.\r\n"));
        } finally {
            chat.server().close();
        }
    }

    private static void tickUntil(ChatLoop chat, Peer a, Peer b, java.util.function.BooleanSupplier done)
        throws IOException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out; a saw: " + a.text() + "\nb saw: " + b.text());
            }
            chat.tick(5);
            a.read();
            b.read();
        }
    }

    @Test
    void adminConsoleAnswersCommandsWhileTheApplicationRuns() throws Exception {
        AtomicLong jobs = new AtomicLong(41);
        AdminConsole console = new AdminConsole(jobs);
        TelnetServer server = console.serve(0);
        try (Peer p = new Peer(new InetSocketAddress("localhost", server.localAddress().getPort()))) {
            p.send("jobs\r\nset workers 8\r\nget workers\r\nquit\r\n");
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!p.text().contains("workers = 8") && System.nanoTime() < end) {
                p.read();
            }
            assertTrue(p.text().contains("41 jobs done"), p.text());
            assertTrue(p.text().contains("workers = 8"), p.text());
            assertEquals("8", console.setting("workers"));
        } finally {
            server.close();
        }
    }
}
