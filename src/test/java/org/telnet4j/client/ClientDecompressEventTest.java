package org.telnet4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telnet4j.bytes.InboundPipeline;
import org.telnet4j.option.mud.InflateLimitException;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.testing.ZlibBomb;

/**
 * MCCP2 as an event, bytes in and bytes out: {@link ClientProtocol#parse} asks its listener to
 * decompress at the byte after {@code IAC SB MCCP2 IAC SE} and parses nothing after it until it
 * is called again; the owner's inflater reports the stream's end and failures.
 */
class ClientDecompressEventTest {
    private static final byte[] WILL_MCCP2 = b(255, TelnetCommand.WILL, TelnetOption.MCCP2);
    private static final byte[] MARKER = b(255, TelnetCommand.SB, TelnetOption.MCCP2, 255, TelnetCommand.SE);

    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final List<String> events = new ArrayList<>();
    /** What the owner answers to onDecompressInput. */
    private boolean takes = true;
    /** The owner's transport, as an event loop's connection has one; null: none. */
    private InboundPipeline transport;
    private ClientProtocol protocol;

    private ClientProtocol protocol() {
        protocol = new ClientProtocol(ClientConfig.builder().encoding(StandardCharsets.ISO_8859_1).build(),
            sent::write, new ClientProtocol.Listener() {
                @Override
                public void onText(String s) {
                    events.add("text " + s);
                }

                @Override
                public void onCommand(int command) {
                    events.add("command " + TelnetCommand.name(command));
                }

                @Override
                public boolean onDecompressInput() {
                    events.add("decompress");
                    if (takes && transport != null) {
                        transport.setTransform(protocol.newInflater(System::nanoTime));
                    }
                    return takes;
                }

                @Override
                public void onDecompressInputEnded(IOException failure) {
                    events.add(failure == null ? "ended" : "failed " + failure.getClass().getSimpleName());
                }
            });
        return protocol;
    }

    static byte[] b(int... v) {
        return ClientProtocolTest.b(v);
    }

    static byte[] concat(byte[]... parts) {
        return ClientProtocolTest.concat(parts);
    }

    private static String hex(byte[] v) {
        return org.telnet4j.protocol.HexDump.format(v, 0, v.length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Parses {@code in} as one read; returns the bytes consumed, and sent holds only the replies to it. */
    private int parse(byte[] in) {
        return parse(in, 0, in.length);
    }

    private int parse(byte[] in, int off, int len) {
        sent.reset();
        return protocol.parse(in, off, len);
    }

    @Test
    void theEventComesAtTheByteAfterIacSeAndNothingAfterItIsParsed() {
        ClientProtocol p = protocol();
        assertEquals(3, parse(WILL_MCCP2));
        assertEquals(hex(b(255, TelnetCommand.DO, TelnetOption.MCCP2)), hex(sent.toByteArray()));
        // After the marker: text, a command and a negotiation, which would be garbage as plain.
        byte[] in = concat(ascii("ab"), MARKER, ascii("cd"), b(255, TelnetCommand.GA), b(255, TelnetCommand.WILL,
            TelnetOption.ECHO));
        assertEquals(2 + MARKER.length, parse(in), "stops at the first compressed byte");
        assertEquals(List.of("text ab", "decompress"), events, "the text before the marker comes first");
        assertEquals(0, sent.size(), "nothing after the marker answered");
        assertTrue(p.isCompressed());
        // The owner resumes with what its inflater made of the rest (here: the same bytes).
        int rest = in.length - (2 + MARKER.length);
        assertEquals(rest, parse(in, 2 + MARKER.length, rest));
        assertEquals(List.of("text ab", "decompress", "text cd", "command GA"), events);
        assertEquals(hex(b(255, TelnetCommand.DO, TelnetOption.ECHO)), hex(sent.toByteArray()));
    }

    @Test
    void theMarkerCutAnywhereStillStopsRightAfterIt() {
        byte[] in = concat(ascii("x"), MARKER, ascii("compressed"));
        int end = 1 + MARKER.length;
        for (int cut = 1; cut < end; cut++) {
            events.clear();
            protocol();
            parse(WILL_MCCP2);
            assertEquals(cut, parse(in, 0, cut), "cut " + cut + ": all of the first part");
            assertFalse(events.contains("decompress"), "cut " + cut + ": no event before the marker ends");
            assertEquals(end - cut, parse(in, cut, in.length - cut), "cut " + cut);
            assertEquals(List.of("text x", "decompress"), events, "cut " + cut);
        }
    }

    @Test
    void anOwnerThatIsInflatingAlreadyDeclinesAndParsingGoesOn() {
        ClientProtocol p = protocol();
        parse(WILL_MCCP2);
        takes = false;
        byte[] in = concat(MARKER, ascii("plain"));
        assertEquals(in.length, parse(in));
        assertEquals(List.of("decompress", "text plain"), events);
        assertFalse(p.isCompressed());
    }

    @Test
    void aMarkerWithoutWillMccp2IsNoStart() {
        protocol();
        byte[] in = concat(MARKER, ascii("plain"));
        assertEquals(in.length, parse(in));
        assertEquals(List.of("text plain"), events);
    }

    /** An owner's read through its transport, as a connection does it: fed, then resumed until done. */
    private void read(byte[] in) throws IOException {
        sent.reset();
        transport.feed(in, 0, in.length);
        while (transport.hasBacklog()) {
            transport.resume();
        }
    }

    @Test
    void theInflaterReportsTheEndOfTheStreamAndPlainFollows() throws IOException {
        ClientProtocol p = protocol();
        transport = new InboundPipeline(p::parse);
        read(WILL_MCCP2);
        read(concat(MARKER, ZlibBomb.zlib(ascii("inside")), ascii("after")));
        assertEquals(List.of("decompress", "text inside", "ended", "text after"), events);
        assertFalse(p.isCompressed());
        assertEquals(null, transport.transform(), "the transport retired the inflater");
    }

    @Test
    void aServerThatSendsNoCompressedStreamIsReadPlainAndMccp2TurnsOff() throws IOException {
        ClientProtocol p = protocol();
        transport = new InboundPipeline(p::parse);
        read(WILL_MCCP2);
        read(concat(MARKER, ascii("Welcome\r\n")));
        assertEquals("Welcome\r\n", String.join("", events.stream()
            .filter(e -> e.startsWith("text ")).map(e -> e.substring(5)).toList()));
        assertTrue(events.contains("ended"), events.toString());
        assertEquals(hex(b(255, TelnetCommand.DONT, TelnetOption.MCCP2)), hex(sent.toByteArray()));
        assertFalse(p.isCompressed());
        assertFalse(p.engine().isRemoteEnabled(TelnetOption.MCCP2));
    }

    @Test
    void aBombFailsTheStreamAtTheLimitAndTheListenerHearsWhy() throws IOException {
        ClientProtocol p = protocol();
        transport = new InboundPipeline(p::parse);
        read(WILL_MCCP2);
        byte[] in = concat(MARKER, ZlibBomb.zlib(new byte[32 << 20]));
        IOException e = assertThrows(IOException.class, () -> read(in));
        assertInstanceOf(InflateLimitException.class, e);
        assertEquals("failed InflateLimitException", events.get(events.size() - 1));
        assertFalse(p.isCompressed());
    }
}
