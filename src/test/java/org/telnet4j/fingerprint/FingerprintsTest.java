package org.telnet4j.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Canonical JSON and the telnet_hash computed from it. */
class FingerprintsTest {

    private static Map<String, Object> sample(boolean reversed) {
        Map<String, Object> inner = new LinkedHashMap<>();
        Map<String, Object> outer = new LinkedHashMap<>();
        if (reversed) {
            inner.put("z", true);
            inner.put("y", null);
            outer.put("b", new ArrayList<>(Arrays.asList(1, "x\n")));
            outer.put("a", inner);
        } else {
            inner.put("y", null);
            inner.put("z", true);
            outer.put("a", inner);
            outer.put("b", new ArrayList<>(Arrays.asList(1, "x\n")));
        }
        return outer;
    }

    @Test
    void canonicalJsonSortsKeysAndHasNoWhitespace() {
        assertEquals("{\"a\":{\"y\":null,\"z\":true},\"b\":[1,\"x\\n\"]}", Json.canonical(sample(true)));
        assertEquals(Json.canonical(sample(false)), Json.canonical(sample(true)));
    }

    @Test
    void hashIsTheFirst16HexDigitsOfSha256OfTheCanonicalForm() {
        // The same value as Python's json.dumps(d, sort_keys=True, separators=(",", ":")) hashed.
        assertEquals("65626f09b8fa1f99", Fingerprints.hash(sample(true)));
        assertEquals(Fingerprints.hash(sample(false)), Fingerprints.hash(new HashMap<>(sample(true))));
    }

    @Test
    void controlCharactersAreEscaped() {
        assertEquals("\"\\u001b[0m\\t\\\"q\\\"\"", Json.canonical("\u001b[0m\t\"q\""));
    }
}
