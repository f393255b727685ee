package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telnet4j.protocol.OptionSet;
import org.telnet4j.protocol.TelnetCommand;

/**
 * Session features a MUD or BBS uses, over a socket: wrapping to the client's width, attributes
 * and times, and the timer that ends the wait for a timing mark after an interrupt. What prompts, password mode and sends put on the wire are byte tests of
 * {@link ServerProtocol}: {@link SessionBytesTest}.
 */
class SessionTest extends ServerTestBase {

    @Test
    void sendWrappedFitsTheClientsWidth() throws Exception {
        InetSocketAddress a = start(builder().negotiationDeadline(Duration.ofMinutes(1)));
        try (TestTelnetClient c = new TestTelnetClient(a, TestTelnetClient.modernClient())) {
            c.terminalTypes = List.of("XTERM");
            c.columns = 20;
            c.rows = 10;
            Session s = handler.awaitSessionWhile(c);
            int before = c.data.size();
            s.sendWrapped("the quick brown fox jumps over the lazy dog again and again");
            c.readUntil("again\r\n", WAIT);
            String out = new String(c.data.toByteArray(), before, c.data.size() - before, StandardCharsets.UTF_8);
            for (String line : out.split("\r\n")) {
                assertTrue(line.length() <= 20, "'" + line + "' is wider than 20");
            }
            assertEquals("the quick brown fox jumps over the lazy dog again and again",
                out.replace("\r\n", " ").trim());
        }
    }

    @Test
    void attributesAndTimesAreThere() throws Exception {
        InetSocketAddress a = start(builder());
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
            Session s = handler.awaitSessionWhile(c);
            s.setAttribute("room", "hall");
            assertEquals("hall", s.getAttribute("room"));
            s.setAttribute("room", null);
            assertEquals(null, s.getAttribute("room"));
            assertFalse(s.duration().isNegative());
            assertFalse(s.idle().isNegative());
            assertEquals(c.socket.getLocalPort(), Integer.parseInt(s.addrport().split(":")[1]));
        }
    }

    // ---- output after IAC IP in line mode waits for the timing mark (ServerProtocol#write)

    /** A handler that answers IAC IP with {@code answer} on the loop, and closes if told to. */
    private RecordingHandler answeringInterrupts(String answer, boolean close) {
        return new RecordingHandler() {
            @Override
            public void onCommand(Session s, int command) {
                super.onCommand(s, command);
                if (command == TelnetCommand.IP) {
                    s.prompt(answer);
                    if (close) {
                        s.close();
                    }
                }
            }
        };
    }

    @Test
    void anInterruptsPromptWithoutAMarkArrivesWhenTheWaitIsOver() throws Exception {
        handler = answeringInterrupts("> ", false);
        InetSocketAddress a = start(builder());
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
            handler.awaitSessionWhile(c);
            int before = c.data.size();
            c.write(new byte[] {(byte) TelnetCommand.IAC, (byte) TelnetCommand.IP}); // no DO TM after it
            c.readUntil("> ", WAIT);
            String out = new String(c.data.toByteArray(), before, c.data.size() - before, StandardCharsets.UTF_8);
            assertEquals("\r\n> ", out, "the owed line end, then the prompt (the session's timer let them go)");
        }
    }

    @Test
    void anInterruptsOutputHeldForTheMarkIsDeliveredBeforeAClose() throws Exception {
        handler = answeringInterrupts("bye", true);
        InetSocketAddress a = start(builder());
        try (TestTelnetClient c = new TestTelnetClient(a, OptionSet.builder().build())) {
            handler.awaitSessionWhile(c);
            int before = c.data.size();
            c.write(new byte[] {(byte) TelnetCommand.IAC, (byte) TelnetCommand.IP});
            c.awaitClose(WAIT);
            String out = new String(c.data.toByteArray(), before, c.data.size() - before, StandardCharsets.UTF_8);
            assertEquals("\r\nbye", out);
        }
    }
}
