package org.telnet4j.fingerprint;

import java.time.Duration;

/**
 * What {@code bin/telnet4j-fingerprint-server} may spend on clients: every wait, byte count and
 * file count a connecting client (or a scanner opening thousands of them) could push on has a
 * bound here.
 *
 * @param probeTime              the longest a probe of one client may take, all phases together
 * @param openingQuiet           the client's opening (what it sends unprompted) ends after this
 *                               long without a byte
 * @param negotiationWait        the longest wait for answers, per phase of requests
 * @param maxValueBytes          bytes kept of any one value the client sends (a terminal type,
 *                               an environment value, a charset name); the rest is cut
 * @param maxSubnegotiation      the largest subnegotiation the parser takes; longer ones are cut
 *                               and reported as a protocol warning
 * @param maxFilesPerFingerprint documents kept per telnet hash; more are not written
 * @param maxFingerprints        telnet hashes (directories) kept in total; new ones beyond this
 *                               are not written
 * @param maxClients             clients probed at the same time; more are closed at once
 */
public record ClientProbeSettings(Duration probeTime, Duration openingQuiet, Duration negotiationWait,
                                  int maxValueBytes, int maxSubnegotiation, int maxFilesPerFingerprint,
                                  int maxFingerprints, int maxClients) {

    /** The defaults of {@code bin/telnet4j-fingerprint-server}. */
    public static ClientProbeSettings defaults() {
        return new ClientProbeSettings(Duration.ofSeconds(20), Duration.ofMillis(500), Duration.ofSeconds(3),
            256, 16 * 1024, 1000, 1000, 32);
    }

    /** Checks the values, so a bad flag is a one-line error. */
    public ClientProbeSettings {
        for (Duration d : new Duration[] {probeTime, openingQuiet, negotiationWait}) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("waits must be 0 seconds or more");
            }
        }
        if (maxValueBytes < 1) {
            throw new IllegalArgumentException("--max-value-bytes must be 1 or more");
        }
        if (maxSubnegotiation < 16) {
            throw new IllegalArgumentException("--max-subnegotiation must be 16 or more");
        }
        if (maxFilesPerFingerprint < 0 || maxFingerprints < 0) {
            throw new IllegalArgumentException("--max-files-per-fingerprint and --max-fingerprints must be 0 or more");
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("--max-clients must be 1 or more");
        }
    }

    /** These settings with another probe time. */
    public ClientProbeSettings withProbeTime(Duration d) {
        return new ClientProbeSettings(d, openingQuiet, negotiationWait, maxValueBytes, maxSubnegotiation,
            maxFilesPerFingerprint, maxFingerprints, maxClients);
    }
}
