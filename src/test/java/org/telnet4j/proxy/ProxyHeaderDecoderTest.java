package org.telnet4j.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the golden cases in {@code src/test/resources/proxy/headers.txt}: each header is decoded
 * fed whole, one byte at a time and cut in two at every boundary, with telnet bytes after it that
 * must be left for the next layer; every run must give the same header or the same refusal.
 */
class ProxyHeaderDecoderTest {
    /** IAC WILL ECHO: what a telnet stream might start with right after the header. */
    private static final byte[] AFTER = {(byte) 0xFF, (byte) 0xFB, 0x01};

    private static final class Case {
        final String name;
        final ByteArrayOutputStream in = new ByteArrayOutputStream();
        final List<String> expect = new ArrayList<>();
        String error;
        int max = ProxyHeaderDecoder.DEFAULT_MAX_HEADER;

        Case(String name) {
            this.name = name;
        }
    }

    @TestFactory
    Stream<DynamicTest> goldenHeaders() throws IOException {
        List<Case> cases = load();
        assertTrue(cases.size() > 60, "cases loaded: " + cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name, () -> run(c)));
    }

    private static void run(Case c) {
        byte[] header = c.in.toByteArray();
        byte[] all = new byte[header.length + AFTER.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(AFTER, 0, all, header.length, AFTER.length);
        String whole = outcome(c, all, new int[] {all.length});
        check(c, whole, "whole");
        int[] ones = new int[all.length];
        java.util.Arrays.fill(ones, 1);
        assertEquals(whole, outcome(c, all, ones), c.name + ": one byte at a time");
        for (int cut = 1; cut < all.length; cut++) {
            assertEquals(whole, outcome(c, all, new int[] {cut, all.length - cut}),
                c.name + ": cut at " + cut);
        }
    }

    private static void check(Case c, String got, String how) {
        if (c.error != null) {
            assertTrue(got.startsWith("error ") && got.contains(c.error),
                c.name + " (" + how + "): expected an error containing '" + c.error + "', got:\n" + got);
        } else {
            assertEquals(String.join("\n", c.expect) + "\nrest fffb01", got, c.name + " (" + how + ")");
        }
    }

    /** Feeds {@code all} in pieces of the given sizes and describes what came out. */
    private static String outcome(Case c, byte[] all, int[] pieces) {
        ProxyHeaderDecoder d = new ProxyHeaderDecoder(c.max);
        int off = 0;
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        try {
            for (int n : pieces) {
                int used = d.feed(all, off, n);
                if (d.isDone()) {
                    rest.write(all, off + used, n - used);
                } else {
                    assertEquals(n, used, "a decoder still reading takes every byte");
                }
                off += n;
            }
        } catch (ProxyHeaderException e) {
            assertThrows(ProxyHeaderException.class, () -> d.feed(all, 0, 1), "a failed decoder stays failed");
            return "error " + e.getMessage();
        }
        if (!d.isDone()) {
            return "incomplete after " + d.bytesRead();
        }
        assertEquals(d.header().length(), d.bytesRead());
        return describe(d.header()) + "\nrest " + hex(rest.toByteArray(), 99);
    }

    /** The header as the lines a case's {@code expect} directives list. */
    static String describe(ProxyHeader h) {
        List<String> out = new ArrayList<>();
        out.add("header v" + h.version() + " " + h.command() + " " + h.family() + " " + h.transport());
        if (h.source() != null) {
            out.add("source " + ProxyHeader.format(h.source()));
            out.add("destination " + ProxyHeader.format(h.destination()));
        }
        if (h.sourcePath() != null) {
            out.add("path \"" + h.sourcePath() + "\" -> \"" + h.destinationPath() + "\"");
        }
        if (h.alpn() != null) {
            out.add("alpn " + h.alpn());
        }
        if (h.authority() != null) {
            out.add("authority " + h.authority());
        }
        ProxyHeader.Ssl s = h.ssl();
        if (s != null) {
            out.add("ssl client=" + String.format("0x%02x", s.clientFlags()) + " tls=" + s.isTls()
                + " cert=" + s.hasClientCertificate() + " verify=" + s.verify() + " version=" + s.version()
                + " cipher=" + s.cipher() + " cn=" + s.commonName() + " sig=" + s.signatureAlgorithm()
                + " key=" + s.keyAlgorithm());
            assertEquals(s.isTls(), h.isTls());
        }
        for (ProxyHeader.Tlv t : h.tlvs()) {
            byte[] v = t.value();
            out.add("tlv " + String.format("0x%02x", t.type()) + " " + (v.length == 0 ? "-" : hex(v, 10)));
        }
        out.add("length " + h.length());
        return String.join("\n", out);
    }

    private static String hex(byte[] b, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(max, b.length); i++) {
            s.append(String.format("%02x", b[i] & 0xFF));
        }
        return b.length > max ? s + "..." : s.toString();
    }

    // ---------------------------------------------------------------- beyond the golden file

    @Test
    void truncatedHeaderIsIncompleteNotAccepted() throws ProxyHeaderException {
        byte[] h = ProxyHeaderEncoder.v2(new InetSocketAddress("127.0.0.1", 1), new InetSocketAddress("127.0.0.1", 2),
            List.of());
        for (int n = 1; n < h.length; n++) {
            ProxyHeaderDecoder d = new ProxyHeaderDecoder();
            assertEquals(n, d.feed(h, 0, n));
            assertFalse(d.isDone(), "after " + n + " of " + h.length + " bytes");
            assertNull(d.header());
        }
    }

    @Test
    void refusesOnTheFirstWrongByteWithoutWaitingForMore() {
        byte[] telnet = "\u00ff\u00fd\u0018".getBytes(StandardCharsets.ISO_8859_1);
        ProxyHeaderDecoder d = new ProxyHeaderDecoder();
        assertThrows(ProxyHeaderException.class, () -> d.feed(telnet, 0, 1));
        ProxyHeaderDecoder d2 = new ProxyHeaderDecoder();
        byte[] http = "GET / HTTP/1.0\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThrows(ProxyHeaderException.class, () -> d2.feed(http, 0, 1));
    }

    @Test
    void doneDecoderTakesNothingMore() throws ProxyHeaderException {
        ProxyHeaderDecoder d = new ProxyHeaderDecoder();
        byte[] h = ProxyHeaderEncoder.v1Unknown();
        assertEquals(h.length, d.feed(h, 0, h.length));
        assertEquals(0, d.feed(h, 0, h.length));
    }

    @Test
    void limitBelowTheSmallestValidHeaderIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ProxyHeaderDecoder(231));
    }

    @Test
    void encoderOutputDecodesToTheSameAddresses() throws ProxyHeaderException {
        InetSocketAddress s4 = new InetSocketAddress("203.0.113.7", 51234);
        InetSocketAddress d4 = new InetSocketAddress("127.0.0.1", 6023);
        InetSocketAddress s6 = new InetSocketAddress("2001:db8::7", 40000);
        InetSocketAddress d6 = new InetSocketAddress("::1", 23);
        for (byte[] h : List.of(ProxyHeaderEncoder.v1(s4, d4), ProxyHeaderEncoder.v1(s6, d6),
                ProxyHeaderEncoder.v2(s4, d4, List.of()), ProxyHeaderEncoder.v2(s6, d6, List.of()))) {
            ProxyHeaderDecoder d = new ProxyHeaderDecoder();
            assertEquals(h.length, d.feed(h, 0, h.length));
            assertTrue(d.isDone());
            boolean six = d.header().family() == ProxyHeader.Family.INET6;
            assertEquals(six ? s6 : s4, d.header().source());
            assertEquals(six ? d6 : d4, d.header().destination());
        }
        byte[] tls = ProxyHeaderEncoder.v2(s4, d4, List.of(ProxyHeaderEncoder.ssl(1, 0, "TLSv1.3", "TLS_AES_128_GCM_SHA256")));
        ProxyHeaderDecoder d = new ProxyHeaderDecoder();
        d.feed(tls, 0, tls.length);
        assertTrue(d.header().isTls());
        assertEquals("TLSv1.3", d.header().ssl().version());
        assertEquals("TLS_AES_128_GCM_SHA256", d.header().ssl().cipher());
        byte[] local = ProxyHeaderEncoder.v2Local();
        ProxyHeaderDecoder l = new ProxyHeaderDecoder();
        l.feed(local, 0, local.length);
        assertEquals(ProxyHeader.Command.LOCAL, l.header().command());
        assertNull(l.header().source());
        byte[] mixed = ProxyHeaderEncoder.v1(s4, d6);
        assertArrayEquals("PROXY UNKNOWN\r\n".getBytes(StandardCharsets.US_ASCII), mixed);
    }

    // ---------------------------------------------------------------- the file format

    private static List<Case> load() throws IOException {
        List<Case> out = new ArrayList<>();
        String text;
        try (InputStream in = ProxyHeaderDecoderTest.class.getResourceAsStream("/proxy/headers.txt")) {
            if (in == null) {
                fail("headers.txt missing");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Case c = null;
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (l.startsWith("=== ")) {
                c = new Case(l.substring(4));
                out.add(c);
            } else if (c == null) {
                fail("line " + lineNo + ": directive before the first case");
            } else if (l.startsWith("in ")) {
                tokens(l.substring(3), c.in, lineNo);
            } else if (l.startsWith("expect ")) {
                c.expect.add(l.substring(7));
            } else if (l.startsWith("error ")) {
                c.error = l.substring(6);
            } else if (l.startsWith("max ")) {
                c.max = Integer.parseInt(l.substring(4).trim());
            } else {
                fail("line " + lineNo + ": unknown directive: " + l);
            }
        }
        return out;
    }

    private static void tokens(String s, ByteArrayOutputStream out, int lineNo) {
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (ch == ' ') {
                i++;
                continue;
            }
            if (ch == '"') {
                int end = s.indexOf('"', i + 1);
                byte[] t = s.substring(i + 1, end).getBytes(StandardCharsets.US_ASCII);
                out.writeBytes(t);
                i = end + 1;
                if (s.startsWith("pad:", i)) {
                    int stop = s.indexOf(' ', i);
                    stop = stop < 0 ? s.length() : stop;
                    int width = Integer.parseInt(s.substring(i + 4, stop));
                    out.writeBytes(new byte[width - t.length]);
                    i = stop;
                }
                continue;
            }
            int stop = s.indexOf(' ', i);
            stop = stop < 0 ? s.length() : stop;
            String tok = s.substring(i, stop);
            i = stop;
            if (tok.equals("CR")) {
                out.write('\r');
            } else if (tok.equals("LF")) {
                out.write('\n');
            } else if (tok.equals("SIG")) {
                out.writeBytes(ProxyHeaderDecoder.V2_SIGNATURE);
            } else if (tok.startsWith("zeros:")) {
                out.writeBytes(new byte[Integer.parseInt(tok.substring(6))]);
            } else if (tok.matches("[0-9a-f]{2}")) {
                out.write(Integer.parseInt(tok, 16));
            } else {
                fail("line " + lineNo + ": bad token " + tok);
            }
        }
    }
}
