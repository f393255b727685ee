package org.telnet4j.protocol;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * RFC 1143's "Q method" for both sides of all 256 options, queue bits included.
 *
 * <p>For every option we keep our side ("us") and the peer's side ("him") as one of NO, YES,
 * WANTNO, WANTYES plus a queue bit (EMPTY or OPPOSITE), and, in lenient mode, one bit that says
 * we have already re-acknowledged a repeated request. All of it is packed into one byte per option
 * (four bits a side), so a connection carries 256 bytes of negotiation state.
 *
 * <p>The Q method guarantees no negotiation loops: we never answer a request for the state already
 * in force (RFC 1143 section 4), and never send a new request while one is outstanding, except
 * through the queue bit. Lenient mode relaxes one rule deliberately: a repeated request to enable
 * an option already enabled is answered once more (some MUD servers forget their options on a hot
 * reload and re-ask), then ignored until the state changes again. A repeated disable needs no
 * such answer: a restarted peer starts with everything off, which is the state in force. A peer
 * that answers everything, forever, therefore still makes at most one extra reply per option.
 *
 * <p>TIMING-MARK (RFC 860) is a request, not a state: {@code DO TM} is always answered and our
 * side stays NO; our own {@code DO TM} completes with a {@link NegotiationEvent#TIMING_MARK}.
 *
 * <p>Not thread-safe; allocation-free.
 */
public final class OptionNegotiator {
    /** Q state: disabled. */
    public static final int NO = 0;
    /** Q state: enabled. */
    public static final int YES = 1;
    /** Q state: we asked to disable, waiting for the answer. */
    public static final int WANTNO = 2;
    /** Q state: we asked to enable, waiting for the answer. */
    public static final int WANTYES = 3;

    /** Default cap on peer-initiated requests we answer in one {@link #DEFAULT_PEER_REQUEST_WINDOW}. */
    public static final int DEFAULT_MAX_PEER_REQUESTS = 1000;
    /** Default length of the window the peer-request cap applies to. */
    public static final Duration DEFAULT_PEER_REQUEST_WINDOW = Duration.ofMinutes(1);

    private static final int STATE_MASK = 3;
    private static final int OPPOSITE = 4;
    private static final int REACKED = 8;
    private static final int REMOTE_SHIFT = 4;

    private final byte[] q = new byte[256];
    private final NegotiationHandler handler;
    private OptionPolicy policy;
    private boolean lenient;
    private int maxPeerRequests = DEFAULT_MAX_PEER_REQUESTS;
    private long windowNanos = DEFAULT_PEER_REQUEST_WINDOW.toNanos();
    private LongSupplier clock = System::nanoTime;
    /** Peer requests counted in the current window; 0 when no window is open. */
    private int peerRequests;
    private long windowStart;

    /**
     * @param policy what we accept when the peer asks
     * @param handler receives replies to transmit and events
     */
    public OptionNegotiator(OptionPolicy policy, NegotiationHandler handler) {
        if (policy == null || handler == null) {
            throw new NullPointerException("policy and handler are required");
        }
        this.policy = policy;
        this.handler = handler;
    }

    /** Replaces the accept policy; takes effect for the next request from the peer. */
    public void setPolicy(OptionPolicy policy) {
        if (policy == null) {
            throw new NullPointerException("policy");
        }
        this.policy = policy;
    }

    /** The accept policy in force. */
    public OptionPolicy policy() {
        return policy;
    }

    /** Enables or disables lenient mode (off by default). */
    public void setLenient(boolean lenient) {
        this.lenient = lenient;
    }

    /** Whether lenient mode is on. */
    public boolean isLenient() {
        return lenient;
    }

    /**
     * Sets how many peer-initiated requests (ones that are not answers to ours) we process in one
     * window (see {@link #setPeerRequestWindow}) before ignoring further ones until the window
     * ends. Guards against a peer flipping options forever, while a long-lived connection that
     * negotiates now and then (a client sending {@code DO TIMING-MARK} as a keep-alive, say)
     * never runs out.
     */
    public void setMaxPeerRequests(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxPeerRequests must be positive, was " + max);
        }
        this.maxPeerRequests = max;
    }

    /**
     * Sets the window the peer-request cap applies to. A window opens at the first peer request
     * after the previous one has ended; default {@link #DEFAULT_PEER_REQUEST_WINDOW}.
     */
    public void setPeerRequestWindow(Duration window) {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("peer request window must be positive, was " + window);
        }
        this.windowNanos = window.toNanos();
    }

    /** Replaces the clock of the request window (nanoseconds, as {@link System#nanoTime}). For tests. */
    void setClock(LongSupplier nanoClock) {
        this.clock = nanoClock;
    }

    /** True if the option is enabled (state YES) on that side. */
    public boolean isEnabled(Side side, int option) {
        return state(side, option) == YES;
    }

    /** True if we have the option enabled (we said WILL and the peer agreed, or vice versa). */
    public boolean isLocalEnabled(int option) {
        return (q[option] & STATE_MASK) == YES;
    }

    /** True if the peer has the option enabled. */
    public boolean isRemoteEnabled(int option) {
        return ((q[option] >>> REMOTE_SHIFT) & STATE_MASK) == YES;
    }

    /** The Q state of one side of an option: {@link #NO}, {@link #YES}, {@link #WANTNO}, {@link #WANTYES}. */
    public int state(Side side, int option) {
        return bits(side, option) & STATE_MASK;
    }

    /** True if a request in the opposite direction is queued behind the pending one. */
    public boolean isQueued(Side side, int option) {
        return (bits(side, option) & OPPOSITE) != 0;
    }

    /** True while we wait for the peer to answer a request of ours on that side. */
    public boolean isPending(Side side, int option) {
        return state(side, option) >= WANTNO;
    }

    /** Forgets all state, as for a new connection. */
    public void reset() {
        java.util.Arrays.fill(q, (byte) 0);
        peerRequests = 0;
    }

    /**
     * Asks for the option to be enabled on a side: sends WILL (LOCAL) or DO (REMOTE) if needed.
     * A request made while the opposite one is outstanding is queued (RFC 1143 section 7).
     *
     * @return true if a request was sent or queued, false if it was already enabled or underway
     */
    public boolean enable(Side side, int option) {
        int b = bits(side, option);
        switch (b & STATE_MASK) {
            case NO:
                if (side == Side.REMOTE || option != TelnetOption.TM) {
                    put(side, option, WANTYES);
                } // WILL TM is a one-shot answer, never a state (RFC 860)
                handler.sendNegotiation(side == Side.LOCAL ? TelnetCommand.WILL : TelnetCommand.DO, option);
                return true;
            case WANTNO:
                if ((b & OPPOSITE) == 0) {
                    put(side, option, WANTNO | OPPOSITE);
                    return true;
                }
                return false;
            case WANTYES:
                if ((b & OPPOSITE) != 0) {
                    put(side, option, WANTYES); // cancel a queued disable
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    /**
     * Asks for the option to be disabled on a side: sends WONT (LOCAL) or DONT (REMOTE) if needed.
     *
     * @return true if a request was sent or queued, false if it was already disabled or underway
     */
    public boolean disable(Side side, int option) {
        int b = bits(side, option);
        switch (b & STATE_MASK) {
            case YES:
                put(side, option, WANTNO);
                handler.sendNegotiation(side == Side.LOCAL ? TelnetCommand.WONT : TelnetCommand.DONT, option);
                handler.onNegotiationEvent(NegotiationEvent.DISABLED, side, option);
                return true;
            case WANTYES:
                if ((b & OPPOSITE) == 0) {
                    put(side, option, WANTYES | OPPOSITE);
                    return true;
                }
                return false;
            case WANTNO:
                if ((b & OPPOSITE) != 0) {
                    put(side, option, WANTNO); // cancel a queued enable
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    /**
     * Processes {@code IAC verb option} received from the peer.
     *
     * @param verb WILL, WONT, DO or DONT
     */
    public void receive(int verb, int option) {
        switch (verb) {
            case TelnetCommand.WILL:
                receiveEnable(Side.REMOTE, option);
                break;
            case TelnetCommand.WONT:
                receiveDisable(Side.REMOTE, option);
                break;
            case TelnetCommand.DO:
                receiveEnable(Side.LOCAL, option);
                break;
            case TelnetCommand.DONT:
                receiveDisable(Side.LOCAL, option);
                break;
            default:
                throw new IllegalArgumentException("not a negotiation verb: " + verb);
        }
    }

    /** Peer said WILL (side REMOTE) or DO (side LOCAL). RFC 1143 section 7. */
    private void receiveEnable(Side side, int option) {
        int b = bits(side, option);
        int yes = side == Side.LOCAL ? TelnetCommand.WILL : TelnetCommand.DO;
        int no = side == Side.LOCAL ? TelnetCommand.WONT : TelnetCommand.DONT;
        if (option == TelnetOption.TM) {
            timingMark(side, b, true, yes, no);
            return;
        }
        switch (b & STATE_MASK) {
            case NO:
                if (!countPeerRequest()) {
                    return;
                }
                if (accepts(side, option)) {
                    put(side, option, YES);
                    handler.sendNegotiation(yes, option);
                    handler.onNegotiationEvent(NegotiationEvent.ENABLED, side, option);
                } else {
                    handler.sendNegotiation(no, option);
                    handler.onNegotiationEvent(NegotiationEvent.DECLINED, side, option);
                }
                break;
            case YES:
                if (lenient && (b & REACKED) == 0 && countPeerRequest()) {
                    put(side, option, YES | REACKED);
                    handler.sendNegotiation(yes, option);
                    handler.onNegotiationEvent(NegotiationEvent.REACKNOWLEDGED, side, option);
                } else {
                    handler.onNegotiationEvent(NegotiationEvent.REPEATED, side, option);
                }
                break;
            case WANTNO:
                // "Error: DONT answered by WILL" (or WONT by DO).
                handler.onNegotiationEvent(NegotiationEvent.VIOLATION, side, option);
                if ((b & OPPOSITE) == 0) {
                    put(side, option, NO);
                } else {
                    put(side, option, YES);
                    handler.onNegotiationEvent(NegotiationEvent.ENABLED, side, option);
                }
                break;
            default: // WANTYES
                if ((b & OPPOSITE) == 0) {
                    put(side, option, YES);
                    handler.onNegotiationEvent(NegotiationEvent.ENABLED, side, option);
                } else {
                    // Enabled, but we have since decided against it: ask to disable at once.
                    put(side, option, WANTNO);
                    handler.sendNegotiation(no, option);
                }
                break;
        }
    }

    /** Peer said WONT (side REMOTE) or DONT (side LOCAL). RFC 1143 section 7. */
    private void receiveDisable(Side side, int option) {
        int b = bits(side, option);
        int yes = side == Side.LOCAL ? TelnetCommand.WILL : TelnetCommand.DO;
        int no = side == Side.LOCAL ? TelnetCommand.WONT : TelnetCommand.DONT;
        if (option == TelnetOption.TM) {
            timingMark(side, b, false, yes, no);
            return;
        }
        switch (b & STATE_MASK) {
            case NO:
                handler.onNegotiationEvent(NegotiationEvent.REPEATED, side, option);
                break;
            case YES:
                // Always honoured, even past the request limit: RFC 854 says a disable MUST be
                // accepted, and only enables can keep a toggle loop going.
                put(side, option, NO);
                handler.sendNegotiation(no, option);
                handler.onNegotiationEvent(NegotiationEvent.DISABLED, side, option);
                break;
            case WANTNO:
                if ((b & OPPOSITE) == 0) {
                    put(side, option, NO);
                } else {
                    put(side, option, WANTYES);
                    handler.sendNegotiation(yes, option);
                }
                break;
            default: // WANTYES
                put(side, option, NO);
                if ((b & OPPOSITE) == 0) {
                    handler.onNegotiationEvent(NegotiationEvent.REFUSED_BY_PEER, side, option);
                }
                break;
        }
    }

    /**
     * RFC 860: DO TM asks us to mark the data stream; we answer WILL TM (or WONT TM if refused)
     * every time, keeping no state. WILL/WONT TM answer our DO TM; unsolicited WILL TM is refused
     * with DONT TM, unsolicited WONT TM ignored.
     */
    private void timingMark(Side side, int b, boolean positive, int yes, int no) {
        if (side == Side.LOCAL) {
            if (positive) {
                if (!countPeerRequest()) {
                    return;
                }
                handler.sendNegotiation(policy.acceptLocal(TelnetOption.TM) ? yes : no, TelnetOption.TM);
            }
            return;
        }
        if ((b & STATE_MASK) == WANTYES) {
            put(side, TelnetOption.TM, NO);
            handler.onNegotiationEvent(NegotiationEvent.TIMING_MARK, side, TelnetOption.TM);
        } else if (positive) {
            if (countPeerRequest()) {
                handler.sendNegotiation(no, TelnetOption.TM);
                handler.onNegotiationEvent(NegotiationEvent.DECLINED, side, TelnetOption.TM);
            }
        }
    }

    private boolean accepts(Side side, int option) {
        return side == Side.LOCAL ? policy.acceptLocal(option) : policy.acceptRemote(option);
    }

    private boolean countPeerRequest() {
        long now = clock.getAsLong();
        if (peerRequests == 0 || now - windowStart >= windowNanos) {
            windowStart = now; // a new window: the count starts again
            peerRequests = 0;
        }
        if (peerRequests >= maxPeerRequests) {
            if (peerRequests == maxPeerRequests) {
                peerRequests++;
                handler.onNegotiationEvent(NegotiationEvent.LIMIT_REACHED, Side.REMOTE, -1);
            }
            return false;
        }
        peerRequests++;
        return true;
    }

    private int bits(Side side, int option) {
        int v = q[option] & 0xFF;
        return side == Side.LOCAL ? v & 0x0F : v >>> REMOTE_SHIFT;
    }

    /** Sets one side's nibble; any state change clears the re-acknowledged bit. */
    private void put(Side side, int option, int nibble) {
        int v = q[option] & 0xFF;
        if (side == Side.LOCAL) {
            v = (v & 0xF0) | nibble;
        } else {
            v = (v & 0x0F) | (nibble << REMOTE_SHIFT);
        }
        q[option] = (byte) v;
    }
}
