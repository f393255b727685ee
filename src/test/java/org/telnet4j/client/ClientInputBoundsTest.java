package org.telnet4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.telnet4j.testing.ZlibBomb.zlib;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.telnet4j.option.mud.InflateLimitException;
import org.telnet4j.option.mud.InflateLimits;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;

/** The client side of the input bounds: MCCP2 inflation and CHARSET offers. */
class ClientInputBoundsTest {
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final StringBuilder text = new StringBuilder();

    private ClientProtocol protocol(ClientConfig config) {
        return new ClientProtocol(config, sent::write, new ClientProtocol.Listener() {
            @Override
            public void onText(String s) {
                text.append(s);
            }
        });
    }

    private static byte[] b(int... v) {
        return ClientProtocolTest.b(v);
    }

    private static byte[] concat(byte[]... parts) {
        return ClientProtocolTest.concat(parts);
    }

    private byte[] feed(ClientProtocol p, byte[] in) {
        sent.reset();
        p.receive(in, 0, in.length);
        return sent.toByteArray();
    }

    @Test
    void anMccp2BombStopsAtTheRatioLimitWithoutInflatingIt() {
        ClientProtocol p = protocol(ClientConfig.builder().build());
        feed(p, b(255, TelnetCommand.WILL, TelnetOption.MCCP2));
        byte[] bomb = zlib(new byte[32 << 20]); // 32 MiB of NUL in 32 KB
        byte[] in = concat(b(255, TelnetCommand.SB, TelnetOption.MCCP2, 255, TelnetCommand.SE), bomb);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> p.receive(in, 0, in.length));
        assertTrue(e.getCause() instanceof InflateLimitException, e.getCause().toString());
        assertTrue(text.length() < 256 * 1024, "text inflated before the limit: " + text.length());
    }

    @Test
    void ordinaryCompressedTextPassesTheLimits() {
        ClientProtocol p = protocol(ClientConfig.builder()
            .inflateLimits(new InflateLimits(100, 8 << 20, 4096)).build());
        feed(p, b(255, TelnetCommand.WILL, TelnetOption.MCCP2));
        StringBuilder room = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            room.append("You see exit ").append(i).append(" to the north.\r\n");
        }
        byte[] z = zlib(room.toString().getBytes(StandardCharsets.US_ASCII));
        byte[] in = concat(b(255, TelnetCommand.SB, TelnetOption.MCCP2, 255, TelnetCommand.SE), z);
        p.receive(in, 0, in.length);
        assertEquals(room.toString().replace("\r\n", "\n").length(), text.toString().replace("\r\n", "\n").length());
    }

    @Test
    void aCharsetRequestPastTheCapIsNotLookedAt() {
        ClientProtocol p = protocol(ClientConfig.builder().maxCharsetOffers(8)
            .maxSubnegotiation(64 * 1024).acceptCharsets("UTF-8").build());
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < 7990; i++) {
            names.append(' ').append('N').append(i);
        }
        names.append(" UTF-8");
        byte[] req = concat(b(255, TelnetCommand.SB, TelnetOption.CHARSET, 1),
            names.toString().getBytes(StandardCharsets.US_ASCII), b(255, TelnetCommand.SE));
        byte[] out = feed(p, req);
        assertArrayEquals(b(255, TelnetCommand.SB, TelnetOption.CHARSET, 3, 255, TelnetCommand.SE), out);
        byte[] small = concat(b(255, TelnetCommand.SB, TelnetOption.CHARSET, 1),
            " X-NONE UTF-8".getBytes(StandardCharsets.US_ASCII), b(255, TelnetCommand.SE));
        out = feed(p, small);
        assertArrayEquals(concat(b(255, TelnetCommand.SB, TelnetOption.CHARSET, 2),
            "UTF-8".getBytes(StandardCharsets.US_ASCII), b(255, TelnetCommand.SE)), out);
    }
}
