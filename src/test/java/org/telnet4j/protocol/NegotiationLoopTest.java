package org.telnet4j.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Negotiation between two {@link TelnetEngine}s wired back to back, and against hostile peers:
 * every exchange must stop by itself, both ends must agree on every option afterwards, and a peer
 * that never stops asking can only get a bounded number of replies out of us.
 */
class NegotiationLoopTest {

    /** The options the random tests fight over: a few, so that requests collide often. */
    private static final int[] HOT = {TelnetOption.BINARY, TelnetOption.ECHO, TelnetOption.SGA, TelnetOption.TM,
        TelnetOption.TTYPE, TelnetOption.NAWS, TelnetOption.CHARSET, TelnetOption.GMCP, 255};

    // --- two engines back to back ---

    @Test
    void bothSidesAskingForTheSameThingAtOnceSettleWithoutReplies() {
        Link link = new Link(acceptAll(), acceptAll());
        int[] options = {TelnetOption.ECHO, TelnetOption.SGA, TelnetOption.NAWS, TelnetOption.GMCP, 200, 255};
        for (int o : options) {
            // A's WILL crosses B's DO, and A's DO crosses B's WILL.
            assertTrue(link.a.engine.enable(Side.LOCAL, o));
            assertTrue(link.b.engine.enable(Side.REMOTE, o));
            assertTrue(link.a.engine.enable(Side.REMOTE, o));
            assertTrue(link.b.engine.enable(Side.LOCAL, o));
        }
        int bytes = link.pump(new Random(1), 100_000);
        // Each request is its own answer: three bytes per option, side and direction, and no more.
        assertEquals(options.length * 2 * 3 * 2, bytes);
        for (int o : options) {
            assertTrue(link.a.engine.isLocalEnabled(o) && link.a.engine.isRemoteEnabled(o));
            assertTrue(link.b.engine.isLocalEnabled(o) && link.b.engine.isRemoteEnabled(o));
        }
        link.assertAgreement();
        assertEquals(options.length * 2, link.a.count(NegotiationEvent.ENABLED));
        assertEquals(options.length * 2, link.b.count(NegotiationEvent.ENABLED));

        // And both turning everything off at once.
        for (int o : options) {
            assertTrue(link.a.engine.disable(Side.LOCAL, o));
            assertTrue(link.b.engine.disable(Side.REMOTE, o));
            assertTrue(link.a.engine.disable(Side.REMOTE, o));
            assertTrue(link.b.engine.disable(Side.LOCAL, o));
        }
        assertEquals(options.length * 2 * 3 * 2, link.pump(new Random(2), 100_000));
        for (int o : options) {
            assertFalse(link.a.engine.isLocalEnabled(o) || link.a.engine.isRemoteEnabled(o));
        }
        link.assertAgreement();
        link.assertNoViolations();
    }

    @Test
    void bothSidesChangingTheirMindsMidFlightStillAgree() {
        Link link = new Link(acceptAll(), acceptAll());
        int o = TelnetOption.NAWS;
        link.a.engine.enable(Side.LOCAL, o);
        link.pump(new Random(3), 1000);
        assertTrue(link.a.engine.isLocalEnabled(o));
        // Both ask to turn it off and, before any answer, on again (a queued request each).
        assertTrue(link.a.engine.disable(Side.LOCAL, o));
        assertTrue(link.a.engine.enable(Side.LOCAL, o));
        assertTrue(link.b.engine.disable(Side.REMOTE, o));
        assertTrue(link.b.engine.enable(Side.REMOTE, o));
        assertTrue(link.a.engine.options().isQueued(Side.LOCAL, o));
        int bytes = link.pump(new Random(4), 1000);
        assertTrue(bytes <= 4 * 3, "took " + bytes + " bytes");
        link.assertAgreement();
        assertTrue(link.a.engine.isLocalEnabled(o), "both last asked for YES");
        link.assertNoViolations();
    }

