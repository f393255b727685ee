package org.telnet4j.option.linemode;

import java.io.ByteArrayOutputStream;

/**
 * One side's table of special characters (RFC 1184 section 2.4) and the exchange that makes
 * both sides' tables agree (section 5, "Setting of Local Characters" and the SLC state diagram).
 *
 * <p>For each function the table keeps what this side can do (its <em>capability</em>: the level
 * and character it starts with) and what is in force now. Capabilities:
 * <ul>
 * <li>{@link Slc#VALUE}: we have a character and accept any other the peer asks for;</li>
 * <li>{@link Slc#CANTCHANGE}: we have a character and cannot use another;</li>
 * <li>{@link Slc#DEFAULT}: we have no character of our own and take the peer's;</li>
 * <li>{@link Slc#NOSUPPORT}: we do not do this function at all.</li>
 * </ul>
 *
 * <p>How a received triplet {@code (function, modifier, value)} is answered:
 * <ul>
 * <li>With {@link Slc#ACK} set it is never answered: it confirms a change. The client takes
 * the level and character the server acknowledges (when changes cross, the server's word
 * wins); the server ignores acknowledgements, since every change of its own setting has
 * already been sent to the client.</li>
 * <li>The same level and character as in force (any character, for NOSUPPORT): no change, no
 * answer.</li>
 * <li>Level DEFAULT: the function goes back to our starting setting (NOSUPPORT if we have no
 * character of our own), and we send that setting.</li>
 * <li>Level NOSUPPORT: the function is switched off and acknowledged.</li>
 * <li>Level VALUE or CANTCHANGE: if we can change (capability VALUE or DEFAULT) we take the
 * level and character and acknowledge them; if our character is fixed we answer with it at
 * level CANTCHANGE, except that two fixed, different characters give NOSUPPORT; if we do not
 * support the function we answer NOSUPPORT.</li>
 * <li>Function 0 with level DEFAULT: every function goes back to its starting setting and the
 * whole table is sent; with level VALUE: the table in force is sent.</li>
 * <li>A function above {@link Slc#NSLC}: answered NOSUPPORT (unless it was NOSUPPORT).</li>
 * </ul>
 * Every answer is either an acknowledgement, which the peer never answers, or a setting of ours
 * that the peer takes and acknowledges, so two tables converge in at most two round trips per
 * function and the exchange stops. The answers to one subnegotiation go out together in one
 * subnegotiation; nothing is sent when there is nothing to say. As a guard against a peer that
 * breaks these rules, at most {@link #MAX_ANSWERS} triplets are ever sent in answer.
 *
 * <p>Not thread-safe; one per connection.
 */
public final class SlcTable {
    /** The most triplets sent in answer over a connection's life; then answers stop. */
    public static final int MAX_ANSWERS = 10_000;

    private static final int FLUSH = Slc.FLUSHIN | Slc.FLUSHOUT;

    private final boolean server;
    /** Capability level (no flags), starting flags and starting character per function. */
    private final int[] capLevel = new int[Slc.NSLC + 1];
    private final int[] defFlags = new int[Slc.NSLC + 1];
    private final int[] defValue = new int[Slc.NSLC + 1];
    /** In force: level plus flush flags (never ACK), and character. */
    private final int[] curModifier = new int[Slc.NSLC + 1];
    private final int[] curValue = new int[Slc.NSLC + 1];
    private int answers;
    private int changes;

    /**
     * An empty table (every function NOSUPPORT).
     *
     * @param server true on the server's side: only the client defers to the other side's
     *               character when two changes cross
     */
    public SlcTable(boolean server) {
        this.server = server;
    }

