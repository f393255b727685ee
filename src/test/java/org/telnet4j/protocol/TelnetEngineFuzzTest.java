package org.telnet4j.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Coverage-guided fuzzing of {@link TelnetParser} inside a {@link TelnetEngine}, against
 * {@link ParserFuzzTest.Model}, the byte-at-a-time reference written from the parser's documented
 * rules. The input is a raw telnet stream; it is fed whole, one byte at a time, and in pieces
 * whose sizes come from a hash of the input (so a finding replays exactly), with the engine
 * paused from random callbacks. Every run must give the model's events, with each negotiation the
 * model parsed replaced by what an {@link OptionNegotiator} with the same policy reports for it,
 * and must send exactly that negotiator's replies.
 *
 * <p>Regression mode (plain {@code mvn verify}) replays
 * {@code src/test/resources/org/telnet4j/protocol/TelnetEngineFuzzTestInputs/<method>/}; see
 * README, "Fuzzing".
 */
class TelnetEngineFuzzTest {
    /** Ceilings small enough that fuzzed payloads overflow them, and one that they rarely do. */
    private static final int[] CEILINGS = {16, 300};
    private static final OptionSet POLICY = OptionSet.builder().both(TelnetOption.BINARY)
        .remote(TelnetOption.NAWS, TelnetOption.TTYPE).local(TelnetOption.ECHO, TelnetOption.SGA).build();
    private static final Map<String, Integer> VERBS = reverse(true);
    private static final Map<String, Integer> OPTIONS = reverse(false);

    @FuzzTest
    void eventsMatchTheReferenceModel(byte[] stream) {
        for (int max : CEILINGS) {
            ParserFuzzTest.Model model = ParserFuzzTest.Model.run(stream, max, false, new boolean[stream.length + 1]);
            Expected expected = expected(model.events);
            Random rnd = new Random(Arrays.hashCode(stream) * 31L + max);
            for (int mode = 0; mode < 3; mode++) {
                Run run = new Run(max, rnd);
                int pos = 0;
                int calls = 0;
                while (pos < stream.length) {
                    int piece = mode == 0 ? stream.length - pos : mode == 1 ? 1 : 1 + rnd.nextInt(7);
                    int end = Math.min(stream.length, pos + piece);
                    // Each call consumes at least one byte: a pause stops after an event's last byte.
                    assertTrue(++calls <= stream.length, "no progress at offset " + pos);
                    int n = run.engine.receive(stream, pos, end - pos);
                    assertTrue(n > 0 && n <= end - pos, "receive returned " + n + " for " + (end - pos) + " bytes");
                    pos += n;
                    assertTrue(run.engine.parser().subnegotiationCapacity() <= max,
                        "SB buffer above the ceiling " + max);
                }
                assertEquals(expected.events, run.rec.finish(), "events, mode " + mode + ", ceiling " + max);
                assertEquals(TelnetNotation.format(expected.out.toByteArray()), TelnetNotation.format(run.out.toByteArray()),
                    "bytes sent, mode " + mode + ", ceiling " + max);
            }
        }
    }

    /** The model's events with its negotiations run through a mirror negotiator. */
    private static Expected expected(List<String> modelEvents) {
        Expected e = new Expected();
        OptionNegotiator mirror = new OptionNegotiator(POLICY, new NegotiationHandler() {
            @Override
            public void sendNegotiation(int verb, int option) {
                e.out.write(TelnetCommand.IAC);
                e.out.write(verb);
                e.out.write(option);
            }

            @Override
            public void onNegotiationEvent(NegotiationEvent event, Side side, int option) {
                e.rec.onNegotiationEvent(event, side, option);
            }
        });
        configure(mirror);
        for (String line : modelEvents) {
            if (line.startsWith("negotiation ")) {
                String[] w = line.split(" ");
                mirror.receive(VERBS.get(w[1]), OPTIONS.get(w[2]));
            } else {
                e.rec.events.add(line);
            }
        }
        e.events = mergeData(e.rec.finish());
        return e;
    }

    /** Adjacent data lines merge once a negotiation between them has no event of its own. */
    private static List<String> mergeData(List<String> events) {
        List<String> out = new ArrayList<>();
        for (String line : events) {
            int last = out.size() - 1;
            if (line.startsWith("data ") && last >= 0 && out.get(last).startsWith("data ")) {
                String prev = out.get(last); // data "ab" + data "cd" = data "abcd": quoting is per byte
                out.set(last, prev.substring(0, prev.length() - 1) + line.substring(6));
            } else {
                out.add(line);
            }
        }
        return out;
    }

    private static void configure(OptionNegotiator n) {
        n.setMaxPeerRequests(Integer.MAX_VALUE); // the model knows no storm limit
    }

    private static Map<String, Integer> reverse(boolean verbs) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < 256; i++) {
            String name = verbs ? TelnetCommand.name(i) : TelnetOption.name(i);
            if (m.putIfAbsent(name, i) != null) {
                throw new IllegalStateException("two codes named " + name);
            }
        }
        return m;
    }

    private static final class Expected {
        final RecordingListener rec = new RecordingListener();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> events;
    }

    /** One engine, its recorded events and output, paused from random callbacks. */
    private static final class Run implements TelnetEngineListener {
        final RecordingListener rec = new RecordingListener();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final TelnetEngine engine;
        final Random rnd;

        Run(int max, Random rnd) {
            this.rnd = rnd;
            this.engine = new TelnetEngine(POLICY, out::write, this, max);
            configure(engine.options());
        }

        private void maybePause() {
            if (rnd.nextInt(4) == 0) {
                engine.pause();
            }
        }

        @Override
        public void onData(byte[] buf, int off, int len) {
            rec.onData(buf, off, len);
            maybePause();
        }

        @Override
        public void onCommand(int command) {
            rec.onCommand(command);
            maybePause();
        }

        @Override
        public void onSubnegotiation(int option, byte[] buf, int off, int len) {
            rec.onSubnegotiation(option, buf, off, len);
            maybePause();
        }

        @Override
        public void onNegotiationEvent(NegotiationEvent event, Side side, int option) {
            rec.onNegotiationEvent(event, side, option);
        }

        @Override
        public void onProtocolWarning(ProtocolWarning warning, int detail) {
            rec.onProtocolWarning(warning, detail);
        }
    }
}
