package org.telnet4j.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import org.telnet4j.loop.EventLoop;
import org.telnet4j.loop.OverflowPolicy;

/**
 * An event-driven telnet client on an {@link EventLoop}: the same loop can carry many client
 * connections, and servers too. Events arrive on the loop thread through a {@link ClientHandler}.
 *
 * <pre>{@code
 * EventLoop loop = new EventLoop();
 * loop.start("telnet");
 * ClientSession s = TelnetClient.connect(loop, "localhost", 6023, ClientConfig.defaults(),
 *     (session, text) -> System.out.print(text)).join();
 * s.send("help\n");
 * }</pre>
 */
public final class TelnetClient {
    private TelnetClient() {
    }

    /**
     * Connects without blocking the loop. The host name is resolved on the calling thread first
     * (a DNS lookup blocks: do not call this from the loop thread with a name to resolve).
     *
     * @return completes with the session once connected (negotiation then goes on), or
     *     exceptionally with the connect error or a timeout
     */
    public static CompletableFuture<ClientSession> connect(EventLoop loop, String host, int port,
                                                           ClientConfig config, ClientHandler handler) {
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            return CompletableFuture.failedFuture(e);
        }
        return connect(loop, address, config, handler);
    }

    /**
     * Connects and runs a blocking {@link ClientShell} on the calling thread; the connection is
     * closed when the shell returns or throws.
     *
     * @throws java.util.concurrent.ExecutionException if the connection cannot be made
     */
    public static void runShell(EventLoop loop, String host, int port, ClientConfig config,
                                ClientShell shell) throws Exception {
        ClientShellHandler handler = new ClientShellHandler(null, config.maxBufferedText);
        ClientSession session = connect(loop, host, port, config, handler).get();
        handler.run(session, shell);
    }

    /** Connects to a resolved address; see {@link #connect(EventLoop, String, int, ClientConfig, ClientHandler)}. */
    public static CompletableFuture<ClientSession> connect(EventLoop loop, InetSocketAddress address,
                                                           ClientConfig config, ClientHandler handler) {
        ClientSession[] made = new ClientSession[1];
        return loop.connect(address, config.connectTimeout.toMillis(), config.outputQueueCap,
            OverflowPolicy.DISCONNECT, c -> {
                made[0] = new ClientSession(c, config, handler);
                return made[0].connectionHandler();
            }).thenApply(c -> {
                ClientSession s = made[0];
                if (config.proxyHeaderVersion > 0) {
                    sendProxyHeader(c, config.proxyHeaderVersion); // first on the wire
                }
                s.protocol().start();
                handler.onConnect(s);
                return s;
            });
    }

    private static void sendProxyHeader(org.telnet4j.loop.Connection c, int version) {
        java.net.SocketAddress local = c.localAddress();
        java.net.SocketAddress remote = c.remoteAddress();
        byte[] h;
        if (local instanceof InetSocketAddress && remote instanceof InetSocketAddress) {
            InetSocketAddress l = (InetSocketAddress) local;
            InetSocketAddress r = (InetSocketAddress) remote;
            h = version == 1 ? org.telnet4j.proxy.ProxyHeaderEncoder.v1(l, r)
                : org.telnet4j.proxy.ProxyHeaderEncoder.v2(l, r, java.util.List.of());
        } else {
            h = version == 1 ? org.telnet4j.proxy.ProxyHeaderEncoder.v1Unknown()
                : org.telnet4j.proxy.ProxyHeaderEncoder.v2Local();
        }
        c.write(h, 0, h.length);
    }
}
