package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.telnet4j.protocol.TelnetNotation;
import org.telnet4j.protocol.TelnetOption;

/** The server's text path out, as bytes: {@link ServerProtocol#sendText} without a socket. */
class ServerProtocolTextTest {
    final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    final ServerProtocol protocol = new ServerProtocol(TelnetServer.builder().encoding(StandardCharsets.UTF_8)
        .settings(), sent::write, new ServerProtocol.Listener() {
            @Override
            public void onSettled() {
            }

            @Override
            public void onLine(String line) {
            }

            @Override
            public void sendSynch() {
            }
        }, new ServerProtocol.Scratch());

    private String sentText() {
        return TelnetNotation.format(sent.toByteArray());
    }

    private static String text(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return TelnetNotation.format(b);
    }

    @Test
    void aCrLfThatStraddlesTheScratchBufferStaysCrLf() {
        // 4,094 characters and CR LF: the CR is the scratch buffer's last byte. Sent in two writes,
        // the encoder would end the first with a lone CR and pad it (CR NUL) before the LF.
        for (int n = 4090; n <= 4100; n++) {
            sent.reset();
            String body = "x".repeat(n);
            protocol.sendText(body + "\r\n");
            assertEquals(text(body + "\r\n"), sentText(), "at length " + n);
        }
    }

    @Test
    void lineEndsBecomeCrLfOnceOutsideBinaryAndInside() {
        protocol.sendText("a\nb\r\nc\rd");
        assertEquals(text("a\r\nb\r\nc\r\0d"), sentText(), "NVT: LF to CR LF, a lone CR padded");
        sent.reset();
        protocol.engine().options().setLenient(true);
        protocol.engine().receive(new byte[] {(byte) 0xFF, (byte) 0xFD, (byte) TelnetOption.BINARY}, 0, 3);
        assertTrue(protocol.engine().isLocalEnabled(TelnetOption.BINARY));
        sent.reset();
        protocol.sendText("a\nb\r\nc\rd");
        assertEquals(text("a\r\nb\r\nc\rd"), sentText(), "BINARY: text still ends lines with CR LF; a CR is a CR");
    }
}
