package org.telnet4j.option;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetEngine;
import org.telnet4j.protocol.TelnetOption;

/**
 * TERMINAL-TYPE (RFC 930, RFC 1091) with MTTS for one connection, on either side: the one owner of
 * the exchange for a server and for a client, on top of a {@link TelnetEngine}.
 *
 * <ul>
 * <li>{@link #server}: the asking side. Sends SEND, takes each IS into a {@link TerminalType} cycle
 *     and asks again until the cycle ends (a repeat, a wrap to the first name, an MTTS third reply,
 *     or {@link TerminalType#MAX_REPLIES}). An IS that answers no SEND is ignored (RFC 1091: IS
 *     answers a SEND; unasked ones would let a client grow the list at will).
 * <li>{@link #client}: the answering side. Each SEND gets the next configured name; the last is
 *     repeated to end the list, and a SEND after that starts over from the first (RFC 1091).
 * </ul>
 *
 * <p>Not thread-safe: the engine's thread only.
 */
public final class TerminalTypeOption {
    /** What the asking side reports. */
    public interface Listener {
        /** A name arrived; {@code cycle} holds every name so far. */
        void onTypeReply(TerminalType cycle);

        /** The cycle just ended with at least one name. */
        default void onTypeCycleEnd(TerminalType cycle) {
        }

        /** The last name was longer than the maximum and was cut. */
        default void onTypeTruncated() {
        }

        /** An IS that answered no SEND was ignored. */
        default void onUnaskedType() {
        }
    }

    // One per connection, so nothing is kept twice: the side is whether there are names to give
    // (the client's), the longest name kept is the cycle's (the server's). 32 bytes, not 40.
    private final TelnetEngine engine;
    private final Listener listener;
    /** Client: the names to give. Null on the server's side. */
    private final List<String> names;
    /** Server: the cycle so far. Null on the client's side. */
    private TerminalType cycle;
    /** Server: SENDs without an IS yet. Client: the next name's index. */
    private int count;

    private TerminalTypeOption(TelnetEngine engine, Listener listener, TerminalType cycle, List<String> names) {
        this.engine = engine;
        this.listener = listener;
        this.cycle = cycle;
        this.names = names;
    }

    /**
     * The server's side: the client names its terminal.
     *
     * @param maxLength longest name kept, in bytes
     */
    public static TerminalTypeOption server(TelnetEngine engine, int maxLength, Listener listener) {
        return new TerminalTypeOption(engine, listener, new TerminalType(maxLength), null);
    }

    /**
     * The client's side: answers with {@code names} in turn.
     *
     * @param names the names to give (none: SENDs go unanswered)
     */
    public static TerminalTypeOption client(TelnetEngine engine, List<String> names) {
        return new TerminalTypeOption(engine, null, null, List.copyOf(names));
    }

    /** Server: the cycle so far. */
    public TerminalType cycle() {
        return cycle;
    }

    /** Server: sends SEND and counts it as outstanding. */
    public void ask() {
        count++;
        engine.sendSubnegotiation(TelnetOption.TTYPE, TerminalType.sendPayload(), 0, 1);
    }

    /** Server: starts a new cycle, asking now if TTYPE is agreed, else with {@code DO TTYPE}. */
    public void restart() {
        cycle = new TerminalType(cycle.maxLength());
        if (engine.isRemoteEnabled(TelnetOption.TTYPE)) {
            ask();
        } else {
            engine.enable(Side.REMOTE, TelnetOption.TTYPE);
        }
    }

    /** A TTYPE subnegotiation from the peer. */
    public void onSubnegotiation(byte[] buf, int off, int len) {
        if (names != null) { // the client's side
            if (len > 0 && buf[off] == TerminalType.SEND) {
                answer();
            }
            return;
        }
        if (count == 0) {
            listener.onUnaskedType();
            return;
        }
        count--;
        boolean wasDone = cycle.isDone();
        boolean more = cycle.onReply(buf, off, len);
        if (cycle.wasTruncated()) {
            listener.onTypeTruncated();
        }
        if (cycle.hasReply()) {
            listener.onTypeReply(cycle);
        }
        if (more) {
            ask();
        } else if (!wasDone && cycle.isDone() && cycle.hasReply()) {
            listener.onTypeCycleEnd(cycle);
        }
    }

    private void answer() {
        if (names.isEmpty()) {
            return;
        }
        String name;
        if (count < names.size()) {
            name = names.get(count++);
        } else {
            name = names.get(names.size() - 1);
            count = 0;
        }
        byte[] v = name.getBytes(StandardCharsets.ISO_8859_1);
        byte[] p = new byte[v.length + 1];
        p[0] = TerminalType.IS;
        System.arraycopy(v, 0, p, 1, v.length);
        engine.sendSubnegotiation(TelnetOption.TTYPE, p, 0, p.length);
    }
}
