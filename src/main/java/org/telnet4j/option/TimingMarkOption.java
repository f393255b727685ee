package org.telnet4j.option;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetEngine;
import org.telnet4j.protocol.TelnetOption;

/**
 * TIMING-MARK requests (RFC 860): {@code DO TM} goes out and the futures complete when the peer's
 * WILL TM or WONT TM comes back, that is once it has processed everything sent before; requests
 * made while one is outstanding share its answer. The engine itself answers the peer's DO TM.
 * Routed to by {@link TelnetOptions}.
 */
final class TimingMarkOption {
    private final TelnetEngine engine;
    private final ArrayDeque<CompletableFuture<Void>> marks = new ArrayDeque<>(2);

    TimingMarkOption(TelnetEngine engine) {
        this.engine = engine;
    }

    CompletableFuture<Void> request() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        marks.add(f);
        if (!engine.options().isPending(Side.REMOTE, TelnetOption.TM)) {
            engine.enable(Side.REMOTE, TelnetOption.TM);
        }
        return f;
    }

    /** The peer answered (WILL TM or WONT TM). */
    void answered() {
        CompletableFuture<Void> f;
        while ((f = marks.poll()) != null) {
            f.complete(null);
        }
    }

    void closed() {
        CompletableFuture<Void> f;
        while ((f = marks.poll()) != null) {
            f.completeExceptionally(new IllegalStateException("connection closed"));
        }
    }
}
