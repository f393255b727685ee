package org.telnet4j.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The parser's DATA loop decodes whole commands inline and leaves everything else to the
 * byte-at-a-time states. Fed whole, long random streams go mostly through the inline path; fed
 * byte by byte, every command goes through the states. Both, and random cuts in between, must give
 * the same events, also when listeners pause the parser or switch BINARY from a callback.
 */
class ParserFastPathTest {

    /** Records events with adjacent data merged; optionally pauses or switches BINARY. */
    static class Recorder implements TelnetParserListener {
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        TelnetParser parser;
        /** Pause at this non-data event (0-based), or never if negative. */
        int pauseAt = -1;
        int nonData;
        /** WILL/WONT for option 0 (BINARY) switch the parser's BINARY mode, as the engine does. */
        boolean binaryByNegotiation;
        /** A data slice ending with this byte switches BINARY on, if non-negative. */
        int binaryOnAfter = -1;

        @Override
        public void onData(byte[] buf, int off, int len) {
            if (len <= 0) {
                throw new AssertionError("empty data event");
            }
            data.write(buf, off, len);
            if (binaryOnAfter >= 0 && (buf[off + len - 1] & 0xFF) == binaryOnAfter) {
                parser.setBinary(true);
            }
        }

        @Override
        public void onCommand(int command) {
            add("command " + command);
        }

        @Override
        public void onNegotiation(int verb, int option) {
            add("negotiation " + verb + " " + option);
            if (binaryByNegotiation && option == TelnetOption.BINARY) {
                parser.setBinary(verb == TelnetCommand.WILL);
            }
        }

        @Override
        public void onSubnegotiation(int option, byte[] buf, int off, int len) {
            add("sb " + option + " " + Arrays.toString(Arrays.copyOfRange(buf, off, off + len)));
        }

        @Override
        public void onProtocolWarning(ProtocolWarning warning, int detail) {
            add("warning " + warning + " " + detail);
        }

        private void add(String event) {
            flush();
            events.add(event);
            if (nonData++ == pauseAt) {
                parser.pause();
                events.add("(paused)");
            }
        }

        void flush() {
            if (data.size() > 0) {
                events.add("data " + Arrays.toString(data.toByteArray()));
                data.reset();
            }
        }
    }

    /** Feeds {@code in} cut at {@code cuts}; after a pause, feeds the rest of that piece again. */
    static List<String> parse(byte[] in, int[] cuts, int maxSb, boolean binary, int pauseAt,
                              boolean binaryByNegotiation) {
        Recorder rec = new Recorder();
        TelnetParser parser = new TelnetParser(rec, maxSb);
        rec.parser = parser;
        rec.pauseAt = pauseAt;
        rec.binaryByNegotiation = binaryByNegotiation;
        parser.setBinary(binary);
        int prev = 0;
        for (int k = 0; k <= cuts.length; k++) {
            int end = k < cuts.length ? cuts[k] : in.length;
            while (prev < end) {
                int n = parser.feed(in, prev, end - prev);
                assertTrue(n >= 0 && n <= end - prev, "consumed " + n);
                prev += n;
            }
        }
        rec.flush();
        rec.events.add("inside command: " + parser.isInsideCommand());
        return rec.events;
    }

