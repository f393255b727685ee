package org.telnet4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.telnet4j.bytes.ByteSink;
import org.telnet4j.bytes.ByteTransform;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;

/**
 * MCCP3 as an event, bytes in and bytes out: {@link ClientProtocol} writes
 * {@code IAC SB MCCP3 IAC SE} to its sink, plain, and only then asks its listener to compress;
 * every byte written after it, the rest of the same parse's replies included, goes through the
 * deflater the owner installed. What the "transport" sent is decompressed and compared.
 */
class ClientCompressOutputTest {
    static final int IAC = 255;
    /** An option nobody here supports: the client refuses it, a reply with known bytes. */
    static final int UNKNOWN = 199;
    static final byte[] WILL_MCCP3 = b(IAC, TelnetCommand.WILL, TelnetOption.MCCP3);
    static final byte[] DO_MCCP3 = b(IAC, TelnetCommand.DO, TelnetOption.MCCP3);
    static final byte[] MARKER = b(IAC, TelnetCommand.SB, TelnetOption.MCCP3, IAC, TelnetCommand.SE);

    /** The owner's transport: bytes go to {@link #raw}, through the installed transform if any. */
    static final class Transport implements ByteSink {
        final ByteArrayOutputStream raw = new ByteArrayOutputStream();
        private final ByteSink wire = raw::write;
        ByteTransform out;

