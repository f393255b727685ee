package org.telnet4j.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.telnet4j.option.linemode.ForwardMask;
import org.telnet4j.option.linemode.Linemode;
import org.telnet4j.option.linemode.Slc;
import org.telnet4j.option.linemode.SlcTable;

/**
 * Golden LINEMODE (RFC 1184) transcripts in {@code src/test/resources/transcripts/linemode.txt}:
 * a {@link TelnetEngine} whose LINEMODE subnegotiations go to a {@link Linemode}, fed each case's
 * input whole, one byte at a time and cut in two at every boundary; every run must send exactly
 * the expected bytes and end in the expected state.
 *
 * <p>Directives, besides {@code === name}, {@code in} and {@code out} as in {@link TranscriptTest}:
 * <pre>
 * role client                   the side under test (default: server)
 * modes EDIT|TRAPSIG            mode bits it supports (default: all)
 * forwardmask                   a client that agrees to DO FORWARDMASK
 * define EOF CANTCHANGE 4       changes one function of the starting BSD table
 * send propose EDIT|TRAPSIG     an action before the input: propose (a mode), table (the SLC
 *                               table), forwardmask (DO FORWARDMASK with the listed characters)
 * expect mode EDIT|TRAPSIG agreed    state after the input; "pending" instead of "agreed"
 * expect slc EC VALUE 8              a function's level and character (-1: none)
 * expect forwardmask 8,13            the forward mask in use, or "none"
 * </pre>
 * In byte lines, {@code MODE}, {@code FORWARDMASK} and {@code SLC} stand for the subcommands,
 * mode bits and {@code SLC_}-prefixed functions, levels and flags for their numbers, joined with
 * {@code |} to combine; {@code ^C} is a control character and {@code DEL} 127.
 */
class LinemodeTranscriptTest {
    static final Map<String, Integer> NAMES = Map.ofEntries(
        Map.entry("MODE", Linemode.MODE), Map.entry("FORWARDMASK", Linemode.FORWARDMASK),
        Map.entry("SLC", Linemode.SLC), Map.entry("EDIT", Linemode.EDIT), Map.entry("TRAPSIG", Linemode.TRAPSIG),
        Map.entry("MODE_ACK", Linemode.MODE_ACK), Map.entry("SOFT_TAB", Linemode.SOFT_TAB),
        Map.entry("LIT_ECHO", Linemode.LIT_ECHO), Map.entry("SLC_NOSUPPORT", Slc.NOSUPPORT),
        Map.entry("SLC_CANTCHANGE", Slc.CANTCHANGE), Map.entry("SLC_VALUE", Slc.VALUE),
        Map.entry("SLC_DEFAULT", Slc.DEFAULT), Map.entry("SLC_ACK", Slc.ACK),
        Map.entry("SLC_FLUSHIN", Slc.FLUSHIN), Map.entry("SLC_FLUSHOUT", Slc.FLUSHOUT), Map.entry("DEL", 127));

    @TestFactory
    Stream<DynamicNode> transcripts() throws IOException {
        List<DynamicNode> cases = new ArrayList<>();
        for (Case c : load("linemode.txt")) {
            cases.add(DynamicContainer.dynamicContainer(c.name, Stream.of(
                DynamicTest.dynamicTest("whole", () -> c.check(new int[0])),
                DynamicTest.dynamicTest("byte by byte", () -> {
                    int[] cuts = new int[Math.max(0, c.input.length - 1)];
                    for (int i = 0; i < cuts.length; i++) {
                        cuts[i] = i + 1;
                    }
                    c.check(cuts);
                }),
                DynamicTest.dynamicTest("split at every boundary", () -> {
                    for (int k = 1; k < c.input.length; k++) {
                        c.check(new int[] {k});
                    }
                }))));
        }
        return cases.stream();
    }

