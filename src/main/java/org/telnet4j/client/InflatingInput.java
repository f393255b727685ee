package org.telnet4j.client;

import java.io.IOException;
import java.util.function.LongSupplier;
import org.telnet4j.bytes.InboundPipeline;

/**
 * The inbound path of an owner that reads on its caller's thread and has no event loop
 * {@code Connection} to install a transform on ({@link BlockingTelnetClient}, and
 * {@link ClientProtocol#receive} for callers with no transport at all): bytes go to
 * {@link ClientProtocol#parse}, and from the byte after the server's MCCP2 start marker through
 * the protocol's {@linkplain ClientProtocol#newInflater inflater}, until its zlib stream ends.
 *
 * <p>A read is taken in whole before {@link #receive} returns: the inflater yields a slice at a
 * time and is resumed at once, since nothing else waits for this thread; its limits
 * ({@link org.telnet4j.option.mud.InflateLimits}) are what stop a decompression bomb.
 *
 * <p>Not thread-safe.
 */
final class InflatingInput {
    private final ClientProtocol protocol;
    private final LongSupplier clock;
    private final InboundPipeline pipeline;

    /**
     * @param protocol where the plain bytes go
     * @param clock nanoseconds, for the inflater's per-second limit
     */
    InflatingInput(ClientProtocol protocol, LongSupplier clock) {
        this.protocol = protocol;
        this.clock = clock;
        this.pipeline = new InboundPipeline(protocol::parse);
    }

    /**
     * The server starts compressing ({@link ClientProtocol.Listener#onDecompressInput}): the
     * bytes not yet parsed go through a new inflater.
     *
     * @return false if an inflater is already in place (nothing changes)
     */
    boolean startInflating() {
        if (pipeline.transform() != null) {
            return false;
        }
        pipeline.setTransform(protocol.newInflater(clock));
        return true;
    }

    /**
     * Takes in one read from the server, all of it.
     *
     * @throws IOException if the compressed stream is corrupt or past a limit (close the connection)
     */
    void receive(byte[] buf, int off, int len) throws IOException {
        pipeline.feed(buf, off, len);
        while (pipeline.hasBacklog()) {
            pipeline.resume(); // the inflater yields per slice: go on at once
        }
    }

    /** Releases the inflater, if any. */
    void close() {
        pipeline.close();
    }
}
