package org.telnet4j.option;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetEngine;
import org.telnet4j.protocol.TelnetOption;

/**
 * NEW-ENVIRON (RFC 1572) and the old ENVIRON it obsoletes (RFC 1408), for one connection, on either
 * side: the one owner of the exchange for a server and for a client, on top of a
 * {@link TelnetEngine}. Payloads are built and parsed by {@link Environ}.
 *
 * <ul>
 * <li>{@link #server}: asks (SEND) for the variables it wants, in frames of at most
 *     {@link Environ#MAX_REQUEST_PAYLOAD} bytes, the next sent when the previous is answered; takes
 *     IS replies only as answers to a SEND, INFO at any time; reports each reply's variables.
 * <li>{@link #client}: answers SEND with the allow-listed variables only; what was asked for and
 *     is not allowed is answered as undefined.
 * </ul>
 *
 * <p>Old ENVIRON: BSD-derived implementations swap the codes of VAR and VALUE. RFC 1571 section 3
 * gives both sides a test: the server looks at the first reply, the client at a SEND; from then on
 * that peer's payloads are read, and ours written, with the codes swapped back.
 *
 * <p>Not thread-safe: the engine's thread only.
 */
public final class EnvironOption {
    /** What the server's side reports. */
    public interface Listener {
        /** A reply (IS or INFO) with its variables; a VAR without VALUE maps to null (undefined). */
        void onVariables(Map<String, String> variables);

        /** An IS nobody asked for was dropped (RFC 1572: IS answers a SEND). */
        default void onUnaskedEnvironment() {
        }

        /** Old ENVIRON: the peer's VAR and VALUE codes were found reversed (RFC 1571). */
        default void onEnvironReversed() {
        }
    }

    private final Side side;
    private final TelnetEngine engine;
    private final Listener listener;
    private final List<String> request;
    private final Map<String, String> allowed;
    private ArrayDeque<byte[]> frames;
    private int option = TelnetOption.NEW_ENVIRON;
    private int outstanding;
    private boolean reversed;
    private boolean decided;

    private EnvironOption(Side side, TelnetEngine engine, Listener listener, List<String> request,
        Map<String, String> allowed) {
        this.side = side;
        this.engine = engine;
        this.listener = listener;
        this.request = request;
        this.allowed = allowed;
    }

    /**
     * The server's side: the client sends its environment.
     *
     * @param request the variable names to ask for (every other VAR and USERVAR is asked too)
     */
    public static EnvironOption server(TelnetEngine engine, List<String> request, Listener listener) {
        return new EnvironOption(Side.REMOTE, engine, listener, List.copyOf(request), null);
    }

    /**
     * The client's side: answers the server's SEND.
     *
     * @param allowed the variables that may be disclosed, with their values
     */
    public static EnvironOption client(TelnetEngine engine, Map<String, String> allowed) {
        return new EnvironOption(Side.LOCAL, engine, null, null, allowed);
    }

    /** Server: the client agreed to {@code option} (NEW-ENVIRON or ENVIRON): the first SEND goes. */
    public void start(int option) {
        this.option = option;
        frames = new ArrayDeque<>(Environ.sendRequests(request, true));
        sendNextFrame();
    }

    /** Server: true while a SEND of ours waits for its IS. */
    public boolean isOutstanding() {
        return outstanding > 0;
    }

    /** A NEW-ENVIRON or ENVIRON subnegotiation from the peer. */
    public void onSubnegotiation(int option, byte[] buf, int off, int len) {
        if (len < 1) {
            return;
        }
        if (side == Side.LOCAL) {
            if (buf[off] == Environ.SEND && engine.isLocalEnabled(option)) {
                answer(option, buf, off, len);
            }
            return;
        }
        if (buf[off] != Environ.IS && buf[off] != Environ.INFO) {
            return; // a SEND from a client: servers have nothing to disclose
        }
        if (option == TelnetOption.ENVIRON) {
            if (!decided) {
                decided = true;
                reversed = Environ.replyIsReversed(buf, off, len);
                if (reversed) {
                    listener.onEnvironReversed();
                }
            }
            if (reversed) {
                byte[] fixed = Environ.swapVarValue(buf, off, len);
                reply(fixed, 0, fixed.length);
                return;
            }
        }
        reply(buf, off, len);
    }

    private void reply(byte[] buf, int off, int len) {
        if (buf[off] == Environ.IS) {
            if (outstanding == 0) {
                listener.onUnaskedEnvironment();
                return;
            }
            outstanding--;
            sendNextFrame();
        }
        listener.onVariables(Environ.parseReply(buf, off, len));
    }

    private void sendNextFrame() {
        byte[] frame = frames == null ? null : frames.poll();
        if (frame != null) {
            outstanding++;
            engine.sendSubnegotiation(option, frame, 0, frame.length);
        }
    }

    /**
     * Client: answers a SEND with the allow-listed variables. For old ENVIRON, RFC 1571's client
     * rule: a SEND with VALUE codes and no VAR comes from a server using BSD's reversed codes.
     */
    private void answer(int option, byte[] buf, int off, int len) {
        byte[] p = buf;
        int o = off;
        if (option == TelnetOption.ENVIRON) {
            if (Environ.sendIsReversed(buf, off, len)) {
                reversed = true;
            }
            if (reversed) {
                p = Environ.swapVarValue(buf, off, len);
                o = 0;
            }
        }
        List<Environ.Request> asked = Environ.parseSendTyped(p, o, len);
        boolean all = asked.isEmpty();
        for (Environ.Request r : asked) {
            all |= r.name().isEmpty() && r.type() == Environ.VAR;
        }
        Map<String, String> reply = new LinkedHashMap<>();
        Set<String> user = new HashSet<>();
        if (all) {
            reply.putAll(allowed); // RFC 1572: an empty SEND asks for everything
        }
        for (Environ.Request r : asked) {
            if (r.name().isEmpty()) {
                continue;
            }
            // Only allow-listed values are disclosed; anything else asked for is "undefined".
            reply.put(r.name(), allowed.get(r.name()));
            if (r.type() == Environ.USERVAR) {
                user.add(r.name()); // answered with the type it was asked by (RFC 1572)
            }
        }
        byte[] out = Environ.reply(Environ.IS, reply, user);
        if (option == TelnetOption.ENVIRON && reversed) {
            out = Environ.swapVarValue(out, 0, out.length);
        }
        engine.sendSubnegotiation(option, out, 0, out.length);
    }
}
