package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telnet4j.client.ClientConfig;
import org.telnet4j.client.ClientHandler;
import org.telnet4j.client.ClientSession;
import org.telnet4j.client.TelnetClient;
import org.telnet4j.loop.EventLoop;
import org.telnet4j.option.linemode.ForwardMask;
import org.telnet4j.option.linemode.Linemode;
import org.telnet4j.option.linemode.Slc;
import org.telnet4j.protocol.TelnetCommand;

/**
 * A server with {@code linemodeOption(true)} over loopback with our own client, end to end: edit
 * mode and the SLC table agreed, typed lines, TRAPSIG, a mode change and a forward mask. The
 * wire rules with scripted clients that agree or refuse are byte tests of {@link ServerProtocol}:
 * {@link LinemodeServerBytesTest}.
 */
class LinemodeServerTest extends ServerTestBase {
    static final int EDIT_TRAPSIG = Linemode.EDIT | Linemode.TRAPSIG;
    static final byte[] DO_LINEMODE = {(byte) 0xFF, (byte) 0xFD, 34};
    static final byte[] MODE_EDIT_TRAPSIG = {(byte) 0xFF, (byte) 0xFA, 34, 1, 3, (byte) 0xFF, (byte) 0xF0};

    EventLoop loop;

    {
        handler = new RecordingHandler() {
            @Override
            public void onLinemode(Session s, int mode) {
                events.add("linemode " + mode);
            }
        };
    }

    @AfterEach
    void stopLoop() {
        if (loop != null) {
            loop.close();
        }
    }

    /** Client-side events, in order: text, and linemode changes. */
    static final class ClientEvents implements ClientHandler {
        final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void onText(ClientSession session, String t) {
            text.append(t);
            events.add("text");
        }

        @Override
        public void onLinemode(ClientSession session, int mode) {
            events.add("linemode " + mode);
        }

        String await(String event) throws InterruptedException {
            long end = System.nanoTime() + WAIT.toNanos();
            while (true) {
                String e = events.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new AssertionError("no '" + event + "' within " + WAIT + "; text: " + text);
                }
                if (e.equals(event)) {
                    return e;
                }
            }
        }
    }

    /** Runs {@code r} on the client's loop and returns its result. */
    <T> T onClientLoop(java.util.function.Supplier<T> r) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(r.get()));
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void ourClientGetsEditModeAndTheSlcTableAndTypedLinesArrive() throws Exception {
        handler.greeting = "hello\n";
        InetSocketAddress a = start(builder().linemodeOption(true).negotiationDeadline(Duration.ofMinutes(1)));
        loop = new EventLoop();
        loop.start("client");
        ClientEvents events = new ClientEvents();
        ClientSession c = TelnetClient.connect(loop, a, ClientConfig.builder().linemode(true).terminalType("xterm")
            .build(), events).get(10, TimeUnit.SECONDS);

        // The session starts only once the MODE proposal is acknowledged.
        handler.await("connect", WAIT);
        Session s = handler.connected.poll(10, TimeUnit.SECONDS);
        assertNotNull(s);
        assertEquals(EDIT_TRAPSIG, s.linemode());
        events.await("linemode " + EDIT_TRAPSIG);
        assertTrue(onClientLoop(() -> c.protocol().isLocalEditing()));
        assertEquals(0x03, (int) onClientLoop(() -> c.protocol().slc().value(Slc.IP)));
        assertEquals(0x03, (int) onClientLoop(() -> s.linemodeState().slc().value(Slc.IP)));
        assertFalse(c.serverEchoes(), "line mode: the server does not echo");

        String echo = onClientLoop(() -> {
            StringBuilder e = new StringBuilder();
            for (char ch : "helx\u007fp\r".toCharArray()) {
                e.append(c.protocol().type(ch));
            }
            return e.toString();
        });
        assertEquals("helx\b \bp\r\n", echo, "the client echoes and edits locally");
        assertEquals("line help", handler.await("line", WAIT));

        onClientLoop(() -> c.protocol().type('\u0003'));
        assertEquals("command " + TelnetCommand.IP, handler.await("command", WAIT), "TRAPSIG: ^C is IAC IP");

        s.setLinemode(Linemode.TRAPSIG); // character at a time
        assertEquals("linemode " + Linemode.TRAPSIG, handler.await("linemode", WAIT));
        events.await("linemode " + Linemode.TRAPSIG);
        assertFalse(onClientLoop(() -> c.protocol().isLocalEditing()));
    }

    @Test
    void aForwardMaskIsAgreedAndSendsTheLineEarly() throws Exception {
        InetSocketAddress a = start(builder().linemodeOption(true).negotiationDeadline(Duration.ofMinutes(1)));
        loop = new EventLoop();
        loop.start("client");
        ClientEvents events = new ClientEvents();
        ClientSession c = TelnetClient.connect(loop, a, ClientConfig.builder().linemode(true).build(), events)
            .get(10, TimeUnit.SECONDS);
        handler.await("connect", WAIT);
        Session s = handler.connected.poll(10, TimeUnit.SECONDS);
        s.setForwardMask(ForwardMask.of('\t'));
        // The client's WILL FORWARDMASK puts the mask in use on the server's side.
        assertEquals(ForwardMask.of('\t'), awaitOnServer(s, () -> s.linemodeState().forwardMask(), ForwardMask.of('\t')));
        long before = awaitOnServer(s, () -> s.connection().bytesIn(), null);
        onClientLoop(() -> c.protocol().type('a') + c.protocol().type('b'));
        onClientLoop(() -> c.protocol().type('\t')); // in the mask: "ab\t" goes now, without Enter
        assertEquals(before + 3, (long) awaitOnServer(s, () -> s.connection().bytesIn(), before + 3));
    }

    /** Reads {@code what} on the server's loop until it equals {@code want} (null: once). */
    static <T> T awaitOnServer(Session s, java.util.function.Supplier<T> what, T want) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            CompletableFuture<T> f = new CompletableFuture<>();
            s.connection().loop().execute(() -> f.complete(what.get()));
            T v = f.get(10, TimeUnit.SECONDS);
            if (want == null || want.equals(v) || System.nanoTime() > end) {
                return v;
            }
        }
    }
}