    @Test
    void randomConcurrentRequestsAlwaysTerminateAndAgree() {
        for (boolean lenient : new boolean[] {false, true}) {
            for (int seed = 1; seed <= 40; seed++) {
                Random rnd = new Random(seed);
                Link link = new Link(acceptAll(), acceptAll());
                for (Peer p : link.peers()) {
                    p.engine.options().setLenient(lenient);
                    // A cooperative peer may legitimately make thousands of requests here.
                    p.engine.options().setMaxPeerRequests(Integer.MAX_VALUE);
                }
                int actions = 0;
                for (int step = 0; step < 3000; step++) {
                    if (rnd.nextInt(10) < 6) {
                        Peer p = rnd.nextBoolean() ? link.a : link.b;
                        Side side = rnd.nextBoolean() ? Side.LOCAL : Side.REMOTE;
                        int o = rnd.nextInt(8) == 0 ? rnd.nextInt(256) : HOT[rnd.nextInt(HOT.length)];
                        boolean sent = rnd.nextBoolean() ? p.engine.enable(side, o) : p.engine.disable(side, o);
                        if (sent) {
                            actions++;
                        }
                    } else {
                        link.deliverSome(rnd);
                    }
                }
                int inFlight = link.a.out.size() + link.b.out.size();
                // Once nobody acts any more, every option side settles within a few messages.
                int bytes = link.pump(rnd, inFlight + 4 * 3 * 512);
                String where = "seed " + seed + (lenient ? " lenient" : "");
                assertTrue(bytes >= inFlight, where);
                link.assertAgreement();
                link.assertNoViolations();
                // Over the whole run, no request set off more than a few messages.
                int total = link.a.sentBytes + link.b.sentBytes;
                assertTrue(total <= 3 * 3 * actions, where + ": " + total + " bytes for " + actions + " requests");
            }
        }
    }

    // --- hostile peers ---

    @Test
    void aPeerThatAnswersEveryRequestWithItsOppositeIsCutOffByTheRequestLimit() {
        for (boolean lenient : new boolean[] {false, true}) {
            int limit = 50;
            Peer us = new Peer(acceptAll());
            us.engine.options().setLenient(lenient);
            us.engine.options().setMaxPeerRequests(limit);
            Contrarian them = new Contrarian();
            for (int o = 0; o < 10; o++) {
                them.ask(TelnetCommand.WILL, o);
                them.ask(TelnetCommand.DO, o);
            }
            // Our own requests get the same treatment.
            us.engine.enable(Side.REMOTE, TelnetOption.TTYPE);
            us.engine.enable(Side.LOCAL, TelnetOption.ECHO);

            int rounds = 0;
            while (them.out.size() > 0 || us.out.size() > 0) {
                if (++rounds > 100_000) {
                    fail("the exchange never ended");
                }
                them.hear(us.out.takeAll());
                byte[] b = them.out.takeAll();
                assertEquals(b.length, us.engine.receive(b, 0, b.length));
            }
            // Every answer of ours is to a counted request (at most the limit), or turns off
            // something such a request turned on, or comes from one of our own two requests.
            int replies = us.sentBytes / 3;
            assertTrue(replies <= 2 * limit + 4, "we sent " + replies + " negotiations");
            assertTrue(replies >= limit, "the limit, not luck, should end it: " + replies);
            assertEquals(1, us.count(NegotiationEvent.LIMIT_REACHED));
        }
    }

    @Test
    void aPeerThatEchoesEverythingBackSettlesQuickly() {
        for (boolean lenient : new boolean[] {false, true}) {
            Peer us = new Peer(acceptAll());
            us.engine.options().setLenient(lenient);
            for (int o = 0; o < 256; o++) {
                us.engine.enable(Side.LOCAL, o);
                us.engine.enable(Side.REMOTE, o);
            }
            int echoed = echoUntilQuiet(us);
            // WILL x comes back and completes our DO x, and DO x our WILL x; only TIMING-MARK,
            // which is not a state, costs a few more.
            assertTrue(echoed <= 256 * 2 * 3 + 3 * 3, "echoed " + echoed);
            for (int o = 0; o < 256; o++) {
                assertEquals(o != TelnetOption.TM, us.engine.isLocalEnabled(o), "option " + o);
                assertEquals(o != TelnetOption.TM, us.engine.isRemoteEnabled(o), "option " + o);
            }
            for (int o = 0; o < 256; o++) {
                us.engine.disable(Side.LOCAL, o);
                us.engine.disable(Side.REMOTE, o);
            }
            echoed = echoUntilQuiet(us);
            assertTrue(echoed <= 255 * 2 * 3, "echoed " + echoed);
            for (int o = 0; o < 256; o++) {
                assertFalse(us.engine.isLocalEnabled(o) || us.engine.isRemoteEnabled(o), "option " + o);
            }
        }
    }

