package org.telnet4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telnet4j.loop.CloseReason;
import org.telnet4j.loop.EventLoop;
import org.telnet4j.option.FlowControl;
import org.telnet4j.option.Status;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.server.Session;
import org.telnet4j.server.SessionHandler;
import org.telnet4j.server.TelnetServer;

/** The event client's typed option events, against our server over loopback. */
class ClientOptionsTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    TelnetServer server;
    EventLoop loop;
    final LinkedBlockingQueue<Session> sessions = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.close();
        }
        if (server != null) {
            server.shutdown(Duration.ofSeconds(2));
        }
    }

    String await(String prefix) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            String e = events.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no event '" + prefix + "' within " + WAIT);
            }
            if (e.startsWith(prefix)) {
                return e;
            }
        }
    }

    @Test
    void promptsStatusFlowControlSynchTimingMarkAndLogout() throws Exception {
        server = TelnetServer.builder().host("127.0.0.1").port(0).negotiationDeadline(Duration.ofSeconds(5))
            .handler(new SessionHandler() {
                @Override
                public void onConnect(Session s) {
                    sessions.add(s);
                    s.prompt("> ");
                }

                @Override
                public void onStatus(Session s, Status.Report r, List<Status.Difference> d) {
                    events.add("server-status " + d);
                }
            }).build();
        InetSocketAddress a = server.bind();
        server.start();
        loop = new EventLoop();
        loop.start("client-loop");
        ClientHandler h = new ClientHandler() {
            @Override
            public void onText(ClientSession s, String text) {
            }

            @Override
            public void onPrompt(ClientSession s, int command) {
                events.add("prompt " + TelnetCommand.name(command));
            }

            @Override
            public void onStatus(ClientSession s, Status.Report r, List<Status.Difference> d) {
                events.add("status " + d);
            }

            @Override
            public void onFlowControl(ClientSession s, int command) {
                events.add("flow " + FlowControl.name(command));
            }

            @Override
            public void onSynch(ClientSession s) {
                events.add("synch");
            }

            @Override
            public void onLogout(ClientSession s) {
                events.add("logout");
            }

            @Override
            public void onDisconnect(ClientSession s, CloseReason reason) {
                events.add("disconnect");
            }
        };
        ClientConfig cfg = ClientConfig.builder().terminalType("xterm").environAllowList(java.util.Set.of()).build();
        ClientSession c = TelnetClient.connect(loop, "127.0.0.1", a.getPort(), cfg, h).get(10, TimeUnit.SECONDS);
        Session s = sessions.poll(10, TimeUnit.SECONDS);
        assertEquals("prompt EOR", await("prompt"), "the server marks prompts with EOR once agreed");

        c.requestStatus();
        assertEquals("status []", await("status"), "the server's view matches ours");
        s.requestStatus();
        assertEquals("server-status []", await("server-status"));

        s.sendFlowControl(FlowControl.RESTART_XON);
        assertEquals("flow RESTART-XON", await("flow"));

        s.sendSynch();
        assertEquals("synch", await("synch"));

        c.timingMark().get(10, TimeUnit.SECONDS);
        s.timingMark().get(10, TimeUnit.SECONDS);

        c.requestLogout();
        assertEquals("logout", await("logout"));
        assertEquals("disconnect", await("disconnect"));
        assertTrue(!c.isActive());
    }
}
