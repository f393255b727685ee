package org.telnet4j.option;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.telnet4j.protocol.OptionNegotiator;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetCommand;

/**
 * STATUS (RFC 859): {@code SB STATUS SEND} asks the peer how it sees the options, and
 * {@code SB STATUS IS ...} is the answer, a list of {@code WILL option} (enabled on the sender's
 * side) and {@code DO option} (enabled on the receiver's side) pairs. Options left out are in their
 * default state, off. Inside IS, the byte SE (240) stands for itself only when doubled (SE SE);
 * IAC doubling is the encoder's job, as in every subnegotiation. An IS may also carry
 * {@code SB option ... SE} blocks for options with parameters: we read past them and do not send
 * any.
 *
 * <p>Only the side that said DO STATUS may send SEND, and only the side that said WILL STATUS may
 * send IS (RFC 859 section 5).
 */
public final class Status {
    /** The IS command. */
    public static final int IS = 0;
    /** The SEND command. */
    public static final int SEND = 1;

    private static final byte[] SEND_PAYLOAD = {SEND};

    private Status() {
    }

    /** The payload of {@code SB STATUS SEND}. */
    public static byte[] sendPayload() {
        return SEND_PAYLOAD.clone();
    }

    /**
     * The IS payload describing the negotiated state: {@code WILL o} for every option enabled on
     * our side, {@code DO o} for every option enabled on the peer's, in option order, option 240
     * written as SE SE.
     */
    public static byte[] isPayload(OptionNegotiator options) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(16);
        b.write(IS);
        for (int o = 0; o < 256; o++) {
            if (options.isLocalEnabled(o)) {
                b.write(TelnetCommand.WILL);
                writeOption(b, o);
            }
            if (options.isRemoteEnabled(o)) {
                b.write(TelnetCommand.DO);
                writeOption(b, o);
            }
        }
        return b.toByteArray();
    }

    private static void writeOption(ByteArrayOutputStream b, int o) {
        b.write(o);
        if (o == TelnetCommand.SE) {
            b.write(o);
        }
    }

    /**
     * Reads an IS payload (command byte included).
     *
     * @return what the sender reported, or null if the payload is not IS
     */
    public static Report parse(byte[] buf, int off, int len) {
        if (len < 1 || buf[off] != IS) {
            return null;
        }
        BitSet senderWill = new BitSet(256);
        BitSet senderDo = new BitSet(256);
        int end = off + len;
        int i = off + 1;
        while (i < end) {
            int verb = buf[i++] & 0xFF;
            if (verb == TelnetCommand.SB) {
                i = skipBlock(buf, i, end);
                continue;
            }
            if (i >= end) {
                break;
            }
            int opt = buf[i++] & 0xFF;
            if (opt == TelnetCommand.SE && i < end && (buf[i] & 0xFF) == TelnetCommand.SE) {
                i++; // SE SE: option 240
            }
            switch (verb) {
                case TelnetCommand.WILL: senderWill.set(opt); break;
                case TelnetCommand.WONT: senderWill.clear(opt); break;
                case TelnetCommand.DO: senderDo.set(opt); break;
                case TelnetCommand.DONT: senderDo.clear(opt); break;
                default: break; // not a verb: skip the pair
            }
        }
        return new Report(senderWill, senderDo);
    }

    /** Skips {@code option params... SE}; a doubled SE is a parameter byte. */
    private static int skipBlock(byte[] buf, int i, int end) {
        while (i < end) {
            int b = buf[i++] & 0xFF;
            if (b == TelnetCommand.SE) {
                if (i < end && (buf[i] & 0xFF) == TelnetCommand.SE) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return i;
    }

    /** One option the peer sees differently from us. */
    public record Difference(Side side, int option, boolean ours, boolean theirs) {
        @Override
        public String toString() {
            return side + " " + org.telnet4j.protocol.TelnetOption.name(option)
                + " ours=" + (ours ? "on" : "off") + " theirs=" + (theirs ? "on" : "off");
        }
    }

    /** A peer's IS: which options it says are enabled on its side and on ours. */
    public static final class Report {
        private final BitSet senderWill;
        private final BitSet senderDo;

        Report(BitSet senderWill, BitSet senderDo) {
            this.senderWill = senderWill;
            this.senderDo = senderDo;
        }

        /** True if the sender says the option is enabled on its own side (it WILL). */
        public boolean senderWill(int option) {
            return senderWill.get(option);
        }

        /** True if the sender says the option is enabled on the receiver's side (it DOes). */
        public boolean senderDo(int option) {
            return senderDo.get(option);
        }

        /**
         * Compares with our state, the sender being the peer: its WILL is our REMOTE side, its
         * DO our LOCAL side. Options we are still negotiating (RFC 1143 WANTYES or WANTNO) are
         * left out, since either view may be right for a moment.
         */
        public List<Difference> compare(OptionNegotiator ours) {
            List<Difference> out = new ArrayList<>();
            for (int o = 0; o < 256; o++) {
                add(out, ours, Side.LOCAL, o, senderDo.get(o));
                add(out, ours, Side.REMOTE, o, senderWill.get(o));
            }
            return out;
        }

        private static void add(List<Difference> out, OptionNegotiator ours, Side side, int o, boolean theirs) {
            if (ours.isPending(side, o)) {
                return;
            }
            boolean mine = ours.isEnabled(side, o);
            if (mine != theirs) {
                out.add(new Difference(side, o, mine, theirs));
            }
        }
    }
}
