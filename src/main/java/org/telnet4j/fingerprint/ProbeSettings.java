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
 * @param maxPromptAnswers  simple prompts (yes/no, press return, colour) answered per probe
 * @param maxCursorReports  ANSI cursor-position queries (ESC [6n) answered per probe
 */
public record ProbeSettings(Duration connectTimeout, boolean fullScan, Duration negotiationWait,
                            int bannerMaxBytes, Duration bannerMaxWait, Duration bannerQuietTime,
                            Duration msspWait, int maxPromptAnswers, int maxCursorReports) {

    /** Prompts answered by default. */
    public static final int DEFAULT_MAX_PROMPT_ANSWERS = 3;
    /** Cursor-position queries answered by default. */
    public static final int DEFAULT_MAX_CURSOR_REPORTS = 8;

    /** These bounds with the default prompt and cursor-report counts. */
    public ProbeSettings(Duration connectTimeout, boolean fullScan, Duration negotiationWait,
                         int bannerMaxBytes, Duration bannerMaxWait, Duration bannerQuietTime,
                         Duration msspWait) {
        this(connectTimeout, fullScan, negotiationWait, bannerMaxBytes, bannerMaxWait, bannerQuietTime,
            msspWait, DEFAULT_MAX_PROMPT_ANSWERS, DEFAULT_MAX_CURSOR_REPORTS);
    }

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
        if (maxPromptAnswers < 0 || maxPromptAnswers > 100) {
            throw new IllegalArgumentException("--max-prompt-answers must be 0 to 100");
        }
        if (maxCursorReports < 0 || maxCursorReports > 100) {
            throw new IllegalArgumentException("--max-cursor-reports must be 0 to 100");
        }
        for (Duration d : new Duration[] {connectTimeout, negotiationWait, bannerMaxWait,
            bannerQuietTime, msspWait}) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("waits must be 0 seconds or more");
            }
        }
    }
}