    @Test
    void aFloodOfRandomNegotiationGetsAtMostTwoRepliesPerAllowedRequest() {
        for (boolean lenient : new boolean[] {false, true}) {
            Random rnd = new Random(lenient ? 7 : 8);
            Peer us = new Peer(acceptAll());
            us.engine.options().setLenient(lenient);
            byte[] flood = new byte[100_000 * 3];
            for (int i = 0; i < flood.length; i += 3) {
                TelnetEncoder.writeNegotiation(flood, i, TelnetCommand.WILL + rnd.nextInt(4), rnd.nextInt(256));
            }
            int pos = 0;
            while (pos < flood.length) {
                int n = Math.min(flood.length - pos, 1 + rnd.nextInt(4096));
                assertEquals(n, us.engine.receive(flood, pos, n));
                pos += n;
            }
            int limit = OptionNegotiator.DEFAULT_MAX_PEER_REQUESTS;
            int replies = us.sentBytes / 3;
            assertTrue(replies >= limit && replies <= 2 * limit, "replies " + replies);
            assertEquals(1, us.count(NegotiationEvent.LIMIT_REACHED));
        }
    }

    @Test
    void aPeerFlippingOneOptionForeverIsAnsweredOnlyUpToTheLimit() {
        Peer us = new Peer(acceptAll());
        us.engine.options().setMaxPeerRequests(100);
        byte[] flip = new byte[6];
        TelnetEncoder.writeNegotiation(flip, 0, TelnetCommand.DO, TelnetOption.ECHO);
        TelnetEncoder.writeNegotiation(flip, 3, TelnetCommand.DONT, TelnetOption.ECHO);
        for (int i = 0; i < 50_000; i++) {
            us.engine.receive(flip, 0, flip.length);
        }
        assertEquals(200 * 3, us.sentBytes, "100 WILL ECHO and 100 WONT ECHO");
        assertFalse(us.engine.isLocalEnabled(TelnetOption.ECHO));
    }

    // --- helpers ---

    private static int echoUntilQuiet(Peer us) {
        int total = 0;
        while (us.out.size() > 0) {
            byte[] b = us.out.takeAll();
            total += b.length;
            if (total > 1_000_000) {
                fail("echo never stopped");
            }
            us.engine.receive(b, 0, b.length);
        }
        return total;
    }

    private static OptionPolicy acceptAll() {
        int[] all = new int[256];
        for (int i = 0; i < 256; i++) {
            all[i] = i;
        }
        return OptionSet.builder().both(all).build();
    }

    /** A growable byte queue. */
    static final class ByteQueue {
        private byte[] buf = new byte[256];
        private int head;
        private int tail;

        void write(byte[] b, int off, int len) {
            if (tail + len > buf.length) {
                byte[] bigger = new byte[Math.max(buf.length * 2, tail - head + len)];
                System.arraycopy(buf, head, bigger, 0, tail - head);
                tail -= head;
                head = 0;
                buf = bigger;
            }
            System.arraycopy(b, off, buf, tail, len);
            tail += len;
        }

        int size() {
            return tail - head;
        }

        byte[] take(int n) {
            byte[] out = Arrays.copyOfRange(buf, head, head + n);
            head += n;
            return out;
        }

        byte[] takeAll() {
            return take(size());
        }
    }

    /** One engine, its outgoing bytes and what it reported. */
    static final class Peer implements TelnetEngineListener {
        final ByteQueue out = new ByteQueue();
        final TelnetEngine engine;
        final Map<NegotiationEvent, Integer> events = new EnumMap<>(NegotiationEvent.class);
        int sentBytes;

