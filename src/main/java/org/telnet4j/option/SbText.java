package org.telnet4j.option;

import java.nio.charset.StandardCharsets;

/** Subnegotiation text fields: bytes kept one-to-one as chars (ISO-8859-1), so nothing is lost. */
final class SbText {
    private SbText() {
    }

    static String decode(byte[] buf, int off, int len) {
        return new String(buf, off, len, StandardCharsets.ISO_8859_1);
    }

    static byte[] encode(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
