package org.telnet4j.option.linemode;

import java.util.ArrayList;
import java.util.List;
import org.telnet4j.protocol.TelnetCommand;

/**
 * One side of a LINEMODE (RFC 1184) conversation, without I/O: it takes the payload of each
 * received {@code IAC SB LINEMODE ... IAC SE} (after the option byte, already unescaped) and
 * returns the payloads to send back, and it builds the payloads a side starts with. The caller
 * sends them with {@code TelnetEngine.sendSubnegotiation(LINEMODE, ...)}, which escapes 0xFF.
 *
 * <p><b>MODE</b> (section 2.2). The payload is {@code MODE mask}. The rules followed:
 * <ul>
 * <li>A MODE with {@link #MODE_ACK} set is never answered. It ends our pending proposal when it
 * names the proposed mode. Otherwise a client ignores it (the mode in force stays), while a server
 * takes the mode the client says it is in, as BSD telnetd does.</li>
 * <li>A MODE without the ACK bit that equals the mode in force, while we have no proposal of our
 * own outstanding, changes nothing and is not answered.</li>
 * <li>Any other MODE is a request: if every bit is one we support, we adopt it and answer with the
 * same mask and MODE_ACK set; otherwise we answer (without ACK) with the bits we do support, a
 * counter-proposal the peer can only narrow further, so the exchange ends.</li>
 * </ul>
 *
 * <p><b>SLC</b> (sections 2.4 and 5): handed to the {@link SlcTable}.
 *
 * <p><b>FORWARDMASK</b> (section 2.3): the server sends {@code DO FORWARDMASK mask}; the client
 * answers {@code WILL FORWARDMASK} and uses the mask, or {@code WONT FORWARDMASK}. The server's
 * {@code DONT FORWARDMASK} drops the mask and is answered {@code WONT} only if it was in use. A
 * server never agrees to use a mask itself (a DO from a client gets WONT); WILL and WONT are
 * never answered.
 *
 * <p>Not thread-safe; one per connection.
 */
public final class Linemode {
    /** Subnegotiation command: the mode mask follows. */
    public static final int MODE = 1;
    /** Subnegotiation command (after DO, DONT, WILL or WONT): the forward mask. */
    public static final int FORWARDMASK = 2;
    /** Subnegotiation command: SLC triplets follow. */
    public static final int SLC = 3;

    /** Mode bit: the client edits lines locally and sends whole lines. */
    public static final int EDIT = 1;
    /** Mode bit: the client turns interrupt keys into telnet commands (IP, BRK, AYT, ABORT, EOF, SUSP). */
    public static final int TRAPSIG = 2;
    /** Mode bit: this MODE acknowledges a mode change. */
    public static final int MODE_ACK = 4;
    /** Mode bit: the client expands horizontal tabs into spaces. */
    public static final int SOFT_TAB = 8;
    /** Mode bit: the client echoes non-printable characters as they are (not as {@code ^X}). */
    public static final int LIT_ECHO = 16;
    /** Every mode bit RFC 1184 defines except MODE_ACK. */
    public static final int ALL_MODES = EDIT | TRAPSIG | SOFT_TAB | LIT_ECHO;

    private static final int WILL = TelnetCommand.WILL;
    private static final int WONT = TelnetCommand.WONT;
    private static final int DO = TelnetCommand.DO;
    private static final int DONT = TelnetCommand.DONT;

    private final boolean server;
    private final int supported;
    private final SlcTable slc;
    private final boolean acceptForwardMask;
    private int mode;
    private int pending = -1;
    private boolean agreed;
    /** Client: the mask in use. Server: the mask we asked for, then the one the client uses. */
    private ForwardMask forwardMask;
    private boolean forwardMaskInUse;

    private Linemode(boolean server, int supported, SlcTable slc, boolean acceptForwardMask) {
        this.server = server;
        this.supported = supported & ALL_MODES;
        this.slc = slc;
        this.acceptForwardMask = acceptForwardMask;
    }

    /** The server's side: it may use every mode in {@code supportedModes}. */
    public static Linemode server(SlcTable slc, int supportedModes) {
        return new Linemode(true, supportedModes, slc, false);
    }

