package org.telnet4j.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.server.ServerStats;
import org.telnet4j.server.TelnetServer;

/**
 * The server CLI's views of {@link TelnetServer#stats()}: the JMX MBean, a status log line
 * ({@code --status-interval}) and a Prometheus endpoint ({@code --metrics-port}, the JDK's own
 * HTTP server: no dependency).
 */
final class Metrics {
    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);

    private Metrics() {
    }

    static void start(TelnetServer server, String host, Integer metricsPort, double statusSeconds)
        throws IOException {
        try {
            server.registerMBean();
        } catch (javax.management.JMException e) {
            LOG.warn("no JMX MBean: {}", e.toString());
        }
        if (statusSeconds > 0) {
            long every = Math.max(1, Math.round(statusSeconds * 1000));
            server.loop().runOnLoop(() -> status(server, every, null));
        }
        if (metricsPort != null) {
            HttpServer http = HttpServer.create(new InetSocketAddress(host, metricsPort), 16);
            http.createContext("/metrics", ex -> {
                byte[] body = server.stats().prometheus().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(body);
                }
            });
            http.setExecutor(null); // its own single dispatcher thread
            http.start();
            LOG.info("metrics on http://{}:{}/metrics", host, http.getAddress().getPort());
        }
    }

    /** Most clients named in one status line; the rest are counted, so the line stays bounded. */
    static final int STATUS_MAX_CLIENTS = 50;

    /** Logs a status line when anything changed since the last one. Loop thread. */
    private static void status(TelnetServer server, long everyMillis, String last) {
        String line = statusLine(server.stats(), server.sessions());
        if (!line.equals(last)) {
            LOG.info("status: {}", line);
        }
        if (!server.loop().isClosed()) {
            server.loop().schedule(everyMillis, TimeUnit.MILLISECONDS, () -> status(server, everyMillis, line));
        }
    }

    /**
     * The status line: the client count and the bytes in and out of the server, then each
     * connected client with its own bytes in and out (at most {@link #STATUS_MAX_CLIENTS}).
     */
    static String statusLine(ServerStats s, java.util.List<org.telnet4j.server.Session> sessions) {
        StringBuilder b = new StringBuilder();
        b.append(s.connections()).append(" clients, in ").append(s.bytesIn()).append(" B, out ")
            .append(s.bytesOut()).append(" B");
        int shown = 0;
        for (org.telnet4j.server.Session c : sessions) {
            if (shown == STATUS_MAX_CLIENTS) {
                b.append(", and ").append(sessions.size() - shown).append(" more");
                break;
            }
            b.append(shown == 0 ? ": " : ", ").append(c.addrport())
                .append(" (in ").append(c.connection().bytesIn())
                .append(" B, out ").append(c.connection().bytesOut()).append(" B)");
            shown++;
        }
        return b.toString();
    }
}
