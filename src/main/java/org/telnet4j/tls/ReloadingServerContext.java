package org.telnet4j.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's {@link SSLContext} that follows its files, so that a long-running server picks up a
 * renewed certificate (Let's Encrypt's every few weeks) without a restart.
 *
 * <p>{@link #get()} is called at each accept: it returns the current context and, at most once a
 * {@linkplain #CHECK_INTERVAL_NANOS second}, compares each file's real path (Let's Encrypt's
 * {@code live/} files are symbolic links that renewal repoints), modification time and size with
 * those last seen; when one differs the files are read again. Between checks it costs one clock
 * read and a comparison. {@link #reload()} rereads at once (for a signal or an admin command).
 *
 * <p>A reload that fails (a half-written file, a key that no longer matches) keeps the old
 * context and logs one line saying why, once per change of the files: the next attempt is when
 * they change again, so a renewal that writes the certificate and then the key converges. A
 * successful one logs the new certificate's subject and expiry. Connections already open keep
 * the context they were accepted with.
 *
 * <p>Thread-safe: {@link #get()} may be called from any thread; reloads are serialised.
 */
public final class ReloadingServerContext implements Supplier<SSLContext> {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingServerContext.class);

    /** The least time between two looks at the files: one second. */
    public static final long CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path cert;
    private final Path key;
    private final Path clientCa;
    private final LongSupplier nanoClock;
    private final Object reloadLock = new Object();

    private volatile TlsFiles.ServerMaterial current;
    /** The files as they were at the last attempt, successful or not. */
    private volatile List<Stamp> lastSeen;
    private volatile long nextCheck;

    private ReloadingServerContext(Path cert, Path key, Path clientCa, LongSupplier nanoClock)
            throws TlsFileException {
        this.cert = Objects.requireNonNull(cert, "cert");
        this.key = key;
        this.clientCa = clientCa;
        this.nanoClock = nanoClock;
        List<Stamp> stamps = stamps();
        TlsFiles.ServerMaterial material = TlsFiles.serverMaterialFromEnvironment(cert, key, clientCa);
        material.warnings().forEach(LOG::warn);
        this.current = material;
        this.lastSeen = stamps;
        this.nextCheck = nanoClock.getAsLong() + CHECK_INTERVAL_NANOS;
        LOG.info("TLS certificate {}", describe(material.leaf()));
    }

    /**
     * Loads the files once (as {@link TlsFiles#serverContext} does) and follows them from then on.
     *
     * @param cert a PEM chain or a PKCS#12 file
     * @param key the PEM key; null for PKCS#12 or a PEM file holding both
     * @param clientCaOrNull PEM bundle of the CAs trusted for client certificates, or null
     * @throws TlsFileException when the files cannot be used now (there is no old context to keep)
     */
    public static ReloadingServerContext of(Path cert, Path key, Path clientCaOrNull) throws TlsFileException {
        return new ReloadingServerContext(cert, key, clientCaOrNull, System::nanoTime);
    }

    /** As {@link #of}, with the clock the once-a-second check reads: for tests. */
    static ReloadingServerContext of(Path cert, Path key, Path clientCaOrNull, LongSupplier nanoClock)
            throws TlsFileException {
        return new ReloadingServerContext(cert, key, clientCaOrNull, nanoClock);
    }

    /** The current context; looks at the files first if the last look is a second old. */
    @Override
    public SSLContext get() {
        if (nanoClock.getAsLong() - nextCheck >= 0) {
            checkFiles();
        }
        return current.context();
    }

    /** The certificate the current context presents. */
    public X509Certificate certificate() {
        return current.leaf();
    }

    /**
     * Rereads the files now, changed or not.
     *
     * @return true if the new files were loaded; false if they could not be (the old context is
     *     kept, and the reason logged)
     */
    public boolean reload() {
        synchronized (reloadLock) {
            return load(stampsOrNull());
        }
    }

    private void checkFiles() {
        synchronized (reloadLock) {
            long now = nanoClock.getAsLong();
            if (now - nextCheck < 0) {
                return;             // another thread looked while this one waited for the lock
            }
            nextCheck = now + CHECK_INTERVAL_NANOS;
            List<Stamp> stamps = stampsOrNull();
            if (stamps != null && stamps.equals(lastSeen)) {
                return;
            }
            load(stamps);
        }
    }

    private boolean load(List<Stamp> stamps) {
        lastSeen = stamps;
        try {
            TlsFiles.ServerMaterial material = TlsFiles.serverMaterialFromEnvironment(cert, key, clientCa);
            material.warnings().forEach(LOG::warn);
            current = material;
            LOG.info("TLS certificate reloaded: {}", describe(material.leaf()));
            return true;
        } catch (TlsFileException e) {
            LOG.warn("TLS certificate not reloaded, keeping the one that expires {}: {}",
                    current.leaf().getNotAfter().toInstant(), e.getMessage());
            LOG.debug("reload failure", e);
            return false;
        }
    }

    private static String describe(X509Certificate leaf) {
        return leaf.getSubjectX500Principal().getName() + ", issued by "
                + leaf.getIssuerX500Principal().getName() + ", expires " + leaf.getNotAfter().toInstant();
    }

    private List<Stamp> stampsOrNull() {
        try {
            return stamps();
        } catch (TlsFileException e) {
            return null;        // a file is missing now: the load reports it
        }
    }

    private List<Stamp> stamps() throws TlsFileException {
        List<Stamp> stamps = new ArrayList<>(3);
        for (Path file : new Path[] {cert, key, clientCa}) {
            if (file != null) {
                stamps.add(Stamp.of(file));
            }
        }
        return stamps;
    }

    /** What a file looked like: where its link pointed, when it was written and how long it was. */
    private record Stamp(Path realPath, long modifiedMillis, long size) {
        static Stamp of(Path file) throws TlsFileException {
            try {
                Path real = file.toRealPath();
                BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
                return new Stamp(real, attributes.lastModifiedTime().toMillis(), attributes.size());
            } catch (IOException e) {
                throw new TlsFileException(file, "cannot be read: " + e.getMessage(), e);
            }
        }
    }
}
