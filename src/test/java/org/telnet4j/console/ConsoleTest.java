package org.telnet4j.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Where a console listens, and what it says about it. */
class ConsoleTest {

    @Test
    void bindsToLoopbackByDefaultAndSaysSo() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(Console.class);
        ListAppender<ILoggingEvent> a = new ListAppender<>();
        a.start();
        log.addAppender(a);
        try (Console c = Console.builder().port(0).build()) {
            InetSocketAddress at = c.start().localAddress();
            assertTrue(at.getAddress().isLoopbackAddress(), at.toString());
            assertTrue(a.list.stream().anyMatch(e -> e.getLevel() == Level.INFO
                && e.getFormattedMessage().contains("no login, loopback only")), a.list.toString());
            assertFalse(a.list.stream().anyMatch(e -> e.getLevel() == Level.WARN), a.list.toString());
        } finally {
            log.detachAppender(a);
        }
    }

    @Test
    void anyOtherAddressWithoutALoginIsExposed() {
        // Decided without binding: tests listen on loopback only.
        assertTrue(Console.exposed("0.0.0.0", false));
        assertTrue(Console.exposed("::", false));
        assertFalse(Console.exposed("0.0.0.0", true));
        assertFalse(Console.exposed("127.0.0.1", false));
        assertFalse(Console.exposed("localhost", false));
        assertFalse(Console.exposed("::1", false));
    }

    @Test
    void eventDrivenConsoleNeedsNoThreads() throws Exception {
        // A handler that reads lines on the loop thread with ConsoleSession, as a game server would.
        java.util.concurrent.LinkedBlockingQueue<String> got = new java.util.concurrent.LinkedBlockingQueue<>();
        org.telnet4j.server.TelnetServer server = org.telnet4j.server.TelnetServer.builder().host("127.0.0.1").port(0)
            .negotiationDeadline(Duration.ofMillis(200))
            .handler(new org.telnet4j.server.SessionHandler() {
                @Override
                public void onConnect(org.telnet4j.server.Session s) {
                    ConsoleSession.attach(s).readLine("> ", this::line);
                }

                private void line(ConsoleSession c, String line) {
                    if (line != null) {
                        got.add(line + " on " + Thread.currentThread().getName());
                        c.readLine("> ", this::line);
                    }
                }

                @Override
                public void onCommand(org.telnet4j.server.Session s, int command) {
                    ConsoleSession.command(s, command);
                }

                @Override
                public void onDisconnect(org.telnet4j.server.Session s, org.telnet4j.server.DisconnectReason r) {
                    ConsoleSession.closed(s);
                }
            }).build();
        server.bind();
        Thread loop = server.loop().start("game-loop");
        try (RawClient c = new RawClient("127.0.0.1", server.localAddress())) {
            c.awaitCount("> ", 1, Duration.ofSeconds(20));
            c.send("ab\033[Dx\r\n");
            String line = got.poll(20, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(line != null && line.equals("axb on " + loop.getName()), String.valueOf(line));
            // IAC IP (a client's interrupt as a telnet command, RFC 854) abandons the line like Ctrl-C.
            c.send("junk");
            c.sendBytes(new byte[] {(byte) 255, (byte) 244});
            c.send("ok\r\n");
            line = got.poll(20, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(line != null && line.startsWith("ok on "), String.valueOf(line));
        } finally {
            server.close();
        }
    }
}
