package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Input lines end to end over a real socket: lines typed before the session starts are held by
 * the session and delivered after onConnect. The line rules themselves (end-of-line forms, reads
 * split at every byte, bad bytes, IAC IAC, echo and editing, the length limit) are byte tests of
 * {@link ServerProtocol}: {@link LineInputBytesTest}.
 */
class LineInputTest extends ServerTestBase {

    @Test
    void linesTypedDuringNegotiationAreDeliveredAfterConnectInOrder() throws Exception {
        InetSocketAddress a = start(TelnetServer.builder().handler(handler)
            .negotiationDeadline(java.time.Duration.ofMillis(300)));
        try (TestTelnetClient c = new TestTelnetClient(a, null)) {
            c.write("first\r\nsecond\r\n"); // before the server has heard a single answer
            assertTrue(handler.next(WAIT).startsWith("connect"));
            assertEquals("line first", handler.next(WAIT));
            assertEquals("line second", handler.next(WAIT));
        }
    }

}
