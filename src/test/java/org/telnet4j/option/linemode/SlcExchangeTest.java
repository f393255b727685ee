package org.telnet4j.option.linemode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The SLC exchange between two tables wired back to back: whatever each side starts with, the
 * exchange stops after a few messages and both sides end with the same characters.
 */
class SlcExchangeTest {

    /** Delivers payloads in turn until nobody has anything to say; returns how many were sent. */
    static int run(SlcTable server, SlcTable client, ArrayDeque<byte[]> toServer, ArrayDeque<byte[]> toClient) {
        int messages = 0;
        while (!toServer.isEmpty() || !toClient.isEmpty()) {
            if (messages > 100) {
                throw new AssertionError("the SLC exchange does not stop");
            }
            byte[] p = toServer.poll();
            if (p != null) {
                messages++;
                byte[] r = server.receive(p, 1, p.length - 1);
                if (r != null) {
                    toClient.add(r);
                }
            }
            p = toClient.poll();
            if (p != null) {
                messages++;
                byte[] r = client.receive(p, 1, p.length - 1);
                if (r != null) {
                    toServer.add(r);
                }
            }
        }
        return messages;
    }

    static void assertSame(SlcTable a, SlcTable b) {
        for (int f = 1; f <= Slc.NSLC; f++) {
            assertEquals(a.level(f) + "/" + a.value(f), b.level(f) + "/" + b.value(f), "function " + Slc.name(f));
        }
    }

    static ArrayDeque<byte[]> of(byte[]... p) {
        ArrayDeque<byte[]> q = new ArrayDeque<>();
        for (byte[] b : p) {
            q.add(b);
        }
        return q;
    }

    @Test
    void twoBsdTablesSendingAtOnceAgreeWithoutASingleAnswer() {
        SlcTable server = SlcTable.bsd(true);
        SlcTable client = SlcTable.bsd(false);
        assertNull(server.receive(client.tablePayload(), 1, client.tablePayload().length - 1));
        assertNull(client.receive(server.tablePayload(), 1, server.tablePayload().length - 1));
        assertSame(server, client);
        assertEquals(0x03, client.value(Slc.IP));
        assertEquals(Slc.FLUSHIN | Slc.FLUSHOUT, client.flags(Slc.IP));
    }

    @Test
    void aClientAskingForDefaultsGetsTheServerTableAndAgrees() {
        SlcTable server = SlcTable.bsd(true);
        SlcTable client = new SlcTable(false);
        for (int f : new int[] {Slc.IP, Slc.EC, Slc.EL, Slc.EOF}) {
            client.define(f, Slc.DEFAULT, 0, 0); // no characters of its own
        }
        int messages = run(server, client, of(SlcTable.defaultRequest()), of());
        // request, table, the client's acknowledgements and NOSUPPORTs, the server's acknowledgements
        assertEquals(4, messages);
        assertSame(server, client);
        assertEquals(0x7F, client.value(Slc.EC));
        assertEquals(0x03, client.value(Slc.IP));
        assertEquals(-1, client.value(Slc.SUSP), "functions the client cannot do stay off on its side");
    }

    @Test
    void crossingTablesThatDifferConvergeOnTheClientsCharacterAndStop() {
        SlcTable server = SlcTable.bsd(true);
        SlcTable client = SlcTable.bsd(false).define(Slc.EC, Slc.VALUE, 0x08, 0).define(Slc.EL, Slc.VALUE, 0x18, 0);
        int messages = run(server, client, of(client.tablePayload()), of(server.tablePayload()));
        assertEquals(4, messages, "two tables, then one acknowledgement each way");
        assertSame(server, client);
        assertEquals(0x08, server.value(Slc.EC), "the server takes what the client has");
    }

    @Test
    void fixedCharactersOnBothSidesThatDifferEndInNosupport() {
        SlcTable server = SlcTable.bsd(true).define(Slc.EOF, Slc.CANTCHANGE, 0x04, 0);
        SlcTable client = SlcTable.bsd(false).define(Slc.EOF, Slc.CANTCHANGE, 0x1A, 0);
        run(server, client, of(client.tablePayload()), of(server.tablePayload()));
        assertSame(server, client);
        assertEquals(Slc.NOSUPPORT, server.level(Slc.EOF));
    }

    @Test
    void aFixedCharacterWinsOverAChangeableOne() {
        SlcTable server = SlcTable.bsd(true).define(Slc.IP, Slc.CANTCHANGE, 0x7F, 0);
        SlcTable client = SlcTable.bsd(false);
        run(server, client, of(client.tablePayload()), of(server.tablePayload()));
        assertSame(server, client);
        assertEquals(0x7F, client.value(Slc.IP));
        assertEquals(Slc.CANTCHANGE, client.level(Slc.IP));
    }

    @Test
    void aChangeMadeLaterIsTakenAndAcknowledgedOnce() {
        SlcTable server = SlcTable.bsd(true);
        SlcTable client = SlcTable.bsd(false);
        byte[] change = client.change(Slc.EC, 0x08);
        assertArrayEquals(new byte[] {Linemode.SLC, Slc.EC, Slc.VALUE, 0x08}, change);
        int messages = run(server, client, of(change), of());
        assertEquals(2, messages, "the change, then its acknowledgement");
        assertSame(server, client);
    }

    @Test
    void randomTablesAlwaysConvergeAndStop() {
        Random rnd = new Random(1184);
        int[] levels = {Slc.NOSUPPORT, Slc.CANTCHANGE, Slc.VALUE, Slc.DEFAULT};
        for (int round = 0; round < 2000; round++) {
            SlcTable server = new SlcTable(true);
            SlcTable client = new SlcTable(false);
            for (int f = 1; f <= Slc.NSLC; f++) {
                server.define(f, levels[rnd.nextInt(4)], rnd.nextInt(4), rnd.nextBoolean() ? Slc.FLUSHIN : 0);
                client.define(f, levels[rnd.nextInt(4)], rnd.nextInt(4), 0);
            }
            ArrayDeque<byte[]> toServer = of(rnd.nextBoolean() ? client.tablePayload() : SlcTable.defaultRequest());
            ArrayDeque<byte[]> toClient = rnd.nextBoolean() ? of(server.tablePayload()) : of();
            String start = server + " / " + client;
            int messages = run(server, client, toServer, toClient);
            assertTrue(messages <= 6, "round " + round + ": " + messages + " messages");
            try {
                assertSame(server, client);
            } catch (AssertionError e) {
                throw new AssertionError("round " + round + " from " + start + ": " + e.getMessage(), e);
            }
        }
    }
}
