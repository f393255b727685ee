package org.telnet4j.charset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.telnet4j.charset.CharsetTestSupport.bytes;
import static org.telnet4j.charset.CharsetTestSupport.decodeReplacing;
import static org.telnet4j.charset.CharsetTestSupport.encodeReplacing;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.UnmappableCharacterException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bad input never throws under {@code CodingErrorAction.REPLACE}: characters a charset cannot
 * encode become its replacement ({@code '?'}, or one the caller sets), bytes it cannot decode
 * become U+FFFD; under REPORT the same input is reported, never silently changed.
 */
class ReplacementTest {
    private static final List<Charset> ALL = RetroCharsets.all();

    @Test
    void unmappableCharactersBecomeTheReplacement() throws CharacterCodingException {
        // U+20AC euro, U+65E5 a CJK ideograph, U+1F600 an emoji (a surrogate pair): none of the
        // single-byte charsets has them; Big5 has the ideograph and the euro sign is not in Big5.
        String text = "a\u20ACb\uD83D\uDE00c";
        for (Charset cs : ALL) {
            assertArrayEquals(bytes('?'), cs.newEncoder().replacement(), cs.name());
            byte[] a = encodeReplacing(cs, "a");
            byte[] q = encodeReplacing(cs, "?");
            byte[] out = encodeReplacing(cs, text);
            // a ? b ? c: one replacement for the euro sign, one for the whole surrogate pair.
            String back = new String(out, cs);
            assertEquals(new String(a, cs) + "?" + decodeOne(cs, 'b') + "?" + decodeOne(cs, 'c'), back, cs.name());
            assertEquals(1, q.length, cs.name());
            assertThrows(UnmappableCharacterException.class,
                () -> CharsetTestSupport.encodeStrict(cs, "\u20AC"), cs.name());
        }
    }

    @Test
    void loneSurrogatesAreMalformedAndReplaced() throws CharacterCodingException {
        for (Charset cs : ALL) {
            for (String s : new String[] {"x\uD83Dy", "x\uDE00y", "x\uD83D"}) {
                byte[] out = encodeReplacing(cs, s);
                String back = new String(out, cs);
                assertTrue(back.contains("?"), cs.name() + " " + CharsetTestSupport.codePoints(s));
                assertThrows(MalformedInputException.class, () -> CharsetTestSupport.encodeStrict(cs, s),
                    cs.name() + " " + CharsetTestSupport.codePoints(s));
            }
        }
    }

    @Test
    void stringGetBytesNeverThrows() {
        Random random = new Random(2066);
        for (Charset cs : ALL) {
            for (int round = 0; round < 200; round++) {
                char[] c = new char[1 + random.nextInt(40)];
                for (int i = 0; i < c.length; i++) {
                    c[i] = (char) random.nextInt(0x10000); // any UTF-16 unit, lone surrogates too
                }
                byte[] b = new String(c).getBytes(cs); // REPLACE, as the JDK does
                assertTrue(b.length <= c.length * 2, cs.name());
            }
        }
    }

    @Test
    void aReplacementTheCallerSetsIsUsed() throws CharacterCodingException {
        for (Charset cs : List.of(RetroCharsets.ATASCII, RetroCharsets.PETSCII, RetroCharsets.ATARI_ST)) {
            CharsetEncoder enc = cs.newEncoder()
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(bytes(0x2A)); // '*' in all three
            ByteBuffer out = enc.encode(CharBuffer.wrap("\u20AC"));
            assertEquals(1, out.remaining(), cs.name());
            assertEquals(0x2A, out.get() & 0xFF, cs.name());
        }
        CharsetEncoder big5 = RetroCharsets.BIG5_BBS.newEncoder()
            .onUnmappableCharacter(CodingErrorAction.REPLACE)
            .replaceWith(bytes(0xA1, 0x48)); // a full-width question mark in Big5
        ByteBuffer out = big5.encode(CharBuffer.wrap("\u20AC"));
        assertEquals(2, out.remaining());
    }

    @Test
    void undecodableBytesBecomeReplacementCharacters() throws CharacterCodingException {
        assertEquals("a\uFFFDb", decodeReplacing(RetroCharsets.ATASCII, bytes('a', 0xFF, 'b')));
        assertEquals("a\uFFFDb\uFFFDc", decodeReplacing(RetroCharsets.BIG5_BBS, bytes('a', 0x80, 'b', 0xFF, 'c')));
        assertThrows(UnmappableCharacterException.class,
            () -> CharsetTestSupport.decodeStrict(RetroCharsets.ATASCII, bytes(0xFF)));
        assertThrows(MalformedInputException.class,
            () -> CharsetTestSupport.decodeStrict(RetroCharsets.BIG5_BBS, bytes(0x80)));
        // PETSCII and the Atari ST set give every byte a character.
        for (Charset cs : List.of(RetroCharsets.PETSCII, RetroCharsets.ATARI_ST)) {
            byte[] all = new byte[256];
            for (int i = 0; i < 256; i++) {
                all[i] = (byte) i;
            }
            assertFalse(decodeReplacing(cs, all).contains("\uFFFD"), cs.name());
        }
    }

    @Test
    void randomBytesNeverThrowWhenDecoding() {
        Random random = new Random(854);
        for (Charset cs : ALL) {
            for (int round = 0; round < 200; round++) {
                byte[] b = new byte[random.nextInt(64)];
                random.nextBytes(b);
                String s = new String(b, cs);
                assertTrue(s.length() <= b.length * 2, cs.name());
            }
        }
    }

    private static String decodeOne(Charset cs, char c) throws CharacterCodingException {
        return new String(encodeReplacing(cs, String.valueOf(c)), cs);
    }
}
