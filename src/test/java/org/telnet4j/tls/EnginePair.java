package org.telnet4j.tls;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/** Two {@link SSLEngine}s handshaking through memory, the way a non-blocking loop drives them. */
final class EnginePair {
    private EnginePair() {
    }

    /**
     * Handshakes a server engine of {@code serverContext} with {@code client}.
     *
     * @return the negotiated protocol
     * @throws SSLException what the client engine threw (a failed handshake)
     */
    static String handshake(SSLContext serverContext, SSLEngine client) throws SSLException {
        SSLEngine server = serverContext.createSSLEngine();
        server.setUseClientMode(false);
        int packet = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        int application = Math.max(client.getSession().getApplicationBufferSize(),
                server.getSession().getApplicationBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(packet * 4);
        ByteBuffer toClient = ByteBuffer.allocate(packet * 4);
        ByteBuffer clientIn = ByteBuffer.allocate(application);
        ByteBuffer serverIn = ByteBuffer.allocate(application);
        ByteBuffer empty = ByteBuffer.allocate(0);
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < 1000; round++) {
            if (done(client) && done(server)) {
                return client.getSession().getProtocol();
            }
            step(client, empty, toServer, toClient, clientIn);
            try {
                step(server, empty, toClient, toServer, serverIn);
            } catch (SSLException serverFailure) {
                // The server's alert is in toClient: let the client read it and fail in turn.
            }
        }
        throw new IllegalStateException("handshake did not finish in 1000 rounds");
    }

    private static boolean done(SSLEngine engine) {
        SSLEngineResult.HandshakeStatus status = engine.getHandshakeStatus();
        return status == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                || status == SSLEngineResult.HandshakeStatus.FINISHED;
    }

    /** One pass of one engine: run delegated tasks, wrap into {@code out}, unwrap from {@code in}. */
    private static void step(SSLEngine engine, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer app)
            throws SSLException {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
        }
        engine.wrap(empty, out);
        in.flip();
        try {
            while (in.hasRemaining()) {
                SSLEngineResult result = engine.unwrap(in, app);
                for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
                    task.run();
                }
                if (result.getStatus() != SSLEngineResult.Status.OK || result.bytesConsumed() == 0) {
                    break;
                }
            }
        } finally {
            in.compact();
        }
        app.clear();
    }
}
