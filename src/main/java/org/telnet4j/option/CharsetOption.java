package org.telnet4j.option;

import java.nio.charset.Charset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetEngine;
import org.telnet4j.protocol.TelnetOption;

/**
 * CHARSET (RFC 2066) for one connection, on either side: the one owner of the option's exchange
 * for a server and for a client, on top of a {@link TelnetEngine}. Payloads are built and parsed
 * by {@link CharsetNegotiation}.
 *
 * <p>Either side may send a REQUEST once it said WILL CHARSET and heard DO, or the other way round
 * ({@link #request}); the other answers ACCEPTED with one of the names, or REJECTED. When both
 * REQUEST at once the server's wins (RFC 2066 section 3): the server answers the client's with
 * REJECTED, and the client answers the server's and drops its own. Translation tables are refused.
 *
 * <p>Which offered charset is accepted: the server takes the first one the JVM supports (the
 * client's order of preference); the client takes the first of its own accept list that the
 * server offered ({@link #choose}).
 *
 * <p>Not thread-safe: the engine's thread only.
 */
public final class CharsetOption {
    private static final Logger LOG = LoggerFactory.getLogger(CharsetOption.class);

    /** What the exchange decides. */
    public interface Listener {
        /** A charset was agreed: by our answer to the peer's REQUEST, or the peer's ACCEPTED. */
        void onCharset(Charset charset);

        /** The peer rejected our REQUEST. */
        default void onCharsetRejected() {
        }

        /** A REQUEST offered more than {@code max} names: only the first {@code max} were looked at. */
        default void onTooManyCharsets(int max) {
        }
    }

    private final Side side;
    private final TelnetEngine engine;
    private final List<String> accept;
    private final int maxOffers;
    private final Listener listener;
    private final String peer;
    private boolean outstanding;

    private CharsetOption(Side side, TelnetEngine engine, List<String> accept, int maxOffers, Listener listener,
        String peer) {
        this.side = side;
        this.engine = engine;
        this.accept = accept;
        this.maxOffers = maxOffers;
        this.listener = listener;
        this.peer = peer;
    }

    /**
     * The server's side: accepts the first offered charset the JVM knows.
     *
     * @param maxOffers names looked at in one REQUEST, at most
     * @param peer how log lines name the client
     */
    public static CharsetOption server(TelnetEngine engine, int maxOffers, Listener listener, String peer) {
        return new CharsetOption(Side.REMOTE, engine, null, maxOffers, listener, peer);
    }

    /**
     * The client's side: accepts the first of {@code accept} the server offers.
     *
     * @param accept charset names in order of preference
     * @param maxOffers names looked at in one REQUEST, at most
     */
    public static CharsetOption client(TelnetEngine engine, List<String> accept, int maxOffers, Listener listener) {
        return new CharsetOption(Side.LOCAL, engine, List.copyOf(accept), maxOffers, listener, "server");
    }

    /**
     * The charset to accept from {@code offered}: with {@code accept} null the first offered name
     * the JVM supports, otherwise the first name of {@code accept} that names the same charset as
     * an offered one (the offered spelling is returned). Null when none fits.
     */
    public static String choose(List<String> offered, List<String> accept) {
        if (accept == null) {
            return CharsetNegotiation.choose(offered);
        }
        for (String want : accept) {
            Charset w = CharsetNegotiation.lookup(want);
            for (String o : offered) {
                Charset c = CharsetNegotiation.lookup(o);
                if (c != null && c.equals(w)) {
                    return o;
                }
            }
        }
        return null;
    }

    /** Sends a REQUEST for {@code names}, most preferred first. */
    public void request(List<String> names) {
        outstanding = true;
        byte[] p = CharsetNegotiation.request(names);
        engine.sendSubnegotiation(TelnetOption.CHARSET, p, 0, p.length);
    }

    /** True while a REQUEST of ours waits for ACCEPTED or REJECTED. */
    public boolean isOutstanding() {
        return outstanding;
    }

    /** A CHARSET subnegotiation from the peer. */
    public void onSubnegotiation(byte[] buf, int off, int len) {
        if (len < 1) {
            return;
        }
        switch (buf[off]) {
            case CharsetNegotiation.ACCEPTED: {
                outstanding = false;
                String name = CharsetNegotiation.parseAccepted(buf, off, len);
                Charset cs = name == null ? null : CharsetNegotiation.lookup(name);
                if (cs == null) {
                    LOG.info("{} accepted charset '{}', which this JVM does not know; keeping the current one",
                        peer, name);
                } else {
                    listener.onCharset(cs);
                }
                break;
            }
            case CharsetNegotiation.REJECTED:
                if (outstanding) {
                    outstanding = false;
                    listener.onCharsetRejected();
                }
                break;
            case CharsetNegotiation.REQUEST:
                answerRequest(buf, off, len);
                break;
            case CharsetNegotiation.TTABLE_IS: {
                byte[] reply = CharsetNegotiation.ttableRejected();
                engine.sendSubnegotiation(TelnetOption.CHARSET, reply, 0, reply.length);
                break;
            }
            default:
                break;
        }
    }

    private void answerRequest(byte[] buf, int off, int len) {
        if (outstanding) {
            if (side == Side.REMOTE) {
                // RFC 2066: when both sides send REQUEST, the server's wins: the client must answer
                // ours, and the server answers the client's with REJECTED.
                byte[] no = CharsetNegotiation.rejected();
                engine.sendSubnegotiation(TelnetOption.CHARSET, no, 0, no.length);
                return;
            }
            outstanding = false; // the client's own request is void: the server answers it REJECTED
        }
        List<String> offered = CharsetNegotiation.parseRequest(buf, off, len, maxOffers);
        if (offered.size() == maxOffers && CharsetNegotiation.offerCount(buf, off, len) > maxOffers) {
            listener.onTooManyCharsets(maxOffers); // logged by the owner, rate-limited
        }
        String pick = choose(offered, accept);
        byte[] reply = pick == null ? CharsetNegotiation.rejected() : CharsetNegotiation.accepted(pick);
        engine.sendSubnegotiation(TelnetOption.CHARSET, reply, 0, reply.length);
        if (pick != null) {
            listener.onCharset(CharsetNegotiation.lookup(pick));
        } else {
            LOG.debug("{}: none of the offered charsets fits: {}", peer, offered);
        }
    }
}
