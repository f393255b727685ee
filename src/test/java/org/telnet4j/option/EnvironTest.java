package org.telnet4j.option;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** NEW-ENVIRON, RFC 1572: SEND requests split to fit, IS/INFO replies, ESC escaping. */
class EnvironTest {
    private static final int VAR = Environ.VAR;
    private static final int VALUE = Environ.VALUE;
    private static final int ESC = Environ.ESC;
    private static final int USERVAR = Environ.USERVAR;

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Integer) {
                b.write((Integer) p);
            } else {
                b.writeBytes(((String) p).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return b.toByteArray();
    }

    private static List<String> parseSendAll(List<byte[]> frames) {
        List<String> names = new ArrayList<>();
        for (byte[] f : frames) {
            names.addAll(Environ.parseSend(f, 0, f.length));
        }
        return names;
    }

    // ---- SEND ----

    @Test
    void defaultRequestFitsOneFrame() {
        List<byte[]> frames = Environ.sendRequests(Environ.DEFAULT_REQUEST, true);
        assertEquals(1, frames.size());
        byte[] f = frames.get(0);
        assertEquals(Environ.SEND, f[0]);
        assertEquals(VAR, f[f.length - 2]);
        assertEquals(USERVAR, f[f.length - 1]);
        List<String> expected = new ArrayList<>(Environ.DEFAULT_REQUEST);
        expected.add("*VAR");
        expected.add("*USERVAR");
        assertEquals(expected, Environ.parseSend(f, 0, f.length));
    }

    @Test
    void sendLayout() {
        List<byte[]> frames = Environ.sendRequests(List.of("USER", "A\u0001B"), false);
        assertEquals(1, frames.size());
        assertArrayEquals(bytes(Environ.SEND, VAR, "USER", VAR, "A", ESC, 1, "B"), frames.get(0));
        assertEquals(List.of("USER", "A\u0001B"), Environ.parseSend(frames.get(0), 0, frames.get(0).length));
    }

    @Test
    void emptyRequests() {
        List<byte[]> none = Environ.sendRequests(List.of(), false);
        assertEquals(1, none.size());
        assertArrayEquals(new byte[] {Environ.SEND}, none.get(0), "SEND alone: everything (RFC 1572)");
        List<byte[]> others = Environ.sendRequests(List.of(), true);
        assertEquals(1, others.size());
        assertArrayEquals(new byte[] {Environ.SEND, VAR, USERVAR}, others.get(0));
    }

    @Test
    void manyNamesAreSplitIntoFramesOfAtMost240Bytes() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            names.add("VARIABLE_NUMBER_" + i + (i % 7 == 0 ? "\u0000\u0003" : ""));
        }
        List<byte[]> frames = Environ.sendRequests(names, true);
        assertTrue(frames.size() > 5, "expected several frames, got " + frames.size());
        for (int i = 0; i < frames.size(); i++) {
            byte[] f = frames.get(i);
            assertTrue(f.length <= Environ.MAX_REQUEST_PAYLOAD, "frame " + i + ": " + f.length + " bytes");
            assertEquals(Environ.SEND, f[0]);
            List<String> inFrame = Environ.parseSend(f, 0, f.length);
            boolean last = i == frames.size() - 1;
            assertEquals(last, inFrame.contains("*VAR"), "bare VAR only in the last frame");
            assertEquals(last, inFrame.contains("*USERVAR"), "bare USERVAR only in the last frame");
        }
        byte[] last = frames.get(frames.size() - 1);
        assertEquals(VAR, last[last.length - 2]);
        assertEquals(USERVAR, last[last.length - 1]);
        List<String> expected = new ArrayList<>(names);
        expected.add("*VAR");
        expected.add("*USERVAR");
        assertEquals(expected, parseSendAll(frames), "every name, in order");
    }

    @Test
    void framesAreFilledBeforeANewOneStarts() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            names.add("N" + "x".repeat(i % 13));
        }
        List<byte[]> frames = Environ.sendRequests(names, false);
        int next = 0;
        for (int i = 0; i < frames.size(); i++) {
            byte[] f = frames.get(i);
            next += Environ.parseSend(f, 0, f.length).size();
            if (i < frames.size() - 1) {
                int nextItem = 1 + names.get(next).length();
                assertTrue(f.length + nextItem > Environ.MAX_REQUEST_PAYLOAD, "frame " + i + " had room");
            }
        }
        assertEquals(names.size(), next);
    }

    @Test
    void bareVarsGoToANewFrameWhenTheLastIsFull() {
        String name = "x".repeat(Environ.MAX_REQUEST_PAYLOAD - 2); // SEND VAR name: exactly 240 bytes
        List<byte[]> frames = Environ.sendRequests(List.of(name), true);
        assertEquals(2, frames.size());
        assertEquals(Environ.MAX_REQUEST_PAYLOAD, frames.get(0).length);
        assertArrayEquals(new byte[] {Environ.SEND, VAR, USERVAR}, frames.get(1));

        String shorter = "x".repeat(Environ.MAX_REQUEST_PAYLOAD - 4); // 238 bytes: the pair fits
        List<byte[]> one = Environ.sendRequests(List.of(shorter), true);
        assertEquals(1, one.size());
        assertEquals(Environ.MAX_REQUEST_PAYLOAD, one.get(0).length);
    }

    @Test
    void escapedBytesCountTowardsTheLimit() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            names.add("\u0002".repeat(50)); // 101 bytes each once escaped
        }
        List<byte[]> frames = Environ.sendRequests(names, false);
        for (byte[] f : frames) {
            assertTrue(f.length <= Environ.MAX_REQUEST_PAYLOAD, f.length + " bytes");
        }
        assertEquals(10, frames.size(), "two names a frame");
        assertEquals(names, parseSendAll(frames));
    }

    @Test
    void aNameTooLongForAnyFrameIsRefused() {
        assertThrows(IllegalArgumentException.class,
            () -> Environ.sendRequests(List.of("x".repeat(Environ.MAX_REQUEST_PAYLOAD - 1)), false));
        assertThrows(IllegalArgumentException.class,
            () -> Environ.sendRequests(List.of("\u0001".repeat(120)), false), "240 bytes once escaped");
    }

    // ---- IS / INFO ----

    @Test
    void parseReply() {
        byte[] p = bytes(Environ.IS, VAR, "USER", VALUE, "joe", USERVAR, "X", VALUE, ESC, 1, "y", ESC, ESC,
            VAR, "TERM", VAR, "EMPTY", VALUE, USERVAR, "N", ESC, 0, "M", VALUE, "v", ESC, 3);
        Map<String, String> vars = Environ.parseReply(p, 0, p.length);
        assertEquals(List.of("USER", "X", "TERM", "EMPTY", "N\u0000M"), new ArrayList<>(vars.keySet()));
        assertEquals("joe", vars.get("USER"));
        assertEquals("\u0001y\u0002", vars.get("X"));
        assertTrue(vars.containsKey("TERM"));
        assertNull(vars.get("TERM"), "VAR without VALUE: undefined");
        assertEquals("", vars.get("EMPTY"), "VALUE with nothing after it: defined, empty");
        assertEquals("v\u0003", vars.get("N\u0000M"));
    }

    @Test
    void parseReplyAcceptsInfoAndRejectsTheRest() {
        byte[] info = bytes(Environ.INFO, VAR, "LINES", VALUE, "50");
        assertEquals(Map.of("LINES", "50"), Environ.parseReply(info, 0, info.length));
        byte[] send = bytes(Environ.SEND, VAR, "LINES");
        assertTrue(Environ.parseReply(send, 0, send.length).isEmpty());
        assertTrue(Environ.parseReply(new byte[0], 0, 0).isEmpty());
    }

    @Test
    void parseReplyOddities() {
        // A VALUE before any name, an empty name, a duplicate: tolerated.
        byte[] p = bytes(Environ.IS, VALUE, "stray", VAR, VALUE, "nameless", VAR, "A", VALUE, "1",
            VAR, "A", VALUE, "2");
        Map<String, String> vars = Environ.parseReply(p, 0, p.length);
        assertEquals(Map.of("A", "2"), vars, "later duplicates win");
        byte[] framed = bytes(9, Environ.IS, VAR, "K", VALUE, "V", 9);
        assertEquals(Map.of("K", "V"), Environ.parseReply(framed, 1, framed.length - 2));
    }

    @Test
    void replyLayout() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("USER", "a\u0002b");
        vars.put("X", null);
        vars.put("Y", "");
        assertArrayEquals(bytes(Environ.IS, VAR, "USER", VALUE, "a", ESC, ESC, "b", USERVAR, "X", VAR, "Y", VALUE),
            Environ.reply(Environ.IS, vars, Set.of("X")));
    }

    @Test
    void replyThenParseReplyRoundTrip() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("USER", "joe");
        vars.put("\u0000\u0001\u0002\u0003", "\u0003\u0002\u0001\u0000");
        vars.put("UNDEFINED", null);
        vars.put("EMPTY", "");
        vars.put("LATIN", "caf\u00e9 \u00ff");
        vars.put("MY\u0001VAR", "x\u0000");
        vars.put("ESC", "\u0002");
        Set<String> user = Set.of("MY\u0001VAR", "LATIN");
        for (int command : new int[] {Environ.IS, Environ.INFO}) {
            byte[] p = Environ.reply(command, vars, user);
            assertEquals(command, p[0]);
            Map<String, String> back = Environ.parseReply(p, 0, p.length);
            assertEquals(vars, back);
            assertEquals(new ArrayList<>(vars.keySet()), new ArrayList<>(back.keySet()), "order kept");
        }
    }

    @Test
    void everyTypeByteIsEscapedInNamesAndValues() {
        Map<String, String> vars = Map.of("\u0000\u0001\u0002\u0003", "\u0000\u0001\u0002\u0003");
        byte[] p = Environ.reply(Environ.IS, vars, Set.of());
        assertArrayEquals(bytes(Environ.IS, VAR, ESC, 0, ESC, 1, ESC, 2, ESC, 3,
            VALUE, ESC, 0, ESC, 1, ESC, 2, ESC, 3), p);
    }
}
