package org.telnet4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telnet4j.loop.CloseReason;
import org.telnet4j.loop.EventLoop;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.server.Session;
import org.telnet4j.server.SessionHandler;
import org.telnet4j.server.TelnetServer;

/** Our client against our server over loopback, both ways of driving it. */
class TelnetClientTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    TelnetServer server;
    EventLoop loop;
    final LinkedBlockingQueue<Session> sessions = new LinkedBlockingQueue<>();

    InetSocketAddress serve(TelnetServer.Builder b) throws Exception {
        server = b.host("127.0.0.1").port(0).negotiationDeadline(Duration.ofSeconds(5)).build();
        InetSocketAddress a = server.bind();
        server.start();
        return a;
    }

    SessionHandler echoing() {
        return new SessionHandler() {
            @Override
            public void onConnect(Session s) {
                sessions.add(s);
                s.prompt("ready> ");
            }

            @Override
            public void onLine(Session s, String line) {
                s.send("you said: " + line + "\n");
                s.prompt("ready> ");
            }
        };
    }

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.close();
        }
        if (server != null) {
            server.shutdown(Duration.ofSeconds(2));
        }
    }

    @Test
    void blockingClientNegotiatesEverythingTheServerAsks() throws Exception {
        InetSocketAddress a = serve(TelnetServer.builder().handler(echoing()));
        ClientConfig cfg = ClientConfig.builder().terminalType("VT220").windowSize(132, 50)
            .encoding(StandardCharsets.UTF_8).environ("LANG", "en_US.UTF-8").build();
        try (BlockingTelnetClient c = BlockingTelnetClient.connect("127.0.0.1", a.getPort(), cfg)) {
            assertTrue(c.readUntil("ready> ", WAIT) != null);
            Session s = sessions.poll(10, TimeUnit.SECONDS);
            assertEquals("VT220", s.terminalType());
            assertEquals(132, s.columns());
            assertEquals(50, s.rows());
            assertEquals("en_US.UTF-8", s.environment().get("LANG"));
            assertEquals(StandardCharsets.UTF_8, s.charset());
            assertTrue(c.serverEchoes(), "the default server shell is in character mode");
            c.writeLine("héllo");
            assertEquals("you said: héllo", lastLine(c, "you said"));
            c.setWindowSize(120, 40);
            c.writeLine("x");
            assertTrue(c.readUntil("you said: x", WAIT) != null);
            assertEquals(120, s.columns());
        }
    }

    private static String lastLine(BlockingTelnetClient c, String prefix) throws Exception {
        String l;
        while ((l = c.readLine(WAIT)) != null) {
            int at = l.indexOf(prefix);
            if (at >= 0) {
                return l.substring(at);
            }
        }
        return null;
    }

    @Test
    void blockingClientSeesTheEndOfTheStreamAndCloseIsIdempotent() throws Exception {
        InetSocketAddress a = serve(TelnetServer.builder().shell((in, out) -> out.println("bye")));
        BlockingTelnetClient c = BlockingTelnetClient.connect("127.0.0.1", a.getPort(), ClientConfig.defaults());
        assertTrue(c.readUntil("bye", WAIT) != null);
        assertEquals("", c.readLine(WAIT), "the rest of the line that held 'bye'");
        assertNull(c.readLine(WAIT));
        assertTrue(c.isEof());
        c.close();
        c.close();
    }

    @Test
    void waitForOptionReadsUntilTheServerAgrees() throws Exception {
        InetSocketAddress a = serve(TelnetServer.builder().handler(echoing()));
        try (BlockingTelnetClient c = BlockingTelnetClient.connect("127.0.0.1", a.getPort(), ClientConfig.defaults())) {
            assertTrue(c.waitForOption(Side.REMOTE, TelnetOption.SGA, true, WAIT));
            assertTrue(c.waitForOption(Side.LOCAL, TelnetOption.TTYPE, true, WAIT));
        }
    }

    @Test
    void eventClientOnASharedLoopTalksToTheServer() throws Exception {
        InetSocketAddress a = serve(TelnetServer.builder().handler(echoing()));
        loop = new EventLoop();
        loop.start("client-loop");
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        StringBuilder all = new StringBuilder();
        ClientHandler h = new ClientHandler() {
            @Override
            public void onText(ClientSession s, String text) {
                all.append(text);
                if (all.toString().contains("you said: ping")) {
                    got.add("echo");
                }
            }

            @Override
            public void onCommand(ClientSession s, int command) {
                got.add("command " + command);
            }

            @Override
            public void onDisconnect(ClientSession s, CloseReason reason) {
                got.add("disconnect " + reason);
            }
        };
        ClientSession s = TelnetClient.connect(loop, "127.0.0.1", a.getPort(), ClientConfig.defaults(), h)
            .get(10, TimeUnit.SECONDS);
        Session server = sessions.poll(10, TimeUnit.SECONDS);
        s.send("ping\n"); // from the test thread: handed to the loop
        assertEquals("echo", poll(got, "echo"));
        s.close();
        assertEquals("disconnect LOCAL_CLOSE", poll(got, "disconnect"));
        assertTrue(server != null);
    }

    private static String poll(LinkedBlockingQueue<String> q, String prefix) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            String e = q.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.startsWith(prefix)) {
                return e;
            }
        }
        throw new AssertionError("no " + prefix);
    }

    @Test
    void connectingToAClosedPortFailsClearly() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = ss.getLocalPort();
        }
        loop = new EventLoop();
        loop.start("client-loop");
        try {
            TelnetClient.connect(loop, "127.0.0.1", port, ClientConfig.defaults(), (s, t) -> { }).join();
            throw new AssertionError("connected to a closed port");
        } catch (CompletionException e) {
            assertTrue(e.getCause() instanceof ConnectException, e.getCause().toString());
        }
    }
}
