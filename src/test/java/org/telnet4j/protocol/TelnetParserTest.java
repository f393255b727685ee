package org.telnet4j.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the golden transcripts cannot show: ByteBuffer input, {@link TelnetParser#pause()} and the
 * exact count {@code feed} returns, BINARY switched between calls, {@link TelnetParser#reset()},
 * argument checks, and that data slices are views of the caller's array.
 */
class TelnetParserTest {

    /** A stream with a bit of everything, used wherever only "the same events" matters. */
    private static final byte[] SAMPLE = TelnetNotation.parse(
        "\"login: \" IAC GA \"a\\r\\0b\\r\\nc\" IAC IAC \"d\" IAC WILL ECHO IAC SB TTYPE 0 \"xterm\" IAC SE"
            + " IAC SB NAWS 0 80 0 IAC IAC IAC SE IAC SE IAC 7 \"tail\\r\"");

    private static List<String> eventsOf(byte[] input) {
        RecordingListener rec = new RecordingListener();
        TelnetParser p = new TelnetParser(rec);
        assertEquals(input.length, p.feed(input, 0, input.length));
        return rec.finish();
    }

    @Test
    void sampleProducesTheExpectedEvents() {
        // Pins the reference the ByteBuffer tests compare against, so they cannot agree on nonsense.
        assertEquals(List.of(
            "data \"login: \"",
            "command GA",
            "data \"a\\rb\\r\\nc\\xFFd\"",
            "negotiation WILL ECHO",
            "sb TTYPE \"\\0xterm\"",
            "sb NAWS \"\\0P\\0\\xFF\"",
            "warning SE_WITHOUT_SB",
            "warning UNASSIGNED_COMMAND 7",
            "data \"tail\\r\""), eventsOf(SAMPLE));
    }

    @Test
    void heapBufferWithArrayOffsetAndPositionGivesTheSameEventsInPlace() {
        byte[] backing = new byte[SAMPLE.length + 40];
        Arrays.fill(backing, (byte) 0xFF); // garbage outside the window would be IACs if read
        int sliceStart = 11;
        int position = 5;
        System.arraycopy(SAMPLE, 0, backing, sliceStart + position, SAMPLE.length);
        ByteBuffer in = ByteBuffer.wrap(backing).position(sliceStart).slice();
        in.position(position).limit(position + SAMPLE.length);
        assertEquals(sliceStart, in.arrayOffset());

        List<byte[]> dataArrays = new ArrayList<>();
        RecordingListener rec = new RecordingListener();
        TelnetParser p = new TelnetParser(new Forwarder(rec) {
            @Override
            public void onData(byte[] buf, int off, int len) {
                dataArrays.add(buf);
                super.onData(buf, off, len);
            }
        });
        assertEquals(SAMPLE.length, p.feed(in));
        assertEquals(position + SAMPLE.length, in.position());
        assertEquals(eventsOf(SAMPLE), rec.finish());
        assertFalse(dataArrays.isEmpty());
        for (byte[] a : dataArrays) {
            assertSame(backing, a, "a heap buffer is parsed in place, data slices point into it");
        }
    }

    @Test
    void directAndReadOnlyBuffersGiveTheSameEventsAcrossInternalChunks() {
        // Longer than the parser's 2048-byte staging array, with commands and an SB straddling
        // every chunk boundary.
        byte[] big = repeat(SAMPLE, 3000 / SAMPLE.length + 2);
        List<String> expected = eventsOf(big);

        ByteBuffer direct = ByteBuffer.allocateDirect(big.length + 10);
        direct.position(7);
        direct.put(big);
        direct.flip().position(7);
        RecordingListener rec = new RecordingListener();
        assertEquals(big.length, new TelnetParser(rec).feed(direct));
        assertFalse(direct.hasRemaining());
        assertEquals(expected, rec.finish());

        ByteBuffer readOnly = ByteBuffer.wrap(big).asReadOnlyBuffer();
        assertFalse(readOnly.hasArray());
        RecordingListener rec2 = new RecordingListener();
        assertEquals(big.length, new TelnetParser(rec2).feed(readOnly));
        assertFalse(readOnly.hasRemaining());
        assertEquals(expected, rec2.finish());
    }

    @Test
    void pauseAfterTheMccpStartReturnsRightAfterIacSeAndTheNextFeedContinues() {
        byte[] head = TelnetNotation.parse("\"hello\" IAC SB MCCP2 IAC SE");
        byte[] tail = TelnetNotation.parse("\"\\x78\\x9C\" IAC IAC IAC NOP \"z\"");
        byte[] input = concat(head, tail);
        RecordingListener rec = new RecordingListener();
        TelnetParser[] self = new TelnetParser[1];
        self[0] = new TelnetParser(new Forwarder(rec) {
            @Override
            public void onSubnegotiation(int option, byte[] buf, int off, int len) {
                super.onSubnegotiation(option, buf, off, len);
                if (option == TelnetOption.MCCP2) {
                    self[0].pause();
                }
            }
        });
        TelnetParser p = self[0];

        int n = p.feed(input, 0, input.length);
        assertEquals(head.length, n, "feed must stop right after IAC SE");
        assertFalse(p.isInsideCommand());
        assertEquals(List.of("data \"hello\"", "sb MCCP2 \"\""), new ArrayList<>(rec.finish()));

        // The caller would decompress input[n..]; here it hands it straight back.
        assertEquals(input.length - n, p.feed(input, n, input.length - n));
        assertEquals(List.of("data \"hello\"", "sb MCCP2 \"\"", "data \"x\\x9C\\xFF\"", "command NOP",
            "data \"z\""), rec.finish());
    }

    @Test
    void pauseWorksTheSameThroughAHeapBuffer() {
        byte[] input = TelnetNotation.parse("\"hello\" IAC SB MCCP2 IAC SE \"rest\"");
        TelnetParser[] self = new TelnetParser[1];
        self[0] = new TelnetParser(new Forwarder(new RecordingListener()) {
            @Override
            public void onSubnegotiation(int option, byte[] buf, int off, int len) {
                self[0].pause();
            }
        });
        ByteBuffer in = ByteBuffer.wrap(input);
        assertEquals(10, self[0].feed(in));
        assertEquals(10, in.position());
    }

    @Test
    void pauseAtTheEndOfADirectBufferChunkStopsThere() {
        // The direct path stages 2048 bytes at a time; an SB that ends exactly at a chunk's last
        // byte must still stop the feed, not run on into the next chunk.
        byte[] sb = TelnetNotation.parse("IAC SB MCCP2 IAC SE");
        byte[] input = new byte[5000];
        Arrays.fill(input, (byte) 'a');
        System.arraycopy(sb, 0, input, 2048 - sb.length, sb.length);
        input[2048] = (byte) 0xFF; // would start a command if the parser read on
        input[2049] = (byte) TelnetCommand.NOP;

        ByteBuffer direct = ByteBuffer.allocateDirect(input.length);
        direct.put(input).flip();
        RecordingListener rec = new RecordingListener();
        TelnetParser[] self = new TelnetParser[1];
        self[0] = new TelnetParser(new Forwarder(rec) {
            @Override
            public void onSubnegotiation(int option, byte[] buf, int off, int len) {
                super.onSubnegotiation(option, buf, off, len);
                self[0].pause();
            }
        });
        assertEquals(2048, self[0].feed(direct));
        assertEquals(2048, direct.position());
        List<String> events = rec.finish();
        assertEquals("sb MCCP2 \"\"", events.get(events.size() - 1));
    }

    @Test
    void pauseFromEveryKindOfEventReturnsTheExactEndOfThatEvent() {
        byte[] input = TelnetNotation.parse("\"ab\" IAC NOP \"cd\" IAC WILL ECHO IAC SB TTYPE 1 IAC SE"
            + " IAC SE IAC SB NAWS 1 IAC GA \"x\"");
        // Offsets just after: NOP=4, WILL ECHO=9, SB..SE=15, SE_WITHOUT_SB=17,
        // SUBNEGOTIATION_INTERRUPTED=22 (before GA, which is then processed), GA=23, end=24.
        int[] expectedStops = {4, 9, 15, 17, 22, 23, 24};
        RecordingListener rec = new RecordingListener();
        TelnetParser[] self = new TelnetParser[1];
        self[0] = new TelnetParser(new Forwarder(rec) {
            @Override
            protected void afterNonDataEvent() {
                self[0].pause();
            }
        });
        List<Integer> stops = new ArrayList<>();
        int pos = 0;
        while (pos < input.length) {
            int n = self[0].feed(input, pos, input.length - pos);
            pos += n;
            stops.add(pos);
        }
        assertEquals(toList(expectedStops), stops);
        assertEquals(eventsOf(input), rec.finish());
    }

    @Test
    void pauseFromOnDataDoesNotSwallowTheFollowingIac() {
        byte[] input = TelnetNotation.parse("\"ab\" IAC NOP \"cd\"");
        RecordingListener rec = new RecordingListener();
        TelnetParser[] self = new TelnetParser[1];
        self[0] = new TelnetParser(new Forwarder(rec) {
            @Override
            public void onData(byte[] buf, int off, int len) {
                super.onData(buf, off, len);
                self[0].pause();
            }
        });
        int n = self[0].feed(input, 0, input.length);
        assertEquals(2, n, "the IAC belongs to the next event, not to the data run");
        assertFalse(self[0].isInsideCommand());
        assertEquals(input.length - n, self[0].feed(input, n, input.length - n));
        assertEquals(List.of("data \"ab\"", "command NOP", "data \"cd\""), rec.finish());
    }

    @Test
    void pauseIsForgottenByTheNextFeed() {
        TelnetParser[] self = new TelnetParser[1];
        RecordingListener rec = new RecordingListener();
        self[0] = new TelnetParser(new Forwarder(rec) {
            @Override
            public void onCommand(int command) {
                super.onCommand(command);
                if (command == TelnetCommand.AYT) {
                    self[0].pause();
                }
            }
        });
        byte[] input = TelnetNotation.parse("IAC AYT IAC NOP \"a\" IAC NOP \"b\"");
        assertEquals(2, self[0].feed(input, 0, input.length));
        assertEquals(input.length - 2, self[0].feed(input, 2, input.length - 2));
        assertEquals(List.of("command AYT", "command NOP", "data \"a\"", "command NOP", "data \"b\""),
            rec.finish());
    }

    @Test
    void setBinaryBetweenCallsAppliesFromTheNextByte() {
        RecordingListener rec = new RecordingListener();
        TelnetParser p = new TelnetParser(rec);
        feedAll(p, "\"a\\r\\0b\\r\"");
        assertFalse(p.isBinary());
        p.setBinary(true); // the pending CR's companion is now plain data
        assertTrue(p.isBinary());
        feedAll(p, "\"\\0c\\r\\0\"");
        p.setBinary(false);
        feedAll(p, "\"d\\r\\0e\"");
        assertEquals(List.of("data \"a\\rb\\r\\0c\\r\\0d\\re\""), rec.finish());
    }

    @Test
    void setBinaryFromANegotiationCallbackAppliesFromTheNextByte() {
        RecordingListener rec = new RecordingListener();
        TelnetParser[] self = new TelnetParser[1];
        self[0] = new TelnetParser(new Forwarder(rec) {
            @Override
            public void onNegotiation(int verb, int option) {
                super.onNegotiation(verb, option);
                self[0].setBinary(verb == TelnetCommand.WILL);
            }
        });
        byte[] input = TelnetNotation.parse("\"\\r\\0\" IAC WILL BINARY \"\\r\\0\" IAC WONT BINARY \"\\r\\0\"");
        assertEquals(input.length, self[0].feed(input, 0, input.length));
        assertEquals(List.of("data \"\\r\"", "negotiation WILL BINARY", "data \"\\r\\0\"",
            "negotiation WONT BINARY", "data \"\\r\""), rec.finish());
    }

    @Test
    void resetForgetsAPartialSubnegotiationCommandAndCr() {
        RecordingListener rec = new RecordingListener();
        TelnetParser p = new TelnetParser(rec);
        feedAll(p, "IAC SB TTYPE 0 \"half\"");
        assertTrue(p.isInsideCommand());
        p.reset();
        assertFalse(p.isInsideCommand());
        feedAll(p, "\"x\" IAC SE");
        assertEquals(List.of("data \"x\"", "warning SE_WITHOUT_SB"), new ArrayList<>(rec.finish()));

        feedAll(p, "IAC WILL");
        p.reset();
        feedAll(p, "\"\\x01\"");
        feedAll(p, "\"y\\r\"");
        p.reset();
        feedAll(p, "\"\\0\""); // no CR pending any more: the NUL is data
        assertEquals(List.of("data \"x\"", "warning SE_WITHOUT_SB", "data \"\\x01y\\r\\0\""), rec.finish());
    }

    @Test
    void resetAfterAnOverflowLetsTheNextSubnegotiationThrough() {
        RecordingListener rec = new RecordingListener();
        TelnetParser p = new TelnetParser(rec, 16);
        feedAll(p, "IAC SB GMCP \"0123456789abcdefghij\"");
        p.reset();
        feedAll(p, "IAC SB GMCP \"ok\" IAC SE");
        assertEquals(List.of("warning SUBNEGOTIATION_OVERFLOW GMCP", "sb GMCP \"ok\""), rec.finish());
    }

    @Test
    void resetKeepsTheBinarySetting() {
        TelnetParser p = new TelnetParser(new RecordingListener());
        p.setBinary(true);
        p.reset();
        assertTrue(p.isBinary());
    }

    @Test
    void constructorChecksItsArguments() {
        RecordingListener rec = new RecordingListener();
        assertThrows(NullPointerException.class, () -> new TelnetParser(null));
        assertThrows(NullPointerException.class, () -> new TelnetParser(null, 100));
        assertThrows(IllegalArgumentException.class, () -> new TelnetParser(rec, 15));
        assertThrows(IllegalArgumentException.class, () -> new TelnetParser(rec, -1));
        assertEquals(16, new TelnetParser(rec, 16).maxSubnegotiationLength());
        assertEquals(TelnetParser.DEFAULT_MAX_SUBNEGOTIATION, new TelnetParser(rec).maxSubnegotiationLength());
    }

    @Test
    void feedChecksItsRange() {
        TelnetParser p = new TelnetParser(new RecordingListener());
        byte[] b = new byte[10];
        assertThrows(IndexOutOfBoundsException.class, () -> p.feed(b, -1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> p.feed(b, 0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> p.feed(b, 5, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> p.feed(b, 1, Integer.MAX_VALUE));
        assertEquals(0, p.feed(b, 10, 0));
        assertEquals(4, p.feed(b, 6, 4));
    }

    @Test
    void plainDataIsDeliveredAsASliceOfTheCallersArray() {
        byte[] input = TelnetNotation.parse("\"xxhello\" IAC IAC \"world\\r\\nagain\" IAC NOP \"z\"");
        List<int[]> slices = new ArrayList<>();
        TelnetParser p = new TelnetParser(new Forwarder(new RecordingListener()) {
            @Override
            public void onData(byte[] buf, int off, int len) {
                assertSame(input, buf, "data must not be copied");
                slices.add(new int[] {off, len});
            }
        });
        p.feed(input, 2, input.length - 2);
        // "hello", then the second IAC of IAC IAC as the 0xFF byte that starts the next run
        // "\xFFworld\r\nagain" (still a slice of the input), then "z".
        assertEquals(List.of("2+5", "8+13", "23+1"),
            slices.stream().map(s -> s[0] + "+" + s[1]).toList());
    }

    @Test
    void aPayloadOfExactlyTheCeilingIsDeliveredWhateverTheBufferHistory() {
        for (int max : new int[] {16, 64, 100, 300, 1000}) {
            for (int len = max - 1; len <= max + 1; len++) {
                // A fresh parser grows its buffer straight to the payload's size in one step.
                List<String> events = new ArrayList<>();
                TelnetParser p = new TelnetParser(new Forwarder(new RecordingListener()) {
                    @Override
                    public void onSubnegotiation(int option, byte[] buf, int off, int len) {
                        events.add("sb " + len);
                    }

                    @Override
                    public void onProtocolWarning(ProtocolWarning warning, int detail) {
                        events.add(warning.name());
                    }
                }, max);
                byte[] frame = new byte[len + 5];
                Arrays.fill(frame, (byte) 'q');
                TelnetEncoder.writeCommand(frame, 0, TelnetCommand.SB);
                TelnetEncoder.writeCommand(frame, len + 3, TelnetCommand.SE);
                p.feed(frame, 0, frame.length);
                assertEquals(List.of(len <= max ? "sb " + len : "SUBNEGOTIATION_OVERFLOW"), events,
                    "max " + max + " len " + len);
            }
        }
    }

    @Test
    void subnegotiationPayloadsNeverExceedTheCeiling() {
        for (int max : new int[] {16, 17, 100, 1000}) {
            List<Integer> lengths = new ArrayList<>();
            List<ProtocolWarning> warnings = new ArrayList<>();
            TelnetParser p = new TelnetParser(new Forwarder(new RecordingListener()) {
                @Override
                public void onSubnegotiation(int option, byte[] buf, int off, int len) {
                    lengths.add(len);
                }

                @Override
                public void onProtocolWarning(ProtocolWarning warning, int detail) {
                    warnings.add(warning);
                }
            }, max);
            for (int len = max - 2; len <= max + 2; len++) {
                byte[] payload = new byte[len];
                Arrays.fill(payload, (byte) 'p');
                byte[] frame = new byte[TelnetEncoder.maxSubnegotiationLength(len)];
                int n = TelnetEncoder.writeSubnegotiation(frame, 0, TelnetOption.GMCP, payload, 0, len);
                p.feed(frame, 0, n);
                assertTrue(p.subnegotiationCapacity() <= max, "buffer capacity " + p.subnegotiationCapacity());
            }
            assertEquals(List.of(max - 2, max - 1, max), lengths, "max " + max);
            assertEquals(List.of(ProtocolWarning.SUBNEGOTIATION_OVERFLOW, ProtocolWarning.SUBNEGOTIATION_OVERFLOW),
                warnings, "max " + max);
        }
    }

    // --- helpers ---

    private static void feedAll(TelnetParser p, String notation) {
        byte[] b = TelnetNotation.parse(notation);
        assertEquals(b.length, p.feed(b, 0, b.length));
    }

    private static byte[] repeat(byte[] b, int times) {
        byte[] out = new byte[b.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(b, 0, out, i * b.length, b.length);
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static List<Integer> toList(int[] a) {
        List<Integer> out = new ArrayList<>();
        for (int v : a) {
            out.add(v);
        }
        return out;
    }

    /** Forwards every event to a {@link RecordingListener}; override to add a hook. */
    static class Forwarder implements TelnetParserListener {
        private final RecordingListener rec;

        Forwarder(RecordingListener rec) {
            this.rec = rec;
        }

        /** Called after every event other than data. */
        protected void afterNonDataEvent() {
        }

        @Override
        public void onData(byte[] buf, int off, int len) {
            rec.onData(buf, off, len);
        }

        @Override
        public void onCommand(int command) {
            rec.onCommand(command);
            afterNonDataEvent();
        }

        @Override
        public void onNegotiation(int verb, int option) {
            rec.onNegotiation(verb, option);
            afterNonDataEvent();
        }

        @Override
        public void onSubnegotiation(int option, byte[] buf, int off, int len) {
            rec.onSubnegotiation(option, buf, off, len);
            afterNonDataEvent();
        }

        @Override
        public void onProtocolWarning(ProtocolWarning warning, int detail) {
            rec.onProtocolWarning(warning, detail);
            afterNonDataEvent();
        }
    }
}
