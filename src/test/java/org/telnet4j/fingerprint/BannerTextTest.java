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

    @Test
    void factsGiveTheByteStatistics() {
        byte[] b = {(byte) 0xC9, (byte) 0xCD, 'x', (byte) 0x80, (byte) 0xBB};
        BannerText t = BannerText.decode(b, null);
        assertEquals(4, t.facts().get("bytes_high"));
        assertEquals(false, t.facts().get("valid_utf8"));
        assertEquals(75, t.facts().get("cp437_box_percent"), "3 of the 4 high bytes are in 0xB0-0xDF");
        assertEquals("cp437_box_drawing", t.facts().get("decided_by"));
        assertEquals("IBM437", t.facts().get("guess"));
    }

    @Test
    void fewBoxBytesIsStillCp437ButNotForTheBoxes() {
        BannerText t = BannerText.decode(new byte[] {(byte) 0x80, (byte) 0x81, (byte) 0xC9}, null);
        assertEquals("IBM437", t.encoding());
        assertEquals("not_utf8", t.facts().get("decided_by"));
    }

    @Test
    void langCharsetComesBeforeTheBytes() {
        byte[] koi8 = "Привет".getBytes(java.nio.charset.Charset.forName("KOI8-R"));
        BannerText t = BannerText.decode(koi8, null, "ru_RU.KOI8-R", null);
        assertEquals("KOI8-R", t.encoding());
        assertEquals("Привет", t.text());
        assertEquals("lang", t.facts().get("decided_by"));
        assertEquals("ru_RU.KOI8-R", t.facts().get("lang"));
        // A LANG without a charset, or one Java does not know, is evidence recorded but not decisive.
        BannerText u = BannerText.decode("é".getBytes(StandardCharsets.UTF_8), null, "C", null);
        assertEquals("valid_utf8", u.facts().get("decided_by"));
        assertEquals("C", u.facts().get("lang"));
        assertEquals("UTF-8", BannerText.decode(new byte[0], null, "en_US.utf8@euro", null).encoding());
        assertEquals("not_utf8", BannerText.decode(new byte[] {(byte) 0x80}, null, "xx.NOPE", null)
            .facts().get("decided_by"));
    }

    @Test
    void charsetBeatsLangAndFont() {
        byte[] b = "\u001b[0;5 D\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        BannerText t = BannerText.decode(b, StandardCharsets.ISO_8859_1, "ru_RU.KOI8-R", null);
        assertEquals("charset", t.facts().get("decided_by"));
        assertEquals("ISO-8859-1", t.facts().get("charset_agreed"));
        assertEquals(5, t.facts().get("syncterm_font"));
    }

    @Test
    void syncTermFontSwitchIsFound() {
        byte[] b = "\u001b[0;5 D".getBytes(StandardCharsets.US_ASCII);
        assertEquals(5, BannerText.syncTermFont(b));
        assertEquals(2, BannerText.syncTermFont("\u001b[2 D".getBytes(StandardCharsets.US_ASCII)),
            "one parameter: the font for slot 0");
        assertEquals(null, BannerText.syncTermFont("\u001b[1;5 D".getBytes(StandardCharsets.US_ASCII)),
            "slot 1 is not the font the text is drawn in");
        assertEquals(null, BannerText.syncTermFont("\u001b[5D".getBytes(StandardCharsets.US_ASCII)),
            "CSI 5 D without the space is cursor back");
        byte[] cp866 = "Да".getBytes(java.nio.charset.Charset.forName("IBM866"));
        byte[] all = new byte[b.length + cp866.length];
        System.arraycopy(b, 0, all, 0, b.length);
        System.arraycopy(cp866, 0, all, b.length, cp866.length);
        BannerText t = BannerText.decode(all, null);
        assertEquals("IBM866", t.encoding());
        assertEquals("syncterm_font", t.facts().get("decided_by"));
        assertTrue(t.text().endsWith("Да"), t.text());
        // A font whose code page we do not map is recorded, and the bytes decide.
        BannerText amiga = BannerText.decode("\u001b[0;40 Dhi".getBytes(StandardCharsets.US_ASCII), null);
        assertEquals(40, amiga.facts().get("syncterm_font"));
        assertEquals("ascii", amiga.facts().get("decided_by"));
        // A switch seen before Enter holds after it.
        assertEquals("IBM866", BannerText.decode(cp866, null, null, 5).encoding());
    }
}