        @Override
        public void write(byte[] buf, int off, int len) {
            if (out == null) {
                wire.write(buf, off, len);
                return;
            }
            try {
                out.apply(buf, off, len, wire);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The end of the pass: what was written reaches the peer (a sync flush). */
        void flush() throws IOException {
            if (out != null) {
                out.flush(wire);
            }
        }

        void set(ByteTransform t) throws IOException {
            if (out != null) {
                out.finish(wire);
                out.close();
            }
            out = t;
        }
    }

    final Transport transport = new Transport();
    final List<String> events = new ArrayList<>();
    /** What the transport had sent when the listener was asked to compress. */
    byte[] sentAtEvent;
    ClientProtocol protocol;

    /** A protocol whose listener installs the deflater on {@link #transport} ({@code installs}) or nothing. */
    ClientProtocol protocol(boolean installs) {
        protocol = new ClientProtocol(config(), transport, new ClientProtocol.Listener() {
            @Override
            public void onText(String text) {
                events.add("text " + text);
            }

            @Override
            public boolean onCompressOutput() {
                events.add("compress");
                sentAtEvent = transport.raw.toByteArray();
                if (!installs) {
                    return false;
                }
                try {
                    transport.set(protocol.newDeflater());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return true;
            }

            @Override
            public void onCompressOutputEnded() {
                events.add("ended");
                try {
                    transport.set(null);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        return protocol;
    }

    static ClientConfig config() {
        return ClientConfig.builder().encoding(StandardCharsets.ISO_8859_1).compressOutput(true).build();
    }

    /** What a client without MCCP3 sends for the same calls: the plain bytes the stream must carry. */
    static byte[] plainReplies(byte[] in, String typed) {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        ClientProtocol p = new ClientProtocol(config(), sent::write, text -> { });
        p.parse(in, 0, in.length);
        if (typed != null) {
            p.sendText(typed);
        }
        return sent.toByteArray();
    }

    @Test
    void theMarkerGoesOutPlainAndEveryByteAfterItCompressedTheSameParsesRepliesToo() throws IOException {
        protocol(true);
        byte[] rest = concat(b(IAC, TelnetCommand.WILL, UNKNOWN), b(IAC, TelnetCommand.DO, TelnetOption.NAWS));
        byte[] in = concat(WILL_MCCP3, rest);
        assertEquals(in.length, protocol.parse(in, 0, in.length));
        assertEquals(hex(concat(DO_MCCP3, MARKER)), hex(sentAtEvent), "the marker is out when the event comes");
        assertTrue(protocol.isCompressingOutput());
        protocol.sendText("look\n"); // written before the transport's flush: the same pass
        transport.flush();

        byte[] raw = transport.raw.toByteArray();
        int at = concat(DO_MCCP3, MARKER).length;
        assertEquals(hex(concat(DO_MCCP3, MARKER)), hex(Arrays.copyOf(raw, at)), "plain up to the marker");
        Inflated z = inflate(raw, at);
        assertEquals(hex(plainReplies(rest, "look\n")), hex(z.data), "everything after it, compressed");
        assertFalse(z.finished, "the stream goes on");
        assertEquals(List.of("compress"), events);
    }

    @Test
    void theServerTurningMccp3OffEndsTheStreamAfterOurDontAndPlainFollows() throws IOException {
        protocol(true);
        protocol.parse(WILL_MCCP3, 0, WILL_MCCP3.length);
        protocol.sendText("one\n");
        byte[] wont = b(IAC, TelnetCommand.WONT, TelnetOption.MCCP3);
        protocol.parse(wont, 0, wont.length);
        assertFalse(protocol.isCompressingOutput());
        assertEquals(List.of("compress", "ended"), events);
        protocol.sendText("plain\n");
        transport.flush();

        byte[] raw = transport.raw.toByteArray();
        int at = concat(DO_MCCP3, MARKER).length;
        Inflated z = inflate(raw, at);
        assertEquals(hex(concat(ascii("one\r\n"), b(IAC, TelnetCommand.DONT, TelnetOption.MCCP3))), hex(z.data));
        assertTrue(z.finished, "the zlib stream ended");
        assertEquals("plain\r\n", new String(raw, z.end, raw.length - z.end, StandardCharsets.ISO_8859_1),
            "plain after the stream's end");
    }

    @Test
    void closeEndsCompressionOnceAndTheAccessorSaysSo() {
        protocol(true);
        protocol.parse(WILL_MCCP3, 0, WILL_MCCP3.length);
        protocol.close();
        assertFalse(protocol.isCompressingOutput());
        protocol.close();
        assertEquals(List.of("compress", "ended"), events);
    }

    @Test
    void aListenerThatInstallsNothingHasTheProtocolCompressFlushedAtTheEndOfEachCall() throws IOException {
        protocol(false);
        byte[] rest = b(IAC, TelnetCommand.WILL, UNKNOWN);
        byte[] in = concat(WILL_MCCP3, rest);
        protocol.parse(in, 0, in.length);
        assertTrue(protocol.isCompressingOutput());
        byte[] raw = transport.raw.toByteArray(); // no flush by the transport: the protocol flushed
        int at = concat(DO_MCCP3, MARKER).length;
        assertEquals(hex(concat(DO_MCCP3, MARKER)), hex(Arrays.copyOf(raw, at)));
        assertEquals(hex(plainReplies(rest, null)), hex(inflate(raw, at).data));

        protocol.sendText("look\n");
        raw = transport.raw.toByteArray();
        assertEquals(hex(plainReplies(rest, "look\n")), hex(inflate(raw, at).data));

        byte[] wont = b(IAC, TelnetCommand.WONT, TelnetOption.MCCP3);
        protocol.parse(wont, 0, wont.length);
        assertFalse(protocol.isCompressingOutput());
        protocol.sendText("plain\n");
        raw = transport.raw.toByteArray();
        Inflated z = inflate(raw, at);
        assertTrue(z.finished);
        assertEquals("plain\r\n", new String(raw, z.end, raw.length - z.end, StandardCharsets.ISO_8859_1));
        assertEquals(List.of("compress"), events, "no end event for the protocol's own compressor");
    }

    @Test
    void withoutMccp3AgreedNothingIsCompressed() {
        protocol(true);
        protocol.sendText("look\n");
        assertFalse(protocol.isCompressingOutput());
        assertEquals("look\r\n", transport.raw.toString(StandardCharsets.ISO_8859_1));
        assertEquals(List.of(), events);
    }

    /** What a zlib stream starting at {@code from} inflates to; {@code end}: the first byte after it, if it ended. */
    record Inflated(byte[] data, boolean finished, int end) {
    }

    static Inflated inflate(byte[] raw, int from) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(raw, from, raw.length - from);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                out.write(buf, 0, n);
            }
            return new Inflated(out.toByteArray(), inf.finished(), raw.length - inf.getRemaining());
        } catch (DataFormatException e) {
            throw new AssertionError("not a zlib stream after the marker: " + e.getMessage(), e);
        } finally {
            inf.end();
        }
    }

    static byte[] b(int... v) {
        return ClientProtocolTest.b(v);
    }

    static byte[] concat(byte[]... parts) {
        return ClientProtocolTest.concat(parts);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String hex(byte[] v) {
        return org.telnet4j.protocol.HexDump.format(v, 0, v.length);
    }
}
