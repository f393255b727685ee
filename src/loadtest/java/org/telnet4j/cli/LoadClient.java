package org.telnet4j.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The client side of the load test: many connections on one {@link Selector}, driven from the
 * calling thread (no thread per connection).
 *
 * <p>Its telnet side is written independently of the library, small and strict: it never asks for
 * anything, agrees to TTYPE and NAWS (it answers {@code SB TTYPE SEND} with {@code IS} and its
 * terminal name, and sends its window size after {@code WILL NAWS}) and to the server's SGA, and
 * refuses every other option; a disable is acknowledged only for an option that was enabled, so by
 * RFC 1143 it can never loop. ECHO is refused, so the server echoes no characters and an echoed
 * line comes back exactly as sent ({@code line CR LF}), as from the plain echo server.
 *
 * <p>A connection counts as negotiated when a probe line, sent once the server's first
 * negotiation has been answered, comes back. telnet4j holds lines typed during negotiation until
 * the session has started, so the echo proves the server reached {@code onConnect}.
 */
final class LoadClient implements AutoCloseable {
    private static final byte IAC = (byte) 255;
    private static final int DONT = 254;
    private static final int DO = 253;
    private static final int WONT = 252;
    private static final int WILL = 251;
    private static final int SB = 250;
    private static final int SE = 240;
    private static final int OPT_SGA = 3;
    private static final int OPT_TTYPE = 24;
    private static final int OPT_NAWS = 31;

    private static final int LOCAL_TTYPE = 1;
    private static final int LOCAL_NAWS = 2;
    private static final int REMOTE_SGA = 4;

    // parser states
    private static final int P_DATA = 0;
    private static final int P_IAC = 1;
    private static final int P_VERB = 2;
    private static final int P_SB_OPT = 3;
    private static final int P_SB = 4;
    private static final int P_SB_IAC = 5;

    static final int CONNECTING = 0;
    static final int NEGOTIATING = 1;
    static final int READY = 2;
    static final int DEAD = 3;

    static final byte[] PROBE = "probe\r\n".getBytes(StandardCharsets.US_ASCII);

    /** What happens when a connection's expected line has come back. */
    private interface LineDone {
        void done(Conn c, boolean matched, long nanos);
    }

    /** One client connection. */
    final class Conn {
        final int id;
        final boolean telnet;
        SocketChannel ch;
        SelectionKey key;
        int state = CONNECTING;
        String failure;
        long started;
        long sentAt;
        boolean probeSent;
        boolean sawIac;
        boolean ttypeAnswered;
        boolean awaiting;
        int options;
        int ps = P_DATA;
        int verb;
        int sbOpt;
        int sbLen;
        int sbFirst;
        byte[] expect = PROBE;
        ByteBuffer line;
        int matched;
        boolean mismatch;
        ByteBuffer pending;
        StringBuilder stray;

        Conn(int id, boolean telnet) {
            this.id = id;
            this.telnet = telnet;
        }
    }

    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private final ByteBuffer replies = ByteBuffer.allocate(8192);
    private final byte[] ttypeIs;
    private final byte[] naws;
    private LineDone onLine = (c, ok, t) -> { };
    private int inFlight;
    private long now;
    private long strayLines;
    private long mismatches;
    private final Map<String, Integer> failures = new TreeMap<>();

    LoadClient(String terminal, int columns, int rows) throws IOException {
        this.selector = Selector.open();
        byte[] name = terminal.getBytes(StandardCharsets.US_ASCII);
        ttypeIs = new byte[name.length + 6];
        ttypeIs[0] = IAC;
        ttypeIs[1] = (byte) SB;
        ttypeIs[2] = (byte) OPT_TTYPE;
        ttypeIs[3] = 0; // IS
        System.arraycopy(name, 0, ttypeIs, 4, name.length);
        ttypeIs[name.length + 4] = IAC;
        ttypeIs[name.length + 5] = (byte) SE;
        if ((columns & 0xFFFF) != columns || (rows & 0xFFFF) != rows
            || (columns & 0xFF) == 0xFF || columns >> 8 == 0xFF || (rows & 0xFF) == 0xFF || rows >> 8 == 0xFF) {
            throw new IllegalArgumentException("window size must fit NAWS without IAC bytes");
        }
        naws = new byte[] {IAC, (byte) SB, (byte) OPT_NAWS, (byte) (columns >> 8), (byte) columns,
            (byte) (rows >> 8), (byte) rows, IAC, (byte) SE};
    }

