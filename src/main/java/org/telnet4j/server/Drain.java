package org.telnet4j.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.loop.CloseReason;
import org.telnet4j.loop.EventLoop;
import org.telnet4j.loop.Timer;

/**
 * One drain of a {@link TelnetServer} for a rolling restart (see {@link TelnetServer#drain}):
 * stop accepting, tell, save, deliver, close, and finish when the last session is gone or at the
 * deadline. Loop thread.
 */
final class Drain {
    private static final Logger LOG = LoggerFactory.getLogger(TelnetServer.class);

    private final TelnetServer server;
    private final CompletableFuture<Void> done;
    private Timer timer;
    private long startNanos;

    Drain(TelnetServer server, CompletableFuture<Void> done) {
        this.server = server;
        this.done = done;
    }

    CompletableFuture<Void> done() {
        return done;
    }

    void start(Duration deadline, String message, Consumer<Session> save) {
        startNanos = System.nanoTime();
        EventLoop loop = server.loop();
        Set<Session> sessions = server.sessionSet();
        if (server.localAddress() != null) {
            loop.unlisten(server.localAddress());
        }
        LOG.info("draining {} sessions (deadline {} s): no longer accepting", sessions.size(),
            deadline.toMillis() / 1000.0);
        for (ProxyHandshake h : new ArrayList<>(server.handshakeSet())) {
            h.connection().abort(CloseReason.SHUTDOWN);
        }
        String text = message == null ? null : message.endsWith("\n") ? message : message + "\n";
        String json = message == null ? null : jsonString(message);
        for (Session s : new ArrayList<>(sessions)) {
            // What the application handed over before the drain goes out before the goodbye.
            s.runHandedOff();
            if (!s.isActive()) {
                continue;
            }
            if (save != null && s.isConnected()) {
                s.safely(() -> save.accept(s));
            }
            if (text != null && s.isActive()) {
                s.send(text);
                s.sendGmcp("Core.Goodbye", json);
                s.sendMsdp(Map.of("SERVER_SHUTDOWN", message));
            }
            s.close(CloseReason.SHUTDOWN);
        }
        timer = loop.schedule(deadline.toNanos(), TimeUnit.NANOSECONDS, () -> {
            if (!sessions.isEmpty()) {
                LOG.warn("drain deadline: closing {} sessions whose output was not delivered", sessions.size());
                for (Session s : new ArrayList<>(sessions)) {
                    s.connection().abort(CloseReason.SHUTDOWN);
                }
            }
            finish();
        });
        finishIfEmpty();
    }

    /** {@code text} as a JSON string literal (RFC 8259 section 7). */
    static String jsonString(String text) {
        StringBuilder b = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** Ends the drain once the last session and header-sending connection are gone. */
    void finishIfEmpty() {
        if (timer != null && !done.isDone() && server.sessionSet().isEmpty() && server.handshakeSet().isEmpty()) {
            finish();
        }
    }

    private void finish() {
        if (done.isDone()) {
            return;
        }
        timer.cancel();
        LOG.info("drained in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        done.complete(null);
    }
}
