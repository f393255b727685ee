package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.telnet4j.loop.CloseReason;

class ServerStatsTest extends ServerTestBase {
    @Test
    void countsConnectionsClosesAndBytesAndShowsThemOverJmxAndPrometheus() throws Exception {
        InetSocketAddress a = start(builder().maxConnections(1));
        ObjectName name = server.registerMBean();
        try (Socket c = new Socket("127.0.0.1", a.getPort())) {
            Session s = handler.connected.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            try (Socket refused = new Socket("127.0.0.1", a.getPort())) {
                assertTrue(refused.getInputStream().read() >= 0); // "Too many connections"
            }
            c.getOutputStream().write("hello\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("line hello", nextLine());
            ServerStats st = server.stats();
            assertEquals(1, st.connections());
            assertEquals(1, st.accepted());
            assertEquals(1, st.refused());
            assertTrue(st.bytesIn() >= 7, st.toString());
            assertTrue(st.bytesOut() > 0, "negotiation was sent");
            assertEquals(1, ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Connections")).intValue());
            s.close();
            String e;
            do {
                e = handler.events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } while (e != null && !e.startsWith("disconnect"));
        }
        ServerStats st = server.stats();
        assertEquals(0, st.connections());
        assertEquals(1L, st.closed().get(CloseReason.LOCAL_CLOSE));
        String prom = st.prometheus();
        assertTrue(prom.contains("\ntelnet4j_connections 0\n"), prom);
        assertTrue(prom.contains("telnet4j_closed_total{reason=\"local_close\"} 1\n"), prom);
        assertTrue(prom.contains("telnet4j_refused_total 1\n"), prom);
        assertTrue(prom.contains("# TYPE telnet4j_sent_bytes_total counter\n"), prom);
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
    }

    @Test
    void countsLimitsHitAndNegotiationTime() throws Exception {
        InetSocketAddress a = start(builder().maxLineLength(16).maxSubnegotiation(32));
        try (Socket c = new Socket("127.0.0.1", a.getPort())) {
            assertTrue(handler.connected.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS) != null);
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            b.write("x".repeat(40).getBytes(StandardCharsets.US_ASCII)); // past the line limit
            b.write(new byte[] {'\r', '\n'});
            b.write(new byte[] {(byte) 255, (byte) 250, 24}); // IAC SB TTYPE, past the SB limit
            b.write(new byte[64]);
            b.write(new byte[] {(byte) 255, (byte) 240});
            b.write("ok\r\n".getBytes(StandardCharsets.US_ASCII));
            c.getOutputStream().write(b.toByteArray());
            String e;
            do {
                e = nextLine();
            } while (e != null && !e.equals("line ok"));
            ServerStats st = server.stats();
            assertEquals(1L, st.limitsHit().get(ServerLimit.LINE_LENGTH), st.limitsHit().toString());
            assertEquals(1L, st.limitsHit().get(ServerLimit.SUBNEGOTIATION), st.limitsHit().toString());
            assertEquals(0L, st.limitsHit().get(ServerLimit.NEGOTIATION_REQUESTS));
            assertEquals(1, st.negotiations());
            assertTrue(st.negotiationSeconds() > 0 && st.negotiationSeconds() < 60, st.negotiationSeconds() + " s");
            String prom = st.prometheus();
            assertTrue(prom.contains("telnet4j_limit_hits_total{limit=\"line_length\"} 1\n"), prom);
            assertTrue(prom.contains("telnet4j_negotiation_seconds_count 1\n"), prom);
        }
    }

    private String nextLine() throws InterruptedException {
        String e;
        do {
            e = handler.events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } while (e != null && !e.startsWith("line"));
        return e;
    }
}
