package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.telnet4j.protocol.OptionSet;

/** The blocking faces of the server: {@link Shell} per connection and the miniboa-style server. */
class ShellTest extends ServerTestBase {

    @Test
    void aShellTalksToItsClientAndItsEndClosesTheConnection() throws Exception {
        Shell game = (in, out) -> {
            out.prompt("Would you like to play a game? ");
            String answer = in.readLine();
            out.println("They say the only way to win is not to play (you said " + answer + ").");
        };
        InetSocketAddress a = start(TelnetServer.builder().shell(game)
            .negotiationDeadline(Duration.ofMillis(100)));
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
            c.readUntil("play a game? ", WAIT);
            c.write("yes\r\n");
            c.awaitClose(WAIT);
            assertTrue(c.text().endsWith("not to play (you said yes).\r\n"), c.text());
        }
    }

    @Test
    void readLineReturnsNullWhenTheClientLeaves() throws Exception {
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        Shell shell = (in, out) -> {
            String l;
            while ((l = in.readLine()) != null) {
                got.add(l);
            }
            got.add("<eof>");
        };
        InetSocketAddress a = start(TelnetServer.builder().shell(shell)
            .negotiationDeadline(Duration.ofMillis(100)));
        TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build());
        c.write("one\r\ntwo\r\n");
        assertEquals("one", got.poll(10, TimeUnit.SECONDS));
        assertEquals("two", got.poll(10, TimeUnit.SECONDS));
        c.close();
        assertEquals("<eof>", got.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void aShellThatThrowsClosesOnlyItsConnection() throws Exception {
        Shell shell = (in, out) -> {
            if ("boom".equals(in.readLine())) {
                throw new IllegalStateException("a bug in the shell");
            }
            out.println("fine");
            in.readLine();
        };
        InetSocketAddress a = start(TelnetServer.builder().shell(shell)
            .negotiationDeadline(Duration.ofMillis(100)));
        try (TestTelnetClient bad = new TestTelnetClient(a, OptionSet.builder().build());
             TestTelnetClient good = new TestTelnetClient(a, OptionSet.builder().build())) {
            bad.write("boom\r\n");
            bad.awaitClose(WAIT);
            good.write("hi\r\n");
            good.readUntil("fine\r\n", WAIT);
        }
    }

    @Test
    void theBlockingServerAcceptsAndReadsLikeMiniboa() throws Exception {
        try (BlockingTelnetServer bs = BlockingTelnetServer.start(TelnetServer.builder()
                .host("127.0.0.1").port(0).negotiationDeadline(Duration.ofMillis(100)))) {
            assertNull(bs.accept(Duration.ofMillis(10)), "nobody yet");
            try (TestTelnetClient c = new TestTelnetClient(bs.localAddress(), OptionSet.builder().build())) {
                BlockingConnection conn = bs.accept(WAIT);
                assertTrue(conn.active());
                assertEquals(c.socket.getLocalPort(), Integer.parseInt(conn.addrport().split(":")[1]));
                conn.send("name?\n");
                c.readUntil("name?\r\n", WAIT);
                c.write("ada\r\n");
                assertEquals("ada", conn.readLine(WAIT));
                assertNull(conn.readLine(Duration.ofMillis(20)), "nothing more typed");
                conn.deactivate();
                c.awaitClose(WAIT);
                assertNull(conn.readLine(WAIT), "EOF after close");
            }
        }
    }

    @Test
    void closingASessionAfterTheServerStoppedDoesNothing() throws Exception {
        InetSocketAddress a = start(builder());
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
            Session s = handler.awaitSessionWhile(c);
            server.shutdown(Duration.ofSeconds(2));
            assertTrue(server.loop().isClosed());
            s.close(); // what a shell's runner does when the shell returns after a shutdown: no exception
            c.awaitClose(WAIT);
        }
    }
}