        Peer(OptionPolicy policy) {
            engine = new TelnetEngine(policy, (b, off, len) -> {
                out.write(b, off, len);
                sentBytes += len;
            }, this);
        }

        @Override
        public void onData(byte[] buf, int off, int len) {
            fail("no data is sent in these tests");
        }

        @Override
        public void onProtocolWarning(ProtocolWarning warning, int detail) {
            fail("unexpected warning " + warning);
        }

        @Override
        public void onNegotiationEvent(NegotiationEvent event, Side side, int option) {
            events.merge(event, 1, Integer::sum);
        }

        int count(NegotiationEvent e) {
            return events.getOrDefault(e, 0);
        }
    }

    /** Two peers, each one's output the other's input. */
    static final class Link {
        final Peer a;
        final Peer b;

        Link(OptionPolicy pa, OptionPolicy pb) {
            a = new Peer(pa);
            b = new Peer(pb);
        }

        List<Peer> peers() {
            return List.of(a, b);
        }

        /** Moves a random piece of one direction's bytes, possibly cutting a command in two. */
        int deliverSome(Random rnd) {
            Peer from = rnd.nextBoolean() ? a : b;
            if (from.out.size() == 0) {
                from = from == a ? b : a;
            }
            if (from.out.size() == 0) {
                return 0;
            }
            Peer to = from == a ? b : a;
            byte[] piece = from.out.take(1 + rnd.nextInt(from.out.size()));
            assertEquals(piece.length, to.engine.receive(piece, 0, piece.length));
            return piece.length;
        }

        /** Delivers until no bytes are in flight; fails if that takes more than {@code bound} bytes. */
        int pump(Random rnd, int bound) {
            int total = 0;
            while (a.out.size() + b.out.size() > 0) {
                total += deliverSome(rnd);
                if (total > bound) {
                    fail("negotiation still running after " + total + " bytes");
                }
            }
            return total;
        }

        /** Both ends see every option the same way, and nothing is pending or queued. */
        void assertAgreement() {
            for (int o = 0; o < 256; o++) {
                OptionNegotiator na = a.engine.options();
                OptionNegotiator nb = b.engine.options();
                for (Side side : Side.values()) {
                    Side mirror = side == Side.LOCAL ? Side.REMOTE : Side.LOCAL;
                    assertFalse(na.isPending(side, o) || nb.isPending(side, o), "pending, option " + o);
                    assertFalse(na.isQueued(side, o) || nb.isQueued(side, o), "queued, option " + o);
                    assertEquals(na.state(side, o), nb.state(mirror, o), "A " + side + " vs B " + mirror
                        + ", option " + o);
                }
            }
        }

        void assertNoViolations() {
            assertEquals(0, a.count(NegotiationEvent.VIOLATION) + b.count(NegotiationEvent.VIOLATION));
        }
    }

    /**
     * A peer that answers WILL with DONT, WONT with DO, DO with WONT and DONT with WILL: whatever
     * we say, it asks for the opposite.
     */
    static final class Contrarian {
        final ByteQueue out = new ByteQueue();
        private final byte[] scratch = new byte[3];
        private final TelnetParser parser = new TelnetParser(new TelnetParserListener() {
            @Override
            public void onData(byte[] buf, int off, int len) {
                fail("no data expected");
            }

            @Override
            public void onCommand(int command) {
            }

            @Override
            public void onNegotiation(int verb, int option) {
                int answer = switch (verb) {
                    case TelnetCommand.WILL -> TelnetCommand.DONT;
                    case TelnetCommand.WONT -> TelnetCommand.DO;
                    case TelnetCommand.DO -> TelnetCommand.WONT;
                    default -> TelnetCommand.WILL;
                };
                ask(answer, option);
            }

            @Override
            public void onSubnegotiation(int option, byte[] buf, int off, int len) {
            }

            @Override
            public void onProtocolWarning(ProtocolWarning warning, int detail) {
                fail("unexpected warning " + warning);
            }
        });

        void ask(int verb, int option) {
            int n = TelnetEncoder.writeNegotiation(scratch, 0, verb, option);
            out.write(scratch, 0, n);
        }

        void hear(byte[] b) {
            parser.feed(b, 0, b.length);
        }
    }
}
