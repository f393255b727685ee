package org.telnet4j.fingerprint;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.loop.RateLimitedLog;

/**
 * The server of {@code bin/telnet4j-fingerprint-server}: probes every client that connects with a
 * {@link ClientProbe}, writes the document to the {@link FingerprintStore}, shows the client what
 * was learnt and closes. One thread per client, at most {@link ClientProbeSettings#maxClients()}
 * at once; a connection beyond that is closed at once (and logged, rate-limited).
 */
public final class FingerprintServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FingerprintServer.class);
    private static final DateTimeFormatter SESSION = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'");

    /** One probed client: its document, the file it went to, and what became of it. */
    public record Probed(Map<String, Object> document, String session, FingerprintStore.Saved saved) {
        /** The client's telnet hash. */
        public String hash() {
            return (String) document.get("telnet_hash");
        }
    }

    private final ClientProbeSettings settings;
    private final FingerprintStore store;
    private final KnownClients known = KnownClients.load();
    private final Semaphore slots;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final RateLimitedLog refusedLog = new RateLimitedLog();
    private final Consumer<Probed> listener;
    private final java.util.Set<Socket> active = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private ServerSocket socket;
    private volatile boolean closing;

    /** A server with these bounds writing to {@code store}; {@code listener} (may be null) hears of every probe. */
    public FingerprintServer(ClientProbeSettings settings, FingerprintStore store, Consumer<Probed> listener) {
        this.settings = settings;
        this.store = store;
        this.slots = new Semaphore(settings.maxClients());
        this.listener = listener;
    }

    /** Binds and starts accepting on a thread of its own; returns the address bound. */
    public InetSocketAddress start(String host, int port) throws IOException {
        socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 128);
        Thread t = new Thread(this::acceptLoop, "telnet4j-fingerprint-accept");
        t.setDaemon(true);
        t.start();
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Connections closed at once because {@code maxClients} probes were running. */
    public long refusedCount() {
        return refused.get();
    }

    private void acceptLoop() {
        while (!closing) {
            Socket c;
            try {
                c = socket.accept();
            } catch (IOException e) {
                if (!closing) {
                    log.warn("fingerprint-server: accept failed: {}", e.getMessage());
                }
                return;
            }
            if (!slots.tryAcquire()) {
                refused.incrementAndGet();
                refusedLog.info(log, "fingerprint-server: --max-clients {} probes running; {} closed at once",
                    settings.maxClients(), c.getRemoteSocketAddress());
                closeQuietly(c);
                continue;
            }
            active.add(c);
            Thread t = new Thread(() -> {
                try {
                    probe(c);
                } finally {
                    active.remove(c);
                    slots.release();
                }
            }, "telnet4j-fingerprint-" + c.getRemoteSocketAddress());
            t.setDaemon(true);
            t.start();
        }
    }

    private void probe(Socket c) {
        String session = ZonedDateTime.now(ZoneOffset.UTC).format(SESSION) + "-" + sequence.incrementAndGet();
        try (c) {
            ClientProbe p = new ClientProbe(settings);
            Map<String, Object> doc = p.run(c);
            doc.put("session", session);
            doc.put("peer", c.getInetAddress().getHostAddress());
            if (closing) {
                return; // stopped mid-probe: the document is partial, so nothing is written
            }
            String hash = (String) doc.get("telnet_hash");
            List<String> names = known.names(hash);
            doc.put("known_client", names.isEmpty() ? null : String.join(" / ", names));
            FingerprintStore.Saved saved = store.save(hash, session, Json.pretty(doc));
            log.info("fingerprint-server: {} {} telnet_hash {}{} ({})", c.getRemoteSocketAddress(), session, hash,
                names.isEmpty() ? "" : " = " + String.join(" / ", names),
                saved == FingerprintStore.Saved.SAVED ? "saved" : "not saved: " + saved);
            if (!p.closedByClient()) {
                tell(c.getOutputStream(), Summary.text(doc, saved));
            }
            if (listener != null) {
                listener.accept(new Probed(doc, session, saved));
            }
        } catch (IOException | RuntimeException e) {
            log.info("fingerprint-server: probe of {} failed: {}", c.getRemoteSocketAddress(), e.toString());
        }
    }

    private static void tell(OutputStream out, String text) {
        try {
            // Telnet's newline is CR LF (RFC 854); IAC in text would be doubled, but the summary is ASCII.
            out.write(text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // the client left: nothing to tell
        }
    }

    private static void closeQuietly(Socket c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing a refused connection: nothing to do
        }
    }

    /** Stops accepting, ends the probes under way (writing nothing for them) and waits up to 5 s for them. */
    @Override
    public void close() throws IOException {
        closing = true;
        if (socket != null) {
            socket.close();
        }
        for (Socket c : active) {
            closeQuietly(c);
        }
        try {
            if (slots.tryAcquire(settings.maxClients(), 5, java.util.concurrent.TimeUnit.SECONDS)) {
                slots.release(settings.maxClients());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
