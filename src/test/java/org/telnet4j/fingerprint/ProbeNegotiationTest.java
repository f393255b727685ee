package org.telnet4j.fingerprint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.telnet4j.protocol.TelnetCommand.DO;
import static org.telnet4j.protocol.TelnetCommand.DONT;
import static org.telnet4j.protocol.TelnetCommand.IAC;
import static org.telnet4j.protocol.TelnetCommand.SB;
import static org.telnet4j.protocol.TelnetCommand.SE;
import static org.telnet4j.protocol.TelnetCommand.WILL;
import static org.telnet4j.protocol.TelnetCommand.WONT;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.telnet4j.fingerprint.ProbeNegotiation.Option;
import org.telnet4j.fingerprint.ProbeNegotiation.Q;
import org.telnet4j.protocol.ProtocolWarning;
import org.telnet4j.protocol.TelnetParser;

/**
 * The probes' shared option bookkeeping, bytes in (through the parser and {@link ProbeListener})
 * and bytes out. The policy here: we agree to SGA on our side and TTYPE on the peer's, and
 * answer an option's requests at most twice.
 */
class ProbeNegotiationTest {
    private static final int ECHO = 1;
    private static final int SGA = 3;
    private static final int STATUS = 5;
    private static final int TTYPE = 24;

    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final List<String> events = new ArrayList<>();
    private final ProbeNegotiation negotiation = new ProbeNegotiation(new int[] {SGA}, new int[] {TTYPE}, 2,
        sent::writeBytes, new ProbeNegotiation.Events() {
            @Override
            public void requested(int verb, int option) {
                events.add("requested " + ProbeNegotiation.verbName(verb) + " " + option);
            }

            @Override
            public void enabledHisSide(int option) {
                events.add("his side on " + option);
            }

            @Override
            public void enabledOurSide(int option) {
                events.add("our side on " + option);
            }

            @Override
            public void repliesExhausted(Option option) {
                events.add("replies exhausted " + option.code);
            }
        });
    private final ProbeListener listener = new ProbeListener(negotiation,
        LoggerFactory.getLogger(ProbeNegotiationTest.class), "test: protocol violation {} {}") {
        @Override
        public void onData(byte[] buf, int off, int len) {
        }

        @Override
        public void onSubnegotiation(int option, byte[] buf, int off, int len) {
        }
    };
    private final TelnetParser parser = new TelnetParser(listener);

    private void in(int... bytes) {
        byte[] b = bytes(bytes);
        parser.feed(b, 0, b.length);
    }

