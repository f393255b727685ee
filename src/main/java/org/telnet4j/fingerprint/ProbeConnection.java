package org.telnet4j.fingerprint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.function.BooleanSupplier;
import org.telnet4j.protocol.TelnetParser;

/**
 * A probe's blocking socket: reads into the probe's {@link TelnetParser} in short slices until a
 * condition holds, a wait runs out or the peer closes, and sends the probe's bytes. Used by
 * {@link ClientProbe} and {@link ServerProbe}; every wait is bounded, and a read or write error
 * counts as the peer closing, so a probe never throws for what the peer does.
 *
 * <p>Writes are either immediate (each {@link #send} is written and flushed at once) or batched:
 * queued until {@link #flush()}, which {@link #pump} calls after every read. One write per batch
 * keeps a request from being split across the peer's reads (some clients, such as Ruby's
 * net-telnet, lose a command split that way).
 *
 * <p>An optional overall deadline bounds every {@link #pump}; reaching it sets {@link #timedOut()}.
 */
final class ProbeConnection implements ProbeOutput {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final TelnetParser parser;
    private final int readSliceMillis;
    private final boolean batched;
    private final Runnable onClose;
    private final byte[] buf = new byte[8192];
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private long deadline = Long.MAX_VALUE;
    private long lastByte = now();
    private boolean closed;
    private boolean timedOut;

    /**
     * @param readSliceMillis the longest single read: conditions such as a quiet spell are looked
     *     at at least this often
     * @param batched queue sends until {@link #flush()} instead of writing each at once
     * @param onClose run when the peer is found to have closed (a read at the end, or an error)
     */
    ProbeConnection(Socket socket, TelnetParser parser, int readSliceMillis, boolean batched, Runnable onClose)
        throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.parser = parser;
        this.readSliceMillis = readSliceMillis;
        this.batched = batched;
        this.onClose = onClose;
    }

    /** Milliseconds of a monotonic clock, the unit of every time here. */
    static long now() {
        return System.nanoTime() / 1_000_000;
    }

    /** No {@link #pump} runs past {@code millis} ({@link #now()} time); reaching it is {@link #timedOut()}. */
    void deadline(long millis) {
        deadline = millis;
    }

    /** Whether the peer closed (or a read or write failed). */
    boolean closed() {
        return closed;
    }

    /** Whether a {@link #pump} stopped at the overall {@link #deadline(long)}. */
    boolean timedOut() {
        return timedOut;
    }

    /** Starts the quiet spell of {@link #quietFor} from now, as if a byte had just come. */
    void restartQuietClock() {
        lastByte = now();
    }

    /** Whether no byte has come for {@code millis} (since the last read or {@link #restartQuietClock()}). */
    boolean quietFor(long millis) {
        return now() - lastByte >= millis;
    }

    /** Reads and feeds the parser until {@code done}, {@code until}, the deadline or the peer closing. */
    void pump(long until, BooleanSupplier done) throws IOException {
        long end = Math.min(until, deadline);
        while (!closed && !done.getAsBoolean()) {
            long left = end - now();
            if (left <= 0) {
                if (now() >= deadline) {
                    timedOut = true;
                }
                return;
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(left, readSliceMillis)));
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                n = -1;
            }
            if (n < 0) {
                close();
                return;
            }
            lastByte = now();
            parser.feed(buf, 0, n);
            flush();
        }
    }

    @Override
    public void send(byte[] bytes) {
        if (batched) {
            pending.writeBytes(bytes);
        } else if (!closed) {
            write(bytes);
        }
    }

    /** Writes what batched sends queued, in one write; after a close it is dropped. */
    void flush() {
        if (closed || pending.size() == 0) {
            pending.reset();
            return;
        }
        write(pending.toByteArray());
        pending.reset();
    }

    private void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            close();
        }
    }

    private void close() {
        closed = true;
        onClose.run();
    }
}
