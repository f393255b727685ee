package org.telnet4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.telnet4j.charset.RetroCharsets;
import org.telnet4j.option.Environ;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;

/** The client's answers as bytes in and bytes out, with no socket. */
class ClientProtocolTest {
    final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    final StringBuilder text = new StringBuilder();
    final List<String> events = new ArrayList<>();

    ClientProtocol protocol(ClientConfig config) {
        return new ClientProtocol(config, sent::write, new ClientProtocol.Listener() {
            @Override
            public void onText(String s) {
                text.append(s);
            }

            @Override
            public void onCommand(int command) {
                events.add("command " + TelnetCommand.name(command) + " after '" + text + "'");
            }

            @Override
            public void onCharset(Charset cs) {
                events.add("charset " + cs.name());
            }
        });
    }

    static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    byte[] feed(ClientProtocol p, byte[] in) {
        sent.reset();
        p.receive(in, 0, in.length);
        return sent.toByteArray();
    }

    @Test
    void terminalTypeCycleRepeatsTheLastNameThenStartsOver() {
        ClientProtocol p = protocol(ClientConfig.builder().terminalTypes("MUDLET", "XTERM", "MTTS 137").build());
        assertEquals(hex(b(0xFF, 0xFB, 24)), hex(feed(p, b(0xFF, 0xFD, 24))));
        byte[] send = b(0xFF, 0xFA, 24, 1, 0xFF, 0xF0);
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] r = feed(p, send);
            answers.add(new String(r, 4, r.length - 6, StandardCharsets.US_ASCII));
        }
        assertEquals(List.of("MUDLET", "XTERM", "MTTS 137", "MTTS 137", "MUDLET"), answers);
    }

    @Test
    void nawsIsSentWhenAgreedAndOnEveryResize() {
        ClientProtocol p = protocol(ClientConfig.builder().windowSize(100, 40).build());
        assertEquals(hex(b(0xFF, 0xFB, 31, 0xFF, 0xFA, 31, 0, 100, 0, 40, 0xFF, 0xF0)),
            hex(feed(p, b(0xFF, 0xFD, 31))));
        sent.reset();
        p.setWindowSize(255, 300); // 255 must be escaped in the payload (RFC 1073)
        assertEquals(hex(b(0xFF, 0xFA, 31, 0, 0xFF, 0xFF, 1, 44, 0xFF, 0xF0)), hex(sent.toByteArray()));
    }

    @Test
    void noNawsBeforeTheServerAsks() {
        ClientProtocol p = protocol(ClientConfig.defaults());
        p.setWindowSize(90, 30);
        assertEquals(0, sent.size());
    }

    @Test
    void environDisclosesOnlyTheAllowList() {
        ClientProtocol p = protocol(ClientConfig.builder().environAllowList(java.util.Set.of("LANG"))
            .environ("LANG", "de_DE.UTF-8").build());
        feed(p, b(0xFF, 0xFD, 39));
        byte[] ask = concat(b(0xFF, 0xFA, 39, 1, 0), "USER".getBytes(StandardCharsets.US_ASCII),
            b(0), "LANG".getBytes(StandardCharsets.US_ASCII), b(0xFF, 0xF0));
        byte[] r = feed(p, ask);
        Map<String, String> vars = Environ.parseReply(r, 3, r.length - 5);
        assertEquals("de_DE.UTF-8", vars.get("LANG"));
        assertTrue(vars.containsKey("USER") && vars.get("USER") == null, "USER is reported undefined: " + vars);
    }

    @Test
    void charsetRequestAcceptsThePreferredOneAndSwitchesDecoding() {
        ClientProtocol p = protocol(ClientConfig.builder().encoding(StandardCharsets.ISO_8859_1)
            .acceptCharsets("UTF-8").build());
        feed(p, b(0xFF, 0xFD, 42));
        byte[] req = concat(b(0xFF, 0xFA, 42, 1), ";US-ASCII;UTF-8".getBytes(StandardCharsets.US_ASCII),
            b(0xFF, 0xF0));
        byte[] r = feed(p, req);
        assertEquals(hex(concat(b(0xFF, 0xFA, 42, 2), "UTF-8".getBytes(StandardCharsets.US_ASCII),
            b(0xFF, 0xF0))), hex(r));
        assertEquals(StandardCharsets.UTF_8, p.charset());
        feed(p, "gr\u00fc\u00df".getBytes(StandardCharsets.UTF_8));
        assertEquals("gr\u00fc\u00df", text.toString());
        assertTrue(events.contains("charset UTF-8"));
    }

    @Test
    void charsetRequestWithNothingAcceptableIsRejected() {
        ClientProtocol p = protocol(ClientConfig.builder().acceptCharsets("UTF-8").build());
        feed(p, b(0xFF, 0xFD, 42));
        byte[] r = feed(p, concat(b(0xFF, 0xFA, 42, 1), " KOI8-R".getBytes(StandardCharsets.US_ASCII),
            b(0xFF, 0xF0)));
        assertEquals(hex(b(0xFF, 0xFA, 42, 3, 0xFF, 0xF0)), hex(r));
    }

    @Test
    void acceptsEchoAndSgaSoCharacterModeIsDetected() {
        ClientProtocol p = protocol(ClientConfig.defaults());
        assertEquals(hex(b(0xFF, 0xFD, 1, 0xFF, 0xFD, 3)), hex(feed(p, b(0xFF, 0xFB, 1, 0xFF, 0xFB, 3))));
        assertTrue(p.serverEchoes());
        assertTrue(p.isCharacterMode());
    }

    @Test
    void refusesWhatItDoesNotKnowAndHonoursOverrides() {
        ClientProtocol p = protocol(ClientConfig.builder().neverDo(TelnetOption.ECHO)
            .alwaysDo(TelnetOption.GMCP).build());
        assertEquals(hex(b(0xFF, 0xFE, 1, 0xFF, 0xFD, 201, 0xFF, 0xFC, 34)),
            hex(feed(p, b(0xFF, 0xFB, 1, 0xFF, 0xFB, 201, 0xFF, 0xFD, 34))));
        assertFalse(p.serverEchoes());
    }

    @Test
    void offersAreSentAtStart() {
        ClientProtocol p = protocol(ClientConfig.builder().offerWill(TelnetOption.NAWS)
            .offerDo(TelnetOption.SGA).build());
        p.start();
        assertEquals(hex(b(0xFF, 0xFB, 31, 0xFF, 0xFD, 3)), hex(sent.toByteArray()));
    }

    @Test
    void textBeforeAGoAheadIsDeliveredBeforeTheCommand() {
        ClientProtocol p = protocol(ClientConfig.builder().encoding(StandardCharsets.UTF_8).build());
        feed(p, concat("Name? ".getBytes(StandardCharsets.US_ASCII), b(0xFF, 249)));
        assertEquals(List.of("command GA after 'Name? '"), events);
    }

    @Test
    void typedTextGoesOutWithNvtLineEnds() {
        ClientProtocol p = protocol(ClientConfig.builder().encoding(StandardCharsets.UTF_8).build());
        p.sendText("look\nsay \u00ff\n");
        assertEquals(hex(concat("look\r\nsay ".getBytes(StandardCharsets.US_ASCII), b(0xC3, 0xBF, '\r', '\n'))),
            hex(sent.toByteArray()));
    }

    @Test
    void atasciiTextGoesOutWithEolAndItsGraphicsUntouched() {
        // ATASCII has no CR or LF: a line ends with EOL (0x9B), and 0x0D, 0x0A and 0x00 are
        // graphics (a bar, a triangle, a heart) that NVT end-of-line rules must not touch, BINARY
        // negotiated or not.
        ClientProtocol p = protocol(ClientConfig.builder().encoding(RetroCharsets.ATASCII).build());
        p.sendText("hi\n\u23BA\u25E3\u2665\r\n");
        assertEquals(hex(b('h', 'i', 0x9B, 0x0D, 0x0A, 0x00, 0x9B)), hex(sent.toByteArray()));
        feed(p, b(0x0D, 0x00, 0x0A, 'x', 0x9B));
        assertEquals("\u23BA\u2665\u25E3x\n", text.toString());
    }

    @Test
    void petsciiTextEndsItsLinesWithReturn() {
        ClientProtocol p = protocol(ClientConfig.builder().encoding(RetroCharsets.PETSCII).build());
        p.sendText("go\n");
        assertEquals(hex(b(0x47, 0x4F, 0x0D, 0x00)), hex(sent.toByteArray()),
            "RETURN at once with its NUL pad outside BINARY (RFC 854 CR NUL), no LF");
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x ", x & 0xFF));
        }
        return s.toString().trim();
    }

    @Test
    void gmcpClientIntroducesItselfWhenTheServerEnablesGmcp() {
        ClientProtocol p = protocol(ClientConfig.builder().gmcp("telnet4j", "0.1", "Char 1", "Room 1").build());
        byte[] r = feed(p, b(0xFF, 0xFB, 201));
        String wire = new String(r, StandardCharsets.ISO_8859_1);
        assertTrue(wire.startsWith("\u00ff\u00fd\u00c9"), "DO GMCP first");
        assertTrue(wire.contains("\u00ff\u00fa\u00c9Core.Hello {\"client\":\"telnet4j\",\"version\":\"0.1\"}\u00ff\u00f0"), wire);
        assertTrue(wire.endsWith("\u00ff\u00fa\u00c9Core.Supports.Set [\"Char 1\",\"Room 1\"]\u00ff\u00f0"), wire);
    }
}