    /** Replaces the LINEMODE names of a byte line by numbers, leaving quoted text alone. */
    static String symbols(String line) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                out.append(c);
                i++;
            } else if (c == '"') {
                int j = i + 1;
                while (j < line.length() && line.charAt(j) != '"') {
                    j += line.charAt(j) == '\\' ? 2 : 1;
                }
                out.append(line, i, Math.min(j + 1, line.length()));
                i = j + 1;
            } else {
                int j = i;
                while (j < line.length() && !Character.isWhitespace(line.charAt(j))) {
                    j++;
                }
                out.append(number(line.substring(i, j)));
                i = j;
            }
        }
        return out.toString();
    }

    private static String number(String tok) {
        if (tok.length() == 2 && tok.charAt(0) == '^') {
            return Integer.toString(tok.charAt(1) ^ 0x40);
        }
        if (tok.startsWith("SLC_") && Slc.byName(tok.substring(4)) > 0) {
            return Integer.toString(Slc.byName(tok.substring(4)));
        }
        int v = 0;
        for (String part : tok.split("\\|")) {
            Integer n = NAMES.get(part);
            if (n == null) {
                if (part.startsWith("SLC_") && Slc.byName(part.substring(4)) > 0) {
                    n = Slc.byName(part.substring(4));
                } else {
                    return tok; // not ours: a telnet name or a number
                }
            }
            v |= n;
        }
        return Integer.toString(v);
    }

    static int mask(String names) {
        return names.equals("0") ? 0 : Integer.parseInt(number(names));
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
        final List<String[]> defines = new ArrayList<>();
        final List<String[]> actions = new ArrayList<>();
        final List<String[]> expects = new ArrayList<>();
        boolean server = true;
        int modes = Linemode.ALL_MODES;
        boolean forwardMask;
        byte[] input;

        Case(String name) {
            this.name = name;
        }

        void directive(String line) {
            String[] w = line.split("\\s+");
            String rest = line.substring(w[0].length()).strip();
            switch (w[0]) {
                case "role": server = w[1].equals("server"); break;
                case "modes": modes = mask(w[1]); break;
                case "forwardmask": forwardMask = true; break;
                case "define": defines.add(w); break;
                case "send": actions.add(w); break;
                case "expect": expects.add(w); break;
                case "in": in.writeBytes(TelnetNotation.parse(symbols(rest))); break;
                case "out": out.writeBytes(TelnetNotation.parse(symbols(rest))); break;
                default: throw new IllegalArgumentException("unknown directive " + w[0]);
            }
        }

        void check(int[] cuts) {
            SlcTable table = SlcTable.bsd(server);
            for (String[] d : defines) {
                int level = NAMES.get("SLC_" + d[2]);
                table.define(Slc.byName(d[1]), level, Integer.parseInt(d[3]), d.length > 4 ? mask(d[4]) : 0);
            }
            Linemode lm = server ? Linemode.server(table, modes) : Linemode.client(table, modes, forwardMask);
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            TelnetEngine[] engine = new TelnetEngine[1];
            engine[0] = new TelnetEngine(OptionSet.builder().both(TelnetOption.LINEMODE).build(), sent::write,
                new TelnetEngineListener() {
                    @Override
                    public void onData(byte[] buf, int off, int len) {
                    }

                    @Override
                    public void onSubnegotiation(int option, byte[] buf, int off, int len) {
                        if (option == TelnetOption.LINEMODE) {
                            for (byte[] p : lm.receive(buf, off, len)) {
                                engine[0].sendSubnegotiation(TelnetOption.LINEMODE, p, 0, p.length);
                            }
                        }
                    }
                });
            for (String[] a : actions) {
                byte[] p;
                switch (a[1]) {
                    case "propose": p = lm.proposeMode(mask(a[2])); break;
                    case "table": p = table.tablePayload(); break;
                    case "forwardmask": {
                        String[] cs = a[2].split(",");
                        int[] chars = new int[cs.length];
                        for (int i = 0; i < cs.length; i++) {
                            chars[i] = Integer.parseInt(cs[i]);
                        }
                        p = lm.requestForwardMask(ForwardMask.of(chars));
                        break;
                    }
                    default: throw new IllegalArgumentException("unknown action " + a[1]);
                }
                engine[0].sendSubnegotiation(TelnetOption.LINEMODE, p, 0, p.length);
            }
            int prev = 0;
            for (int k = 0; k <= cuts.length; k++) {
                int end = k < cuts.length ? cuts[k] : input.length;
                engine[0].receive(input, prev, end - prev);
                prev = end;
            }
            String how = cuts.length == 0 ? "whole" : cuts.length == 1 ? "cut at " + cuts[0] : "byte by byte";
            assertEquals(TelnetNotation.format(out.toByteArray()), TelnetNotation.format(sent.toByteArray()),
                name + " output, " + how);
            for (String[] e : expects) {
                switch (e[1]) {
                    case "mode":
                        assertEquals(Linemode.describeMode(mask(e[2])), Linemode.describeMode(lm.mode()),
                            name + " mode, " + how);
                        if (e.length > 3) {
                            assertEquals(e[3].equals("agreed"), lm.isAgreed(), name + " agreed, " + how);
                            assertEquals(e[3].equals("pending"), lm.pendingMode() >= 0, name + " pending, " + how);
                        }
                        break;
                    case "slc": {
                        int f = Slc.byName(e[2]);
                        assertEquals(e[3] + " " + e[4], levelName(table.level(f)) + " " + table.value(f),
                            name + " SLC " + e[2] + ", " + how);
                        break;
                    }
                    case "forwardmask": {
                        ForwardMask m = lm.forwardMask();
                        assertEquals(e[2], m == null ? "none" : m.toString().replaceAll("ForwardMask\\[|\\]", ""),
                            name + " forward mask, " + how);
                        break;
                    }
                    default:
                        throw new IllegalArgumentException("unknown expectation " + e[1]);
                }
            }
        }
    }

    static String levelName(int level) {
        return new String[] {"NOSUPPORT", "CANTCHANGE", "VALUE", "DEFAULT"}[level];
    }
}