    /** Random telnet-like input: text, CR LF, CR NUL, commands, negotiations, SBs, stray bytes. */
    static byte[] randomStream(SplittableRandom r, int units) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int[] stray = {0xFF, 0xFF, '\r', '\r', 0, '\n', 0xF0, 0xFA, 0xFB, 0xFE, 0xF1, 0xEC, 0x41};
        for (int u = 0; u < units; u++) {
            switch (r.nextInt(9)) {
                case 0:
                    o.write(stray[r.nextInt(stray.length)]);
                    break;
                case 1:
                    o.write(0xFF);
                    o.write(0xFB + r.nextInt(4));
                    o.write(r.nextInt(4) == 0 ? 0 : r.nextInt(256));
                    break;
                case 2: {
                    o.write(0xFF);
                    o.write(0xFA);
                    o.write(r.nextInt(256));
                    int n = r.nextInt(r.nextInt(8) == 0 ? 120 : 12);
                    for (int i = 0; i < n; i++) {
                        o.write(r.nextInt(6) == 0 ? 0xFF : r.nextInt(256));
                    }
                    o.write(0xFF);
                    o.write(0xF0);
                    break;
                }
                case 3:
                    o.write('\r');
                    o.write(r.nextBoolean() ? 0 : '\n');
                    break;
                case 4:
                    o.write(0xFF);
                    o.write(r.nextInt(8) == 0 ? 0xFF : 0xEC + r.nextInt(20));
                    break;
                default: {
                    int n = r.nextInt(1, r.nextInt(6) == 0 ? 200 : 20);
                    for (int i = 0; i < n; i++) {
                        o.write(r.nextInt(0x20, 0x7F));
                    }
                }
            }
        }
        return o.toByteArray();
    }

    static int[] everyByte(int n) {
        int[] cuts = new int[Math.max(0, n - 1)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        return cuts;
    }

    static int[] randomCuts(SplittableRandom r, int n) {
        if (n < 2) {
            return new int[0];
        }
        return r.ints(r.nextInt(1, 8), 1, n).sorted().distinct().toArray();
    }

    @Test
    void wholeByteByByteAndCutGiveTheSameEvents() {
        for (long seed = 0; seed < 400; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            byte[] in = randomStream(r, r.nextInt(1, 300));
            int maxSb = r.nextBoolean() ? 16 : TelnetParser.DEFAULT_MAX_SUBNEGOTIATION;
            boolean binary = r.nextInt(4) == 0;
            boolean switching = r.nextBoolean();
            int pauseAt = r.nextInt(3) == 0 ? r.nextInt(20) : -1;
            List<String> whole = parse(in, new int[0], maxSb, binary, pauseAt, switching);
            String what = "seed " + seed;
            assertEquals(whole, parse(in, everyByte(in.length), maxSb, binary, pauseAt, switching),
                what + ", byte by byte");
            for (int t = 0; t < 3; t++) {
                int[] cuts = randomCuts(r, in.length);
                assertEquals(whole, parse(in, cuts, maxSb, binary, pauseAt, switching),
                    what + ", cut at " + Arrays.toString(cuts));
            }
        }
    }

    @Test
    void pauseInSubnegotiationStopsRightAfterSe() {
        byte[] in = TelnetNotation.parse("\"ab\" IAC SB 86 IAC SE 0x78 0x9C IAC 0x01");
        TelnetParser[] p = new TelnetParser[1];
        Recorder rec = new Recorder() {
            @Override
            public void onSubnegotiation(int option, byte[] buf, int off, int len) {
                super.onSubnegotiation(option, buf, off, len);
                p[0].pause(); // MCCP2: what follows IAC SE is compressed
            }
        };
        p[0] = new TelnetParser(rec);
        assertEquals(7, p[0].feed(in, 0, in.length));
        rec.flush();
        assertEquals(List.of("data [97, 98]", "sb 86 []"), rec.events);
    }

    @Test
    void binarySwitchedInOnDataAppliesFromTheNextByte() {
        // The data before IAC IAC ends with 'b'; from the next byte on, CR NUL is two data bytes.
        byte[] in = TelnetNotation.parse("\"a\\r\\0b\" IAC IAC \"\\r\\0c\"");
        List<String> whole = null;
        for (int[] cuts : List.of(new int[0], everyByte(in.length), new int[] {3}, new int[] {5})) {
            Recorder rec = new Recorder();
            TelnetParser parser = new TelnetParser(rec);
            rec.parser = parser;
            rec.binaryOnAfter = 'b';
            int prev = 0;
            for (int k = 0; k <= cuts.length; k++) {
                int end = k < cuts.length ? cuts[k] : in.length;
                assertEquals(end - prev, parser.feed(in, prev, end - prev));
                prev = end;
            }
            rec.flush();
            assertEquals(List.of("data [97, 13, 98, -1, 13, 0, 99]"), rec.events,
                "cut at " + Arrays.toString(cuts));
        }
    }

    /** The class Javadoc promises no allocation per byte, event or call in steady state. */
    @Test
    void steadyStateAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (!threads.isThreadAllocatedMemorySupported()) {
            return;
        }
        threads.setThreadAllocatedMemoryEnabled(true);
        byte[] in = randomStream(new SplittableRandom(42), 20_000);
        TelnetParserListener ignore = new TelnetParserListener() {
            @Override
            public void onData(byte[] buf, int off, int len) {
            }

            @Override
            public void onCommand(int command) {
            }

            @Override
            public void onNegotiation(int verb, int option) {
            }

            @Override
            public void onSubnegotiation(int option, byte[] buf, int off, int len) {
            }

            @Override
            public void onProtocolWarning(ProtocolWarning warning, int detail) {
            }
        };
        TelnetParser parser = new TelnetParser(ignore);
        long thread = Thread.currentThread().getId();
        long allocated = -1;
        for (int round = 0; round < 20 && allocated != 0; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int off = 0; off < in.length; off += 1000) {
                parser.feed(in, off, Math.min(1000, in.length - off));
            }
            allocated = threads.getThreadAllocatedBytes(thread) - before;
        }
        assertEquals(0, allocated, "bytes allocated by a pass over " + in.length + " bytes");
    }
}
