package org.telnet4j.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link TelnetEncoder}: IAC doubling, NVT end-of-line translation outside BINARY (including a CR
 * at the end of a call, which is completed at once), the static {@code write*} methods, and round trips through
 * {@link TelnetParser}.
 */
class TelnetEncoderTest {

    // --- IAC doubling ---

    @Test
    void iacIsDoubledInDataInBothModes() {
        for (boolean binary : new boolean[] {false, true}) {
            Capture c = new Capture();
            c.encoder.setBinary(binary);
            c.data("\"a\\xFFb\\xFF\\xFF\"");
            c.expect("\"a\" IAC IAC \"b\" IAC IAC IAC IAC");
        }
    }

    @Test
    void iacIsDoubledInSubnegotiationPayloadsWhichGetNoNewlineTranslation() {
        Capture c = new Capture();
        byte[] payload = TelnetNotation.parse("0 0xFF 0 24 \"a\\nb\\rc\" 0xFF");
        c.encoder.subnegotiation(TelnetOption.NAWS, payload, 0, payload.length);
        c.expect("IAC SB NAWS 0 IAC IAC 0 24 \"a\\nb\\rc\" IAC IAC IAC SE");
    }

    @Test
    void aSubnegotiationSentPiecewiseIsTheSameAsWhole() {
        byte[] payload = TelnetNotation.parse("\"core.hello {\\\"x\\\": 1}\" 0xFF 0xF0 \"end\"");
        Capture whole = new Capture();
        whole.encoder.subnegotiation(TelnetOption.GMCP, payload, 0, payload.length);
        Capture parts = new Capture();
        parts.encoder.subnegotiationStart(TelnetOption.GMCP);
        parts.encoder.subnegotiationPayload(payload, 0, 5);
        parts.encoder.subnegotiationPayload(payload, 5, 0);
        parts.encoder.subnegotiationPayload(payload, 5, payload.length - 5);
        parts.encoder.subnegotiationEnd();
        assertArrayEquals(whole.bytes(), parts.bytes());
    }

    // --- NVT end of line ---

    @Test
    void nvtEndOfLineRules() {
        String[][] cases = {
            // data calls, separated by " | "              expected wire bytes
            {"\"a\\nb\"", "\"a\\r\\nb\""},
            {"\"a\\rb\"", "\"a\\r\\0b\""},
            {"\"a\\r\\nb\"", "\"a\\r\\nb\""},
            {"\"\\n\\n\"", "\"\\r\\n\\r\\n\""},
            {"\"\\r\\r\\n\"", "\"\\r\\0\\r\\n\""},
            {"\"\\r\\0\"", "\"\\r\\0\\0\""},
            {"\"x\\0y\"", "\"x\\0y\""},
            {"\"\\r\\xFF\"", "\"\\r\\0\" IAC IAC"},
            // A call is complete in itself: a CR ending one call is CR NUL, whatever comes next
            // (an LF in the next call is a new line of its own).
            {"\"a\\r\" | \"\\nb\"", "\"a\\r\\0\\r\\nb\""},
            {"\"a\\r\" | \"b\"", "\"a\\r\\0b\""},
            {"\"a\\r\" | \"\\r\" | \"\\n\"", "\"a\\r\\0\\r\\0\\r\\n\""},
            {"\"a\\r\" | \"\" | \"\\n\"", "\"a\\r\\0\\r\\n\""},
            {"\"\\r\" | \"\\xFF\"", "\"\\r\\0\" IAC IAC"},
        };
        for (String[] c : cases) {
            Capture cap = new Capture();
            for (String call : c[0].split(" \\| ")) {
                cap.data(call);
            }
            cap.expect(c[1], c[0]);
        }
    }

    @Test
    void aCrAtTheEndOfACallNeverWaitsForTheNextWrite() {
        // The Enter key in raw mode is one call holding CR: the peer must get CR NUL at once, not
        // CR now and NUL with the next key or NAWS message (busybox telnetd passes such a NUL on).
        Capture c = new Capture();
        c.data("\"a\\r\"");
        c.expect("\"a\\r\\0\"");
        c.encoder.subnegotiation(TelnetOption.NAWS, new byte[] {0, 80, 0, 24}, 0, 4);
        c.data("\"b\"");
        c.encoder.command(TelnetCommand.GA);
        c.expect("IAC SB NAWS 0 80 0 24 IAC SE \"b\" IAC GA");
    }

    @Test
    void switchingToBinaryAfterACrChangesNothingAlreadySent() {
        Capture c = new Capture();
        c.data("\"a\\r\"");
        c.encoder.setBinary(true);
        assertTrue(c.encoder.isBinary());
        c.data("\"\\nb\\r\"");
        c.encoder.setBinary(false);
        c.data("\"\\n\"");
        c.expect("\"a\\r\\0\\nb\\r\\r\\n\"");
    }

