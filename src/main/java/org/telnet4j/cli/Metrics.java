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

    /** Logs a status line when anything changed since the last one. Loop thread. */
    private static void status(TelnetServer server, long everyMillis, String last) {
        ServerStats s = server.stats();
        String line = s.connections() + " clients, in " + s.bytesIn() + " B, out " + s.bytesOut() + " B";
        if (!line.equals(last)) {
            LOG.info("status: {}", line);
        }
        if (!server.loop().isClosed()) {
            server.loop().schedule(everyMillis, TimeUnit.MILLISECONDS, () -> status(server, everyMillis, line));
        }
    }
}