    /**
     * The table BSD telnet and telnetd start with (the 4.4BSD terminal defaults): EOF ^D, EC DEL,
     * EL ^U, IP ^C (flush in and out), ABORT ^\ (flush in and out), XON ^Q, XOFF ^S, EW ^W,
     * RP ^R, LNEXT ^V, AO ^O (flush out), SUSP ^Z (flush in), AYT ^T, all changeable (VALUE);
     * SYNCH, BRK and EOR with no character of their own (DEFAULT); the rest NOSUPPORT.
     */
    public static SlcTable bsd(boolean server) {
        SlcTable t = new SlcTable(server);
        t.define(Slc.EOF, Slc.VALUE, 0x04, 0);
        t.define(Slc.EC, Slc.VALUE, 0x7F, 0);
        t.define(Slc.EL, Slc.VALUE, 0x15, 0);
        t.define(Slc.IP, Slc.VALUE, 0x03, Slc.FLUSHIN | Slc.FLUSHOUT);
        t.define(Slc.ABORT, Slc.VALUE, 0x1C, Slc.FLUSHIN | Slc.FLUSHOUT);
        t.define(Slc.XON, Slc.VALUE, 0x11, 0);
        t.define(Slc.XOFF, Slc.VALUE, 0x13, 0);
        t.define(Slc.EW, Slc.VALUE, 0x17, 0);
        t.define(Slc.RP, Slc.VALUE, 0x12, 0);
        t.define(Slc.LNEXT, Slc.VALUE, 0x16, 0);
        t.define(Slc.AO, Slc.VALUE, 0x0F, Slc.FLUSHOUT);
        t.define(Slc.SUSP, Slc.VALUE, 0x1A, Slc.FLUSHIN);
        t.define(Slc.AYT, Slc.VALUE, 0x14, 0);
        t.define(Slc.SYNCH, Slc.DEFAULT, 0, 0);
        t.define(Slc.BRK, Slc.DEFAULT, 0, 0);
        t.define(Slc.EOR, Slc.DEFAULT, 0, 0);
        return t;
    }

    /**
     * Sets what this side can do for a function, and puts that in force. Call before the exchange
     * starts (or follow it with {@link #tablePayload()}).
     *
     * @param level      capability: NOSUPPORT, CANTCHANGE, VALUE or DEFAULT
     * @param value      our character (ignored for NOSUPPORT and DEFAULT)
     * @param flushFlags {@link Slc#FLUSHIN} and/or {@link Slc#FLUSHOUT}
     * @return this table
     */
    public SlcTable define(int function, int level, int value, int flushFlags) {
        checkFunction(function);
        if ((level & ~Slc.LEVELBITS) != 0 || (flushFlags & ~FLUSH) != 0 || value < 0 || value > 255) {
            throw new IllegalArgumentException("bad SLC definition " + level + "/" + flushFlags + "/" + value);
        }
        capLevel[function] = level;
        defFlags[function] = flushFlags;
        defValue[function] = level == Slc.CANTCHANGE || level == Slc.VALUE ? value : 0;
        reset(function);
        return this;
    }

    /** Level in force for a function (NOSUPPORT, CANTCHANGE or VALUE). */
    public int level(int function) {
        return function >= 1 && function <= Slc.NSLC ? curModifier[function] & Slc.LEVELBITS : Slc.NOSUPPORT;
    }

    /** Flush flags in force for a function. */
    public int flags(int function) {
        return function >= 1 && function <= Slc.NSLC ? curModifier[function] & FLUSH : 0;
    }

    /** The character in force for a function, or -1 when it is NOSUPPORT. */
    public int value(int function) {
        return level(function) == Slc.NOSUPPORT ? -1 : curValue[function];
    }

    /**
     * The function that character {@code ch} stands for among {@code functions}, in the order
     * given, or -1 when it is none of them.
     */
    public int functionOf(int ch, int... functions) {
        for (int f : functions) {
            if (value(f) == ch) {
                return f;
            }
        }
        return -1;
    }

    /** How many times something in force has changed; lets callers see that an exchange changed it. */
    public int changes() {
        return changes;
    }

    /** Puts every function back to what this side started with. */
    public void resetAll() {
        for (int f = 1; f <= Slc.NSLC; f++) {
            reset(f);
        }
    }

