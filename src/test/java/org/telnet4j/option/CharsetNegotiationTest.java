package org.telnet4j.option;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CHARSET, RFC 2066: REQUEST [TTABLE version] sep name sep name..., ACCEPTED name, REJECTED. */
class CharsetNegotiationTest {

    private static byte[] payload(int command, String text) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(command);
        b.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        return b.toByteArray();
    }

    private static List<String> parseRequest(byte[] p) {
        return CharsetNegotiation.parseRequest(p, 0, p.length);
    }

    @Test
    void requestLayout() {
        assertArrayEquals(payload(CharsetNegotiation.REQUEST, " UTF-8 ISO-8859-1"),
            CharsetNegotiation.request(List.of("UTF-8", "ISO-8859-1")));
    }

    @Test
    void requestThenParseRequestRoundTrip() {
        assertEquals(CharsetNegotiation.DEFAULT_OFFER,
            parseRequest(CharsetNegotiation.request(CharsetNegotiation.DEFAULT_OFFER)));
        assertEquals(List.of("KOI8-R"), parseRequest(CharsetNegotiation.request(List.of("KOI8-R"))));
    }

    @Test
    void anySeparator() {
        assertEquals(List.of("UTF-8", "KOI8-R"), parseRequest(payload(CharsetNegotiation.REQUEST, ";UTF-8;KOI8-R")));
        assertEquals(List.of("UTF-8", "US-ASCII"), parseRequest(payload(CharsetNegotiation.REQUEST, ",UTF-8,US-ASCII")));
        assertEquals(List.of("UTF-8"), parseRequest(payload(CharsetNegotiation.REQUEST, ";;UTF-8;")),
            "empty names skipped");
        assertEquals(List.of("UTF 8", "X"), parseRequest(payload(CharsetNegotiation.REQUEST, ";UTF 8;X")),
            "a space is part of the name when it is not the separator");
    }

    @Test
    void ttablePrefixIsSkipped() {
        byte[] p = payload(CharsetNegotiation.REQUEST, "[TTABLE]\u0001 UTF-8 US-ASCII");
        assertEquals(List.of("UTF-8", "US-ASCII"), parseRequest(p));
        byte[] semicolon = payload(CharsetNegotiation.REQUEST, "[TTABLE]\u0001;ISO-8859-1");
        assertEquals(List.of("ISO-8859-1"), parseRequest(semicolon));
        assertEquals(List.of(), parseRequest(payload(CharsetNegotiation.REQUEST, "[TTABLE]\u0001")));
        assertEquals(List.of(), parseRequest(payload(CharsetNegotiation.REQUEST, "[TTABLE]")));
    }

    @Test
    void notARequest() {
        assertEquals(List.of(), parseRequest(payload(CharsetNegotiation.ACCEPTED, " UTF-8")));
        assertEquals(List.of(), parseRequest(new byte[] {CharsetNegotiation.REQUEST}));
        assertEquals(List.of(), parseRequest(payload(CharsetNegotiation.REQUEST, " ")));
        assertEquals(List.of(), CharsetNegotiation.parseRequest(new byte[0], 0, 0));
    }

    @Test
    void requestInsideALargerBuffer() {
        byte[] buf = {9, CharsetNegotiation.REQUEST, ' ', 'A', ' ', 'B', 9};
        assertEquals(List.of("A", "B"), CharsetNegotiation.parseRequest(buf, 1, 5));
    }

    @Test
    void acceptedAndRejected() {
        byte[] accepted = CharsetNegotiation.accepted("UTF-8");
        assertArrayEquals(payload(CharsetNegotiation.ACCEPTED, "UTF-8"), accepted);
        assertEquals("UTF-8", CharsetNegotiation.parseAccepted(accepted, 0, accepted.length));
        byte[] spaced = payload(CharsetNegotiation.ACCEPTED, " KOI8-R ");
        assertEquals("KOI8-R", CharsetNegotiation.parseAccepted(spaced, 0, spaced.length));
        byte[] rejected = CharsetNegotiation.rejected();
        assertArrayEquals(new byte[] {CharsetNegotiation.REJECTED}, rejected);
        assertNull(CharsetNegotiation.parseAccepted(rejected, 0, rejected.length));
        assertNull(CharsetNegotiation.parseAccepted(new byte[0], 0, 0));
        assertEquals("", CharsetNegotiation.parseAccepted(new byte[] {CharsetNegotiation.ACCEPTED}, 0, 1));
        assertArrayEquals(new byte[] {CharsetNegotiation.TTABLE_REJECTED}, CharsetNegotiation.ttableRejected());
    }

    @Test
    void commandCodesOfRfc2066() {
        assertEquals(1, CharsetNegotiation.REQUEST);
        assertEquals(2, CharsetNegotiation.ACCEPTED);
        assertEquals(3, CharsetNegotiation.REJECTED);
        assertEquals(4, CharsetNegotiation.TTABLE_IS);
        assertEquals(5, CharsetNegotiation.TTABLE_REJECTED);
        assertEquals(6, CharsetNegotiation.TTABLE_ACK);
        assertEquals(7, CharsetNegotiation.TTABLE_NAK);
    }

    @Test
    void lookupToleratesFieldSpellings() {
        assertEquals(StandardCharsets.UTF_8, CharsetNegotiation.lookup("utf8"));
        assertEquals(StandardCharsets.UTF_8, CharsetNegotiation.lookup("UTF-8"));
        assertEquals(StandardCharsets.UTF_8, CharsetNegotiation.lookup(" utf-8 "));
        assertEquals(StandardCharsets.ISO_8859_1, CharsetNegotiation.lookup("latin1"));
        assertEquals(StandardCharsets.ISO_8859_1, CharsetNegotiation.lookup("LATIN-1"));
        assertEquals(Charset.forName("windows-1252"), CharsetNegotiation.lookup("CP1252"));
        assertEquals(Charset.forName("ISO-8859-15"), CharsetNegotiation.lookup("ISO_8859_15"));
    }

    @Test
    void lookupOfUnknownOrIllegalNamesIsNull() {
        assertNull(CharsetNegotiation.lookup("X-NO-SUCH-CHARSET"));
        assertNull(CharsetNegotiation.lookup("not a charset!"));
        assertNull(CharsetNegotiation.lookup(""));
        assertNull(CharsetNegotiation.lookup("[TTABLE]"));
    }

    @Test
    void chooseTakesTheFirstKnownNameAsOffered() {
        assertEquals("UTF-8", CharsetNegotiation.choose(List.of("X-KLINGON", "UTF-8", "ISO-8859-1")));
        assertEquals("utf8", CharsetNegotiation.choose(List.of("utf8")), "the peer's spelling is kept");
        assertNull(CharsetNegotiation.choose(List.of("X-KLINGON", "?")));
        assertNull(CharsetNegotiation.choose(List.of()));
    }

    @Test
    void theDefaultOfferIsKnownToTheJvm() {
        for (String name : CharsetNegotiation.DEFAULT_OFFER) {
            assertTrue(CharsetNegotiation.lookup(name) != null, name);
        }
        assertEquals("UTF-8", CharsetNegotiation.DEFAULT_OFFER.get(0));
    }
}
