package org.telnet4j.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The banner's encoding: negotiated, else UTF-8 when valid, else CP437, each with its reason. */
class BannerTextTest {

    @Test
    void asciiIsUtf8() {
        BannerText t = BannerText.decode("hello\r\n".getBytes(StandardCharsets.US_ASCII), null);
        assertEquals("UTF-8", t.encoding());
        assertEquals("hello\r\n", t.text());
        assertTrue(t.evidence().contains("ASCII"), t.evidence());
    }

    @Test
    void validUtf8IsUtf8() {
        BannerText t = BannerText.decode("Café ☕".getBytes(StandardCharsets.UTF_8), null);
        assertEquals("UTF-8", t.encoding());
        assertEquals("Café ☕", t.text());
        assertTrue(t.evidence().contains("valid UTF-8"), t.evidence());
    }

    @Test
    void invalidUtf8IsCp437() {
        // CP437 box drawing: 0xC9 0xCD 0xBB is a top border, not valid UTF-8.
        BannerText t = BannerText.decode(new byte[] {(byte) 0xC9, (byte) 0xCD, (byte) 0xBB}, null);
        assertEquals("IBM437", t.encoding());
        assertEquals("╔═╗", t.text());
        assertTrue(t.evidence().contains("not valid UTF-8"), t.evidence());
    }

    @Test
    void negotiatedCharsetWins() {
        BannerText t = BannerText.decode(new byte[] {(byte) 0xE9}, StandardCharsets.ISO_8859_1);
        assertEquals("ISO-8859-1", t.encoding());
        assertEquals("é", t.text());
        assertTrue(t.evidence().contains("CHARSET"), t.evidence());
    }
}