    /**
     * The payload that sends our table ({@code SLC} and a triplet for each of the 30 functions,
     * with what is in force, NOSUPPORT included), as at the start of LINEMODE or in answer to
     * {@code 0 VALUE 0}. Sending every function, not only those we do, lets a peer that asked for
     * our table switch off what we lack, so both tables end up the same.
     */
    public byte[] tablePayload() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Linemode.SLC);
        appendTable(out);
        return out.toByteArray();
    }

    /** {@code SLC 0 DEFAULT 0}: asks the peer to go back to its defaults and send its table. */
    public static byte[] defaultRequest() {
        return new byte[] {Linemode.SLC, 0, Slc.DEFAULT, 0};
    }

    /** {@code SLC 0 VALUE 0}: asks the peer for the table it has in force. */
    public static byte[] valueRequest() {
        return new byte[] {Linemode.SLC, 0, Slc.VALUE, 0};
    }

    /**
     * Changes our character for a function, as when the user remaps a key, and returns the
     * payload that tells the peer, or null if our capability does not allow it.
     */
    public byte[] change(int function, int value) {
        checkFunction(function);
        if (capLevel[function] != Slc.VALUE && capLevel[function] != Slc.DEFAULT || value < 0 || value > 255) {
            return null;
        }
        int mod = Slc.VALUE | defFlags[function];
        set(function, mod, value);
        return new byte[] {Linemode.SLC, (byte) function, (byte) mod, (byte) value};
    }

    /**
     * Processes the triplets of a received SLC subnegotiation.
     *
     * @param buf the payload after the SLC byte; a trailing partial triplet is ignored
     * @return the answer payload (starting with the SLC byte), or null when nothing is to be sent
     */
    public byte[] receive(byte[] buf, int off, int len) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Linemode.SLC);
        for (int i = off; i + 2 < off + len; i += 3) {
            triplet(buf[i] & 0xFF, buf[i + 1] & 0xFF, buf[i + 2] & 0xFF, out);
        }
        int sent = (out.size() - 1) / 3;
        if (sent == 0 || answers >= MAX_ANSWERS) {
            return null;
        }
        answers += sent;
        return out.toByteArray();
    }

    private void triplet(int function, int modifier, int value, ByteArrayOutputStream out) {
        int level = modifier & Slc.LEVELBITS;
        boolean ack = (modifier & Slc.ACK) != 0;
        int flags = modifier & FLUSH;
        if (function == 0) {
            if (!ack && level == Slc.DEFAULT) {
                resetAll();
                appendTable(out);
            } else if (!ack && level == Slc.VALUE) {
                appendTable(out);
            }
            return;
        }
        if (function > Slc.NSLC) {
            if (!ack && level != Slc.NOSUPPORT) {
                add(out, function, Slc.NOSUPPORT, 0);
            }
            return;
        }
        int curLevel = curModifier[function] & Slc.LEVELBITS;
        if (ack) {
            // An acknowledgement is never answered. It tells what the sender now has in force:
            // the client takes the server's (when changes cross, the server's word wins); the
            // server keeps its own, which its last message to the client has already stated.
            if (!server && level != Slc.DEFAULT) {
                set(function, level | flags, value);
            }
            return;
        }
        if (level == curLevel && (level == Slc.NOSUPPORT || value == curValue[function])) {
            return; // nothing changes
        }
        switch (level) {
            case Slc.DEFAULT:
                reset(function);
                add(out, function, curModifier[function], curValue[function]);
                break;
            case Slc.NOSUPPORT:
                set(function, Slc.NOSUPPORT, 0);
                add(out, function, Slc.NOSUPPORT | Slc.ACK, 0);
                break;
            default: // VALUE or CANTCHANGE
                switch (capLevel[function]) {
                    case Slc.VALUE:
                    case Slc.DEFAULT:
                        set(function, level | flags, value);
                        add(out, function, level | flags | Slc.ACK, value);
                        break;
                    case Slc.CANTCHANGE:
                        if (level == Slc.CANTCHANGE) {
                            set(function, Slc.NOSUPPORT, 0); // two fixed, different characters
                        } else {
                            set(function, Slc.CANTCHANGE | defFlags[function], defValue[function]);
                        }
                        add(out, function, curModifier[function], curValue[function]);
                        break;
                    default:
                        set(function, Slc.NOSUPPORT, 0);
                        add(out, function, Slc.NOSUPPORT, 0);
                        break;
                }
                break;
        }
    }

    private void appendTable(ByteArrayOutputStream out) {
        for (int f = 1; f <= Slc.NSLC; f++) {
            add(out, f, curModifier[f], curValue[f]);
        }
    }

    private static void add(ByteArrayOutputStream out, int function, int modifier, int value) {
        out.write(function);
        out.write(modifier);
        out.write(value);
    }

    private void reset(int f) {
        int cap = capLevel[f];
        if (cap == Slc.VALUE || cap == Slc.CANTCHANGE) {
            set(f, cap | defFlags[f], defValue[f]);
        } else {
            set(f, Slc.NOSUPPORT, 0);
        }
    }

    private void set(int f, int modifier, int value) {
        int mod = modifier & (Slc.LEVELBITS | FLUSH);
        int v = (mod & Slc.LEVELBITS) == Slc.NOSUPPORT ? 0 : value;
        if (curModifier[f] != mod || curValue[f] != v) {
            curModifier[f] = mod;
            curValue[f] = v;
            changes++;
        }
    }

    private static void checkFunction(int function) {
        if (function < 1 || function > Slc.NSLC) {
            throw new IllegalArgumentException("SLC function must be 1.." + Slc.NSLC + ", was " + function);
        }
    }

    @Override
    public String toString() {
        byte[] p = tablePayload();
        return "SlcTable[" + Slc.describe(p, 1, p.length - 1) + "]";
    }
}
