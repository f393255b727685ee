package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.telnet4j.loop.CloseReason;
import org.telnet4j.loop.Connection;
import org.telnet4j.loop.ConnectionHandler;
import org.telnet4j.loop.EventLoop;
import org.telnet4j.loop.OverflowPolicy;

/** Draining for a rolling restart: stop accepting, tell, save, deliver, close. */
class DrainTest extends ServerTestBase {
    private static final int CLIENTS = 1000;
    private static final String MESSAGE = "Rebooting for an update; back in a minute.";

    /** A raw client that keeps every byte and notes the server's end of stream. */
    private static final class Recorder implements ConnectionHandler {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final CountDownLatch closed;
        volatile CloseReason reason;

        Recorder(CountDownLatch closed) {
            this.closed = closed;
        }

        @Override
        public int onInput(Connection c, byte[] buf, int off, int len) {
            data.write(buf, off, len);
            return len;
        }

        @Override
        public void onClosed(Connection c, CloseReason r) {
            reason = r;
            closed.countDown();
        }

        String text() {
            return data.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void drainOfAThousandClientsDeliversEveryQueuedByteThenCloses() throws Exception {
        InetSocketAddress a = start(builder().maxConnections(CLIENTS + 10).outputQueueCap(1 << 20)
            .maxConnectionsPerAddress(0)); // all from 127.0.0.1
        StringBuilder payload = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            payload.append("queued line ").append(i).append(" of the last room description\n");
        }
        String queued = payload.toString(); // ~90 KB a client, more than its socket buffers hold
        CountDownLatch closed = new CountDownLatch(CLIENTS);
        List<Recorder> recorders = new ArrayList<>();
        try (EventLoop clients = new EventLoop()) {
            clients.start("drain-clients");
            List<CompletableFuture<Connection>> pending = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Recorder r = new Recorder(closed);
                recorders.add(r);
                pending.add(clients.connect(a, WAIT.toMillis(), 1 << 16, OverflowPolicy.DISCONNECT, c -> r));
            }
            for (CompletableFuture<Connection> f : pending) {
                f.get(WAIT.toMillis() * 3, TimeUnit.MILLISECONDS);
            }
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Session s = handler.connected.poll(WAIT.toMillis() * 3, TimeUnit.MILLISECONDS);
                assertTrue(s != null, "session " + i + " started");
                sessions.add(s);
            }
            for (Session s : sessions) {
                s.send(queued); // queued from this thread: handed to the loop in order, before the drain
            }
            AtomicInteger saved = new AtomicInteger();
            long t0 = System.nanoTime();
            CompletableFuture<Void> drained = server.drain(Duration.ofSeconds(60), MESSAGE, s -> {
                saved.incrementAndGet();
                s.send("Your character has been saved.\n");
            });
            drained.get(90, TimeUnit.SECONDS);
            long drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(closed.await(WAIT.toMillis() * 3, TimeUnit.MILLISECONDS), "every client saw the end");
            System.out.println("drain of " + CLIENTS + " clients with " + queued.length()
                + " queued bytes each took " + drainMillis + " ms");
            assertEquals(CLIENTS, saved.get(), "save callback once per session");
            String expectTail = queued.replace("\n", "\r\n") + "Your character has been saved.\r\n" + MESSAGE + "\r\n";
            for (int i = 0; i < CLIENTS; i++) {
                String got = recorders.get(i).text();
                assertTrue(got.endsWith(expectTail), "client " + i + " got all its output, then the message ("
                    + got.length() + " bytes)");
                assertEquals(CloseReason.PEER_CLOSED, recorders.get(i).reason, "client " + i + ": server closed");
            }
            assertEquals(0, onLoop(server::connectionCount));
        }
        // No longer accepting: the listening socket is closed.
        assertFalse(canConnect(a));
    }

    @Test
    void gmcpAndMsdpClientsGetTheMessageAsData() throws Exception {
        InetSocketAddress a = start(builder().gmcp(true).msdp(true));
        java.util.concurrent.LinkedBlockingQueue<String> got = new java.util.concurrent.LinkedBlockingQueue<>();
        CountDownLatch gone = new CountDownLatch(1);
        try (EventLoop loop = new EventLoop()) {
            loop.start("gmcp-client");
            org.telnet4j.client.TelnetClient.connect(loop, a,
                org.telnet4j.client.ClientConfig.builder().gmcp("test", "1")
                    .alwaysDo(org.telnet4j.protocol.TelnetOption.MSDP).build(),
                new org.telnet4j.client.ClientHandler() {
                    @Override
                    public void onText(org.telnet4j.client.ClientSession cs, String text) {
                        got.add("text " + text);
                    }

                    @Override
                    public void onGmcp(org.telnet4j.client.ClientSession cs, org.telnet4j.option.mud.Gmcp.Message m) {
                        got.add("gmcp " + m.name() + " " + m.json());
                    }

                    @Override
                    public void onMsdp(org.telnet4j.client.ClientSession cs, java.util.Map<String, Object> vars) {
                        got.add("msdp " + vars);
                    }

                    @Override
                    public void onDisconnect(org.telnet4j.client.ClientSession cs, CloseReason r) {
                        gone.countDown();
                    }
                }).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            Session s = handler.connected.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(s != null);
            assertTrue(s.isRemoteEnabled(org.telnet4j.protocol.TelnetOption.GMCP)
                || s.isLocalEnabled(org.telnet4j.protocol.TelnetOption.GMCP), "GMCP agreed");
            server.drain(Duration.ofSeconds(10), "Back soon \"really\"").get(30, TimeUnit.SECONDS);
            assertTrue(gone.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            List<String> all = new ArrayList<>(got);
            assertTrue(all.contains("gmcp Core.Goodbye \"Back soon \\\"really\\\"\""), all.toString());
            assertTrue(String.join("", all).contains("Back soon \"really\""), all.toString());
            assertTrue(all.contains("msdp {SERVER_SHUTDOWN=Back soon \"really\"}"), all.toString());
        }
    }

    @Test
    void deadlineClosesClientsThatDoNotRead() throws Exception {
        InetSocketAddress a = start(builder().outputQueueCap(64 << 20));
        try (Socket stuck = new Socket()) {
            // Before connecting, or the kernel's receive autotuning (up to tcp_rmem's 32 MiB)
            // would take the whole output and the drain would end before its deadline.
            stuck.setReceiveBufferSize(4096);
            stuck.connect(new InetSocketAddress("127.0.0.1", a.getPort()));
            Session s = handler.connected.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(s != null);
            s.send("x".repeat(48 << 20)); // far beyond what the socket buffers can ever hold (kernel maxima: 4 + 32 MiB)
            // The send is handed to the loop: wait (bounded) until it is queued, so that a drain
            // that ends early says why (the connection gone, or nothing queued) instead of racing.
            long until = System.nanoTime() + WAIT.toNanos();
            while (onLoop(s::queuedBytes) == 0 && s.isConnected() && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertTrue(s.isConnected(), "the connection closed before the drain");
            assertTrue(onLoop(s::queuedBytes) > 0, "nothing queued before the drain");
            long t0 = System.nanoTime();
            server.drain(Duration.ofMillis(300), "bye").get(30, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(300), "waited for the deadline");
            assertEquals(0, onLoop(server::connectionCount));
        }
    }

    private static boolean canConnect(InetSocketAddress a) {
        try (Socket s = new Socket("127.0.0.1", a.getPort())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
