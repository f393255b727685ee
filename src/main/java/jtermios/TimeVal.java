package jtermios;

/** A {@code struct timeval}, for {@link JTermios#select}'s signature. */
public final class TimeVal {
    /** Seconds. */
    public long tv_sec;
    /** Microseconds. */
    public long tv_usec;

    /** Zero. */
    public TimeVal() {
    }
}
