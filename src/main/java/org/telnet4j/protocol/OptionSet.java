package org.telnet4j.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable {@link OptionPolicy} made of two bit sets of option numbers: those we accept to
 * enable locally and those we accept the peer to enable. Lookups are two shifts and a mask.
 */
public final class OptionSet implements OptionPolicy {
    private final long[] local;
    private final long[] remote;

    private OptionSet(long[] local, long[] remote) {
        this.local = local;
        this.remote = remote;
    }

    /** A builder starting from "accept nothing". */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-loaded with this set's choices. */
    public Builder toBuilder() {
        Builder b = new Builder();
        System.arraycopy(local, 0, b.local, 0, 4);
        System.arraycopy(remote, 0, b.remote, 0, 4);
        return b;
    }

    @Override
    public boolean acceptLocal(int option) {
        return (local[(option >>> 6) & 3] & (1L << option)) != 0;
    }

    @Override
    public boolean acceptRemote(int option) {
        return (remote[(option >>> 6) & 3] & (1L << option)) != 0;
    }

    @Override
    public String toString() {
        return "OptionSet[local=" + names(local) + ", remote=" + names(remote) + "]";
    }

    private static List<String> names(long[] bits) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            if ((bits[i >>> 6] & (1L << i)) != 0) {
                out.add(TelnetOption.name(i));
            }
        }
        return out;
    }

    /** Collects option numbers; not thread-safe. */
    public static final class Builder {
        private final long[] local = new long[4];
        private final long[] remote = new long[4];

        private Builder() {
        }

        /** Accept {@code DO option} for each option given (we will enable it on our side). */
        public Builder local(int... options) {
            for (int o : options) {
                check(o);
                local[o >>> 6] |= 1L << o;
            }
            return this;
        }

        /** Accept {@code WILL option} for each option given (the peer may enable it). */
        public Builder remote(int... options) {
            for (int o : options) {
                check(o);
                remote[o >>> 6] |= 1L << o;
            }
            return this;
        }

        /** Accept the options on both sides. */
        public Builder both(int... options) {
            return local(options).remote(options);
        }

        /** Refuse {@code DO option} from now on, overriding an earlier accept. */
        public Builder refuseLocal(int... options) {
            for (int o : options) {
                check(o);
                local[o >>> 6] &= ~(1L << o);
            }
            return this;
        }

        /** Refuse {@code WILL option} from now on, overriding an earlier accept. */
        public Builder refuseRemote(int... options) {
            for (int o : options) {
                check(o);
                remote[o >>> 6] &= ~(1L << o);
            }
            return this;
        }

        /** The immutable set. */
        public OptionSet build() {
            return new OptionSet(local.clone(), remote.clone());
        }

        private static void check(int o) {
            if (o < 0 || o > 255) {
                throw new IllegalArgumentException("option must be 0..255, was " + o);
            }
        }
    }
}
