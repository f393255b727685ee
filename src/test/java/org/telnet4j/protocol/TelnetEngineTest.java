package org.telnet4j.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The engine keeps parser and encoder in step with BINARY, and {@link TelnetEngine#setForceBinary}
 * overrides it both ways without touching the negotiation. Bytes in, bytes out.
 */
class TelnetEngineTest {
    private static final byte IAC = (byte) 0xFF;

    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final TelnetEngine engine = new TelnetEngine(
        OptionSet.builder().local(TelnetOption.BINARY).remote(TelnetOption.BINARY).build(),
        sent::write, (buf, off, len) -> received.write(buf, off, len));

    private byte[] send(byte... data) {
        sent.reset();
        engine.sendData(data, 0, data.length);
        return sent.toByteArray();
    }

    private byte[] receive(byte... data) {
        received.reset();
        engine.receive(data, 0, data.length);
        return received.toByteArray();
    }

    @Test
    void withoutBinaryTheNvtEndOfLineRulesApply() {
        assertArrayEquals(new byte[] {'a', '\r', 0, 'b', '\r', '\n'}, send((byte) 'a', (byte) '\r', (byte) 'b', (byte) '\n'));
        assertArrayEquals(new byte[] {'a', '\r', 'b'}, receive((byte) 'a', (byte) '\r', (byte) 0, (byte) 'b'));
    }

    @Test
    void forcedBinarySendsAndReceivesEndOfLineBytesAsTheyAre() {
        engine.setForceBinary(true);
        assertTrue(engine.isForceBinary());
        assertArrayEquals(new byte[] {'a', '\r', 'b', '\n', IAC, IAC}, send((byte) 'a', (byte) '\r', (byte) 'b', (byte) '\n', IAC),
            "no CR NUL, no CR LF; IAC is still doubled");
        sent.reset();
        assertArrayEquals(new byte[] {'a', '\r', 0, 'b'}, receive((byte) 'a', (byte) '\r', (byte) 0, (byte) 'b'));
        assertFalse(engine.isLocalEnabled(TelnetOption.BINARY), "nothing was negotiated");
        assertArrayEquals(new byte[0], sent.toByteArray(), "nor sent");

        engine.setForceBinary(false);
        assertArrayEquals(new byte[] {'\r', 0, 'x'}, send((byte) '\r', (byte) 'x'));
        assertArrayEquals(new byte[] {'\r'}, receive((byte) '\r', (byte) 0));
    }

    @Test
    void negotiatedBinaryOutlivesForcingAndForcingOutlivesItsEnd() {
        receive(IAC, (byte) TelnetCommand.DO, (byte) TelnetOption.BINARY,
            IAC, (byte) TelnetCommand.WILL, (byte) TelnetOption.BINARY);
        assertArrayEquals(new byte[] {'\r'}, send((byte) '\r'));
        engine.setForceBinary(true);
        engine.setForceBinary(false);
        assertArrayEquals(new byte[] {'\r'}, send((byte) '\r'), "BINARY is still agreed");
        assertArrayEquals(new byte[] {'\r', 0}, receive((byte) '\r', (byte) 0));

        engine.setForceBinary(true);
        receive(IAC, (byte) TelnetCommand.DONT, (byte) TelnetOption.BINARY,
            IAC, (byte) TelnetCommand.WONT, (byte) TelnetOption.BINARY);
        assertArrayEquals(new byte[] {'\r'}, send((byte) '\r'), "still forced after BINARY ends");
        assertArrayEquals(new byte[] {'\r', 0}, receive((byte) '\r', (byte) 0));
    }
}
