package org.telnet4j.pty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.telnet4j.protocol.TelnetCommand;

class InputTranslatorTest {

    /** Feeds {@code in} split at {@code cut} (or whole when cut is -1) and returns the output. */
    private static String translate(String in, int cut) {
        byte[] b = in.getBytes(StandardCharsets.ISO_8859_1);
        InputTranslator t = new InputTranslator();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] o = new byte[b.length];
        if (cut < 0) {
            out.write(o, 0, t.translate(b, 0, b.length, o));
        } else {
            out.write(o, 0, t.translate(b, 0, cut, o));
            out.write(o, 0, t.translate(b, cut, b.length - cut, o));
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void everyEnterBecomesCr() {
        assertEquals("ls\r", translate("ls\r\n", -1));
        assertEquals("ls\r", translate("ls\r\0", -1));
        assertEquals("ls\r", translate("ls\r", -1));
        assertEquals("a\rb\rc\r", translate("a\r\nb\r\0c\r", -1));
    }

    @Test
    void theSameAtEverySplit() {
        String in = "a\r\nb\r\0c\rd\r\r\ne\n";
        String whole = translate(in, -1);
        assertEquals("a\rb\rc\rd\r\re\n", whole);
        for (int cut = 0; cut <= in.length(); cut++) {
            assertEquals(whole, translate(in, cut), "split at " + cut);
        }
    }

    @Test
    void otherBytesPassUntouched() {
        String all = "\u001b[A\u0003\u007f\u0004\n\u00ff\u0000x";
        assertArrayEquals(all.getBytes(StandardCharsets.ISO_8859_1),
            translate(all, -1).getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void commandsBecomeTheTerminalsKeys() {
        assertEquals(InputTranslator.Key.INTR, InputTranslator.keyFor(TelnetCommand.IP));
        assertEquals(InputTranslator.Key.INTR, InputTranslator.keyFor(TelnetCommand.BRK));
        assertEquals(InputTranslator.Key.QUIT, InputTranslator.keyFor(TelnetCommand.ABORT));
        assertEquals(InputTranslator.Key.SUSP, InputTranslator.keyFor(TelnetCommand.SUSP));
        assertEquals(InputTranslator.Key.EOF, InputTranslator.keyFor(TelnetCommand.EOF));
        assertEquals(InputTranslator.Key.ERASE, InputTranslator.keyFor(TelnetCommand.EC));
        assertEquals(InputTranslator.Key.KILL, InputTranslator.keyFor(TelnetCommand.EL));
        assertNull(InputTranslator.keyFor(TelnetCommand.AO));
        assertNull(InputTranslator.keyFor(TelnetCommand.NOP));
        assertNull(InputTranslator.keyFor(TelnetCommand.AYT));
        assertEquals(0x03, InputTranslator.DEFAULT_KEYS[InputTranslator.Key.INTR.ordinal()]);
        assertEquals(0x1a, InputTranslator.DEFAULT_KEYS[InputTranslator.Key.SUSP.ordinal()]);
        assertEquals(0x04, InputTranslator.DEFAULT_KEYS[InputTranslator.Key.EOF.ordinal()]);
        assertTrue(InputTranslator.flushesInput(InputTranslator.Key.INTR));
        assertFalse(InputTranslator.flushesInput(InputTranslator.Key.EOF));
    }
}
