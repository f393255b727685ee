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

    /**
     * Connects to a resolved address; see {@link #connect(EventLoop, String, int, ClientConfig, ClientHandler)}.
     * With {@link ClientConfig.Builder#tls}, the result completes once the TLS handshake is done,
     * or exceptionally with the handshake's error (an {@link javax.net.ssl.SSLException}).
     */
    public static CompletableFuture<ClientSession> connect(EventLoop loop, InetSocketAddress address,
                                                           ClientConfig config, ClientHandler handler) {
        ClientSession[] made = new ClientSession[1];
        CompletableFuture<ClientSession> opened = new CompletableFuture<>();
        if (config.tlsContext != null) {
            warmUp(config.tlsContext);
        }
        loop.connect(address, config.connectTimeout.toMillis(), config.outputQueueCap,
            OverflowPolicy.DISCONNECT, c -> {
                made[0] = new ClientSession(c, config, handler);
                org.telnet4j.loop.ConnectionHandler h = made[0].connectionHandler();
                return config.tlsContext == null ? h : new TlsOpening(h, made[0], handler, opened);
            }).whenComplete((c, error) -> {
                if (error != null) {
                    opened.completeExceptionally(error);
                    return;
                }
                ClientSession s = made[0];
                if (config.proxyHeaderVersion > 0) {
                    sendProxyHeader(c, config.proxyHeaderVersion); // first on the wire, before TLS
                }
                if (config.tlsContext != null) {
                    try {
                        c.setStage(tlsStage(config, address), config.tlsHandshakeTimeout.toMillis());
                    } catch (RuntimeException e) {
                        c.abort(org.telnet4j.loop.CloseReason.TLS_ERROR);
                        opened.completeExceptionally(e);
                        return;
                    }
                    if (c.isOpen()) {
                        s.protocol().start(); // held until the handshake is done
                    }
                    return; // TlsOpening completes the result
                }
                s.protocol().start();
                handler.onConnect(s);
                opened.complete(s);
            });
        return opened;
    }

    /** A client-mode engine: SNI and endpoint identification as HTTPS does them (RFC 2818, 6066). */
    private static org.telnet4j.loop.TlsStage tlsStage(ClientConfig config, InetSocketAddress address) {
        String name = config.tlsServerName != null ? config.tlsServerName : address.getHostString();
        javax.net.ssl.SSLEngine e = config.tlsContext.createSSLEngine(name, address.getPort());
        e.setUseClientMode(true);
        javax.net.ssl.SSLParameters p = e.getSSLParameters();
        if (config.tlsVerifyHostname) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        // RFC 6066 section 3: literal IP addresses are not sent as SNI.
        if (!isIpLiteral(name)) {
            p.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName(name)));
        }
        e.setSSLParameters(p);
        return new org.telnet4j.loop.TlsStage(e);
    }

    private static final java.util.Set<javax.net.ssl.SSLContext> WARM =
        java.util.Collections.newSetFromMap(new java.util.concurrent.ConcurrentHashMap<>());

    /**
     * Makes one ClientHello with {@code context} on the calling thread and throws it away, once
     * per context: the first handshake in a JVM loads and links many classes and generates its
     * key shares cold, which can take longer than a server that serves TLS and plain telnet on
     * one port waits for a first byte (0.5 s by default): it would take us for a plain client.
     */
    private static void warmUp(javax.net.ssl.SSLContext context) {
        if (!WARM.add(context)) {
            return;
        }
        try {
            javax.net.ssl.SSLEngine e = context.createSSLEngine();
            e.setUseClientMode(true);
            e.beginHandshake();
            e.wrap(java.nio.ByteBuffer.allocate(0), java.nio.ByteBuffer.allocate(e.getSession().getPacketBufferSize()));
            e.closeOutbound();
        } catch (javax.net.ssl.SSLException | RuntimeException ignored) {
            // the real handshake will say what is wrong
        }
    }

    private static boolean isIpLiteral(String name) {
        return name.indexOf(':') >= 0 || name.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch));
    }

    /**
     * The session's handler while the TLS handshake runs: completes the connect once it is done
     * (then the session's {@code onConnect}), or fails it with the handshake's error, without an
     * {@code onDisconnect} for a session that never connected.
     */
    private static final class TlsOpening implements org.telnet4j.loop.ConnectionHandler {
        private final org.telnet4j.loop.ConnectionHandler session;
        private final ClientSession s;
        private final ClientHandler handler;
        private final CompletableFuture<ClientSession> opened;

        TlsOpening(org.telnet4j.loop.ConnectionHandler session, ClientSession s, ClientHandler handler,
                   CompletableFuture<ClientSession> opened) {
            this.session = session;
            this.s = s;
            this.handler = handler;
            this.opened = opened;
        }

        @Override
        public void onTransportOpen(org.telnet4j.loop.Connection c) {
            handler.onConnect(s);
            opened.complete(s);
        }

        @Override
        public int onInput(org.telnet4j.loop.Connection c, byte[] buf, int off, int len) {
            return session.onInput(c, buf, off, len);
        }

        @Override
        public void onClosed(org.telnet4j.loop.Connection c, org.telnet4j.loop.CloseReason reason) {
            if (opened.isDone()) {
                session.onClosed(c, reason);
                return;
            }
            Throwable f = c.failure();
            opened.completeExceptionally(f != null ? f
                : new java.io.IOException("connection closed during the TLS handshake (" + reason + ")"));
        }

        @Override
        public void onOutputOverflow(org.telnet4j.loop.Connection c, int queued) {
            session.onOutputOverflow(c, queued);
        }
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
