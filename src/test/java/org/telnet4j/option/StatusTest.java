package org.telnet4j.option;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.telnet4j.protocol.NegotiationEvent;
import org.telnet4j.protocol.NegotiationHandler;
import org.telnet4j.protocol.OptionNegotiator;
import org.telnet4j.protocol.OptionSet;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;

/** STATUS (RFC 859) payloads, and the other small option payload classes. */
class StatusTest {
    private static final int WILL = TelnetCommand.WILL;
    private static final int DO = TelnetCommand.DO;
    private static final int SE = TelnetCommand.SE;

    private static OptionNegotiator negotiator(int[] local, int[] remote) {
        OptionNegotiator n = new OptionNegotiator(OptionSet.builder().local(local).remote(remote).build(),
            new NegotiationHandler() {
                @Override
                public void sendNegotiation(int verb, int option) {
                }

                @Override
                public void onNegotiationEvent(NegotiationEvent event, Side side, int option) {
                }
            });
        for (int o : local) {
            n.receive(DO, o);
        }
        for (int o : remote) {
            n.receive(WILL, o);
        }
        return n;
    }

    private static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    @Test
    void isListsWhatIsEnabledInOptionOrder() {
        OptionNegotiator n = negotiator(new int[] {TelnetOption.STATUS, TelnetOption.ECHO}, new int[] {TelnetOption.SGA});
        assertArrayEquals(b(Status.IS, WILL, 1, DO, 3, WILL, 5), Status.isPayload(n));
    }

    @Test
    void optionSeIsDoubledOnTheWayOutAndUndoubledOnTheWayIn() {
        OptionNegotiator n = negotiator(new int[] {SE}, new int[0]);
        byte[] is = Status.isPayload(n);
        assertArrayEquals(b(Status.IS, WILL, SE, SE), is);
        Status.Report r = Status.parse(is, 0, is.length);
        assertTrue(r.senderWill(SE));
        assertFalse(r.senderWill(0));
    }

    @Test
    void parsingSkipsParameterBlocksAndNotesWontDont() {
        byte[] p = b(Status.IS, WILL, 1, TelnetCommand.SB, 31, 0, 80, SE, SE, 0, 24, SE, DO, 3,
            TelnetCommand.WONT, 1);
        Status.Report r = Status.parse(p, 0, p.length);
        assertTrue(r.senderDo(3));
        assertFalse(r.senderWill(1), "WONT after WILL leaves it off");
        assertFalse(r.senderWill(24), "bytes inside the SB block are not options");
        assertNull(Status.parse(b(Status.SEND), 0, 1));
    }

    @Test
    void comparisonNamesTheSideAndIgnoresOptionsStillBeingNegotiated() {
        OptionNegotiator n = negotiator(new int[] {1}, new int[] {3});
        n.enable(Side.REMOTE, 24); // pending: not compared
        byte[] p = b(Status.IS, WILL, 3, WILL, 24, DO, 5);
        List<Status.Difference> d = Status.parse(p, 0, p.length).compare(n);
        assertEquals(List.of(new Status.Difference(Side.LOCAL, 1, true, false),
            new Status.Difference(Side.LOCAL, 5, false, true)), d);
    }

    @Test
    void textOptionsAndFlowControl() {
        assertArrayEquals(new int[] {38400, 19200}, TextOption.parseSpeed("38400,19200"));
        assertNull(TextOption.parseSpeed("38400"));
        assertNull(TextOption.parseSpeed("a,b"));
        assertNull(TextOption.parseSpeed("-1,5"));
        byte[] is = TextOption.isPayload("host:0");
        assertEquals("host:0", TextOption.parseIs(is, 0, is.length));
        assertNull(TextOption.parseIs(TextOption.sendPayload(), 0, 1));
        assertEquals(2, FlowControl.parse(b(2), 0, 1), "RFC 1372: 2 is RESTART-ANY");
        assertEquals(-1, FlowControl.parse(b(4), 0, 1));
        assertEquals(-1, FlowControl.parse(b(1, 1), 0, 2));
        FlowControl.State s = new FlowControl.State();
        assertTrue(s.isEnabled());
        assertFalse(s.isRestartAny());
        s.apply(FlowControl.RESTART_ANY);
        assertTrue(s.isRestartAny());
        s.apply(FlowControl.RESTART_XON);
        assertFalse(s.isRestartAny());
        s.apply(FlowControl.OFF);
        assertFalse(s.isEnabled());
    }
}
