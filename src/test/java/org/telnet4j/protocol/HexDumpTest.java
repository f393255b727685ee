package org.telnet4j.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HexDumpTest {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static String format(int... values) {
        byte[] b = bytes(values);
        return HexDump.format(b, 0, b.length);
    }

    @Test
    void javadocExample() {
        assertEquals("48 69 ff fb 01 | Hi<IAC WILL ECHO>", format(0x48, 0x69, 0xff, 0xfb, 0x01));
    }

    @Test
    void nonPrintableBytesAreDots() {
        assertEquals("00 1f 20 7e 7f 80 e9 | .. ~...", format(0x00, 0x1f, 0x20, 0x7e, 0x7f, 0x80, 0xe9));
        assertEquals("0d 0a | ..", format('\r', '\n'));
    }

    @Test
    void subnegotiationIsNamed() {
        assertEquals("ff fa 1f 00 50 00 18 ff f0 | <IAC SB NAWS>.P..<IAC SE>",
            format(0xff, 0xfa, 0x1f, 0x00, 0x50, 0x00, 0x18, 0xff, 0xf0));
    }

    @Test
    void otherCommands() {
        assertEquals("ff ff | <IAC IAC>", format(0xff, 0xff));
        assertEquals("ff f9 | <IAC GA>", format(0xff, 0xf9));
        assertEquals("ff fd 18 | <IAC DO TTYPE>", format(0xff, 0xfd, 24));
        assertEquals("ff 01 41 | <IAC 1>A", format(0xff, 0x01, 'A'), "an unassigned command byte");
    }

    @Test
    void cutShortSequences() {
        assertEquals("41 ff | A.", format('A', 0xff), "IAC as the last byte");
        assertEquals("ff fb | <IAC WILL>", format(0xff, 0xfb), "no option byte");
        assertEquals("ff fa | <IAC SB>", format(0xff, 0xfa));
    }

    @Test
    void rangeIsRespected() {
        byte[] b = bytes('x', 'a', 0xff, 0xf1, 'y');
        assertEquals("61 ff f1 | a<IAC NOP>", HexDump.format(b, 1, 3));
        assertEquals("61 ff | a.", HexDump.format(b, 1, 2), "IAC at the end of the range, not of the array");
        assertEquals(" | ", HexDump.format(b, 2, 0));
    }
}
