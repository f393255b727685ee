package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telnet4j.client.ClientConfig;
import org.telnet4j.client.ClientHandler;
import org.telnet4j.client.ClientSession;
import org.telnet4j.client.TelnetClient;
import org.telnet4j.loop.EventLoop;
import org.telnet4j.option.mud.Gmcp;
import org.telnet4j.protocol.TelnetOption;

/** MUD protocols between our server and our client over loopback: MCCP2/3, GMCP, MSDP, MSSP. */
class MudServerTest extends ServerTestBase {
    EventLoop clientLoop;
    final LinkedBlockingQueue<Object> got = new LinkedBlockingQueue<>();

    @AfterEach
    void stopClient() {
        if (clientLoop != null) {
            clientLoop.close();
        }
    }

    ClientSession connect(InetSocketAddress a, ClientConfig cfg, StringBuilder text) throws Exception {
        clientLoop = new EventLoop();
        clientLoop.start("mud-client");
        return TelnetClient.connect(clientLoop, a, cfg, new ClientHandler() {
            @Override
            public void onText(ClientSession s, String t) {
                synchronized (text) {
                    text.append(t);
                    text.notifyAll();
                }
            }

            @Override
            public void onGmcp(ClientSession s, Gmcp.Message m) {
                got.add(m);
            }

            @Override
            public void onMsdp(ClientSession s, Map<String, Object> vars) {
                got.add(vars);
            }

            @Override
            public void onMssp(ClientSession s, Map<String, List<String>> vars) {
                got.add(vars);
            }
        }).get(10, TimeUnit.SECONDS);
    }

    static void awaitText(StringBuilder text, String s) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        synchronized (text) {
            while (text.indexOf(s) < 0) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new AssertionError("no '" + s + "'");
                }
                text.wait(left);
            }
        }
    }

    @Test
    void compressedBothWaysOneMegabyteArrivesExactly() throws Exception {
        handler.echo = true;
        InetSocketAddress a = start(builder().compression(true).negotiationDeadline(Duration.ofMinutes(1)));
        StringBuilder text = new StringBuilder();
        ClientSession c = connect(a, ClientConfig.builder().compressOutput(true).build(), text);
        Session s = handler.awaitSession(WAIT);
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() < (1 << 20); i++) {
            big.append("line ").append(i).append(" of the map, with some words to compress\n");
        }
        s.send(big.toString());
        s.send("END\n");
        awaitText(text, "END\r\n");
        String received;
        synchronized (text) {
            received = text.toString();
        }
        String sent = big.toString().replace("\n", "\r\n");
        assertTrue(received.contains(sent), "1 MB arrived byte-exact");
        assertTrue(s.isCompressing(), "server output compressed (MCCP2)");
        assertTrue(s.connection().bytesOut() < sent.length() / 4, "compressed: " + s.connection().bytesOut());
        // MCCP3: the client's typing is compressed too, and the server still reads lines.
        c.send("look\n");
        assertEquals("line look", handler.await("line", WAIT));
        assertTrue(c.protocol().isCompressingOutput());
    }

    @Test
    void gmcpMsdpAndMsspBothWays() throws Exception {
        LinkedBlockingQueue<String> serverGot = new LinkedBlockingQueue<>();
        RecordingHandler h = new RecordingHandler() {
            @Override
            public void onGmcp(Session s, Gmcp.Message m) {
                serverGot.add("gmcp " + m);
            }

            @Override
            public void onMsdp(Session s, Map<String, Object> vars) {
                serverGot.add("msdp " + vars);
            }
        };
        handler = h;
        InetSocketAddress a = start(TelnetServer.builder().handler(h).gmcp(true).msdp(true)
            .mssp(() -> Map.of("NAME", List.of("Test MUD"), "PLAYERS", List.of("1")))
            .negotiationDeadline(Duration.ofMinutes(1)));
        ClientConfig cfg = ClientConfig.builder()
            .alwaysDo(TelnetOption.GMCP, TelnetOption.MSDP, TelnetOption.MSSP).build();
        StringBuilder text = new StringBuilder();
        ClientSession c = connect(a, cfg, text);
        Session s = handler.awaitSession(WAIT);
        Object mssp = got.poll(10, TimeUnit.SECONDS);
        assertEquals(Map.of("NAME", List.of("Test MUD"), "PLAYERS", List.of("1")), mssp);
        assertTrue(s.sendGmcp("Room.Info", "{\"num\":1}"));
        Gmcp.Message m = (Gmcp.Message) got.poll(10, TimeUnit.SECONDS);
        assertEquals("Room.Info", m.name());
        assertEquals("{\"num\":1}", m.json());
        assertTrue(s.sendMsdp(Map.of("HEALTH", "42")));
        assertEquals(Map.of("HEALTH", "42"), got.poll(10, TimeUnit.SECONDS));
        c.sendGmcp("Core.Hello", "{\"client\":\"telnet4j\",\"version\":\"0.1\"}");
        assertEquals("gmcp Core.Hello {\"client\":\"telnet4j\",\"version\":\"0.1\"}",
            serverGot.poll(10, TimeUnit.SECONDS));
        c.sendMsdp(Map.of("REPORT", "HEALTH"));
        assertEquals("msdp {REPORT=HEALTH}", serverGot.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void compressionIsCappedAndTheRestStayPlain() throws Exception {
        handler.echo = true;
        InetSocketAddress a = start(builder().compression(true).maxCompressedSessions(1)
            .negotiationDeadline(Duration.ofMinutes(1)));
        StringBuilder t1 = new StringBuilder();
        connect(a, ClientConfig.defaults(), t1);
        Session first = handler.awaitSession(WAIT);
        EventLoop firstLoop = clientLoop;
        StringBuilder t2 = new StringBuilder();
        ClientSession second = connect(a, ClientConfig.defaults(), t2);
        Session other = handler.awaitSession(WAIT);
        second.send("hi\n");
        awaitText(t2, "hi\r\n");
        assertTrue(first.isCompressing());
        assertTrue(!other.isCompressing(), "the second session is over the cap");
        firstLoop.close();
    }
}
