package org.telnet4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.List;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.telnet4j.bytes.InboundPipeline;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TranscriptFile;
import org.telnet4j.option.mud.DeflateTransform;
import org.telnet4j.protocol.TelnetEncoder;

/**
 * MCCP2 as a byte stream, with no socket: a server's output (plain, the start marker, 1 MB
 * compressed, the end of the zlib stream, plain again) fed to the client protocol whole and split
 * at every boundary around the start marker must give back exactly the text that was sent. A
 * shorter stream goes in whole, byte by byte and cut at every boundary, through an owner's
 * transport (the inflater installed on the listener's event, as {@link ClientSession} does on its
 * connection) and through {@link ClientProtocol#receive}.
 */
class ClientMccpStreamTest {
    static final int MB = 1 << 20;

    /** The server's wire bytes, and the text a client should see. */
    static final class Wire {
        final byte[] bytes;
        final String text;
        final int marker;

        Wire(byte[] bytes, String text, int marker) {
            this.bytes = bytes;
            this.text = text;
            this.marker = marker;
        }
    }

    static Wire serverStream() {
        Random r = new Random(86);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        StringBuilder expected = new StringBuilder();
        wire.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFB, 86}); // IAC WILL MCCP2
        String before = "plain before\r\n";
        wire.writeBytes(before.getBytes(StandardCharsets.ISO_8859_1));
        expected.append(before);
        int marker = wire.size();
        wire.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFA, 86, (byte) 0xFF, (byte) 0xF0});
        // 1 MB of text with 0xFF (escaped by the encoder) and line ends, compressed in pieces
        // with a sync flush after each, as a server flushes its write queue.
        DeflateTransform deflate = new DeflateTransform();
        TelnetEncoder enc = new TelnetEncoder((b, off, len) -> deflate.apply(b, off, len, wire::write));
        enc.setBinary(true);
        byte[] chunk = new byte[4096];
        for (int sent = 0; sent < MB; sent += chunk.length) {
            for (int i = 0; i < chunk.length; i++) {
                int k = r.nextInt(100);
                chunk[i] = (byte) (k == 0 ? 0xFF : k < 5 ? '\n' : 'a' + r.nextInt(26));
            }
            enc.data(chunk, 0, chunk.length);
            expected.append(new String(chunk, StandardCharsets.ISO_8859_1));
            deflate.flush(wire::write);
        }
        deflate.finish(wire::write); // the server ends compression
        deflate.close();
        String after = "plain after\r\n";
        wire.writeBytes(after.getBytes(StandardCharsets.ISO_8859_1));
        expected.append(after);
        return new Wire(wire.toByteArray(), expected.toString(), marker);
    }

    static String feed(byte[] wire, int... cuts) {
        StringBuilder got = new StringBuilder();
        ClientProtocol p = new ClientProtocol(ClientConfig.builder()
            .encoding(StandardCharsets.ISO_8859_1).build(), (b, o, l) -> { }, got::append);
        int from = 0;
        for (int cut : cuts) {
            p.receive(wire, from, cut - from);
            from = cut;
        }
        p.receive(wire, from, wire.length - from);
        assertFalse(p.isCompressed(), "plain again after the zlib stream ended");
        p.close();
        return got.toString();
    }

    /**
     * A short server stream: text, commands and an escaped 0xFF on both sides of the compressed
     * part, which is sync-flushed in pieces; what the client should report, commands as
     * {@code <GA>}.
     */
    static Wire shortStream() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        StringBuilder expected = new StringBuilder();
        wire.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFB, 86}); // IAC WILL MCCP2
        wire.writeBytes(new byte[] {'>', (byte) 0xFF, (byte) TelnetCommand.GA});
        expected.append("><GA>");
        int marker = wire.size();
        wire.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFA, 86, (byte) 0xFF, (byte) 0xF0});
        DeflateTransform deflate = new DeflateTransform();
        TelnetEncoder enc = new TelnetEncoder((b, off, len) -> deflate.apply(b, off, len, wire::write));
        enc.setBinary(true);
        for (int i = 0; i < 12; i++) {
            byte[] line = ("room " + i + " \u00ff:\u00ff\n")
                .getBytes(StandardCharsets.ISO_8859_1);
            enc.data(line, 0, line.length);
            enc.command(TelnetCommand.GA);
            expected.append(new String(line, StandardCharsets.ISO_8859_1)).append("<GA>");
            deflate.flush(wire::write);
        }
        deflate.finish(wire::write);
        deflate.close();
        wire.writeBytes(new byte[] {'o', 'k', (byte) 0xFF, (byte) TelnetCommand.GA});
        expected.append("ok<GA>");
        return new Wire(wire.toByteArray(), expected.toString(), marker);
    }

    /** A client that reports text and commands into one string, and says whether it is still compressed. */
    static final class Recorder implements ClientProtocol.Listener {
        final StringBuilder got = new StringBuilder();
        InboundPipeline transport;
        ClientProtocol protocol;
        int starts;
        int ends;

        @Override
        public void onText(String text) {
            got.append(text);
        }

        @Override
        public void onCommand(int command) {
            got.append('<').append(TelnetCommand.name(command)).append('>');
        }

        @Override
        public boolean onDecompressInput() {
            starts++;
            if (transport.transform() != null) {
                return false;
            }
            transport.setTransform(protocol.newInflater(System::nanoTime));
            return true;
        }

        @Override
        public void onDecompressInputEnded(java.io.IOException failure) {
            assertEquals(null, failure);
            ends++;
        }
    }

    /** Feeds {@code wire} cut at {@code cuts} through an owner's transport, as a connection would. */
    static Recorder throughTransport(byte[] wire, int... cuts) throws java.io.IOException {
        Recorder r = new Recorder();
        r.protocol = new ClientProtocol(ClientConfig.builder().encoding(StandardCharsets.ISO_8859_1).build(),
            (b, o, l) -> { }, r);
        r.transport = new InboundPipeline(r.protocol::parse);
        int from = 0;
        for (int k = 0; k <= cuts.length; k++) {
            int to = k < cuts.length ? cuts[k] : wire.length;
            r.transport.feed(wire, from, to - from);
            while (r.transport.hasBacklog()) {
                r.transport.resume(); // the loop's next passes
            }
            from = to;
        }
        assertFalse(r.protocol.isCompressed(), "plain again after the zlib stream ended");
        r.protocol.close();
        return r;
    }

    /** Feeds {@code wire} cut at {@code cuts} to {@link ClientProtocol#receive}, which inflates by itself. */
    static Recorder throughReceive(byte[] wire, int... cuts) {
        Recorder r = new Recorder();
        r.protocol = new ClientProtocol(ClientConfig.builder().encoding(StandardCharsets.ISO_8859_1).build(),
            (b, o, l) -> { }, r);
        int from = 0;
        for (int k = 0; k <= cuts.length; k++) {
            int to = k < cuts.length ? cuts[k] : wire.length;
            r.protocol.receive(wire, from, to - from);
            from = to;
        }
        assertFalse(r.protocol.isCompressed(), "plain again after the zlib stream ended");
        r.protocol.close();
        return r;
    }

    @TestFactory
    List<DynamicContainer> aShortStreamCutAnywhere() {
        Wire w = shortStream();
        return List.of(
            TranscriptFile.everySplit("through the owner's transport", w.bytes.length, cuts -> {
                Recorder r = throughTransport(w.bytes, cuts);
                assertEquals(w.text, r.got.toString());
                assertEquals(1, r.starts, "one start event");
                assertEquals(1, r.ends, "one end event");
            }),
            TranscriptFile.everySplit("through receive", w.bytes.length, cuts -> {
                Recorder r = throughReceive(w.bytes, cuts);
                assertEquals(w.text, r.got.toString());
                assertEquals(0, r.starts, "receive does not ask the listener");
                assertEquals(1, r.ends, "one end event");
            }));
    }

    @Test
    void oneMegabyteInflatesByteExactFedWhole() {
        Wire w = serverStream();
        assertTrue(w.bytes.length < MB * 3 / 4, "random letters still compress: " + w.bytes.length);
        assertEquals(w.text, feed(w.bytes));
    }

    @Test
    void splitAtEveryBoundaryAroundTheStartMarker() {
        Wire w = serverStream();
        for (int cut = w.marker - 8; cut <= w.marker + 64; cut++) {
            assertEquals(w.text, feed(w.bytes, cut), "cut at " + cut);
        }
    }

    @Test
    void splitIntoSmallReadsAllTheWay() {
        Wire w = serverStream();
        int[] cuts = new int[w.bytes.length / 1000];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = (i + 1) * 1000 - 333;
        }
        assertEquals(w.text, feed(w.bytes, cuts));
    }
}
