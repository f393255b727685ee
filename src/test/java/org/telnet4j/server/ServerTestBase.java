package org.telnet4j.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

    /** Runs {@code c} on the server's loop and returns its result; what it throws comes back wrapped. */
    <T> T onLoop(Callable<T> c) throws Exception {
        return onLoop(server, c, WAIT);
    }

    /**
     * Runs {@code c} on {@code server}'s loop and returns its result within {@code wait}; what it
     * throws comes back wrapped. For server tests that do not extend this class, too.
     */
    static <T> T onLoop(TelnetServer server, Callable<T> c, Duration wait) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        server.loop().execute(() -> {
            try {
                f.complete(c.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.shutdown(Duration.ofSeconds(2));
        }
    }
}
