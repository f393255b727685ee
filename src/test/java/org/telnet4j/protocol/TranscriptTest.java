package org.telnet4j.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the golden transcripts in {@code src/test/resources/transcripts}: each case's input is fed
 * to a {@link TelnetEngine} whole, one byte at a time, and cut in two at every boundary, and every
 * run must give exactly the expected events and reply bytes.
 *
 * <p>File format, one directive a line ({@code #} starts a comment):
 * <pre>
 * === case name
 * policy local=ECHO,SGA remote=NAWS   which requests we accept (default: none)
 * lenient                             lenient re-negotiation
 * binary-in                           the parser starts in BINARY
 * maxsb 16                            subnegotiation ceiling
 * do enable REMOTE TTYPE              an action before the input (enable|disable SIDE OPTION)
 * in "text" IAC DO ECHO               input bytes (lines concatenate)
 * event option ENABLED LOCAL ECHO     an expected event, in order
 * out IAC WILL ECHO                   expected bytes sent (lines concatenate)
 * </pre>
 */
class TranscriptTest {
    static final String[] FILES = {"parser.txt", "nvt.txt", "negotiation.txt"};

    @TestFactory
    Stream<DynamicNode> transcripts() throws IOException {
        List<DynamicNode> files = new ArrayList<>();
        for (String f : FILES) {
            List<DynamicNode> cases = new ArrayList<>();
            for (Case c : load(f)) {
                cases.add(DynamicContainer.dynamicContainer(c.name, Stream.of(
                    DynamicTest.dynamicTest("whole", () -> c.check(splits(c.input.length, -1))),
                    DynamicTest.dynamicTest("byte by byte", () -> c.check(splits(c.input.length, 0))),
                    DynamicTest.dynamicTest("split at every boundary", () -> {
                        for (int k = 1; k < c.input.length; k++) {
                            c.check(new int[] {k});
                        }
                    }))));
            }
            files.add(DynamicContainer.dynamicContainer(f, cases));
        }
        return files.stream();
    }

    /** -1: no cut; 0: a cut after every byte. */
    private static int[] splits(int n, int mode) {
        if (mode < 0 || n == 0) {
            return new int[0];
        }
        int[] cuts = new int[n - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        return cuts;
    }

    static List<Case> load(String file) throws IOException {
        List<Case> cases = TranscriptFile.load(file, Case::new, Case::directive);
        for (Case c : cases) {
            c.input = c.in.toByteArray();
        }
        return cases;
    }

    static final class Case {
        final String name;
        final ByteArrayOutputStream in = new ByteArrayOutputStream();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final List<String> events = new ArrayList<>();
        final List<String[]> actions = new ArrayList<>();
        OptionSet.Builder policy = OptionSet.builder();
        boolean lenient;
        boolean binaryIn;
        int maxSb = TelnetParser.DEFAULT_MAX_SUBNEGOTIATION;
        byte[] input;

        Case(String name) {
            this.name = name;
        }

        void directive(String line) {
            String[] w = line.split("\\s+", 2);
            String rest = w.length > 1 ? w[1] : "";
            switch (w[0]) {
                case "policy":
                    TranscriptFile.policy(rest, policy);
                    break;
                case "lenient": lenient = true; break;
                case "binary-in": binaryIn = true; break;
                case "maxsb": maxSb = Integer.parseInt(rest); break;
                case "do": actions.add(rest.split("\\s+")); break;
                case "in": in.writeBytes(TelnetNotation.parse(rest)); break;
                case "out": out.writeBytes(TelnetNotation.parse(rest)); break;
                case "event": events.add(rest); break;
                default: throw new IllegalArgumentException("unknown directive " + w[0]);
            }
        }

        void check(int[] cuts) {
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            RecordingListener rec = new RecordingListener();
            TelnetEngine engine = new TelnetEngine(policy.build(), sent::write, rec, maxSb);
            engine.options().setLenient(lenient);
            engine.parser().setBinary(binaryIn);
            for (String[] a : actions) {
                Side side = Side.valueOf(a[1]);
                int opt = TelnetOption.byName(a[2]);
                if (a[0].equals("enable")) {
                    engine.enable(side, opt);
                } else if (a[0].equals("disable")) {
                    engine.disable(side, opt);
                } else {
                    fail("unknown action " + a[0]);
                }
            }
            int prev = 0;
            for (int k = 0; k <= cuts.length; k++) {
                int end = k < cuts.length ? cuts[k] : input.length;
                int n = engine.receive(input, prev, end - prev);
                assertEquals(end - prev, n, "engine consumed less than given");
                prev = end;
            }
            String how = cuts.length == 0 ? "whole" : cuts.length == 1 ? "cut at " + cuts[0] : "byte by byte";
            assertEquals(String.join("\n", events), String.join("\n", rec.finish()), name + " events, " + how);
            byte[] expectOut = out.toByteArray();
            assertEquals(TelnetNotation.format(expectOut), TelnetNotation.format(sent.toByteArray()),
                name + " output, " + how);
        }
    }
}