    /**
     * The client's side.
     *
     * @param supportedModes the mode bits it can honour (a request for others is countered)
     * @param acceptForwardMask whether it agrees to {@code DO FORWARDMASK}
     */
    public static Linemode client(SlcTable slc, int supportedModes, boolean acceptForwardMask) {
        return new Linemode(false, supportedModes, slc, acceptForwardMask);
    }

    /** True for the server's side. */
    public boolean isServer() {
        return server;
    }

    /** The mode in force, without MODE_ACK: 0 until a MODE has been agreed. */
    public int mode() {
        return mode;
    }

    /** True once the mode in force is known to be the peer's too (acknowledged either way). */
    public boolean isAgreed() {
        return agreed;
    }

    /** Our proposal waiting for its acknowledgement, or -1. */
    public int pendingMode() {
        return pending;
    }

    /** True if the mode in force has EDIT: the client edits lines locally. */
    public boolean isEditing() {
        return (mode & EDIT) != 0;
    }

    /** True if the mode in force has TRAPSIG: the client sends interrupt keys as commands. */
    public boolean trapsSignals() {
        return (mode & TRAPSIG) != 0;
    }

    /** The special characters. */
    public SlcTable slc() {
        return slc;
    }

    /**
     * The forward mask in use (the client agreed to it), or null. On the server's side, also null
     * while the client has not answered.
     */
    public ForwardMask forwardMask() {
        return forwardMaskInUse ? forwardMask : null;
    }

    /** Forgets the mode and the forward mask and restores the SLC table: LINEMODE was turned off. */
    public void reset() {
        mode = 0;
        pending = -1;
        agreed = false;
        forwardMask = null;
        forwardMaskInUse = false;
        slc.resetAll();
    }

    /**
     * Proposes a mode: the payload {@code MODE mask} to send. Bits we do not support are left out;
     * the mode takes effect when the peer acknowledges it (a proposal equal to the mode in force
     * is not answered, so none is awaited then).
     */
    public byte[] proposeMode(int newMode) {
        int m = newMode & supported;
        // The peer does not answer a MODE equal to the one in force: expect no acknowledgement.
        pending = m == mode ? -1 : m;
        return new byte[] {MODE, (byte) m};
    }

    /** Server: asks the client to forward lines early on the characters of {@code mask}. */
    public byte[] requestForwardMask(ForwardMask mask) {
        forwardMask = mask;
        forwardMaskInUse = false;
        byte[] m = mask.toBytes();
        byte[] p = new byte[m.length + 2];
        p[0] = (byte) DO;
        p[1] = FORWARDMASK;
        System.arraycopy(m, 0, p, 2, m.length);
        return p;
    }

    /** Server: asks the client to stop using the forward mask. */
    public byte[] cancelForwardMask() {
        forwardMask = null;
        forwardMaskInUse = false;
        return new byte[] {(byte) DONT, FORWARDMASK};
    }

    /**
     * Processes a received LINEMODE payload.
     *
     * @param buf the payload after the LINEMODE option byte
     * @return the payloads to send back, in order (often none)
     */
    public List<byte[]> receive(byte[] buf, int off, int len) {
        List<byte[]> out = new ArrayList<>(1);
        if (len < 1) {
            return out;
        }
        int cmd = buf[off] & 0xFF;
        switch (cmd) {
            case MODE:
                if (len >= 2) {
                    byte[] r = mode(buf[off + 1] & 0xFF);
                    if (r != null) {
                        out.add(r);
                    }
                }
                break;
            case SLC: {
                byte[] r = slc.receive(buf, off + 1, len - 1);
                if (r != null) {
                    out.add(r);
                }
                break;
            }
            case DO:
            case DONT:
            case WILL:
            case WONT:
                if (len >= 2 && buf[off + 1] == FORWARDMASK) {
                    byte[] r = forwardMask(cmd, buf, off + 2, len - 2);
                    if (r != null) {
                        out.add(r);
                    }
                }
                break;
            default:
                break; // unknown subcommand: nothing defined to say
        }
        return out;
    }