    /** Failure reasons and their counts, since the client was made. */
    Map<String, Integer> failures() {
        return failures;
    }

    /** Lines that came back different from what was sent. */
    long mismatches() {
        return mismatches;
    }

    /** Lines (or text) the server sent when none was expected. */
    long strayLines() {
        return strayLines;
    }

    // ------------------------------------------------------------------------------ phases

    /** Result of {@link #open}. */
    static final class OpenResult {
        final List<Conn> conns = new ArrayList<>();
        int ready;
        long nanos;
        final Histogram negotiation = new Histogram(TimeUnit.SECONDS.toNanos(600), 3);
    }

    /**
     * Opens {@code n} connections, at most {@code maxInFlight} connecting or negotiating at a time,
     * and waits until each is negotiated (its probe echoed) or has failed, or {@code timeout} passes.
     *
     * @param telnet true for the telnet server (the probe goes after its first negotiation), false
     *               for the plain echo server (the probe goes at once)
     */
    OpenResult open(InetSocketAddress target, int n, boolean telnet, int maxInFlight, long timeoutNanos)
        throws IOException {
        OpenResult r = new OpenResult();
        long start = System.nanoTime();
        long deadline = start + timeoutNanos;
        int consecutiveOpenFailures = 0;
        onLine = (c, ok, t) -> {
            c.awaiting = false;
            if (c.state == NEGOTIATING) {
                setState(c, READY);
                r.ready++;
                r.negotiation.recordValue(Math.min(t - c.started, r.negotiation.getHighestTrackableValue()));
            }
        };
        int opened = 0;
        now = System.nanoTime();
        while ((opened < n || inFlight > 0) && now - deadline < 0) {
            while (opened < n && inFlight < maxInFlight && consecutiveOpenFailures < 50) {
                Conn c = new Conn(opened++, telnet);
                r.conns.add(c);
                if (connect(c, target)) {
                    consecutiveOpenFailures = 0;
                } else {
                    consecutiveOpenFailures++;
                }
            }
            if (consecutiveOpenFailures >= 50 && opened < n) {
                fail(null, "gave up opening after 50 failures in a row", n - opened);
                opened = n;
            }
            selector.select(this::onKey, 50);
            now = System.nanoTime();
        }
        for (Conn c : r.conns) {
            if (c.state == CONNECTING || c.state == NEGOTIATING) {
                kill(c, "not negotiated within the timeout");
            }
        }
        r.nanos = System.nanoTime() - start;
        onLine = (c, ok, t) -> { };
        return r;
    }

    /**
     * Sends the probe line on every ready connection and waits (at most {@code timeout}) for the
     * echoes. @return how many came back
     */
    int probe(List<Conn> conns, long timeoutNanos) throws IOException {
        int[] echoed = {0};
        int[] waiting = {0};
        onLine = (c, ok, t) -> {
            c.awaiting = false;
            waiting[0]--;
            if (ok) {
                echoed[0]++;
            }
        };
        for (Conn c : conns) {
            if (c.state == READY) {
                c.expect = PROBE;
                c.awaiting = true;
                waiting[0]++;
                send(c, PROBE);
            }
        }
        long deadline = System.nanoTime() + timeoutNanos;
        while (waiting[0] > 0 && System.nanoTime() - deadline < 0) {
            selector.select(this::onKey, 50);
            waiting[0] = 0;
            for (Conn c : conns) {
                if (c.awaiting && c.state == READY) {
                    waiting[0]++;
                }
            }
        }
        onLine = (c, ok, t) -> { };
        return echoed[0];
    }