    @Test
    void binaryModeLeavesEveryByteAloneButIac() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        Capture c = new Capture();
        c.encoder.setBinary(true);
        c.encoder.data(all, 0, all.length);
        c.encoder.data(new byte[] {'\r'}, 0, 1);
        c.encoder.data(new byte[] {'x'}, 0, 1);
        byte[] expected = Arrays.copyOf(all, 259);
        expected[256] = (byte) 0xFF;
        expected[257] = '\r';
        expected[258] = 'x';
        assertArrayEquals(expected, c.bytes());
    }

    // --- copying ---

    @Test
    void plainDataIsPassedOnAsASliceOfTheCallersArray() {
        Capture c = new Capture();
        byte[] src = "..hello world\r\n..".getBytes();
        c.encoder.data(src, 2, src.length - 4);
        assertEquals(1, c.writes.size());
        Write w = c.writes.get(0);
        assertSame(src, w.array);
        assertEquals(2, w.off);
        assertEquals(src.length - 4, w.len);

        // With escapes, the runs between them still come from the caller's array.
        Capture c2 = new Capture();
        byte[] esc = TelnetNotation.parse("\"abc\" 0xFF \"def\"");
        c2.encoder.data(esc, 0, esc.length);
        assertSame(esc, c2.writes.get(0).array);
        assertSame(esc, c2.writes.get(c2.writes.size() - 1).array);
        c2.expect("\"abc\" IAC IAC \"def\"");
    }

    // --- arguments ---

    @Test
    void argumentsAreChecked() {
        assertThrows(NullPointerException.class, () -> new TelnetEncoder(null));
        Capture c = new Capture();
        byte[] b = new byte[4];
        assertThrows(IndexOutOfBoundsException.class, () -> c.encoder.data(b, -1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> c.encoder.data(b, 0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> c.encoder.data(b, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> c.encoder.command(256));
        assertThrows(IllegalArgumentException.class, () -> c.encoder.command(-1));
        assertThrows(IllegalArgumentException.class, () -> c.encoder.negotiation(TelnetCommand.SB, 1));
        assertThrows(IllegalArgumentException.class, () -> c.encoder.negotiation(TelnetCommand.DO, 256));
        assertThrows(IllegalArgumentException.class, () -> c.encoder.subnegotiationStart(-1));
        c.encoder.data(b, 4, 0);
        assertEquals(0, c.bytes().length);
    }

    // --- static writers ---

    @Test
    void staticWritersFillTheCallersArrayAndReturnTheNextOffset() {
        byte[] dst = new byte[40];
        Arrays.fill(dst, (byte) 0x55);
        int o = TelnetEncoder.writeCommand(dst, 3, TelnetCommand.GA);
        assertEquals(5, o);
        o = TelnetEncoder.writeNegotiation(dst, o, TelnetCommand.DONT, TelnetOption.LINEMODE);
        assertEquals(8, o);
        byte[] payload = TelnetNotation.parse("1 0xFF 2");
        o = TelnetEncoder.writeSubnegotiation(dst, o, TelnetOption.CHARSET, payload, 0, payload.length);
        assertEquals(8 + 3 + 4 + 2, o);
        o = TelnetEncoder.writeEscaped(dst, o, payload, 1, 2);
        assertEquals(17 + 3, o);
        assertArrayEquals(TelnetNotation.parse("0x55 0x55 0x55 IAC GA IAC DONT LINEMODE IAC SB CHARSET 1 IAC IAC 2"
            + " IAC SE IAC IAC 2 0x55"), Arrays.copyOf(dst, o + 1));
        assertEquals(0x55, dst[dst.length - 1]);

        assertThrows(IllegalArgumentException.class, () -> TelnetEncoder.writeNegotiation(dst, 0, TelnetCommand.GA, 1));
        assertThrows(IllegalArgumentException.class, () -> TelnetEncoder.writeNegotiation(dst, 0, TelnetCommand.WILL, 300));
        assertThrows(IllegalArgumentException.class, () -> TelnetEncoder.writeCommand(dst, 0, 256));
    }

    @Test
    void theWorstCaseSubnegotiationFitsExactlyInItsAdvertisedSize() {
        for (int len : new int[] {0, 1, 7, 100}) {
            byte[] payload = new byte[len];
            Arrays.fill(payload, (byte) 0xFF);
            int max = TelnetEncoder.maxSubnegotiationLength(len);
            byte[] dst = new byte[max];
            assertEquals(max, TelnetEncoder.writeSubnegotiation(dst, 0, TelnetOption.GMCP, payload, 0, len));
            assertEquals(2 * len, TelnetEncoder.writeEscaped(new byte[2 * len], 0, payload, 0, len));
        }
    }

    @Test
    void encoderAndStaticWritersProduceTheSameBytes() {
        Random rnd = new Random(5);
        for (int i = 0; i < 200; i++) {
            byte[] payload = randomBytes(rnd, rnd.nextInt(50));
            int option = rnd.nextInt(256);
            Capture c = new Capture();
            c.encoder.subnegotiation(option, payload, 0, payload.length);
            byte[] dst = new byte[TelnetEncoder.maxSubnegotiationLength(payload.length)];
            int n = TelnetEncoder.writeSubnegotiation(dst, 0, option, payload, 0, payload.length);
            assertArrayEquals(c.bytes(), Arrays.copyOf(dst, n));

            Capture bin = new Capture();
            bin.encoder.setBinary(true);
            bin.encoder.data(payload, 0, payload.length);
            byte[] esc = new byte[2 * payload.length];
            assertArrayEquals(bin.bytes(), Arrays.copyOf(esc, TelnetEncoder.writeEscaped(esc, 0, payload, 0,
                payload.length)));
        }
    }

    @Test
    void aSpecialByteIsFoundAtEveryPositionOfTheWordScan() {
        // The scan tests eight bytes at a time: put each special byte, and its near neighbours
        // (which a carry or borrow could mistake for one), at every position of a run of text,
        // alone and two at a time, and compare with a byte-by-byte encoding.
        byte[] kinds = {(byte) 0xFF, '\n', '\r', (byte) 0xFE, 0x0B, 0x0C, 0x0E, 0x09, 0x00, (byte) 0x8A,
            (byte) 0x8D, 0x7F, (byte) 0x80, 0x01};
        for (int len = 0; len <= 33; len++) {
            for (int i = 0; i < len; i++) {
                for (byte k : kinds) {
                    for (int j = i; j < len; j++) {
                        for (byte l : new byte[] {'a', (byte) 0xFF, '\n', '\r'}) {
                            byte[] data = new byte[len];
                            Arrays.fill(data, (byte) 'a');
                            data[j] = l;
                            data[i] = k;
                            Capture c = new Capture();
                            c.encoder.data(data, 0, len);
                            assertArrayEquals(nvtByteByByte(data), c.bytes(), Arrays.toString(data));
                        }
                    }
                }
            }
        }
    }

    /** RFC 854's NVT rules one byte at a time: IAC doubled, LF as CR LF, CR LF kept, other CR as CR NUL. */
    private static byte[] nvtByteByByte(byte[] d) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (int i = 0; i < d.length; i++) {
            if (d[i] == (byte) 0xFF) {
                o.write(0xFF);
                o.write(0xFF);
            } else if (d[i] == '\n') {
                o.write('\r');
                o.write('\n');
            } else if (d[i] == '\r' && i + 1 < d.length && d[i + 1] == '\n') {
                o.write('\r');
                o.write('\n');
                i++;
            } else if (d[i] == '\r') {
                o.write('\r');
                o.write(0);
            } else {
                o.write(d[i]);
            }
        }
        return o.toByteArray();
    }

    // --- round trips through the parser ---

    @Test
    void nvtDataRoundTripsThroughTheParser() {
        for (int seed = 1; seed <= 200; seed++) {
            Random rnd = new Random(seed);
            RecordingListener rec = new RecordingListener();
            TelnetParser parser = new TelnetParser(rec);
            TelnetEncoder enc = new TelnetEncoder(parser::feed); // every write parsed at once, however cut
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            List<String> expectedEvents = new ArrayList<>();
            boolean afterCr = false;
            for (int call = 0; call < 30; call++) {
                if (rnd.nextInt(6) == 0) {
                    flush(expected, expectedEvents);
                    expectedEvents.add("command GA");
                    enc.command(TelnetCommand.GA);
                    afterCr = false;
                    continue;
                }
                byte[] data = randomBytes(rnd, rnd.nextInt(20));
                enc.data(data, 0, data.length);
                afterCr = false; // each call is complete: a CR ending the last one was CR NUL
                for (byte b : data) {
                    // CR NUL comes back as CR; a lone LF comes back as CR LF.
                    if (b == '\n' && !afterCr) {
                        expected.write('\r');
                    }
                    expected.write(b);
                    afterCr = b == '\r';
                }
            }
            flush(expected, expectedEvents);
            assertEquals(expectedEvents, rec.finish(), "seed " + seed);
        }
    }

    @Test
    void binaryDataRoundTripsUnchanged() {
        for (int seed = 1; seed <= 100; seed++) {
            Random rnd = new Random(seed);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            TelnetParser parser = new TelnetParser(new TelnetParserTest.Forwarder(new RecordingListener()) {
                @Override
                public void onData(byte[] buf, int off, int len) {
                    got.write(buf, off, len);
                }
            });
            parser.setBinary(true);
            TelnetEncoder enc = new TelnetEncoder(parser::feed);
            enc.setBinary(true);
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            for (int call = 0; call < 20; call++) {
                byte[] data = randomBytes(rnd, rnd.nextInt(40));
                enc.data(data, 0, data.length);
                sent.writeBytes(data);
            }
            assertArrayEquals(sent.toByteArray(), got.toByteArray(), "seed " + seed);
        }
    }

    @Test
    void subnegotiationPayloadsRoundTripThroughTheParser() {
        Random rnd = new Random(11);
        for (int i = 0; i < 300; i++) {
            byte[] payload = randomBytes(rnd, rnd.nextInt(60));
            // Not 255: the encoder sends that option byte raw (IAC SB 0xFF, as RFC 861 prints it)
            // while the parser reads only IAC SB IAC IAC as option 255, so EXOPL does not round-trip.
            int option = rnd.nextInt(255);
            List<String> got = new ArrayList<>();
            TelnetParser parser = new TelnetParser(new TelnetParserTest.Forwarder(new RecordingListener()) {
                @Override
                public void onSubnegotiation(int opt, byte[] buf, int off, int len) {
                    got.add(opt + " " + TelnetNotation.quote(buf, off, len));
                }
            });
            TelnetEncoder enc = new TelnetEncoder(parser::feed);
            enc.subnegotiation(option, payload, 0, payload.length);
            assertEquals(List.of(option + " " + TelnetNotation.quote(payload, 0, payload.length)), got);
        }
    }

    // --- helpers ---

    private static void flush(ByteArrayOutputStream data, List<String> events) {
        if (data.size() > 0) {
            byte[] d = data.toByteArray();
            events.add("data " + TelnetNotation.quote(d, 0, d.length));
            data.reset();
        }
    }

    /** Bytes biased towards CR, LF, NUL and IAC. */
    private static byte[] randomBytes(Random rnd, int n) {
        byte[] special = {'\r', '\n', 0, (byte) 0xFF, (byte) TelnetCommand.SE};
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = rnd.nextInt(3) == 0 ? (byte) rnd.nextInt(256) : special[rnd.nextInt(special.length)];
        }
        return b;
    }

    private record Write(byte[] array, int off, int len) {
    }

    /** An encoder writing into a capture that keeps both the bytes and each write call. */
    private static final class Capture {
        final List<Write> writes = new ArrayList<>();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final TelnetEncoder encoder = new TelnetEncoder((b, off, len) -> {
            writes.add(new Write(b, off, len));
            out.write(b, off, len);
        });
        private int checked;

        void data(String notation) {
            byte[] b = TelnetNotation.parse(notation);
            encoder.data(b, 0, b.length);
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        /** Compares everything written since the last {@code expect}. */
        void expect(String notation) {
            expect(notation, notation);
        }

        void expect(String notation, String what) {
            byte[] all = bytes();
            byte[] fresh = Arrays.copyOfRange(all, checked, all.length);
            assertEquals(TelnetNotation.format(TelnetNotation.parse(notation)), TelnetNotation.format(fresh), what);
            checked = all.length;
        }
    }

    @Test
    void crlfTurnsBareLfIntoCrLf() {
        assertEquals("a\r\nb\r\n", TelnetEncoder.crlf("a\nb\n"));
        assertEquals("\r\n\r\n", TelnetEncoder.crlf("\n\n"));
        assertEquals("\r\nx", TelnetEncoder.crlf("\nx"));
    }

    @Test
    void crlfLeavesCrLfAndLoneCrAlone() {
        assertEquals("a\r\nb", TelnetEncoder.crlf("a\r\nb"));
        assertEquals("a\r\n\r\nb", TelnetEncoder.crlf("a\r\n\nb"));
        assertEquals("a\rb\r\n", TelnetEncoder.crlf("a\rb\n"));
        assertEquals("\r\r\n", TelnetEncoder.crlf("\r\r\n"));
    }

    @Test
    void crlfReturnsTheSameStringWhenThereIsNoLf() {
        String s = "no line feed\r";
        assertSame(s, TelnetEncoder.crlf(s));
        assertSame("", TelnetEncoder.crlf(""));
    }
}
