package org.telnet4j.option.linemode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.telnet4j.protocol.TelnetCommand;

/** MODE between a server and a client {@link Linemode} wired back to back, and commandFor. */
class LinemodeModeTest {

    static int run(Linemode server, Linemode client, byte[] first, boolean fromServer) {
        ArrayDeque<byte[]> toClient = new ArrayDeque<>();
        ArrayDeque<byte[]> toServer = new ArrayDeque<>();
        (fromServer ? toClient : toServer).add(first);
        int messages = 0;
        while (!toClient.isEmpty() || !toServer.isEmpty()) {
            if (messages++ > 50) {
                throw new AssertionError("MODE exchange does not stop");
            }
            byte[] p = toClient.poll();
            if (p != null) {
                toServer.addAll(client.receive(p, 0, p.length));
            }
            p = toServer.poll();
            if (p != null) {
                toClient.addAll(server.receive(p, 0, p.length));
            }
        }
        return messages;
    }

    @Test
    void everyCombinationOfSupportedModesEndsAgreedWithinThreeMessages() {
        for (int serverModes = 0; serverModes <= Linemode.ALL_MODES; serverModes++) {
            for (int clientModes = 0; clientModes <= Linemode.ALL_MODES; clientModes++) {
                for (int proposal = 0; proposal <= Linemode.ALL_MODES; proposal++) {
                    Linemode server = Linemode.server(SlcTable.bsd(true), serverModes);
                    Linemode client = Linemode.client(SlcTable.bsd(false), clientModes, false);
                    int messages = run(server, client, server.proposeMode(proposal), true);
                    String what = serverModes + "/" + clientModes + "/" + proposal;
                    assertTrue(messages <= 3, what + ": " + messages);
                    assertEquals(server.mode(), client.mode(), what);
                    int expected = proposal & serverModes & clientModes & Linemode.ALL_MODES;
                    if (expected != 0) { // a proposal of 0 to a client already in mode 0 needs no answer
                        assertTrue(server.isAgreed() && client.isAgreed(), what);
                        assertEquals(expected, server.mode(), what);
                    }
                }
            }
        }
    }

    @Test
    void aClientRequestIsGrantedByTheServer() {
        Linemode server = Linemode.server(SlcTable.bsd(true), Linemode.ALL_MODES);
        Linemode client = Linemode.client(SlcTable.bsd(false), Linemode.ALL_MODES, false);
        run(server, client, client.proposeMode(Linemode.EDIT | Linemode.SOFT_TAB), false);
        assertEquals(Linemode.EDIT | Linemode.SOFT_TAB, server.mode());
        assertEquals(server.mode(), client.mode());
        assertTrue(client.isAgreed());
    }

    @Test
    void resetForgetsTheModeAndRestoresTheTable() {
        Linemode client = Linemode.client(SlcTable.bsd(false), Linemode.ALL_MODES, true);
        byte[] mode = {Linemode.MODE, Linemode.EDIT};
        client.receive(mode, 0, 2);
        byte[] slc = {Linemode.SLC, Slc.EC, Slc.VALUE, 8};
        client.receive(slc, 0, 4);
        assertEquals(8, client.slc().value(Slc.EC));
        client.reset();
        assertEquals(0, client.mode());
        assertFalse(client.isAgreed());
        assertEquals(0x7F, client.slc().value(Slc.EC));
    }

    @Test
    void trapsigTurnsSignalCharactersIntoCommands() {
        Linemode client = Linemode.client(SlcTable.bsd(false), Linemode.ALL_MODES, false);
        assertEquals(-1, client.commandFor(0x03), "no mode yet: ^C is data");
        List<byte[]> r = client.receive(new byte[] {Linemode.MODE, Linemode.EDIT | Linemode.TRAPSIG}, 0, 2);
        assertEquals(1, r.size());
        assertEquals(TelnetCommand.IP, client.commandFor(0x03));
        assertEquals(TelnetCommand.SUSP, client.commandFor(0x1A));
        assertEquals(TelnetCommand.ABORT, client.commandFor(0x1C));
        assertEquals(TelnetCommand.AYT, client.commandFor(0x14));
        assertEquals(TelnetCommand.AO, client.commandFor(0x0F));
        assertEquals(TelnetCommand.EOF, client.commandFor(0x04));
        assertEquals(-1, client.commandFor('a'));
        client.receive(new byte[] {Linemode.SLC, Slc.IP, Slc.VALUE, 0x18}, 0, 4);
        assertEquals(TelnetCommand.IP, client.commandFor(0x18), "follows the SLC table");
        assertEquals(-1, client.commandFor(0x03));
        client.receive(new byte[] {Linemode.MODE, Linemode.EDIT}, 0, 2);
        assertEquals(-1, client.commandFor(0x18), "EDIT without TRAPSIG: signals are data");
        assertEquals(TelnetCommand.EOF, client.commandFor(0x04), "EOF still ends input under EDIT");
    }

    @Test
    void forwardMaskBitsAreMostSignificantFirst() {
        ForwardMask m = ForwardMask.of(0, 9, 127);
        byte[] b = m.toBytes();
        assertEquals(16, b.length);
        assertEquals((byte) 0x80, b[0]);
        assertEquals(0x40, b[1]);
        assertEquals(0x01, b[15]);
        assertTrue(m.contains(9) && !m.contains(8) && !m.contains(256) && !m.contains(-1));
        assertEquals(m, ForwardMask.parse(b, 0, b.length));
        assertEquals(32, ForwardMask.of(200).toBytes().length);
        assertEquals(ForwardMask.of(1), ForwardMask.parse(new byte[40], 0, 0).equals(ForwardMask.of()) ? ForwardMask.of(1)
            : null);
    }
}
