package org.telnet4j.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** Starts a server on a free loopback port on its own thread, and stops it after each test. */
abstract class ServerTestBase {
    static final Duration WAIT = Duration.ofSeconds(10);

    TelnetServer server;
    RecordingHandler handler = new RecordingHandler();

    InetSocketAddress start(TelnetServer.Builder b) throws IOException {
        server = b.host("127.0.0.1").port(0).build();
        InetSocketAddress a = server.bind();
        server.start();
        return a;
    }

    /** The usual test server: records events, settles fast for clients that answer nothing. */
    TelnetServer.Builder builder() {
        return TelnetServer.builder().handler(handler).negotiationDeadline(Duration.ofMillis(100));
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.shutdown(Duration.ofSeconds(2));
        }
    }
}