    private void out(int... expected) {
        assertArrayEquals(bytes(expected), sent.toByteArray());
        sent.reset();
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void anOfferInThePolicyIsAgreedAndRecordedAsUnprompted() {
        in(IAC, WILL, TTYPE);
        out(IAC, DO, TTYPE);
        Option r = negotiation.option(TTYPE);
        assertEquals(List.of("WILL"), r.unprompted);
        assertEquals(List.of("DO"), r.weAnswered);
        assertTrue(negotiation.hisSideOn(TTYPE));
        assertTrue(r.offered());
        assertEquals("not asked", r.answerToDoText());
        assertEquals(List.of("requested WILL 24", "his side on 24"), events);
    }

    @Test
    void aRequestOutsideThePolicyIsRefused() {
        in(IAC, DO, ECHO, IAC, WILL, SGA);
        out(IAC, WONT, ECHO, IAC, DONT, SGA);
        assertFalse(negotiation.ourSideOn(ECHO));
        assertFalse(negotiation.hisSideOn(SGA));
        assertTrue(negotiation.option(ECHO).accepted());
        assertEquals(List.of("requested DO 1", "requested WILL 3"), events);
    }

    @Test
    void aProbeAcceptedThatThePolicyDoesNotWantIsSwitchedOffAgain() {
        negotiation.startProbing();
        negotiation.probeDo(negotiation.record(STATUS));
        out(IAC, DO, STATUS);
        assertEquals(Q.WANTYES, negotiation.option(STATUS).him);
        assertFalse(negotiation.allAnswered());
        in(IAC, WILL, STATUS);
        out(IAC, DONT, STATUS);
        assertEquals(Q.WANTNO, negotiation.option(STATUS).him);
        in(IAC, WONT, STATUS); // the answer to our DONT: no reply
        out();
        Option r = negotiation.option(STATUS);
        assertEquals(Q.NO, r.him);
        assertEquals("WILL", r.answerToDoText());
        assertTrue(r.offered());
        assertTrue(r.unprompted.isEmpty(), "verbs after startProbing are answers");
        assertTrue(negotiation.allAnswered());
    }

    @Test
    void aProbeThePolicyWantsIsAgreedWithoutAnotherReply() {
        negotiation.startProbing();
        negotiation.probeWill(negotiation.record(SGA));
        out(IAC, WILL, SGA);
        in(IAC, DO, SGA);
        out();
        assertTrue(negotiation.ourSideOn(SGA));
        assertEquals("DO", negotiation.option(SGA).answerToWillText());
        assertEquals(List.of("requested DO 3", "our side on 3"), events);
    }

    @Test
    void aRefusedProbeIsRecordedAndNotAnswered() {
        negotiation.startProbing();
        negotiation.probeWill(negotiation.record(ECHO));
        negotiation.probeDo(negotiation.record(ECHO));
        out(IAC, WILL, ECHO, IAC, DO, ECHO);
        in(IAC, DONT, ECHO, IAC, WONT, ECHO);
        out();
        Option r = negotiation.option(ECHO);
        assertEquals("DONT", r.answerToWillText());
        assertEquals("WONT", r.answerToDoText());
        assertTrue(r.refusedWill() && r.refusedDo());
        assertFalse(r.offered() || r.accepted());
    }

    @Test
    void anUnansweredProbeIsNone() {
        negotiation.startProbing();
        negotiation.probeDo(negotiation.record(STATUS));
        assertEquals("none", negotiation.option(STATUS).answerToDoText());
        assertEquals("not asked", negotiation.option(STATUS).answerToWillText());
        assertFalse(negotiation.allAnswered());
    }

    @Test
    void aPeerThatAnswersTheLoopCheckLoops() {
        in(IAC, WILL, TTYPE);
        out(IAC, DO, TTYPE);
        negotiation.startProbing();
        Option r = negotiation.option(TTYPE);
        negotiation.loopCheckDo(r);
        out(IAC, DO, TTYPE);
        in(IAC, WILL, TTYPE); // RFC 1143 section 7: this should not have been sent
        out();
        assertTrue(r.looped);
        assertEquals(List.of("requested WILL 24", "his side on 24"), events, "a loop is no request");
    }

    @Test
    void aPeerSilentAfterTheLoopCheckDoesNotLoop() {
        in(IAC, DO, SGA);
        out(IAC, WILL, SGA);
        negotiation.startProbing();
        negotiation.loopCheckWill(negotiation.option(SGA));
        out(IAC, WILL, SGA);
        assertFalse(negotiation.option(SGA).looped);
        assertEquals("not asked", negotiation.option(SGA).answerToWillText());
    }

    @Test
    void aLoopCheckAnsweredWithWontSwitchesTheOptionOffAndCountsAsARefusal() {
        in(IAC, WILL, TTYPE);
        out(IAC, DO, TTYPE);
        negotiation.startProbing();
        negotiation.loopCheckDo(negotiation.option(TTYPE));
        out(IAC, DO, TTYPE);
        in(IAC, WONT, TTYPE);
        out(IAC, DONT, TTYPE);
        Option r = negotiation.option(TTYPE);
        assertEquals(Q.NO, r.him);
        assertTrue(r.refusedDo());
        assertFalse(r.looped);
    }

    @Test
    void repliesToOneOptionAreCappedAndTheCapIsReportedOnce() {
        for (int i = 0; i < 4; i++) {
            in(IAC, DO, ECHO);
        }
        out(IAC, WONT, ECHO, IAC, WONT, ECHO); // two replies, then silence
        assertTrue(negotiation.option(ECHO).looped);
        assertEquals(List.of("WONT", "WONT"), negotiation.option(ECHO).weAnswered);
        assertEquals(List.of("DO", "DO", "DO", "DO"), negotiation.option(ECHO).unprompted);
        assertEquals(1, events.stream().filter(e -> e.startsWith("replies exhausted")).count(), events.toString());
    }

    @Test
    void aRepeatedOfferOfAnOptionAlreadyOnLoopsOnlyOnceProbing() {
        in(IAC, WILL, TTYPE, IAC, WILL, TTYPE);
        out(IAC, DO, TTYPE);
        assertFalse(negotiation.option(TTYPE).looped, "a repeat in the opening is no loop");
        negotiation.startProbing();
        in(IAC, WILL, TTYPE);
        out();
        assertTrue(negotiation.option(TTYPE).looped);
    }

    @Test
    void optionsAreListedByCode() {
        in(IAC, WILL, TTYPE, IAC, DO, ECHO, IAC, WILL, SGA);
        List<Integer> codes = new ArrayList<>();
        for (Option r : negotiation.options()) {
            codes.add(r.code);
        }
        assertEquals(List.of(ECHO, SGA, TTYPE), codes);
        assertNull(negotiation.option(STATUS));
    }

    @Test
    void subnegotiationPayloadsHaveTheirIacDoubled() {
        ProbeOutput out = sent::writeBytes;
        out.sendSb(TTYPE, bytes(0, IAC, 'x'));
        out(IAC, SB, TTYPE, 0, IAC, IAC, 'x', IAC, SE);
        out.sendVerb(WILL, SGA);
        out(IAC, WILL, SGA);
    }

    @Test
    void theListenerKeepsAtMost32WarningsAndPassesOverCommands() {
        for (int i = 0; i < ProbeListener.MAX_WARNINGS + 5; i++) {
            listener.onProtocolWarning(ProtocolWarning.SE_WITHOUT_SB, i);
        }
        assertEquals(ProbeListener.MAX_WARNINGS, listener.warnings().size());
        assertEquals("SE_WITHOUT_SB 0", listener.warnings().get(0));
        in(IAC, 241); // NOP
        out();
        assertTrue(negotiation.options().isEmpty());
    }
}
