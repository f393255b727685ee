package org.telnet4j.server;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A handler that records what the server reports, as strings on a queue, so tests can wait for
 * each event with a bounded timeout. Lines are echoed back when {@link #echo} is set.
 */
class RecordingHandler implements SessionHandler {
    final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<Session> connected = new LinkedBlockingQueue<>();
    volatile boolean echo;
    volatile String greeting;

    @Override
    public void onConnect(Session s) {
        if (greeting != null) {
            s.send(greeting);
        }
        events.add("connect " + s.terminalType() + " " + s.columns() + "x" + s.rows());
        connected.add(s); // last: a test that sees the session sees the greeting queued

    }

    @Override
    public void onLine(Session s, String line) {
        events.add("line " + line);
        if (echo) {
            s.send(line + "\n");
        }
    }

    @Override
    public void onDisconnect(Session s, DisconnectReason reason) {
        events.add("disconnect " + reason);
    }

    @Override
    public void onWindowSize(Session s, int columns, int rows) {
        events.add("naws " + columns + "x" + rows);
    }

    @Override
    public void onTerminalType(Session s, String type) {
        events.add("ttype " + type);
    }

    @Override
    public void onEnvironment(Session s, Map<String, String> vars) {
        events.add("environ " + vars);
    }

    @Override
    public void onCharset(Session s, Charset cs) {
        events.add("charset " + cs.name());
    }

    @Override
    public void onCommand(Session s, int command) {
        events.add("command " + command);
    }

    /** The next event; fails if none comes within {@code timeout}. */
    String next(Duration timeout) throws InterruptedException {
        String e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("no event within " + timeout);
        }
        return e;
    }

    /** Skips events until one starts with {@code prefix}; fails after {@code timeout}. */
    String await(String prefix, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            String e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                throw new AssertionError("no event starting '" + prefix + "' within " + timeout);
            }
            if (e.startsWith(prefix)) {
                return e;
            }
        }
    }

    /** Pumps the client's socket (so it answers negotiation) until a session connects. */
    Session awaitSessionWhile(TestTelnetClient c) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            Session s = connected.poll();
            if (s != null) {
                return s;
            }
            if (!c.pump()) {
                throw new AssertionError("connection closed before onConnect: " + c.text());
            }
        }
        throw new AssertionError("no session connected within 10 s; events " + c.events);
    }

    Session awaitSession(Duration timeout) throws InterruptedException {
        Session s = connected.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (s == null) {
            throw new AssertionError("no session connected within " + timeout);
        }
        return s;
    }
}
