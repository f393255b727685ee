package org.telnet4j.option.mud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.testing.FuzzPayloads;

/**
 * Coverage-guided fuzzing of the MUD payload decoders: GMCP, MSDP and MSSP. Each must not throw,
 * must give no more text than its payload holds (MSDP: no deeper than {@link Msdp#MAX_DEPTH}),
 * and encoding what it read and reading that again gives the same (the encoders drop the bytes
 * that have no escape, so parse, encode, parse is a fixed point).
 *
 * <p>Regression mode replays {@code src/test/resources/org/telnet4j/option/mud/MudDecodersFuzzTestInputs/<method>/}.
 */
class MudDecodersFuzzTest {

    @FuzzTest
    void gmcp(byte[] input) {
        for (byte[] p : FuzzPayloads.of(input, TelnetOption.GMCP)) {
            Gmcp.Message m = Gmcp.parse(p, 0, p.length);
            assertTrue(m.name().length() + m.json().length() <= p.length, "message larger than its payload");
            assertFalse(m.name().indexOf(' ') >= 0, "name with a space: " + m.name());
            byte[] again;
            try {
                again = Gmcp.encode(m.name(), m.json());
            } catch (IllegalArgumentException e) {
                assertTrue(m.name().isEmpty(), "encode refused the name " + m.name());
                continue; // documented: an empty package name
            }
            Gmcp.Message back = Gmcp.parse(again, 0, again.length);
            assertEquals(m.name(), back.name());
            assertEquals(m.json(), back.json());
        }
    }

    @FuzzTest
    void msdp(byte[] input) {
        for (byte[] p : FuzzPayloads.of(input, TelnetOption.MSDP)) {
            Map<String, Object> vars = Msdp.parse(p, 0, p.length);
            assertTrue(size(vars, 0) <= 3L * p.length, "more text than the payload holds");
            byte[] again = Msdp.encode(vars);
            Map<String, Object> back = Msdp.parse(again, 0, again.length);
            assertEquals(withoutNul(vars), back, "parse, encode, parse is not a fixed point");
        }
    }

    @FuzzTest
    void mssp(byte[] input) {
        for (byte[] p : FuzzPayloads.of(input, TelnetOption.MSSP)) {
            Map<String, List<String>> vars = Mssp.parse(p, 0, p.length);
            long chars = 0;
            for (Map.Entry<String, List<String>> e : vars.entrySet()) {
                chars += e.getKey().length() + 1;
                for (String v : e.getValue()) {
                    chars += v.length() + 1;
                }
            }
            assertTrue(chars <= 2L * p.length, "more text than the payload holds");
            byte[] again = Mssp.encode(vars);
            // Names that differ only by NUL become one, their values joined, as MSSP reads repeats.
            Map<String, List<String>> expected = new LinkedHashMap<>();
            vars.forEach((k, vs) -> expected.computeIfAbsent(k.replace("\0", ""), x -> new ArrayList<>())
                .addAll(withoutNul(vs)));
            assertEquals(expected, Mssp.parse(again, 0, again.length));
        }
    }

    /** Counts text and checks the nesting depth; a value is a String, a Map or a List. */
    private static long size(Object v, int depth) {
        assertTrue(depth <= Msdp.MAX_DEPTH + 2, "nested " + depth + " deep");
        if (v instanceof Map) {
            long n = 0;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                n += ((String) e.getKey()).length() + 1 + size(e.getValue(), depth + 1);
            }
            return n;
        }
        if (v instanceof List) {
            long n = 1;
            for (Object o : (List<?>) v) {
                n += size(o, depth + 1);
            }
            return n;
        }
        return ((String) v).length() + 1;
    }

    /** The value with NUL removed from its text: NUL has no escape, so the encoders drop it. */
    @SuppressWarnings("unchecked")
    private static <T> T withoutNul(T v) {
        if (v instanceof Map) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                m.merge(withoutNul((String) e.getKey()), withoutNul(e.getValue()), (a, b) -> b);
            }
            return (T) m;
        }
        if (v instanceof List) {
            List<Object> l = new ArrayList<>();
            for (Object o : (List<?>) v) {
                l.add(withoutNul(o));
            }
            return (T) l;
        }
        return (T) ((String) v).replace("\0", "");
    }
}
