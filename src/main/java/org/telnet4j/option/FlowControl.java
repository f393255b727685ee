package org.telnet4j.option;

/**
 * REMOTE-FLOW-CONTROL, option LFLOW (RFC 1372). The client says {@code WILL LFLOW}; the server
 * (having said DO) then sends one-byte subnegotiations that switch the client's local XON/XOFF
 * handling: {@link #OFF} 0 and {@link #ON} 1 turn it off and on, {@link #RESTART_ANY} 2 lets any
 * character restart output stopped by XOFF, {@link #RESTART_XON} 3 lets only XON restart it.
 *
 * <p>telnetlib3 swaps the meaning of 2 and 3 when it receives them (its Appendix A, item 5); we
 * follow the RFC's numbering in both directions.
 */
public final class FlowControl {
    /** Turn local flow control off. */
    public static final int OFF = 0;
    /** Turn local flow control on. */
    public static final int ON = 1;
    /** Any character restarts stopped output. */
    public static final int RESTART_ANY = 2;
    /** Only XON restarts stopped output. */
    public static final int RESTART_XON = 3;

    private FlowControl() {
    }

    /** The one-byte payload for a command. */
    public static byte[] payload(int command) {
        if (command < OFF || command > RESTART_XON) {
            throw new IllegalArgumentException("LFLOW command must be 0..3, was " + command);
        }
        return new byte[] {(byte) command};
    }

    /** The command of a payload, or -1 if it is not one of the four. */
    public static int parse(byte[] buf, int off, int len) {
        if (len != 1) {
            return -1;
        }
        int c = buf[off] & 0xFF;
        return c <= RESTART_XON ? c : -1;
    }

    /** The command's name: OFF, ON, RESTART-ANY, RESTART-XON. */
    public static String name(int command) {
        switch (command) {
            case OFF: return "OFF";
            case ON: return "ON";
            case RESTART_ANY: return "RESTART-ANY";
            case RESTART_XON: return "RESTART-XON";
            default: return Integer.toString(command);
        }
    }

    /**
     * What the client's side keeps: whether flow control is on and how output restarts. RFC 1372
     * leaves the initial restart mode to the system; we start with XON only, the common default.
     */
    public static final class State {
        private boolean enabled = true;
        private boolean restartAny;

        /** Applies a command; returns false if it was not a known one. */
        public boolean apply(int command) {
            switch (command) {
                case OFF: enabled = false; return true;
                case ON: enabled = true; return true;
                case RESTART_ANY: restartAny = true; return true;
                case RESTART_XON: restartAny = false; return true;
                default: return false;
            }
        }

        /** True while local XON/XOFF flow control is on. */
        public boolean isEnabled() {
            return enabled;
        }

        /** True if any character restarts output; false if only XON does. */
        public boolean isRestartAny() {
            return restartAny;
        }
    }
}
