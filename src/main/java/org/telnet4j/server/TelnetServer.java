package org.telnet4j.server;

import java.io.IOException;
import java.net.InetSocketAddress;
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
import org.telnet4j.charset.StreamDecoder;
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
 * <p>Every limit a client can push on has a default and a builder setting: connections, line
 * length, queued lines, subnegotiation size, output queue, negotiation requests, negotiation time
 * and idle time. Hitting one is logged.
 */
public final class TelnetServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TelnetServer.class);
    private static final byte[] BUSY =
        "Too many connections; try again later.\r\n".getBytes(StandardCharsets.US_ASCII);
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
    private final StreamDecoder.Scratch scratch = new StreamDecoder.Scratch();
    private final byte[] oneByte = new byte[1];
    private final byte[] sendScratch = new byte[4096];
    private InetSocketAddress bound;
    private boolean deadlineTimerSet;
    private long refused;
    private int compressedSessions;

    private TelnetServer(ServerSettings settings, EventLoop loop, boolean ownLoop) {
        this.settings = settings;
        this.loop = loop;
        this.ownLoop = ownLoop;
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
        LOG.info("telnet server listening on {}:{}", bound.getHostString(), bound.getPort());
        return bound;
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

    /** Open connections, negotiating ones included. */
    public int connectionCount() {
        return sessions.size();
    }

    /** Connections refused because the limit was reached, since start. */
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
            });
        }
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

    StreamDecoder.Scratch scratch() {
        return scratch;
    }

    byte[] oneByte() {
        return oneByte;
    }

    /** Encoding scratch for {@link Session#send}, loop thread only. */
    byte[] sendScratch() {
        return sendScratch;
    }

    private void accept(SocketChannel ch) throws IOException {
        if (sessions.size() >= settings.maxConnections) {
            refused++;
            LOG.warn("connection limit {} reached: refusing {}", settings.maxConnections,
                ch.getRemoteAddress());
            ch.write(ByteBuffer.wrap(BUSY)); // a new socket's send buffer is empty: this fits
            ch.close();
            return;
        }
        Session[] made = new Session[1];
        loop.register(ch, settings.outputQueueCap, settings.overflowPolicy, conn -> {
            made[0] = new Session(this, settings, conn);
            return made[0].connectionHandler();
        });
        Session s = made[0];
        sessions.add(s);
        LOG.debug("{} connected", s.addrport());
        s.setNegotiationDeadline(loop.nanoTime() + settings.negotiationDeadlineNanos);
        negotiating.add(s);
        armDeadlineTimer();
        s.negotiation().begin();
        s.negotiation().check();
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
                head.negotiation().deadline();
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
                s.close(CloseReason.IDLE_TIMEOUT);
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

    void sessionStarted(Session s) {
        LOG.debug("{} negotiated: terminal {}, {}x{}, {}", s.addrport(), s.terminalType(),
            s.columns(), s.rows(), s.charset().name());
    }

    void sessionClosed(Session s, CloseReason reason) {
        sessions.remove(s);
        negotiating.remove(s);
        LOG.debug("{} disconnected: {}", s.addrport(), reason);
        if (s.isConnected()) {
            s.safely(() -> settings.handler.onDisconnect(s, reason));
        }
    }

    /** Builds a {@link TelnetServer}; not thread-safe. */
    public static final class Builder {
        private final ServerSettings s = new ServerSettings();
        private EventLoop loop;

        private Builder() {
            s.host = "localhost";
            s.port = 6023;
            s.backlog = 1024;
            s.maxConnections = 10_000;
            s.idleTimeoutNanos = TimeUnit.SECONDS.toNanos(300);
            s.maxLineLength = 4096;
            s.outputQueueCap = 256 * 1024;
            s.overflowPolicy = OverflowPolicy.DISCONNECT;
            s.negotiationDeadlineNanos = TimeUnit.MILLISECONDS.toNanos(1500);
            s.encoding = org.telnet4j.charset.LocaleCharset.get();
            s.maxSubnegotiation = TelnetParser.DEFAULT_MAX_SUBNEGOTIATION;
            s.maxQueuedLines = 256;
            s.maxNegotiationRequests = OptionNegotiator.DEFAULT_MAX_PEER_REQUESTS;
            s.negotiationRequestWindow = OptionNegotiator.DEFAULT_PEER_REQUEST_WINDOW;
            s.maxCompressedSessions = 1000;
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

        /** Most simultaneous connections; default 10,000. Others get a message and are closed. */
        public Builder maxConnections(int max) {
            s.maxConnections = positive(max, "maxConnections");
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

        /** Runs on an existing loop (shared with clients or other servers) instead of a new one. */
        public Builder loop(EventLoop loop) {
            this.loop = loop;
            return this;
        }

        /** Builds the server; call {@link TelnetServer#bind()} next. */
        public TelnetServer build() throws IOException {
            ServerSettings copy = s;
            boolean own = loop == null;
            return new TelnetServer(copy, own ? new EventLoop() : loop, own);
        }

        private static int positive(int v, String what) {
            if (v < 1) {
                throw new IllegalArgumentException(what + " must be positive, was " + v);
            }
            return v;
        }
    }
}
