package org.telnet4j.fingerprint;

import java.time.Duration;

/**
 * What a probe may spend: every wait and byte count a server could stretch has a bound here.
 *
 * @param connectTimeout    how long to wait for the TCP connection
 * @param fullScan          probe all 256 options instead of the known ones
 * @param negotiationWait   the longest wait for answers to our requests
 * @param bannerMaxBytes    bytes of banner kept per phase (before and after Enter)
 * @param bannerMaxWait     the longest wait for a banner, per phase
 * @param bannerQuietTime   a banner ends after this long without a byte
 * @param msspWait          the longest wait for MSSP variables once the server offers MSSP
 */
public record ProbeSettings(Duration connectTimeout, boolean fullScan, Duration negotiationWait,
                            int bannerMaxBytes, Duration bannerMaxWait, Duration bannerQuietTime,
                            Duration msspWait) {

    /** The defaults of {@code bin/telnet4j-fingerprint}. */
    public static ProbeSettings defaults() {
        return new ProbeSettings(Duration.ofSeconds(10), false, Duration.ofSeconds(3), 65536,
            Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(3));
    }

    /** Checks the values, so a bad flag is a one-line error. */
    public ProbeSettings {
        if (bannerMaxBytes < 0) {
            throw new IllegalArgumentException("--banner-max-bytes must be 0 or more");
        }
        for (Duration d : new Duration[] {connectTimeout, negotiationWait, bannerMaxWait,
            bannerQuietTime, msspWait}) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("waits must be 0 seconds or more");
            }
        }
    }
}