    /** Result of one closed-loop echo run. */
    static final class EchoResult {
        long lines;
        long nanos;
        long mismatched;
    }

    /**
     * Closed loop: every ready connection sends {@code line}, waits for its echo, records the
     * round trip and sends again, until {@code durationNanos} have passed; then the lines still in
     * flight are drained (at most 10 s) and not counted.
     */
    EchoResult echo(List<Conn> conns, byte[] line, long durationNanos, Histogram hist) throws IOException {
        EchoResult r = new EchoResult();
        long start = System.nanoTime();
        long end = start + durationNanos;
        int[] outstanding = {0};
        onLine = (c, ok, t) -> {
            c.awaiting = false;
            outstanding[0]--;
            if (t - end < 0) {
                r.lines++;
                if (!ok) {
                    r.mismatched++;
                }
                if (hist != null) {
                    hist.recordValue(Math.min(t - c.sentAt, hist.getHighestTrackableValue()));
                }
                sendLine(c);
                outstanding[0]++;
            }
        };
        for (Conn c : conns) {
            if (c.state == READY) {
                if (c.line == null || c.expect != line) {
                    c.expect = line;
                    c.line = ByteBuffer.wrap(line);
                }
                sendLine(c);
                outstanding[0]++;
            }
        }
        long drainDeadline = end + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            long t = System.nanoTime();
            if (t - end >= 0 && (outstanding[0] <= 0 || t - drainDeadline >= 0)) {
                break;
            }
            selector.select(this::onKey, 10);
            if (t - end >= 0) {
                outstanding[0] = 0;
                for (Conn c : conns) {
                    if (c.awaiting && c.state == READY) {
                        outstanding[0]++;
                    }
                }
            }
        }
        r.nanos = end - start;
        onLine = (c, ok, t) -> { };
        return r;
    }

    /** Closes connections; their descriptors are released by a final select. */
    void closeAll(List<Conn> conns) throws IOException {
        for (Conn c : conns) {
            if (c.ch != null && c.state != DEAD) {
                setState(c, DEAD);
                if (c.key != null) {
                    c.key.cancel();
                }
                c.ch.close();
            }
        }
        selector.selectNow();
    }

    @Override
    public void close() throws IOException {
        for (SelectionKey k : new ArrayList<>(selector.keys())) {
            k.channel().close();
        }
        selector.close();
    }

    // ------------------------------------------------------------------------------ I/O

    private boolean connect(Conn c, InetSocketAddress target) {
        inFlight++; // CONNECTING counts as in flight until READY or DEAD
        try {
            c.ch = SocketChannel.open();
            c.ch.configureBlocking(false);
            c.ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.started = System.nanoTime();
            if (c.ch.connect(target)) {
                c.key = c.ch.register(selector, SelectionKey.OP_READ, c);
                connected(c);
            } else {
                c.key = c.ch.register(selector, SelectionKey.OP_CONNECT, c);
            }
            return true;
        } catch (IOException e) {
            kill(c, "open/connect: " + e.getMessage());
            return false;
        }
    }

    private void connected(Conn c) throws IOException {
        setState(c, NEGOTIATING);
        if (!c.telnet) {
            c.probeSent = true;
            c.awaiting = true;
            send(c, PROBE);
        }
    }

    private void onKey(SelectionKey key) {
        Conn c = (Conn) key.attachment();
        if (!key.isValid() || c.state == DEAD) {
            return;
        }
        try {
            if (key.isConnectable()) {
                if (c.ch.finishConnect()) {
                    key.interestOps(SelectionKey.OP_READ);
                    connected(c);
                }
                return;
            }
            if (key.isWritable()) {
                c.ch.write(c.pending);
                if (!c.pending.hasRemaining()) {
                    c.pending = null;
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
            if (key.isReadable()) {
                read(c);
            }
        } catch (IOException e) {
            kill(c, "I/O error: " + e.getMessage());
        }
    }

    private void read(Conn c) throws IOException {
        ByteBuffer rb = readBuffer;
        rb.clear();
        int n = c.ch.read(rb);
        if (n < 0) {
            String text = c.stray == null ? "" : ": \"" + c.stray.toString().trim() + "\"";
            kill(c, (c.sawIac ? "closed by the server" : "closed by the server before negotiating") + text);
            return;
        }
        if (n == 0) {
            return;
        }
        now = System.nanoTime();
        replies.clear();
        parse(c, rb.array(), n);
        if (c.telnet && !c.probeSent && c.state == NEGOTIATING) {
            // The server has spoken and been answered: type a line, as a user would.
            c.probeSent = true;
            c.awaiting = true;
            replies.put(PROBE);
        }
        if (replies.position() > 0 && c.state != DEAD) {
            replies.flip();
            write(c, replies);
        }
    }

    private void parse(Conn c, byte[] a, int n) {
        for (int i = 0; i < n; i++) {
            int b = a[i] & 0xFF;
            switch (c.ps) {
                case P_DATA:
                    if (b == 0xFF && c.telnet) {
                        c.ps = P_IAC;
                    } else if (b != 0 || !c.telnet) { // CR NUL is a CR (RFC 854)
                        data(c, (byte) b);
                    }
                    break;
                case P_IAC:
                    c.sawIac = true;
                    if (b == 0xFF) {
                        c.ps = P_DATA;
                        data(c, IAC);
                    } else if (b >= WILL && b <= DONT) {
                        c.verb = b;
                        c.ps = P_VERB;
                    } else if (b == SB) {
                        c.ps = P_SB_OPT;
                    } else {
                        c.ps = P_DATA; // GA, NOP, EOR and friends: nothing to do
                    }
                    break;
                case P_VERB:
                    c.ps = P_DATA;
                    negotiate(c, c.verb, b);
                    break;
                case P_SB_OPT:
                    c.sbOpt = b;
                    c.sbLen = 0;
                    c.ps = P_SB;
                    break;
                case P_SB:
                    if (b == 0xFF) {
                        c.ps = P_SB_IAC;
                    } else {
                        sbByte(c, b);
                    }
                    break;
                case P_SB_IAC:
                    if (b == 0xFF) {
                        c.ps = P_SB;
                        sbByte(c, b);
                    } else {
                        c.ps = P_DATA; // IAC SE ends it (anything else is an error; end it too)
                        subnegotiation(c);
                    }
                    break;
                default:
                    c.ps = P_DATA;
                    break;
            }
        }
    }

    private static void sbByte(Conn c, int b) {
        if (c.sbLen++ == 0) {
            c.sbFirst = b;
        }
    }

    private void subnegotiation(Conn c) {
        if (c.sbOpt == OPT_TTYPE && c.sbLen == 1 && c.sbFirst == 1 && (c.options & LOCAL_TTYPE) != 0) {
            replies.put(ttypeIs); // IS name, the same every time: RFC 1091's end of the list
            c.ttypeAnswered = true;
        }
    }

    /** RFC 1143 for a side that never asks: agree or refuse requests, acknowledge real disables. */
    private void negotiate(Conn c, int verb, int opt) {
        switch (verb) {
            case DO: {
                int bit = opt == OPT_TTYPE ? LOCAL_TTYPE : opt == OPT_NAWS ? LOCAL_NAWS : 0;
                if (bit != 0 && (c.options & bit) != 0) {
                    return; // already enabled: no answer
                }
                if (bit != 0) {
                    c.options |= bit;
                    reply(WILL, opt);
                    if (opt == OPT_NAWS) {
                        replies.put(naws);
                    }
                } else {
                    reply(WONT, opt);
                }
                break;
            }
            case DONT: {
                int bit = opt == OPT_TTYPE ? LOCAL_TTYPE : opt == OPT_NAWS ? LOCAL_NAWS : 0;
                if (bit != 0 && (c.options & bit) != 0) {
                    c.options &= ~bit;
                    reply(WONT, opt);
                }
                break;
            }
            case WILL:
                if (opt == OPT_SGA) {
                    if ((c.options & REMOTE_SGA) == 0) {
                        c.options |= REMOTE_SGA;
                        reply(DO, opt);
                    }
                } else {
                    reply(DONT, opt);
                }
                break;
            case WONT:
                if (opt == OPT_SGA && (c.options & REMOTE_SGA) != 0) {
                    c.options &= ~REMOTE_SGA;
                    reply(DONT, opt);
                }
                break;
            default:
                break;
        }
    }

    private void reply(int verb, int opt) {
        replies.put(IAC).put((byte) verb).put((byte) opt);
    }

    /** One data byte from the server: match it against the line we wait for. */
    private void data(Conn c, byte b) {
        if (!c.awaiting) {
            if (c.stray == null) {
                c.stray = new StringBuilder();
            }
            if (c.stray.length() < 80) {
                c.stray.append((char) (b & 0xFF));
            }
            if (b == '\n') {
                strayLines++;
            }
            return;
        }
        byte[] e = c.expect;
        if (!c.mismatch && b == e[c.matched]) {
            if (++c.matched == e.length) {
                c.matched = 0;
                onLine.done(c, true, now);
            }
        } else {
            c.mismatch = true;
            if (b == '\n') {
                c.matched = 0;
                c.mismatch = false;
                mismatches++;
                onLine.done(c, false, now);
            }
        }
    }

    private void sendLine(Conn c) {
        c.awaiting = true;
        c.sentAt = System.nanoTime();
        ByteBuffer l = c.line;
        l.clear();
        try {
            write(c, l);
        } catch (IOException e) {
            kill(c, "I/O error: " + e.getMessage());
        }
    }

    private void send(Conn c, byte[] b) throws IOException {
        write(c, ByteBuffer.wrap(b));
    }

    private void write(Conn c, ByteBuffer b) throws IOException {
        if (c.pending != null) {
            ByteBuffer more = ByteBuffer.allocate(c.pending.remaining() + b.remaining());
            more.put(c.pending).put(b).flip();
            c.pending = more;
            return;
        }
        c.ch.write(b);
        if (b.hasRemaining()) {
            ByteBuffer copy = ByteBuffer.allocate(b.remaining());
            copy.put(b).flip();
            c.pending = copy;
            c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    private void setState(Conn c, int state) {
        boolean wasInFlight = c.state == CONNECTING || c.state == NEGOTIATING;
        c.state = state;
        boolean isInFlight = state == CONNECTING || state == NEGOTIATING;
        if (wasInFlight && !isInFlight) {
            inFlight--;
        }
    }

    private void kill(Conn c, String reason) {
        if (c.state == DEAD) {
            return;
        }
        fail(c, reason, 1);
        setState(c, DEAD);
        c.awaiting = false;
        if (c.key != null) {
            c.key.cancel();
        }
        if (c.ch != null) {
            try {
                c.ch.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    private void fail(Conn c, String reason, int count) {
        String r = c != null && c.state == READY ? "after negotiation: " + reason : reason;
        failures.merge(r, count, Integer::sum);
    }

    /** Connections in a state. */
    static int count(List<Conn> conns, int state) {
        int n = 0;
        for (Conn c : conns) {
            if (c.state == state) {
                n++;
            }
        }
        return n;
    }

    /** Connections whose TTYPE request was answered. */
    static int ttypeAnswered(List<Conn> conns) {
        int n = 0;
        for (Conn c : conns) {
            if (c.ttypeAnswered) {
                n++;
            }
        }
        return n;
    }
}
