package org.telnet4j.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.loop.CloseReason;
import org.telnet4j.loop.EventLoop;
import org.telnet4j.loop.OverflowPolicy;
import org.telnet4j.protocol.OptionNegotiator;
import org.telnet4j.protocol.TelnetParser;

/**
 * A telnet server on one {@link EventLoop}: accepts clients, negotiates options, edits input
 * lines and reports to a {@link SessionHandler}.
 *
 * <pre>{@code
 * TelnetServer server = TelnetServer.builder().port(6023).handler(myGame).build();
 * server.bind();
 * while (running) {
 *     server.poll(50);          // miniboa style: one pass per game tick
 *     myGame.tick();
 * }
 * }</pre>
 * or {@code server.start()} to run the loop on a thread of its own.
 *
 * <p>Every limit a client can push on has a default and a builder setting: connections (in all
 * and per address), line length, queued lines, subnegotiation size, output queue, negotiation
 * requests, negotiation time, idle time, and work handed over per session. Hitting one is logged.
 */
public final class TelnetServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TelnetServer.class);
    private static final byte[] BUSY =
        "Too many connections; try again later.\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BUSY_ADDRESS =
        "Too many connections from your address; try again later.\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIMEOUT = "\r\nTimeout.\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSettings settings;
    private final EventLoop loop;
    private final boolean ownLoop;
    private final Set<Session> sessions = new LinkedHashSet<>();
    /**
     * Sessions still negotiating, oldest first (deadlines grow with connect time). A closed one
     * leaves at once, so churning clients hold no memory until their deadline.
     */
    private final Set<Session> negotiating = new LinkedHashSet<>();
    private final ConnectionsPerAddress perAddress;
    /** Decoding and encoding buffers every session's protocol shares; loop thread only. */
    private final ServerProtocol.Scratch protocolScratch = new ServerProtocol.Scratch();
    private InetSocketAddress bound;
    private boolean deadlineTimerSet;
    private long refused;
    /** Connections from a balancer still sending their PROXY protocol header. */
    private final Set<ProxyHandshake> handshakes = new LinkedHashSet<>();
    /** Connections in their TLS handshake (or waiting for the first byte, tlsAuto). */
    private final Set<TlsAccept> tlsOpening = new LinkedHashSet<>();
    private long proxyRefused;
    private long accepted;
    private final long[] closedByReason = new long[CloseReason.values().length];
    /** Loop thread: how often each {@link ServerLimit} was hit. */
    private final long[] limitsHit = new long[ServerLimit.values().length];
    /** Loop thread: sessions started, and the time from connect to start summed over them. */
    private long negotiations;
    private long negotiationNanos;
    /** Bytes of sessions already closed; open ones are summed when stats are taken. */
    private long closedBytesIn;
    private long closedBytesOut;
    /** The drain under way or done; null until {@link #drain} is called. Loop thread. */
    private Drain drain;
    private int compressedSessions;

    private TelnetServer(ServerSettings settings, EventLoop loop, boolean ownLoop) {
        this.settings = settings;
        this.loop = loop;
        this.ownLoop = ownLoop;
        this.perAddress = new ConnectionsPerAddress(settings.maxConnectionsPerAddress, loop);
        applyMemoryBudget(settings);
    }

    /**
     * Makes the connection limit fit the heap (README, "Limits"): unless set on the builder, the
     * default 10,000 is lowered to what three quarters of the heap holds at each connection's
     * worst case; a limit set above that is kept, with a warning.
     */
    private static void applyMemoryBudget(ServerSettings s) {
        long heap = Runtime.getRuntime().maxMemory();
        long each = s.worstCaseInputBytes();
        int max = s.effectiveMaxConnections(heap);
        if (max < s.maxConnections) {
            LOG.info("connection limit {} (not 10,000): {} MiB of heap at {} bytes of input state per"
                + " connection at worst; set maxConnections to choose", max, heap >> 20, each);
            s.maxConnections = max;
        } else if (s.maxConnectionsSet && (long) s.maxConnections * each > heap) {
            LOG.warn("{} connections at {} bytes of input state each at worst need {} MiB; the heap is"
                + " {} MiB", s.maxConnections, each, (long) s.maxConnections * each >> 20, heap >> 20);
        }
    }

    /** A builder with the defaults documented on each setting. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens the listening socket.
     *
     * @return the bound address (with the real port if port 0 was configured)
     */
    public InetSocketAddress bind() throws IOException {
        if (bound != null) {
            return bound;
        }
        bound = loop.listen(new InetSocketAddress(settings.host, settings.port), settings.backlog,
            this::accept);
        if (settings.idleTimeoutNanos > 0) {
            long every = Math.max(TimeUnit.MILLISECONDS.toNanos(20),
                Math.min(TimeUnit.SECONDS.toNanos(1), settings.idleTimeoutNanos / 4));
            loop.runOnLoop(() -> scheduleIdleSweep(every));
        }
        LOG.info("telnet server listening on {}:{}{}", bound.getHostString(), bound.getPort(),
            settings.tls == null ? "" : settings.tls.auto ? " (TLS and plain, first byte decides)" : " (TLS)");
        return bound;
    }

    /** True when the port serves TLS (only, or beside plain telnet with {@code tlsAuto}). */
    public boolean isTls() {
        return settings.tls != null;
    }

    /**
     * The MSSP status with the "SSL" variable (the TLS port) added when the port serves TLS and
     * the application did not set it.
     */
    java.util.Map<String, java.util.List<String>> msspWithTls(java.util.Map<String, java.util.List<String>> status) {
        if (settings.tls == null || bound == null || status.containsKey("SSL")) {
            return status;
        }
        java.util.Map<String, java.util.List<String>> m = new java.util.LinkedHashMap<>(status);
        m.put("SSL", java.util.List.of(Integer.toString(bound.getPort())));
        return m;
    }

    /** The bound address, or null before {@link #bind()}. */
    public InetSocketAddress localAddress() {
        return bound;
    }

    /**
     * One pass of the event loop from the application's own loop (miniboa's {@code poll}):
     * accepts, reads, runs callbacks and writes, waiting at most {@code timeoutMillis} for I/O.
     */
    public void poll(long timeoutMillis) throws IOException {
        loop.poll(timeoutMillis);
    }

    /** Runs the event loop on a new thread until {@link #close()} or {@link #shutdown}. */
    public void start() {
        loop.start("telnet4j-server-" + (bound != null ? bound.getPort() : settings.port));
    }

    /** The event loop this server runs on. */
    public EventLoop loop() {
        return loop;
    }

    /** Connected sessions (those that reached {@code onConnect}), a copy. Loop thread. */
    public List<Session> sessions() {
        List<Session> out = new ArrayList<>(sessions.size());
        for (Session s : sessions) {
            if (s.isConnected()) {
                out.add(s);
            }
        }
        return out;
    }

    /** Every open session, negotiating ones included, a copy. Loop thread; for tests (fuzzing). */
    List<Session> openSessions() {
        return new ArrayList<>(sessions);
    }

    /** Sessions waiting for their negotiation deadline. Call on the loop thread; for tests. */
    int negotiatingCount() {
        return negotiating.size();
    }

    /** Open connections, negotiating ones and those still sending a PROXY header included. */
    public int connectionCount() {
        return sessions.size() + handshakes.size() + tlsOpening.size();
    }

    /**
     * Connections refused by the PROXY protocol since start: from an untrusted address, or with a
     * malformed, oversized, truncated or late header.
     */
    public long proxyRefusedCount() {
        return proxyRefused;
    }

    /** Open connections from {@code address} as the per-address limit counts them. Loop thread. */
    int connectionsFrom(InetAddress address) {
        return perAddress.openFrom(address);
    }

    /** Connections refused because a limit was reached (in all, or per address), since start. */
    public long refusedCount() {
        return refused;
    }

    /**
     * Stops accepting, closes every session after its queued output is delivered (waiting at most
     * {@code grace}), then stops the loop if the server created it.
     */
    public void shutdown(Duration grace) {
        if (ownLoop) {
            loop.shutdown(grace.toMillis());
        } else {
            loop.runOnLoop(() -> {
                for (Session s : new ArrayList<>(sessions)) {
                    s.close(CloseReason.SHUTDOWN);
                }
                for (ProxyHandshake h : new ArrayList<>(handshakes)) {
                    h.connection().abort(CloseReason.SHUTDOWN);
                }
                for (TlsAccept t : new ArrayList<>(tlsOpening)) {
                    t.connection().abort(CloseReason.SHUTDOWN);
                }
            });
        }
    }

    /**
     * The counters now. On the loop thread this reads them directly; from another thread it asks
     * the loop and waits for its answer (at most a second; then the last counters without the
     * open sessions' bytes).
     */
    public ServerStats stats() {
        if (loop.isLoopThread() || loop.isClosed()) {
            return statsOnLoop();
        }
        java.util.concurrent.CompletableFuture<ServerStats> f = new java.util.concurrent.CompletableFuture<>();
        try {
            loop.execute(() -> f.complete(statsOnLoop()));
            return f.get(1, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
            | java.util.concurrent.RejectedExecutionException e) {
            return new ServerStats(connectionCount(), accepted, refused, proxyRefused, closedByReason.clone(),
                closedBytesIn, closedBytesOut, limitsHit.clone(), negotiations, negotiationNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ServerStats(0, accepted, refused, proxyRefused, closedByReason.clone(), closedBytesIn,
                closedBytesOut, limitsHit.clone(), negotiations, negotiationNanos);
        }
    }

    private ServerStats statsOnLoop() {
        long in = closedBytesIn;
        long out = closedBytesOut;
        for (Session s : sessions) {
            in += s.connection().bytesIn();
            out += s.connection().bytesOut();
        }
        return new ServerStats(connectionCount(), accepted, refused, proxyRefused, closedByReason.clone(), in, out,
            limitsHit.clone(), negotiations, negotiationNanos);
    }

    /**
     * Registers this server's counters with the platform MBean server
     * ({@code java.lang.management}) as {@code org.telnet4j:type=TelnetServer,port=N}; call after
     * {@link #bind()}.
     *
     * @return the name registered under
     */
    public javax.management.ObjectName registerMBean() throws javax.management.JMException {
        javax.management.ObjectName name = new javax.management.ObjectName(
            "org.telnet4j:type=TelnetServer,port=" + (bound != null ? bound.getPort() : settings.port));
        ServerStatsMXBean bean = new ServerStatsBean(this);
        java.lang.management.ManagementFactory.getPlatformMBeanServer().registerMBean(bean, name);
        return name;
    }

    /**
     * Drains for a rolling restart: {@link #drain(Duration, String, java.util.function.Consumer)}
     * without a save callback.
     */
    public java.util.concurrent.CompletableFuture<Void> drain(Duration deadline, String message) {
        return drain(deadline, message, null);
    }

    /**
     * Drains for a rolling restart. On the loop, in this order: the listening socket closes (a
     * balancer's health check then sends new clients elsewhere) and connections still sending a
     * PROXY header are dropped; for every session, {@code save} runs (the application stores the
     * player's state; it may still send to the session), {@code message} is sent as text, and as
     * data to GMCP clients ({@code Core.Goodbye} with the message as a JSON string) and MSDP
     * clients (variable {@code SERVER_SHUTDOWN}); then the session closes once its queued output
     * has been delivered. A session that has not finished negotiating gets the message only.
     *
     * <p>The returned future completes when the last session is gone, or at {@code deadline},
     * when any left (clients not reading their output) are closed at once. The loop keeps running:
     * call {@link #shutdown} or {@link #close()} after it. Thread-safe.
     *
     * @param message the text every client is told, e.g. "Restarting; back in a minute."; null for none
     * @param save called once per started session on the loop thread; null for none
     */
    public java.util.concurrent.CompletableFuture<Void> drain(Duration deadline, String message,
        java.util.function.Consumer<Session> save) {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        loop.runOnLoop(() -> {
            if (drain != null) {
                drain.done().whenComplete((v, e) -> done.complete(null));
                return;
            }
            drain = new Drain(this, done);
            drain.start(deadline, message, save);
        });
        return done;
    }

    /** True once {@link #drain} has begun. */
    public boolean isDraining() {
        return drain != null;
    }

    /** Shuts down with a 5-second grace period. */
    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }

    // ---------------------------------------------------------------- loop-thread internals

    ServerSettings settings() {
        return settings;
    }

    ServerProtocol.Scratch protocolScratch() {
        return protocolScratch;
    }

    private void accept(SocketChannel ch) throws IOException {
        if (connectionCount() >= settings.maxConnections) {
            refused++;
            LOG.warn("connection limit {} reached: refusing {}", settings.maxConnections,
                hostPort(ch.getRemoteAddress()));
            ch.write(ByteBuffer.wrap(BUSY)); // a new socket's send buffer is empty: this fits
            ch.close();
            return;
        }
        accepted++;
        if (settings.proxyTrusted != null) {
            acceptFromBalancer(ch); // the per-address limit applies once the header names the client
            return;
        }
        InetAddress from = remoteInetAddress(ch);
        if (!perAddress.open(from)) {
            refused++; // logged, at most once an interval per address, by perAddress
            ch.write(ByteBuffer.wrap(BUSY_ADDRESS));
            ch.close();
            return;
        }
        if (settings.tls != null) {
            acceptTls(ch, from);
            return;
        }
        Session[] made = new Session[1];
        try {
            loop.register(ch, settings.outputQueueCap, settings.overflowPolicy, conn -> {
                made[0] = new Session(this, settings, conn);
                made[0].guardPlainPort(); // a TLS ClientHello here is closed (PlainPortGuard)
                return made[0].connectionHandler();
            });
        } catch (IOException | RuntimeException e) {
            perAddress.closed(from);
            throw e;
        }
        made[0].setPeerAddress(from);
        open(made[0]);
    }

    /** A TLS port: the handshake (or the first byte, tlsAuto) comes before the session. */
    private void acceptTls(SocketChannel ch, InetAddress from) throws IOException {
        TlsAccept t = new TlsAccept(this, settings.tls, from);
        org.telnet4j.loop.Connection c;
        try {
            c = loop.register(ch, settings.outputQueueCap, settings.overflowPolicy, conn -> t);
        } catch (IOException | RuntimeException e) {
            perAddress.closed(from);
            throw e;
        }
        tlsOpening.add(t);
        t.begin(c);
    }

    /** The handshake is done (or the first byte said plain): the session starts. */
    org.telnet4j.loop.ConnectionHandler tlsOpened(TlsAccept t) {
        tlsOpening.remove(t);
        Session s = new Session(this, settings, t.connection());
        s.setPeerAddress(t.from());
        open(s);
        return s.connectionHandler();
    }

    /** A TLS connection closed before its session began. */
    void tlsClosedEarly(TlsAccept t) {
        if (tlsOpening.remove(t)) {
            perAddress.closed(t.from());
        }
        if (drain != null) {
            drain.finishIfEmpty();
        }
    }

    /** Takes a session's first steps: its negotiation starts and its deadline runs. */
    private void open(Session s) {
        sessions.add(s);
        LOG.info("{} connected{}", s.addrport(), tlsNote(s.connection()));
        s.setNegotiationDeadline(loop.nanoTime() + settings.negotiationDeadlineNanos);
        negotiating.add(s);
        armDeadlineTimer();
        s.begin();
    }

    /** For the connect log line: {@code " (TLSv1.3, TLS_AES_128_GCM_SHA256, client CN=x)"}, or "". */
    static String tlsNote(org.telnet4j.loop.Connection c) {
        javax.net.ssl.SSLSession t = c.tlsSession();
        if (t == null) {
            return "";
        }
        String peer = "";
        try {
            java.security.cert.Certificate[] chain = t.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof java.security.cert.X509Certificate) {
                peer = ", client " + ((java.security.cert.X509Certificate) chain[0]).getSubjectX500Principal().getName();
            }
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            // no client certificate
        }
        return " (" + t.getProtocol() + ", " + t.getCipherSuite() + peer + ")";
    }

    private static InetAddress remoteInetAddress(SocketChannel ch) throws IOException {
        SocketAddress a = ch.getRemoteAddress();
        return a instanceof InetSocketAddress ? ((InetSocketAddress) a).getAddress() : null;
    }

    /** An address as {@code host:port}, as every log line shows it (no leading slash). */
    private static String hostPort(java.net.SocketAddress a) {
        if (a instanceof InetSocketAddress) {
            InetSocketAddress i = (InetSocketAddress) a;
            String host = i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString();
            return host + ":" + i.getPort();
        }
        return String.valueOf(a);
    }

    /**
     * PROXY protocol mode: only a trusted balancer may connect, and nothing is sent until its
     * header has said who the client is (the header must come first on the wire).
     */
    private void acceptFromBalancer(SocketChannel ch) throws IOException {
        java.net.SocketAddress from = ch.getRemoteAddress();
        if (!(from instanceof InetSocketAddress)
            || !org.telnet4j.proxy.Cidr.anyContains(settings.proxyTrusted, ((InetSocketAddress) from).getAddress())) {
            proxyRefused++;
            LOG.warn("refusing {}: not a trusted PROXY protocol sender (trusted: {})", from,
                settings.proxyTrusted);
            ch.close();
            return;
        }
        ProxyHandshake h = new ProxyHandshake(this, settings);
        org.telnet4j.loop.Connection c = loop.register(ch, settings.outputQueueCap, settings.overflowPolicy,
            conn -> h);
        handshakes.add(h);
        h.begin(c);
    }

    /** A balancer's header is in: the session for the real client starts. */
    org.telnet4j.loop.ConnectionHandler proxyHeaderRead(ProxyHandshake h, org.telnet4j.proxy.ProxyHeader header) {
        handshakes.remove(h);
        org.telnet4j.loop.Connection c = h.connection();
        String balancer = c.addrport();
        InetSocketAddress real = header.source();
        if (real != null) {
            c.setAddrport(real.getAddress().getHostAddress() + ":" + real.getPort());
        }
        // The per-address limit counts the real client: behind a balancer every connection comes
        // from the balancer's address. A LOCAL header (a health check) names no client.
        InetAddress from = real != null ? real.getAddress()
            : c.remoteAddress() instanceof InetSocketAddress ? ((InetSocketAddress) c.remoteAddress()).getAddress() : null;
        if (!perAddress.open(from)) {
            refused++; // logged, at most once an interval per address, by perAddress
            c.write(BUSY_ADDRESS, 0, BUSY_ADDRESS.length);
            c.close(CloseReason.LOCAL_CLOSE);
            return null;
        }
        Session s = new Session(this, settings, c);
        s.setProxyHeader(header);
        s.setPeerAddress(from);
        LOG.debug("{} relayed by {} ({})", s.addrport(), balancer, header);
        open(s);
        return s.connectionHandler();
    }

    /** Open sessions, live; loop thread. */
    Set<Session> sessionSet() {
        return sessions;
    }

    /** Connections still sending their PROXY header, live; loop thread. */
    Set<ProxyHandshake> handshakeSet() {
        return handshakes;
    }

    void proxyHeaderFailed(ProxyHandshake h) {
        proxyRefused++;
    }

    void proxyHandshakeClosed(ProxyHandshake h) {
        handshakes.remove(h);
        if (drain != null) {
            drain.finishIfEmpty();
        }
    }

    /** Deadlines grow with connect time, so one timer for the oldest session suffices. */
    private void armDeadlineTimer() {
        if (deadlineTimerSet) {
            return;
        }
        Session head = null;
        for (Iterator<Session> it = negotiating.iterator(); it.hasNext(); ) {
            Session s = it.next();
            if (!s.isConnected() && s.isActive()) {
                head = s;
                break;
            }
            it.remove(); // negotiated already, or closed
        }
        if (head == null) {
            return;
        }
        deadlineTimerSet = true;
        long delay = Math.max(0, head.negotiationDeadline() - loop.nanoTime());
        loop.schedule(delay, TimeUnit.NANOSECONDS, this::onDeadline);
    }

    private void onDeadline() {
        deadlineTimerSet = false;
        long now = loop.nanoTime();
        while (!negotiating.isEmpty()) {
            // A fresh iterator each time: starting a session runs handler code, which may close
            // other sessions and so change the set.
            Session head = negotiating.iterator().next();
            if (head.negotiationDeadline() - now > 0) {
                break;
            }
            negotiating.remove(head);
            if (!head.isConnected() && head.isActive()) {
                head.deadline();
            }
        }
        armDeadlineTimer();
    }

    private void scheduleIdleSweep(long every) {
        loop.schedule(every, TimeUnit.NANOSECONDS, () -> {
            sweepIdle();
            if (!loop.isClosed()) {
                scheduleIdleSweep(every);
            }
        });
    }

    private void sweepIdle() {
        List<Session> expired = null;
        for (Session s : sessions) {
            if (s.isActive() && s.connection().idleNanos() > settings.idleTimeoutNanos) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(s);
            }
        }
        if (expired != null) {
            for (Session s : expired) {
                LOG.info("{} idle for {} s: disconnecting", s.addrport(),
                    TimeUnit.NANOSECONDS.toSeconds(s.connection().idleNanos()));
                s.connection().write(TIMEOUT, 0, TIMEOUT.length);
                s.close(DisconnectReason.IDLE_TIMEOUT);
            }
        }
    }

    /** Claims a compression slot; false when {@code maxCompressedSessions} are in use. */
    boolean claimCompression() {
        if (compressedSessions >= settings.maxCompressedSessions) {
            return false;
        }
        compressedSessions++;
        return true;
    }

    void releaseCompression() {
        compressedSessions--;
    }

    /** Loop thread: a session ran into {@code limit}. */
    void limitHit(ServerLimit limit) {
        limitsHit[limit.ordinal()]++;
    }

    void sessionStarted(Session s) {
        negotiations++;
        negotiationNanos += s.connection().ageNanos();
        LOG.debug("{} negotiated: terminal {}, {}x{}, {}", s.addrport(), s.terminalType(),
            s.columns(), s.rows(), s.charset().name());
    }

    void sessionClosed(Session s, CloseReason closed) {
        DisconnectReason reason = s.disconnectReason(closed);
        if (sessions.remove(s)) {
            perAddress.closed(s.peerAddress());
        }
        negotiating.remove(s);
        // Counted under the CloseReason of the same name, so the stats keep their keys and labels.
        closedByReason[reason.closeReason().ordinal()]++;
        closedBytesIn += s.connection().bytesIn();
        closedBytesOut += s.connection().bytesOut();
        LOG.info("{} disconnected: {}", s.addrport(), reason);
        if (s.isConnected()) {
            s.safely(() -> settings.handler.onDisconnect(s, reason));
        }
        if (drain != null) {
            drain.finishIfEmpty();
        }
    }

    /** Builds a {@link TelnetServer}; not thread-safe. */
    public static final class Builder {
        private final ServerSettings s = new ServerSettings();
        private EventLoop loop;
        private Duration robotCheck;

        private Builder() {
            s.host = "localhost";
            s.port = 6023;
            s.backlog = 1024;
            s.maxConnections = 10_000;
            s.maxConnectionsPerAddress = 64;
            s.idleTimeoutNanos = TimeUnit.SECONDS.toNanos(300);
            s.maxLineLength = 4096;
            s.outputQueueCap = 256 * 1024;
            s.overflowPolicy = OverflowPolicy.DISCONNECT;
            s.negotiationDeadlineNanos = TimeUnit.MILLISECONDS.toNanos(1500);
            s.encoding = org.telnet4j.charset.LocaleCharset.get();
            s.maxSubnegotiation = TelnetParser.DEFAULT_MAX_SUBNEGOTIATION;
            s.maxQueuedLines = 256;
            s.maxHandOffTasks = 1024;
            s.maxNegotiationRequests = OptionNegotiator.DEFAULT_MAX_PEER_REQUESTS;
            s.negotiationRequestWindow = OptionNegotiator.DEFAULT_PEER_REQUEST_WINDOW;
            s.maxCompressedSessions = 1000;
            s.maxHeldInput = 8 * 1024;
            s.maxReadSize = 8 * 1024;
            s.inflateLimits = org.telnet4j.option.mud.InflateLimits.DEFAULT;
            s.maxEnvironVariables = org.telnet4j.option.Environ.DEFAULT_MAX_VARIABLES;
            s.maxEnvironBytes = org.telnet4j.option.Environ.DEFAULT_MAX_BYTES;
            s.maxCharsetOffers = org.telnet4j.option.CharsetNegotiation.DEFAULT_MAX_OFFERS;
            s.maxTerminalTypeLength = org.telnet4j.option.TerminalType.DEFAULT_MAX_LENGTH;
            s.handler = new SessionHandler() { };
        }

        /** Address to bind; default {@code localhost}. Use {@code 0.0.0.0} for every interface. */
        public Builder host(String host) {
            s.host = java.util.Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port to bind; default 6023; 0 picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            s.port = port;
            return this;
        }

        /** Listen backlog; default 1024. */
        public Builder backlog(int backlog) {
            s.backlog = positive(backlog, "backlog");
            return this;
        }

        /**
         * Most simultaneous connections; others get a message and are closed. Default 10,000, or
         * fewer when the heap is too small for that many at the worst case of each connection's
         * input limits (see README, "Limits"); the server logs the figure it uses at start.
         */
        public Builder maxConnections(int max) {
            s.maxConnections = positive(max, "maxConnections");
            s.maxConnectionsSet = true;
            return this;
        }

        /**
         * Bytes of input held for the application per client, default 8 KiB: lines queued for
         * {@link Session#nextLine()} (each counted as 48 bytes plus two per character) and
         * messages that arrive during negotiation (kept as bytes). When reached, parsing stops
         * in the middle of the read and reading pauses until the application takes some;
         * nothing is dropped.
         */
        public Builder maxHeldInput(int bytes) {
            s.maxHeldInput = atLeast(bytes, 256, "maxHeldInput");
            return this;
        }

        /**
         * Largest single read from a client's socket, default 8 KiB: also the most input one
         * client can have read but not yet parsed when its queues are full.
         */
        public Builder maxReadSize(int bytes) {
            s.maxReadSize = atLeast(bytes, 512, "maxReadSize");
            return this;
        }

        /**
         * Ceilings on MCCP3 decompression; default {@link org.telnet4j.option.mud.InflateLimits#DEFAULT}
         * (100:1, 8 MiB a second, 16 KiB per loop pass). Past them the client is disconnected
         * with a log line.
         */
        public Builder inflateLimits(org.telnet4j.option.mud.InflateLimits limits) {
            s.inflateLimits = java.util.Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * NEW-ENVIRON (and old ENVIRON) variables kept per client, by count and by bytes of names
         * and values; defaults 32 and 2 KiB. More are dropped with a log line.
         */
        public Builder maxEnvironment(int variables, int bytes) {
            s.maxEnvironVariables = positive(variables, "variables");
            s.maxEnvironBytes = atLeast(bytes, 64, "bytes");
            return this;
        }

        /**
         * Charset names looked at in one CHARSET REQUEST from a client; default 32. The rest of
         * the request is ignored, with a log line.
         */
        public Builder maxCharsetOffers(int max) {
            s.maxCharsetOffers = positive(max, "maxCharsetOffers");
            return this;
        }

        /** Longest terminal-type name kept, in bytes; default 64. Longer names are cut. */
        public Builder maxTerminalTypeLength(int max) {
            s.maxTerminalTypeLength = atLeast(max, 8, "maxTerminalTypeLength");
            return this;
        }

        /**
         * Most simultaneous connections from one remote address (IP), so that one host cannot
         * hold every slot; default 64; 0 for no limit. More get a short message and are closed,
         * logged at most once per 10 s per address with a count. Every loopback client shares
         * 127.0.0.1, as does everyone behind a proxy or NAT: load tests and servers behind
         * haproxy raise it or turn it off.
         */
        public Builder maxConnectionsPerAddress(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxConnectionsPerAddress must be 0 (no limit) or"
                    + " positive, was " + max);
            }
            s.maxConnectionsPerAddress = max;
            return this;
        }

        /** Disconnect clients silent for this long; default 300 s; zero disables. */
        public Builder idleTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("idleTimeout must not be negative");
            }
            s.idleTimeoutNanos = timeout.toNanos();
            return this;
        }

        /** Longest input line in characters; default 4096. Longer lines are cut and logged. */
        public Builder maxLineLength(int max) {
            s.maxLineLength = positive(max, "maxLineLength");
            return this;
        }

        /** Lines held for the application before reading pauses; default 256. */
        public Builder maxQueuedLines(int max) {
            s.maxQueuedLines = positive(max, "maxQueuedLines");
            return this;
        }

        /**
         * Tasks other threads may hand one session at once ({@code send}, {@code prompt}, ... off
         * the loop), waiting in the session's own queue; default 1,024. A {@link Shell}'s writer
         * waits for room; any other caller that finds the queue full has its session closed
         * ({@code HAND_OFF_OVERFLOW}, logged). One session's backlog never delays another's.
         */
        public Builder maxHandOffTasks(int max) {
            s.maxHandOffTasks = positive(max, "maxHandOffTasks");
            return this;
        }

        /** Bytes queued for one client before the overflow policy applies; default 256 KiB. */
        public Builder outputQueueCap(int bytes) {
            s.outputQueueCap = positive(bytes, "outputQueueCap");
            return this;
        }

        /** What happens when a client's output queue is full; default DISCONNECT. */
        public Builder overflowPolicy(OverflowPolicy policy) {
            s.overflowPolicy = java.util.Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** How long negotiation may take before the session starts anyway; default 1.5 s. */
        public Builder negotiationDeadline(Duration deadline) {
            if (deadline.isNegative()) {
                throw new IllegalArgumentException("negotiationDeadline must not be negative");
            }
            s.negotiationDeadlineNanos = deadline.toNanos();
            return this;
        }

        /** Text encoding until negotiation says otherwise; default the system locale's. */
        public Builder encoding(Charset charset) {
            s.encoding = java.util.Objects.requireNonNull(charset, "charset");
            return this;
        }

        /** Line mode: the client edits and echoes lines itself (no WILL ECHO/SGA); default off. */
        public Builder lineMode(boolean lineMode) {
            s.lineMode = lineMode;
            return this;
        }

        /**
         * RFC 1184 LINEMODE; default off. The server asks {@code DO LINEMODE}; a client that agrees
         * is put in MODE EDIT|TRAPSIG (it edits lines itself and sends interrupt keys as
         * {@code IAC IP}, {@code IAC SUSP}...) and the special characters are exchanged, starting
         * from BSD's. Turning it on also turns on {@link #lineMode}: a client that refuses
         * LINEMODE still edits its lines itself. See {@link Session#setLinemode} and
         * {@link SessionHandler#onLinemode}.
         */
        public Builder linemodeOption(boolean on) {
            s.linemode = on;
            if (on) {
                s.lineMode = true;
            }
            return this;
        }

        /** Never mark prompts with IAC GA; default off. */
        public Builder neverSendGa(boolean never) {
            s.neverSendGa = never;
            return this;
        }

        /** Largest subnegotiation accepted, in bytes; default 16 KiB. */
        public Builder maxSubnegotiation(int bytes) {
            if (bytes < 16) {
                throw new IllegalArgumentException("maxSubnegotiation must be at least 16, was " + bytes);
            }
            s.maxSubnegotiation = bytes;
            return this;
        }

        /**
         * Negotiation requests from one client answered in one minute before the rest of that
         * minute's are ignored; default 1000. Disables are always honoured.
         */
        public Builder maxNegotiationRequests(int max) {
            return maxNegotiationRequests(max, OptionNegotiator.DEFAULT_PEER_REQUEST_WINDOW);
        }

        /**
         * Negotiation requests from one client answered per {@code window} before the rest of
         * that window's are ignored (the window opens at the first request after the last one
         * ended); default 1000 a minute.
         */
        public Builder maxNegotiationRequests(int max, Duration window) {
            if (window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("negotiation request window must be positive, was "
                    + window);
            }
            s.maxNegotiationRequests = positive(max, "maxNegotiationRequests");
            s.negotiationRequestWindow = window;
            return this;
        }

        /** Re-acknowledge a repeated request once (peers that re-negotiate after a restart). */
        public Builder lenientNegotiation(boolean lenient) {
            s.lenientNegotiation = lenient;
            return this;
        }

        /**
         * MCCP2 (compressing what we send) and MCCP3 (accepting compressed input); default off.
         * Each compressed session holds about 268 KiB of native zlib memory, so the number of
         * them is capped by {@link #maxCompressedSessions}.
         */
        public Builder compression(boolean on) {
            s.compression = on;
            return this;
        }

        /**
         * Asks for BINARY (RFC 856) in both directions at connect, whatever the charset; default
         * off (BINARY then follows a CHARSET that needs 8 bits). Text is encoded in the session's
         * charset either way; this makes 8-bit data legal on the wire from the first byte.
         */
        public Builder forceBinary(boolean on) {
            s.forceBinary = on;
            return this;
        }

        /**
         * A bytes shell: no text decoding. Input reaches the shell as ISO-8859-1, one character
         * per byte (0..255), and each character it sends below U+0100 goes out as that byte, so
         * any 8-bit data passes through unchanged (lines keep their control characters and escape
         * sequences: only CR/LF end them and Backspace, DEL, Ctrl-U, Ctrl-W and Ctrl-C edit them);
         * no CHARSET is negotiated, a client's LANG
         * changes nothing, and BINARY is asked for both ways ({@link #forceBinary}). Default off.
         */
        public Builder bytesOnly(boolean on) {
            s.bytesOnly = on;
            if (on) {
                s.encoding = java.nio.charset.StandardCharsets.ISO_8859_1;
                s.forceBinary = true;
            }
            return this;
        }

        /** Most sessions compressing at once (MCCP2); default 1000. Later ones stay plain. */
        public Builder maxCompressedSessions(int max) {
            s.maxCompressedSessions = positive(max, "maxCompressedSessions");
            return this;
        }

        /** Offers GMCP (option 201); messages arrive at {@link SessionHandler#onGmcp}. */
        public Builder gmcp(boolean on) {
            s.gmcp = on;
            return this;
        }

        /** Offers MSDP (option 69); variables arrive at {@link SessionHandler#onMsdp}. */
        public Builder msdp(boolean on) {
            s.msdp = on;
            return this;
        }

        /**
         * Offers MSSP (option 70): a crawler that agrees gets the variables {@code status}
         * supplies at that moment (NAME, PLAYERS, UPTIME, ...).
         */
        public Builder mssp(java.util.function.Supplier<java.util.Map<String, java.util.List<String>>> status) {
            s.mssp = status;
            return this;
        }

        /** Further options we agree to enable when asked (DO), e.g. GMCP. */
        public Builder acceptLocal(int... options) {
            s.extraLocal = options.clone();
            return this;
        }

        /** Further options we let the client enable (WILL). */
        public Builder acceptRemote(int... options) {
            s.extraRemote = options.clone();
            return this;
        }

        /** The application's callbacks; default: lines are queued for {@link Session#nextLine()}. */
        public Builder handler(SessionHandler handler) {
            s.handler = java.util.Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Runs {@code shell} on a thread of its own for every connection (see {@link Shell}). */
        public Builder shell(Shell shell) {
            s.handler = new ShellRunner(shell);
            return this;
        }

        /**
         * Expects HAProxy's PROXY protocol (version 1 or 2) on every connection, from the networks
         * in {@code trusted} only: others are refused and logged. The header is read before the
         * server sends or parses any telnet byte; the session then reports the real client's
         * address ({@link Session#addrport()}, {@link Session#remoteAddress()}, the logs) and, when
         * the balancer terminated TLS, {@link Session#isSecure()}. Default off.
         */
        public Builder proxyProtocol(java.util.List<org.telnet4j.proxy.Cidr> trusted) {
            if (trusted.isEmpty()) {
                throw new IllegalArgumentException("proxyProtocol needs at least one trusted network");
            }
            s.proxyTrusted = java.util.List.copyOf(trusted);
            return this;
        }

        /** {@link #proxyProtocol(java.util.List)} from a comma-separated list, e.g. {@code "10.0.0.0/8,::1"}. */
        public Builder proxyProtocol(String trustedCidrs) {
            return proxyProtocol(org.telnet4j.proxy.Cidr.parseList(trustedCidrs));
        }

        /** Largest PROXY protocol header accepted, in bytes; default 4096 (v2 allows 65,551). */
        public Builder proxyHeaderLimit(int bytes) {
            if (bytes < org.telnet4j.proxy.ProxyHeaderDecoder.MIN_MAX_HEADER) {
                throw new IllegalArgumentException("proxyHeaderLimit must be at least "
                    + org.telnet4j.proxy.ProxyHeaderDecoder.MIN_MAX_HEADER + ", was " + bytes);
            }
            s.proxyMaxHeader = bytes;
            return this;
        }

        /** How long a balancer may take to send its whole PROXY header; default 3 s. */
        public Builder proxyHeaderTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("proxyHeaderTimeout must be positive");
            }
            s.proxyHeaderTimeoutNanos = timeout.toNanos();
            return this;
        }

        /**
         * Runs a robot check ({@link RobotCheck}) on every session before the handler's
         * {@code onConnect} (and so before a {@link Shell} starts): the terminal is asked where its
         * cursor is around one printed wide character; a client that does not answer like a
         * terminal is asked a short sum; no answer within {@code timeout}, or a wrong one, closes
         * the session. The outcome is logged and on {@link Session#robotCheck()}. Default off;
         * {@link RobotCheck#DEFAULT_TIMEOUT} is 5 s.
         */
        public Builder robotCheck(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("robotCheck timeout must be positive");
            }
            robotCheck = timeout;
            return this;
        }

        /**
         * Serves TLS (telnets) on the port, with {@code context}'s certificate: the handshake runs
         * on the loop thread before the session starts. MCCP is refused on a TLS connection
         * (compression under encryption leaks secrets: CRIME, BREACH). Default: plain telnet.
         */
        public Builder tls(javax.net.ssl.SSLContext context) {
            java.util.Objects.requireNonNull(context, "context");
            return tls(() -> context);
        }

        /**
         * {@link #tls(javax.net.ssl.SSLContext)} with a context asked for at each accept: a
         * supplier that rereads its certificate files when they change serves the new
         * certificate to every connection made after that, without a restart.
         */
        public Builder tls(java.util.function.Supplier<javax.net.ssl.SSLContext> context) {
            java.util.Objects.requireNonNull(context, "context");
            TlsSettings old = s.tls;
            s.tls = new TlsSettings(context);
            if (old != null) {
                s.tls.clientAuth = old.clientAuth;
                s.tls.handshakeTimeoutMillis = old.handshakeTimeoutMillis;
                s.tls.auto = old.auto;
                s.tls.autoWaitMillis = old.autoWaitMillis;
            }
            return this;
        }

        /** Client certificates: none (default), requested, or required. Needs {@link #tls}. */
        public Builder tlsClientAuth(TlsClientAuth auth) {
            tlsSettings().clientAuth = java.util.Objects.requireNonNull(auth, "auth");
            return this;
        }

        /**
         * How long a client may take to complete its TLS handshake (from its first byte, or from
         * the accept when it sends none); default 10 s. Past it the connection closes, logged.
         */
        public Builder tlsHandshakeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("tlsHandshakeTimeout must be positive");
            }
            tlsSettings().handshakeTimeoutMillis = timeout.toMillis();
            return this;
        }

        /**
         * Plain telnet and TLS on the one port: a client whose first byte is 0x16 (a TLS
         * ClientHello) gets TLS, any other, or one that sends nothing within
         * {@link #tlsAutoWait}, plain telnet. Needs {@link #tls}; default off.
         */
        public Builder tlsAuto(boolean on) {
            tlsSettings().auto = on;
            return this;
        }

        /** With {@link #tlsAuto}: how long to wait for a first byte before serving plain; default 0.5 s. */
        public Builder tlsAutoWait(Duration wait) {
            if (wait.isNegative() || wait.isZero()) {
                throw new IllegalArgumentException("tlsAutoWait must be positive");
            }
            tlsSettings().autoWaitMillis = wait.toMillis();
            return this;
        }

        /**
         * Whether the server puts AES-128-GCM cipher suites before their AES-256-GCM counterparts
         * and has its own order win (default true). TLS 1.3 requires AES-128-GCM of every
         * implementation (RFC 8446 section 9.1); with the JDK's provider a small record costs
         * about a third less with it, which is most of what TLS adds to a line's echo. False
         * leaves the order of the {@link javax.net.ssl.SSLContext}'s defaults as they are.
         */
        public Builder tlsPreferAes128(boolean on) {
            tlsSettings().preferAes128 = on;
            return this;
        }

        private TlsSettings tlsSettings() {
            if (s.tls == null) {
                throw new IllegalStateException("call tls(SSLContext) first");
            }
            return s.tls;
        }

        /** Runs on an existing loop (shared with clients or other servers) instead of a new one. */
        public Builder loop(EventLoop loop) {
            this.loop = loop;
            return this;
        }

        /** The settings as set so far, for byte tests of {@link ServerProtocol} without a server. */
        ServerSettings settings() {
            return s;
        }

        /** Builds the server; call {@link TelnetServer#bind()} next. */
        public TelnetServer build() throws IOException {
            ServerSettings copy = s;
            if (copy.bytesOnly) {
                copy.encoding = java.nio.charset.StandardCharsets.ISO_8859_1; // whatever encoding() said
            }
            if (robotCheck != null && !(copy.handler instanceof RobotCheckHandler)) {
                copy.handler = new RobotCheckHandler(copy.handler, robotCheck);
            }
            boolean own = loop == null;
            return new TelnetServer(copy, own ? new EventLoop() : loop, own);
        }

        private static int positive(int v, String what) {
            if (v < 1) {
                throw new IllegalArgumentException(what + " must be positive, was " + v);
            }
            return v;
        }

        private static int atLeast(int v, int min, String what) {
            if (v < min) {
                throw new IllegalArgumentException(what + " must be at least " + min + ", was " + v);
            }
            return v;
        }
    }
}
