package org.telnet4j.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blocking telnet server in the style of miniboa and telnetlib3's sync API: {@link #accept()}
 * waits for the next negotiated client, and each {@link BlockingConnection} has a blocking
 * {@code readLine} and a {@code send}. The network runs on one event-loop thread; there is no
 * hidden thread per connection (the application decides how many threads read).
 *
 * <pre>{@code
 * try (BlockingTelnetServer server = BlockingTelnetServer.start(TelnetServer.builder().port(6023))) {
 *     while (true) {
 *         BlockingConnection c = server.accept();
 *         new Thread(() -> serve(c)).start();
 *     }
 * }
 * }</pre>
 */
public final class BlockingTelnetServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlockingTelnetServer.class);
    /** Negotiated clients waiting for {@link #accept()} before new ones are turned away. */
    public static final int ACCEPT_QUEUE = 1000;

    private final TelnetServer server;
    private final ArrayBlockingQueue<BlockingConnection> accepted = new ArrayBlockingQueue<>(ACCEPT_QUEUE);

    private BlockingTelnetServer(TelnetServer.Builder builder) throws IOException {
        this.server = builder.handler(new BlockingBridge() {
            @Override
            void connected(Session session, ShellReader in, ShellWriter out) {
                if (!accepted.offer(new BlockingConnection(session, in))) {
                    LOG.warn("{} not accepted: {} clients already wait for accept()",
                        session.addrport(), ACCEPT_QUEUE);
                    session.send("Server busy; try again later.\n");
                    session.close();
                }
            }
        }).build();
    }

    /**
     * Binds and starts serving on the loop's own thread, with {@code builder}'s settings (its
     * handler is replaced).
     */
    public static BlockingTelnetServer start(TelnetServer.Builder builder) throws IOException {
        BlockingTelnetServer s = new BlockingTelnetServer(builder);
        s.server.bind();
        s.server.start();
        return s;
    }

    /** The bound address. */
    public InetSocketAddress localAddress() {
        return server.localAddress();
    }

    /** Waits for the next client whose negotiation is over. */
    public BlockingConnection accept() throws InterruptedException {
        return accepted.take();
    }

    /** Waits at most {@code timeout} for the next client; null on timeout. */
    public BlockingConnection accept(Duration timeout) throws InterruptedException {
        return accepted.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Clients connected now. */
    public int clientCount() {
        return server.connectionCount();
    }

    /** Closes every connection after its queued output is delivered, then stops. */
    @Override
    public void close() {
        server.shutdown(Duration.ofSeconds(5));
    }
}
