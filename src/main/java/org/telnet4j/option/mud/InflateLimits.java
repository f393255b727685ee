package org.telnet4j.option.mud;

/**
 * Ceilings on what one connection's MCCP stream may inflate to. A peer controls the compressed
 * bytes, and zlib expands a run of one byte about 1,000 times, so without ceilings 64 KiB from the
 * network become 64 MiB in memory and a second of parsing.
 *
 * <ul>
 *   <li>{@code maxRatio}: output may be at most this many times the compressed input, counted over
 *       the current second once the output passes {@link #RATIO_GRACE} (text rarely compresses
 *       better than 20:1; a run of one byte does 1,000:1).</li>
 *   <li>{@code maxPerSecond}: output per second of loop time.</li>
 *   <li>{@code slice}: output produced per loop pass before the connection yields to the others
 *       and continues on the next pass (fairness, not a limit: nothing is dropped).</li>
 * </ul>
 *
 * @param maxRatio the largest ratio of output to input, at least 2
 * @param maxPerSecond the most output per second, at least 64 KiB
 * @param slice the most output per pass, at least 1 KiB
 */
public record InflateLimits(int maxRatio, long maxPerSecond, int slice) {
    /** Output below which the ratio is not checked: a first short message may compress well. */
    public static final long RATIO_GRACE = 64 * 1024;

    /** 100:1, 8 MiB per second, 16 KiB per pass. */
    public static final InflateLimits DEFAULT = new InflateLimits(100, 8 << 20, 16 * 1024);

    /** Checks the values. */
    public InflateLimits {
        if (maxRatio < 2) {
            throw new IllegalArgumentException("maxRatio must be at least 2, was " + maxRatio);
        }
        if (maxPerSecond < 64 * 1024) {
            throw new IllegalArgumentException("maxPerSecond must be at least 64 KiB, was " + maxPerSecond);
        }
        if (slice < 1024) {
            throw new IllegalArgumentException("slice must be at least 1 KiB, was " + slice);
        }
    }
}
