package org.telnet4j.fingerprint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where client fingerprints are written: {@code DIR/client/<telnet-hash>/<session>.json}, with a
 * cap on the documents per hash and on the hashes in total, so a scanner opening connections
 * without end cannot fill the disk. The counts start from what is already on disk. Thread-safe.
 */
public final class FingerprintStore {
    private static final Logger log = LoggerFactory.getLogger(FingerprintStore.class);

    /** What became of one document. */
    public enum Saved { SAVED, FINGERPRINT_FULL, STORE_FULL, FAILED }

    private final Path clientDir;
    private final int maxFilesPerFingerprint;
    private final int maxFingerprints;
    private final Map<String, Integer> files = new HashMap<>();

    /** A store under {@code dataDir} with these caps; reads the counts already there. */
    public FingerprintStore(Path dataDir, int maxFilesPerFingerprint, int maxFingerprints) throws IOException {
        this.clientDir = dataDir.resolve("client");
        this.maxFilesPerFingerprint = maxFilesPerFingerprint;
        this.maxFingerprints = maxFingerprints;
        Files.createDirectories(clientDir);
        try (DirectoryStream<Path> hashes = Files.newDirectoryStream(clientDir, Files::isDirectory)) {
            for (Path h : hashes) {
                int n = 0;
                try (DirectoryStream<Path> docs = Files.newDirectoryStream(h, "*.json")) {
                    for (Path ignored : docs) {
                        n++;
                    }
                }
                files.put(h.getFileName().toString(), n);
            }
        }
    }

    /** The file a document of {@code hash} for {@code session} goes to. */
    public Path path(String hash, String session) {
        return clientDir.resolve(hash).resolve(session + ".json");
    }

    /** Writes {@code json} unless a cap says no; a cap hit is logged. */
    public synchronized Saved save(String hash, String session, String json) {
        if (!hash.matches("[0-9a-f]{16}") || !session.matches("[0-9A-Za-z._-]+")) {
            throw new IllegalArgumentException("not a hash or session name: " + hash + " " + session);
        }
        Integer n = files.get(hash);
        if (n == null && files.size() >= maxFingerprints) {
            log.info("fingerprint-server: --max-fingerprints {} reached; {} not saved (new fingerprint {})",
                maxFingerprints, session, hash);
            return Saved.STORE_FULL;
        }
        if ((n == null ? 0 : n) >= maxFilesPerFingerprint) {
            log.info("fingerprint-server: --max-files-per-fingerprint {} reached for {}; {} not saved",
                maxFilesPerFingerprint, hash, session);
            return Saved.FINGERPRINT_FULL;
        }
        Path p = path(hash, session);
        try {
            Files.createDirectories(p.getParent());
            Path tmp = p.resolveSibling(session + ".json.tmp");
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            Files.move(tmp, p, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("fingerprint-server: cannot write {}: {}", p, e.getMessage());
            return Saved.FAILED;
        }
        files.put(hash, n == null ? 1 : n + 1);
        return Saved.SAVED;
    }
}
