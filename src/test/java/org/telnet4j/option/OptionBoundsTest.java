package org.telnet4j.option;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bounds on option state a peer fills: CHARSET offers, environment, terminal types. */
class OptionBoundsTest {

    private static byte[] request(int names) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(CharsetNegotiation.REQUEST);
        for (int i = 0; i < names; i++) {
            b.writeBytes((";N" + i).getBytes(StandardCharsets.US_ASCII));
        }
        return b.toByteArray();
    }

    @Test
    void aCharsetRequestKeepsAtMostTheCapAndCountsTheRest() {
        byte[] p = request(8000);
        List<String> kept = CharsetNegotiation.parseRequest(p, 0, p.length, 32);
        assertEquals(32, kept.size());
        assertEquals("N0", kept.get(0));
        assertEquals("N31", kept.get(31));
        assertEquals(8000, CharsetNegotiation.offerCount(p, 0, p.length));
        assertEquals(8000, CharsetNegotiation.parseRequest(p, 0, p.length).size());
        byte[] ttable = "\u0001[TTABLE]\u0001;UTF-8;;LATIN1".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(List.of("UTF-8", "LATIN1"), CharsetNegotiation.parseRequest(ttable, 0, ttable.length, 5));
        assertEquals(2, CharsetNegotiation.offerCount(ttable, 0, ttable.length));
    }

    @Test
    void charsetNamesFollowOneSpellingRuleAndLookupsAreCached() {
        assertEquals("UTF-8", CharsetNegotiation.spelling(" utf8 "));
        assertEquals("ISO-8859-1", CharsetNegotiation.spelling("Latin_1"));
        assertEquals("WINDOWS-1252", CharsetNegotiation.spelling("windows_1252"));
        assertNull(CharsetNegotiation.spelling("x".repeat(200)), "no charset has a name that long");
        assertNull(CharsetNegotiation.spelling("  "));
        assertSame(StandardCharsets.UTF_8, CharsetNegotiation.lookup("UTF8"));
        assertSame(StandardCharsets.ISO_8859_1, CharsetNegotiation.lookup("latin-1"));
        assertNull(CharsetNegotiation.lookup("X-NO-SUCH-CHARSET"));
        // Each spelling is asked of the providers once; the answer, found or not, is kept.
        assertNull(CharsetNegotiation.lookup("x-cache-probe"));
        int cached = CharsetNegotiation.cachedSpellings();
        assertNull(CharsetNegotiation.lookup("X_CACHE_PROBE")); // the same spelling after the rule
        assertEquals(cached, CharsetNegotiation.cachedSpellings());
        // Hostile names cannot grow the cache without bound.
        for (int i = 0; i < 2 * CharsetNegotiation.MAX_CACHED; i++) {
            assertNull(CharsetNegotiation.lookup("X-NOSUCH-" + i));
        }
        assertTrue(CharsetNegotiation.cachedSpellings() <= CharsetNegotiation.MAX_CACHED);
    }

    @Test
    void theEnvironmentIsBoundedByCountAndCharacters() {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> update = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            update.put("V" + i, "x");
        }
        assertEquals(68, Environ.mergeBounded(env, update, 32, 4096));
        assertEquals(32, env.size());
        // A change to a kept variable applies; a removal frees room for a new one.
        Map<String, String> change = new LinkedHashMap<>();
        change.put("V0", "changed");
        change.put("V1", null);
        change.put("NEW", "y");
        assertEquals(0, Environ.mergeBounded(env, change, 32, 4096));
        assertEquals("changed", env.get("V0"));
        assertFalse(env.containsKey("V1"));
        assertEquals("y", env.get("NEW"));
        // The character bound: a value that would pass it is dropped, the old one kept.
        Map<String, String> big = Map.of("V0", "z".repeat(5000));
        assertEquals(1, Environ.mergeBounded(env, big, 32, 4096));
        assertEquals("changed", env.get("V0"));
    }

    @Test
    void terminalTypeNamesAreCutToTheMaximum() {
        TerminalType t = new TerminalType(16);
        byte[] p = ("\u0000" + "A".repeat(16 * 1024)).getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(t.onReply(p, 0, p.length));
        assertTrue(t.wasTruncated());
        assertEquals("A".repeat(16), t.terminalType());
        byte[] q = "\u0000XTERM".getBytes(StandardCharsets.ISO_8859_1);
        t.onReply(q, 0, q.length);
        assertFalse(t.wasTruncated());
        assertEquals(TerminalType.DEFAULT_MAX_LENGTH, 64);
        assertThrows(IllegalArgumentException.class, () -> new TerminalType(4));
    }
}
