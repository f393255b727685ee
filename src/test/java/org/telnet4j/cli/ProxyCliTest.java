package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.telnet4j.server.Session;
import org.telnet4j.server.SessionHandler;
import org.telnet4j.server.TelnetServer;

/** The PROXY protocol flags of the command-line tools, run as a user runs them. */
class ProxyCliTest {
    private static Process java(Class<?> main, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    @Test
    void badProxyFromIsOneClearLine() throws Exception {
        Process p = java(ServerMain.class, "127.0.0.1", "0", "--proxy-protocol", "--proxy-from", "10.0.0.0/8,balancer");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(p.exitValue() != 0, out);
        assertTrue(out.contains("--proxy-from: not an IP address: 'balancer'"), out);
        assertFalse(out.contains("\tat "), "no stack trace: " + out);
    }

    @Test
    void clientSendProxyNamesItselfToTheServer() throws Exception {
        LinkedBlockingQueue<Session> sessions = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        TelnetServer server = TelnetServer.builder().host("127.0.0.1").port(0).proxyProtocol("127.0.0.1")
            .negotiationDeadline(Duration.ofMillis(200))
            .handler(new SessionHandler() {
                @Override
                public void onConnect(Session s) {
                    sessions.add(s);
                }

                @Override
                public void onLine(Session s, String line) {
                    lines.add(line);
                }
            }).build();
        InetSocketAddress a = server.bind();
        server.start();
        try {
            for (String version : new String[] {"1", "2"}) {
                Process p = java(ClientMain.class, "--send-proxy", version, "--linger", "0.2", "127.0.0.1",
                    String.valueOf(a.getPort()));
                p.getOutputStream().write("hello through a balancer\n".getBytes(StandardCharsets.US_ASCII));
                p.getOutputStream().close();
                Session s = sessions.poll(30, TimeUnit.SECONDS);
                assertNotNull(s, "v" + version + " session started");
                assertEquals(Integer.parseInt(version), s.proxyHeader().version());
                assertEquals("127.0.0.1", s.remoteAddress().getAddress().getHostAddress());
                assertEquals(a.getPort(), s.proxyHeader().destination().getPort());
                assertEquals("hello through a balancer", lines.poll(30, TimeUnit.SECONDS));
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            }
        } finally {
            server.shutdown(Duration.ofSeconds(2));
        }
    }

}