    private byte[] mode(int received) {
        int m = received & ALL_MODES;
        if ((received & MODE_ACK) != 0) {
            if (pending >= 0 && m == pending) {
                mode = m;
                pending = -1;
                agreed = true;
            } else if (server) {
                mode = m; // the client tells the mode it is in; never answered
                pending = -1;
                agreed = true;
            } else if (m == mode) {
                agreed = true;
            }
            return null;
        }
        if (m == mode && pending < 0) {
            return null;
        }
        pending = -1;
        int ok = m & supported;
        if (ok == m && (received & ~(ALL_MODES | MODE_ACK)) == 0) {
            mode = m;
            agreed = true;
            return new byte[] {MODE, (byte) (m | MODE_ACK)};
        }
        pending = ok; // a narrower counter-proposal
        return new byte[] {MODE, (byte) ok};
    }

    private byte[] forwardMask(int verb, byte[] buf, int off, int len) {
        if (server) {
            switch (verb) {
                case WILL:
                    forwardMaskInUse = forwardMask != null;
                    return null;
                case WONT:
                    forwardMask = null;
                    forwardMaskInUse = false;
                    return null;
                case DO:
                    return new byte[] {(byte) WONT, FORWARDMASK}; // only clients forward early
                default:
                    return null;
            }
        }
        switch (verb) {
            case DO:
                if (!acceptForwardMask) {
                    return new byte[] {(byte) WONT, FORWARDMASK};
                }
                forwardMask = ForwardMask.parse(buf, off, len);
                forwardMaskInUse = true;
                return new byte[] {(byte) WILL, FORWARDMASK};
            case DONT:
                if (forwardMaskInUse) {
                    forwardMask = null;
                    forwardMaskInUse = false;
                    return new byte[] {(byte) WONT, FORWARDMASK};
                }
                return null;
            default:
                return null; // WILL and WONT are answers; a server sends neither
        }
    }

    /**
     * What a typed character means under the mode in force: the telnet command to send instead
     * of it ({@link TelnetCommand#IP} for the IP character when TRAPSIG is set, and likewise BRK,
     * AO, AYT, ABORT, SUSP, EOR; EOF under TRAPSIG or EDIT), or -1 to treat it as data.
     */
    public int commandFor(int ch) {
        if (trapsSignals()) {
            int f = slc.functionOf(ch, Slc.IP, Slc.BRK, Slc.AO, Slc.AYT, Slc.ABORT, Slc.SUSP, Slc.EOR, Slc.EOF);
            switch (f) {
                case Slc.IP: return TelnetCommand.IP;
                case Slc.BRK: return TelnetCommand.BRK;
                case Slc.AO: return TelnetCommand.AO;
                case Slc.AYT: return TelnetCommand.AYT;
                case Slc.ABORT: return TelnetCommand.ABORT;
                case Slc.SUSP: return TelnetCommand.SUSP;
                case Slc.EOR: return TelnetCommand.EOR;
                case Slc.EOF: return TelnetCommand.EOF;
                default: return -1;
            }
        }
        if (isEditing() && slc.value(Slc.EOF) == ch) {
            return TelnetCommand.EOF;
        }
        return -1;
    }

    /** A mode mask as text, e.g. {@code EDIT|TRAPSIG|ACK}, or {@code 0}. */
    public static String describeMode(int mask) {
        StringBuilder b = new StringBuilder();
        String[] names = {"EDIT", "TRAPSIG", "ACK", "SOFT_TAB", "LIT_ECHO"};
        for (int i = 0; i < names.length; i++) {
            if ((mask & (1 << i)) != 0) {
                b.append(b.length() > 0 ? "|" : "").append(names[i]);
            }
        }
        return b.length() == 0 ? "0" : b.toString();
    }

    /** A LINEMODE payload as text, for logs: {@code MODE EDIT|ACK}, {@code SLC IP VALUE 3 ...}. */
    public static String describe(byte[] buf, int off, int len) {
        if (len < 1) {
            return "(empty)";
        }
        int cmd = buf[off] & 0xFF;
        switch (cmd) {
            case MODE:
                return "MODE " + (len > 1 ? describeMode(buf[off + 1] & 0xFF) : "?");
            case SLC:
                return "SLC " + Slc.describe(buf, off + 1, len - 1);
            case DO:
            case DONT:
            case WILL:
            case WONT:
                return TelnetCommand.name(cmd) + (len > 1 && buf[off + 1] == FORWARDMASK ? " FORWARDMASK" : " ?")
                    + (len > 2 ? " (" + (len - 2) + " bytes)" : "");
            default:
                return "unknown " + cmd;
        }
    }
}
