package org.telnet4j.charset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SortedMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The retro charsets are real JVM charsets: every canonical name and alias resolves through
 * {@link Charset#forName} in any case, to the very instances of {@link RetroCharsets}, and
 * {@link Charset#availableCharsets()} lists them.
 */
class CharsetRegistrationTest {

    /** Canonical name, then its aliases, as documented in package-info. */
    private static final Map<Charset, List<String>> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put(RetroCharsets.ATASCII, List.of("ATASCII", "atari8bit", "atari_8bit", "atascii"));
        NAMES.put(RetroCharsets.PETSCII, List.of("PETSCII", "cbm", "commodore", "c64", "c128", "petscii"));
        NAMES.put(RetroCharsets.ATARI_ST, List.of("ATARIST", "atari-st", "atarist", "atari"));
        NAMES.put(RetroCharsets.BIG5_BBS, List.of("BIG5BBS", "big5bbs", "big5-bbs"));
    }

    @Test
    void canonicalNamesAndAliases() {
        for (Map.Entry<Charset, List<String>> e : NAMES.entrySet()) {
            Charset cs = e.getKey();
            assertEquals(e.getValue().get(0), cs.name());
            assertEquals(Set.copyOf(e.getValue().subList(1, e.getValue().size())), cs.aliases(), cs.name());
            assertTrue(cs.canEncode(), cs.name());
        }
        assertEquals(List.copyOf(NAMES.keySet()), RetroCharsets.all());
    }

    @Test
    void forNameFindsEveryNameInAnyCase() {
        for (Map.Entry<Charset, List<String>> e : NAMES.entrySet()) {
            for (String name : e.getValue()) {
                for (String spelled : List.of(name, name.toUpperCase(Locale.ROOT), name.toLowerCase(Locale.ROOT),
                    mixedCase(name))) {
                    assertSame(e.getKey(), Charset.forName(spelled), spelled);
                    assertTrue(Charset.isSupported(spelled), spelled);
                    assertSame(e.getKey(), RetroCharsets.lookup("  " + spelled + " "), spelled);
                }
            }
        }
    }

    @Test
    void availableCharsetsListsThem() {
        SortedMap<String, Charset> all = Charset.availableCharsets();
        for (Charset cs : NAMES.keySet()) {
            assertSame(cs, all.get(cs.name()), cs.name());
            // The map is keyed case-insensitively, as Charset.availableCharsets documents.
            assertSame(cs, all.get(cs.name().toLowerCase(Locale.ROOT)), cs.name());
        }
    }

    @Test
    void providerIsRegisteredAsAService() {
        List<Class<?>> providers = StreamSupport.stream(
                ServiceLoader.load(java.nio.charset.spi.CharsetProvider.class).spliterator(), false)
            .map(Object::getClass)
            .collect(Collectors.toList());
        assertTrue(providers.contains(RetroCharsetProvider.class), providers.toString());
        RetroCharsetProvider p = new RetroCharsetProvider();
        assertNull(p.charsetForName("utf-8"), "the provider answers only for its own charsets");
        assertNull(p.charsetForName(null));
        assertSame(RetroCharsets.PETSCII, p.charsetForName("C64"));
    }

    @Test
    void lookupAlsoKnowsTheJvmsCharsetsAndRejectsUnknownOnes() {
        assertSame(StandardCharsets.UTF_8, RetroCharsets.lookup("utf8"));
        assertEquals(Charset.forName("IBM437"), RetroCharsets.lookup("cp437"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> RetroCharsets.lookup("no-such-charset"));
        assertTrue(e.getMessage().contains("no-such-charset"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RetroCharsets.lookup(null));
        assertThrows(UnsupportedCharsetException.class, () -> Charset.forName("petscii-no"));
    }

    @Test
    void containsIsOnlyWhatEncodesLosslessly() {
        assertTrue(RetroCharsets.ATARI_ST.contains(StandardCharsets.US_ASCII));
        assertFalse(RetroCharsets.PETSCII.contains(StandardCharsets.US_ASCII), "no '_', '{' or '\\\\'");
        assertFalse(RetroCharsets.ATASCII.contains(StandardCharsets.US_ASCII), "no CR, '`' or '{'");
        assertTrue(RetroCharsets.BIG5_BBS.contains(StandardCharsets.US_ASCII));
        assertTrue(RetroCharsets.BIG5_BBS.contains(Charset.forName("Big5")));
        for (Charset cs : NAMES.keySet()) {
            assertTrue(cs.contains(cs));
            assertFalse(cs.contains(StandardCharsets.UTF_8), cs.name());
        }
    }

    @Test
    void lineEnds() {
        assertEquals("\n", RetroCharsets.lineEnd(Charset.forName("atascii")));
        assertEquals("\r", RetroCharsets.lineEnd(Charset.forName("c64")));
        assertEquals("\r\n", RetroCharsets.lineEnd(RetroCharsets.ATARI_ST));
        assertEquals("\r\n", RetroCharsets.lineEnd(RetroCharsets.BIG5_BBS));
        assertEquals("\r\n", RetroCharsets.lineEnd(StandardCharsets.UTF_8));
    }

    @Test
    void lineEndsBecomeTheCharsetsLineEnd() {
        assertEquals("a\nb\n", RetroCharsets.withLineEnds("a\r\nb\n", RetroCharsets.ATASCII)); // EOL only
        assertEquals("a\rb\r", RetroCharsets.withLineEnds("a\r\nb\n", RetroCharsets.PETSCII)); // RETURN only
        assertEquals("a\rb\n", RetroCharsets.withLineEnds("a\rb\r\n", RetroCharsets.ATASCII), "a CR alone is kept");
        assertEquals("a\r\nb\r\n", RetroCharsets.withLineEnds("a\nb\r\n", StandardCharsets.UTF_8));
        assertEquals("\r\n\r\nx", RetroCharsets.withLineEnds("\n\r\nx", StandardCharsets.UTF_8));
        assertEquals("\r\r", RetroCharsets.withLineEnds("\r\n\r", RetroCharsets.PETSCII));
        String none = "no line end";
        assertSame(none, RetroCharsets.withLineEnds(none, RetroCharsets.PETSCII));
        String nvt = "a\r\nb\r\n";
        assertSame(nvt, RetroCharsets.withLineEnds(nvt, StandardCharsets.UTF_8), "already CR LF: no copy");
    }

    private static String mixedCase(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(i % 2 == 0 ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return b.toString();
    }
}
