package org.telnet4j.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random telnet streams, biased towards the bytes that matter (IAC, SB, SE, CR, NUL and the
 * negotiation verbs), fed to a {@link TelnetParser} at random split points, through arrays and
 * ByteBuffers, with BINARY switched between calls and from callbacks, and with random
 * {@link TelnetParser#pause()} calls. For every stream the parser must not throw, must keep its
 * subnegotiation buffer within the ceiling, must stop exactly after a paused event, and must give
 * the same events as {@link Model}, a byte-at-a-time reference written from the documented rules.
 */
class ParserFuzzTest {
    private static final int SEEDS = 400;
    private static final int[] CEILINGS = {16, 17, 33, 64, 300};

    @Test
    void randomStreamsAgreeWithTheReferenceModel() {
        Map<String, Integer> seen = new TreeMap<>();
        int pausesChecked = 0;
        for (int seed = 1; seed <= SEEDS; seed++) {
            Random rnd = new Random(seed);
            byte[] stream = randomStream(rnd, 1 + rnd.nextInt(seed % 10 == 0 ? 6000 : 1500));
            int max = CEILINGS[rnd.nextInt(CEILINGS.length)];
            boolean startBinary = rnd.nextInt(4) == 0;
            // Offsets at which BINARY is switched from outside, between feed calls.
            boolean[] toggleAt = new boolean[stream.length + 1];
            for (int i = 0; i < 4; i++) {
                int at = rnd.nextInt(stream.length + 1);
                if (i % 2 == 0) { // right after a CR, where the next byte may be its NUL
                    while (at < stream.length && stream[at] != '\r') {
                        at++;
                    }
                    at = Math.min(at + 1, stream.length);
                }
                toggleAt[at] = true;
            }
            Model model = Model.run(stream, max, startBinary, toggleAt);
            for (String e : model.events) {
                seen.merge(e.startsWith("warning") ? e.split(" ")[1] : e.split(" ")[0], 1, Integer::sum);
            }
            for (int mode = 0; mode < 4; mode++) {
                int[] cuts = cuts(rnd, stream.length, mode, toggleAt);
                try {
                    pausesChecked += runParser(stream, max, startBinary, toggleAt, cuts, model,
                        new Random(seed * 31L + mode));
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError("seed " + seed + ", split mode " + mode + ", max " + max
                        + ", stream " + TelnetNotation.format(stream), e);
                }
            }
        }
        // The streams must actually reach every rule, or agreement would prove little.
        for (String kind : new String[] {"data", "command", "negotiation", "sb", "SUBNEGOTIATION_OVERFLOW",
            "SUBNEGOTIATION_INTERRUPTED", "EMPTY_SUBNEGOTIATION", "SE_WITHOUT_SB", "UNASSIGNED_COMMAND"}) {
            assertTrue(seen.getOrDefault(kind, 0) >= 20, "too few " + kind + " events: " + seen);
        }
        assertTrue(pausesChecked > 1000, "only " + pausesChecked + " pauses checked");
    }

    /** A stream of the bytes that exercise the parser, plus runs of plain text. */
    static byte[] randomStream(Random rnd, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < length) {
            int r = rnd.nextInt(100);
            if (r < 20) {
                out.write(0xFF);
            } else if (r < 26) {
                out.write(TelnetCommand.SB);
            } else if (r < 32) {
                out.write(TelnetCommand.SE);
            } else if (r < 40) {
                out.write('\r');
            } else if (r < 46) {
                out.write(0); // also the option number of BINARY
            } else if (r < 49) {
                out.write('\n');
            } else if (r < 57) {
                out.write(TelnetCommand.WILL + rnd.nextInt(4));
            } else if (r < 62) {
                out.write(TelnetCommand.EOF + rnd.nextInt(TelnetCommand.SE - TelnetCommand.EOF + 10));
            } else if (r < 72) {
                out.write(rnd.nextInt(256));
            } else if (r < 74) {
                // a subnegotiation with no option byte, or with the escaped option 255
                out.write(0xFF);
                out.write(TelnetCommand.SB);
                out.write(0xFF);
                int[] next = {TelnetCommand.SE, 0xFF, TelnetCommand.NOP, TelnetCommand.SB};
                out.write(next[rnd.nextInt(next.length)]);
            } else if (r < 80) {
                // a well-formed subnegotiation whose payload sits around the ceilings
                int len = rnd.nextInt(80);
                out.write(0xFF);
                out.write(TelnetCommand.SB);
                out.write(rnd.nextInt(256));
                for (int i = 0; i < len; i++) {
                    int b = rnd.nextInt(10) == 0 ? 0xFF : 'a' + rnd.nextInt(26);
                    out.write(b);
                    if (b == 0xFF) {
                        out.write(0xFF);
                    }
                }
                out.write(0xFF);
                out.write(TelnetCommand.SE);
            } else {
                int len = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 400 : 30);
                for (int i = 0; i < len; i++) {
                    out.write(' ' + rnd.nextInt(95));
                }
            }
        }
        return out.toByteArray();
    }

    /**
     * Split points: mode 0 whole, 1 byte by byte, 2 small random pieces, 3 larger random pieces.
     * Every offset where BINARY is switched from outside is also a cut.
     */
    private static int[] cuts(Random rnd, int n, int mode, boolean[] toggleAt) {
        List<Integer> cuts = new ArrayList<>();
        int pos = 0;
        while (pos < n) {
            int step = switch (mode) {
                case 0 -> n;
                case 1 -> 1;
                case 2 -> 1 + rnd.nextInt(8);
                default -> 1 + rnd.nextInt(600);
            };
            int next = Math.min(n, pos + step);
            for (int k = pos + 1; k < next; k++) {
                if (toggleAt[k]) {
                    next = k;
                    break;
                }
            }
            cuts.add(next);
            pos = next;
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** @return how many paused feeds were checked */
    private static int runParser(byte[] stream, int max, boolean startBinary, boolean[] toggleAt,
                                  int[] cuts, Model model, Random rnd) {
        Harness h = new Harness(max, rnd);
        int pauses = 0;
        h.parser.setBinary(startBinary);
        int start = 0;
        for (int end : cuts) {
            if (toggleAt[start]) {
                h.parser.setBinary(!h.parser.isBinary());
            }
            // The caller's buffer holds the piece at a random offset, among bytes that would
            // confuse the parser if it read outside its window.
            int pad = rnd.nextInt(5);
            byte[] buf = new byte[pad + (end - start) + rnd.nextInt(5)];
            Arrays.fill(buf, (byte) 0xFF);
            System.arraycopy(stream, start, buf, pad, end - start);
            h.window(buf, pad, end - start);
            int done = 0;
            int calls = 0;
            while (done < end - start) {
                if (++calls > 2 * (end - start) + 2) {
                    fail("no progress feeding offset " + (start + done));
                }
                int n = h.feed(buf, pad + done, end - start - done, rnd.nextInt(5));
                assertTrue(n >= 0 && n <= end - start - done, "feed returned " + n);
                done += n;
                if (h.dataPauseEnd >= 0) {
                    // Paused from onData: right after the slice, or after the NUL padding its CR.
                    int at = pad + done;
                    boolean padded = h.dataPauseCr && at == h.dataPauseEnd + 1 && buf[h.dataPauseEnd] == 0;
                    assertTrue(at == h.dataPauseEnd || padded, "feed paused from onData must return right after "
                        + "the slice ending at " + h.dataPauseEnd + ", returned at " + at);
                    h.dataPauseEnd = -1;
                    pauses++;
                } else if (h.pausedEvent >= 0) {
                    int expectedEnd = model.nonDataEnds.get(h.pausedEvent);
                    assertEquals(expectedEnd, start + done,
                        "feed paused after event " + h.pausedEvent + " must return right after its bytes");
                    h.pausedEvent = -1;
                    pauses++;
                } else {
                    assertEquals(end - start, done, "feed stopped early without a pause");
                }
            }
            assertTrue(h.parser.subnegotiationCapacity() <= max,
                "SB buffer capacity " + h.parser.subnegotiationCapacity() + " above ceiling " + max);
            assertEquals(model.insideAt[end], h.parser.isInsideCommand(), "isInsideCommand at offset " + end);
            start = end;
        }
        assertEquals(model.events, h.rec.finish());
        return pauses;
    }

    /** Drives the parser under test and checks every callback's arguments. */
    private static final class Harness implements TelnetParserListener {
        final RecordingListener rec = new RecordingListener();
        final TelnetParser parser;
        final int max;
        final Random rnd;
        byte[] window;
        int windowOff;
        int windowLen;
        int nonDataEvents;
        int pausedEvent = -1;
        int dataPauseEnd = -1;
        boolean dataPauseCr;

        Harness(int max, Random rnd) {
            this.max = max;
            this.rnd = rnd;
            this.parser = new TelnetParser(this, max);
        }

        void window(byte[] buf, int off, int len) {
            window = buf;
            windowOff = off;
            windowLen = len;
        }

        /** Feeds through an array, a heap ByteBuffer or a direct ByteBuffer. */
        int feed(byte[] buf, int off, int len, int how) {
            if (how == 0) {
                ByteBuffer bb = ByteBuffer.wrap(buf, off, len);
                int n = parser.feed(bb);
                assertEquals(off + n, bb.position());
                return n;
            }
            if (how == 1) {
                ByteBuffer bb = ByteBuffer.allocateDirect(len);
                bb.put(buf, off, len).flip();
                byte[] callers = window;
                window = null; // data slices come from the parser's staging array
                int n = parser.feed(bb);
                window = callers;
                assertEquals(n, bb.position());
                return n;
            }
            return parser.feed(buf, off, len);
        }

        @Override
        public void onData(byte[] buf, int off, int len) {
            notAfterPause();
            assertTrue(len > 0, "empty data slice");
            if (window != null) {
                assertTrue(buf == window && off >= windowOff && off + len <= windowOff + windowLen,
                    "data slice outside the caller's window");
                if (rnd.nextInt(8) == 0) {
                    dataPauseEnd = off + len;
                    dataPauseCr = buf[off + len - 1] == '\r' && !parser.isBinary();
                    parser.pause();
                }
            }
            rec.onData(buf, off, len);
        }

        @Override
        public void onCommand(int command) {
            notAfterPause();
            rec.onCommand(command);
            maybePause();
        }

        @Override
        public void onNegotiation(int verb, int option) {
            notAfterPause();
            rec.onNegotiation(verb, option);
            if (option == TelnetOption.BINARY && (verb == TelnetCommand.WILL || verb == TelnetCommand.WONT)) {
                parser.setBinary(verb == TelnetCommand.WILL);
            }
            maybePause();
        }

        @Override
        public void onSubnegotiation(int option, byte[] buf, int off, int len) {
            notAfterPause();
            assertTrue(len >= 0 && len <= max, "payload of " + len + " above ceiling " + max);
            assertTrue(off >= 0 && off + len <= buf.length);
            rec.onSubnegotiation(option, buf, off, len);
            maybePause();
        }

        @Override
        public void onProtocolWarning(ProtocolWarning warning, int detail) {
            notAfterPause();
            rec.onProtocolWarning(warning, detail);
            if (warning == ProtocolWarning.SUBNEGOTIATION_OVERFLOW) {
                // Where the overflow is noticed depends on how the payload was cut; not a pause point.
                nonDataEvents++;
            } else {
                maybePause();
            }
        }

        private void maybePause() {
            int index = nonDataEvents++;
            if (rnd.nextInt(4) == 0) {
                pausedEvent = index;
                parser.pause();
            }
        }

        private void notAfterPause() {
            if (pausedEvent >= 0 || dataPauseEnd >= 0) {
                fail("event delivered after pause() in the same feed");
            }
        }
    }

    /**
     * The reference: one byte at a time, one state per situation, written from the rules in
     * {@link TelnetParser}, {@link TelnetParserListener} and {@link ProtocolWarning}:
     * <ul>
     * <li>{@code IAC IAC} is the data byte 0xFF; {@code IAC WILL|WONT|DO|DONT opt} a negotiation;
     * {@code IAC} and a byte of 236 or more (other than SB, SE) a command; below 236, a warning.</li>
     * <li>{@code IAC SB opt ... IAC SE} a subnegotiation with {@code IAC IAC} unescaped;
     * {@code IAC SB IAC SE} a warning; {@code IAC SB IAC IAC} means option 255.</li>
     * <li>Any other {@code IAC x} inside SB drops the SB with a warning, then {@code x} is acted on
     * as if it followed an IAC outside.</li>
     * <li>A payload longer than the ceiling: one warning, then everything up to {@code IAC SE}
     * is dropped (commands still interrupt it as above).</li>
     * <li>{@code IAC SE} outside SB: a warning.</li>
     * <li>Outside BINARY, a NUL right after a data CR is dropped; BINARY follows
     * {@code WILL/WONT BINARY} as the test's listener does, and switches from outside.</li>
     * </ul>
     */
    static final class Model {
        private static final int DATA = 0;
        private static final int CR = 1;
        private static final int IAC = 2;
        private static final int VERB = 3;
        private static final int SB_OPTION = 4;
        private static final int SB_DATA = 5;
        private static final int SB_IAC = 6;
        private static final int DISCARD = 7;
        private static final int DISCARD_IAC = 8;
        private static final int NO_OPTION = -1;

        final RecordingListener rec = new RecordingListener();
        /** For each non-data event, the offset just after its last byte (-1: not checked). */
        final List<Integer> nonDataEnds = new ArrayList<>();
        List<String> events;
        boolean[] insideAt;
        private final int max;
        private boolean binary;
        private int state = DATA;
        private int verb;
        private int option;
        private final ByteArrayOutputStream payload = new ByteArrayOutputStream();
        private int pos;

        private Model(int max, boolean binary) {
            this.max = max;
            this.binary = binary;
        }

        static Model run(byte[] stream, int max, boolean binary, boolean[] toggleAt) {
            Model m = new Model(max, binary);
            m.insideAt = new boolean[stream.length + 1];
            for (int i = 0; i < stream.length; i++) {
                m.insideAt[i] = m.state != DATA && m.state != CR;
                if (toggleAt[i]) {
                    m.setBinary(!m.binary);
                }
                m.pos = i;
                m.step(stream[i] & 0xFF);
            }
            m.insideAt[stream.length] = m.state != DATA && m.state != CR;
            m.events = m.rec.finish();
            return m;
        }

        private void setBinary(boolean on) {
            binary = on;
            if (on && state == CR) {
                state = DATA;
            }
        }

        private void step(int b) {
            switch (state) {
                case DATA:
                    if (b == 0xFF) {
                        state = IAC;
                    } else {
                        data(b);
                        if (b == '\r' && !binary) {
                            state = CR;
                        }
                    }
                    break;
                case CR:
                    state = DATA;
                    if (b != 0) {
                        step(b);
                    }
                    break;
                case IAC:
                    afterIac(b);
                    break;
                case VERB:
                    state = DATA;
                    rec.onNegotiation(verb, b);
                    ended(pos + 1);
                    if (b == TelnetOption.BINARY && (verb == TelnetCommand.WILL || verb == TelnetCommand.WONT)) {
                        setBinary(verb == TelnetCommand.WILL);
                    }
                    break;
                case SB_OPTION:
                    payload.reset();
                    if (b == 0xFF) {
                        option = NO_OPTION;
                        state = SB_IAC;
                    } else {
                        option = b;
                        state = SB_DATA;
                    }
                    break;
                case SB_DATA:
                    if (b == 0xFF) {
                        state = SB_IAC;
                    } else if (option == TelnetOption.MCCP1 && b == TelnetCommand.SE
                        && payload.size() == 1 && payload.toByteArray()[0] == (byte) TelnetCommand.WILL) {
                        // MCCP v1's start, IAC SB 85 WILL SE, ends without IAC (tolerated).
                        state = DATA;
                        byte[] p = payload.toByteArray();
                        rec.onSubnegotiation(option, p, 0, p.length);
                    } else {
                        append(b);
                    }
                    break;
                case SB_IAC:
                    if (b == TelnetCommand.SE) {
                        state = DATA;
                        if (option == NO_OPTION) {
                            rec.onProtocolWarning(ProtocolWarning.EMPTY_SUBNEGOTIATION, -1);
                        } else {
                            byte[] p = payload.toByteArray();
                            rec.onSubnegotiation(option, p, 0, p.length);
                        }
                        ended(pos + 1);
                    } else if (b == 0xFF) {
                        state = SB_DATA;
                        if (option == NO_OPTION) {
                            option = 255;
                        } else {
                            append(0xFF);
                        }
                    } else {
                        interrupted(b);
                    }
                    break;
                case DISCARD:
                    if (b == 0xFF) {
                        state = DISCARD_IAC;
                    }
                    break;
                case DISCARD_IAC:
                    if (b == TelnetCommand.SE) {
                        state = DATA;
                    } else if (b == 0xFF) {
                        state = DISCARD;
                    } else {
                        interrupted(b);
                    }
                    break;
                default:
                    throw new IllegalStateException();
            }
        }

        private void afterIac(int b) {
            state = DATA;
            if (b == 0xFF) {
                data(0xFF);
            } else if (b >= TelnetCommand.WILL) {
                verb = b;
                state = VERB;
            } else if (b == TelnetCommand.SB) {
                state = SB_OPTION;
            } else if (b == TelnetCommand.SE) {
                rec.onProtocolWarning(ProtocolWarning.SE_WITHOUT_SB, -1);
                ended(pos + 1);
            } else if (b >= TelnetCommand.FIRST_ASSIGNED) {
                rec.onCommand(b);
                ended(pos + 1);
            } else {
                rec.onProtocolWarning(ProtocolWarning.UNASSIGNED_COMMAND, b);
                ended(pos + 1);
            }
        }

        private void interrupted(int b) {
            rec.onProtocolWarning(ProtocolWarning.SUBNEGOTIATION_INTERRUPTED, b);
            ended(pos); // the command byte itself belongs to what follows
            afterIac(b);
        }

        private void append(int b) {
            if (payload.size() == max) {
                rec.onProtocolWarning(ProtocolWarning.SUBNEGOTIATION_OVERFLOW, option);
                ended(-1);
                state = DISCARD;
            } else {
                payload.write(b);
            }
        }

        private void data(int b) {
            rec.onData(new byte[] {(byte) b}, 0, 1);
        }

        private void ended(int offset) {
            nonDataEnds.add(offset);
        }
    }

    @Test
    void theModelItselfFollowsTheGoldenTranscripts() throws Exception {
        // The model is only worth comparing against if it is right: check it on every parser and
        // NVT transcript case that needs no negotiation replies.
        int checked = 0;
        for (String file : new String[] {"parser.txt", "nvt.txt"}) {
            for (TranscriptTest.Case c : TranscriptTest.load(file)) {
                if (c.out.size() > 0 || c.events.stream().anyMatch(e -> e.startsWith("option"))) {
                    continue;
                }
                Model m = Model.run(c.input, c.maxSb, c.binaryIn, new boolean[c.input.length + 1]);
                assertEquals(c.events, m.events, c.name);
                checked++;
            }
        }
        assertTrue(checked > 25, "only " + checked + " transcript cases checked");
    }
}
