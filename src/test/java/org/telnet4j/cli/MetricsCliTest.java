package org.telnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code --status-interval} and {@code --metrics-port}, as a user runs them. */
class MetricsCliTest {
    @Test
    void statusLinesAndPrometheusEndpoint() throws Exception {
        try (ServerProcess srv = ServerProcess.start("--shell", WhoAmIHandler.class.getName(), "--connect-maxwait", "0.1",
                "--status-interval", "0.2", "--metrics-port", "0");
             Socket c = new Socket("127.0.0.1", srv.port)) {
            c.setSoTimeout(30_000);
            int metricsPort = Integer.parseInt(await(srv, Pattern.compile("metrics on http://[^:]+:(\\d+)/metrics")));
            assertTrue(c.getInputStream().read() >= 0);
            await(srv, Pattern.compile("status: (1) clients"));
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("\ntelnet4j_connections 1\n"), r.body());
            assertTrue(r.body().contains("telnet4j_accepted_total 1\n"), r.body());
            long statusLines = srv.log.stream().filter(l -> l.contains("status: 1 clients")).count();
            assertTrue(statusLines <= 2, "a status line only when something changed: " + srv.log);
        }
    }

    private static String await(ServerProcess srv, Pattern p) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            for (String l : srv.log) {
                Matcher m = p.matcher(l);
                if (m.find()) {
                    return m.group(1);
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        throw new AssertionError("no " + p + " in " + srv.log);
    }
}
