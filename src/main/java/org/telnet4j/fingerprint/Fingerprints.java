package org.telnet4j.fingerprint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The stable hash of a server's protocol behaviour. */
public final class Fingerprints {
    private Fingerprints() {
    }

    /**
     * The first 16 hex digits of the SHA-256 of the canonical JSON (sorted keys, no whitespace) of
     * {@code behaviour}: the option answers only, never the banner or timings, so the same telnet
     * stack hashes alike wherever it runs.
     */
    public static String hash(Object behaviour) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                .digest(Json.canonical(behaviour).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
