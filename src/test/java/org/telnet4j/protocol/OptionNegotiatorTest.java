package org.telnet4j.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link OptionNegotiator} against RFC 1143 section 7, row by row, for both sides: what each
 * received verb does in each of the six states, what each user request does, and the rules
 * around them (no answer to a request for the state in force, lenient re-acknowledgement, the
 * peer-request limit, TIMING-MARK).
 *
 * <p>The tables speak of "positive" and "negative": on the LOCAL side (our option) the peer sends
 * DO/DONT and we send WILL/WONT; on the REMOTE side the peer sends WILL/WONT and we send DO/DONT.
 * Under "sent", {@code yes} is our WILL or DO and {@code no} our WONT or DONT.
 */
class OptionNegotiatorTest {

    /**
     * Section 7, "Upon receipt of WILL/DO" and "Upon receipt of WONT/DONT". The policy column says
     * which accept policy the row holds for: {@code any} rows are run with both, since RFC 1143
     * consults the policy only in state NO. The events are telnet4j's reports of the transition.
     */
    private static final String RECEIVE_TABLE = """
        # start            received  policy | state             sent  events
        NO                 positive  accept | YES               yes   ENABLED
        NO                 positive  refuse | NO                no    DECLINED
        NO                 negative  any    | NO                -     REPEATED
        YES                positive  any    | YES               -     REPEATED
        YES                negative  any    | NO                no    DISABLED
        WANTNO-EMPTY       positive  any    | NO                -     VIOLATION
        WANTNO-OPPOSITE    positive  any    | YES               -     VIOLATION,ENABLED
        WANTNO-EMPTY       negative  any    | NO                -     -
        WANTNO-OPPOSITE    negative  any    | WANTYES-EMPTY     yes   -
        WANTYES-EMPTY      positive  any    | YES               -     ENABLED
        WANTYES-OPPOSITE   positive  any    | WANTNO-EMPTY      no    -
        WANTYES-EMPTY      negative  any    | NO                -     REFUSED_BY_PEER
        WANTYES-OPPOSITE   negative  any    | NO                -     -
        """;

    /** Lenient mode changes one row: a repeated enable is answered once more. */
    private static final String LENIENT_OVERRIDES = """
        YES                positive  any    | YES               yes   REACKNOWLEDGED
        """;

    /**
     * Section 7, "If we decide to ask him to enable/disable" (the same for our side). An "Error"
     * in the RFC is a call that changes nothing and returns false; queueing is on.
     */
    private static final String USER_TABLE = """
        # start            action   returns | state             sent  events
        NO                 enable   true    | WANTYES-EMPTY     yes   -
        NO                 disable  false   | NO                -     -
        YES                enable   false   | YES               -     -
        YES                disable  true    | WANTNO-EMPTY      no    DISABLED
        WANTNO-EMPTY       enable   true    | WANTNO-OPPOSITE   -     -
        WANTNO-EMPTY       disable  false   | WANTNO-EMPTY      -     -
        WANTNO-OPPOSITE    enable   false   | WANTNO-OPPOSITE   -     -
        WANTNO-OPPOSITE    disable  true    | WANTNO-EMPTY      -     -
        WANTYES-EMPTY      enable   false   | WANTYES-EMPTY     -     -
        WANTYES-EMPTY      disable  true    | WANTYES-OPPOSITE  -     -
        WANTYES-OPPOSITE   enable   true    | WANTYES-EMPTY     -     -
        WANTYES-OPPOSITE   disable  false   | WANTYES-OPPOSITE  -     -
        """;

    private static final String[] STATES = {"NO", "YES", "WANTNO-EMPTY", "WANTNO-OPPOSITE", "WANTYES-EMPTY",
        "WANTYES-OPPOSITE"};

    /** Options the tables are run on; TIMING-MARK is not a state and has its own tests. */
    private static final int[] OPTIONS = {TelnetOption.BINARY, TelnetOption.ECHO, TelnetOption.NAWS,
        TelnetOption.GMCP, 255};

    @TestFactory
    Stream<DynamicTest> receivedVerbsFollowSection7() {
        List<DynamicTest> tests = new ArrayList<>();
        List<Row> strict = rows(RECEIVE_TABLE);
        assertEquals(13, strict.size());
        assertCoversEveryStateAndVerb(strict);
        List<Row> overrides = rows(LENIENT_OVERRIDES);
        for (boolean lenient : new boolean[] {false, true}) {
            for (Row table : strict) {
                Row row = table;
                for (Row o : overrides) {
                    if (lenient && o.start.equals(table.start) && o.input.equals(table.input)) {
                        row = o;
                    }
                }
                for (Side side : Side.values()) {
                    Row r = row;
                    String name = (lenient ? "lenient " : "") + side + " " + r.start + " receives "
                        + verbName(side, r.input) + " (" + r.input + ", policy " + r.param + ")";
                    tests.add(DynamicTest.dynamicTest(name, () -> runReceive(r, side, lenient)));
                }
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> userRequestsFollowSection7() {
        List<DynamicTest> tests = new ArrayList<>();
        List<Row> table = rows(USER_TABLE);
        assertEquals(12, table.size());
        for (Row r : table) {
            for (Side side : Side.values()) {
                tests.add(DynamicTest.dynamicTest(side + " " + r.start + " " + r.input,
                    () -> runUser(r, side)));
            }
        }
        return tests.stream();
    }

    private void runReceive(Row r, Side side, boolean lenient) {
        List<String> policies = r.param.equals("any") ? List.of("accept", "refuse") : List.of(r.param);
        for (String policy : policies) {
            for (int option : OPTIONS) {
                // The other side of the same option sits in each state in turn and must not move.
                for (String other : STATES) {
                    Recorder rec = new Recorder();
                    OptionNegotiator n = new OptionNegotiator(policy.equals("accept") ? acceptAll() : refuseAll(), rec);
                    n.setLenient(lenient);
                    arrive(n, opposite(side), option, other);
                    arrive(n, side, option, r.start);
                    rec.clear();

                    n.receive(verb(side, r.input.equals("positive"), false), option);

                    String where = side + " option " + option + " policy " + policy + " other side " + other;
                    assertState(n, side, option, r.endState(), where);
                    assertEquals(r.expectedSent(side, option), rec.sent, "sent, " + where);
                    assertEquals(r.expectedEvents(side, option), rec.events, "events, " + where);
                    assertState(n, opposite(side), option, other, "other side, " + where);
                    assertOthersUntouched(n, option);
                }
            }
        }
    }

    private void runUser(Row r, Side side) {
        for (int option : OPTIONS) {
            for (String other : STATES) {
                Recorder rec = new Recorder();
                OptionNegotiator n = new OptionNegotiator(acceptAll(), rec);
                arrive(n, opposite(side), option, other);
                arrive(n, side, option, r.start);
                rec.clear();

                boolean result = r.input.equals("enable") ? n.enable(side, option) : n.disable(side, option);

                String where = side + " option " + option + " other side " + other;
                assertEquals(Boolean.parseBoolean(r.param), result, "return value, " + where);
                assertState(n, side, option, r.endState(), where);
                assertEquals(r.expectedSent(side, option), rec.sent, "sent, " + where);
                assertEquals(r.expectedEvents(side, option), rec.events, "events, " + where);
                assertState(n, opposite(side), option, other, "other side, " + where);
                assertOthersUntouched(n, option);
            }
        }
    }

    // --- whole exchanges built from the rows above ---

    @Test
    void aQueuedEnableIsSentWhenTheDisableCompletes() {
        for (Side side : Side.values()) {
            Recorder rec = new Recorder();
            OptionNegotiator n = new OptionNegotiator(refuseAll(), rec);
            arrive(n, side, TelnetOption.ECHO, "YES");
            rec.clear();
            assertTrue(n.disable(side, TelnetOption.ECHO));
            assertTrue(n.enable(side, TelnetOption.ECHO)); // queued, nothing sent yet
            assertEquals(List.of(send(side, false, "ECHO")), rec.sent);
            n.receive(verb(side, false, false), TelnetOption.ECHO); // the disable is acknowledged
            assertEquals(List.of(send(side, false, "ECHO"), send(side, true, "ECHO")), rec.sent);
            n.receive(verb(side, true, false), TelnetOption.ECHO);
            assertTrue(n.isEnabled(side, TelnetOption.ECHO));
            assertEquals(List.of("DISABLED " + side + " ECHO", "ENABLED " + side + " ECHO"), rec.events);
        }
    }

    @Test
    void aCancelledQueuedRequestSendsNothingMore() {
        for (Side side : Side.values()) {
            Recorder rec = new Recorder();
            OptionNegotiator n = new OptionNegotiator(acceptAll(), rec);
            assertTrue(n.enable(side, TelnetOption.SGA));
            assertTrue(n.disable(side, TelnetOption.SGA)); // queue a disable behind the enable
            assertTrue(n.enable(side, TelnetOption.SGA)); // and cancel it again
            n.receive(verb(side, true, false), TelnetOption.SGA);
            assertEquals(List.of(send(side, true, "SGA")), rec.sent);
            assertTrue(n.isEnabled(side, TelnetOption.SGA));
            assertFalse(n.isQueued(side, TelnetOption.SGA));
        }
    }

    @Test
    void aRequestForTheStateInForceIsNeverAnswered() {
        for (Side side : Side.values()) {
            Recorder rec = new Recorder();
            OptionNegotiator n = new OptionNegotiator(acceptAll(), rec);
            for (int i = 0; i < 5; i++) {
                n.receive(verb(side, false, false), TelnetOption.NAWS); // already NO
            }
            assertEquals(List.of(), rec.sent);
            arrive(n, side, TelnetOption.ECHO, "YES");
            rec.clear();
            for (int i = 0; i < 5; i++) {
                n.receive(verb(side, true, false), TelnetOption.ECHO); // already YES
            }
            assertEquals(List.of(), rec.sent);
            assertEquals(Collections.nCopies(5, "REPEATED " + side + " ECHO"), rec.events);
            assertTrue(n.isEnabled(side, TelnetOption.ECHO));
            assertEquals(OptionNegotiator.NO, n.state(side, TelnetOption.NAWS));
        }
    }

    @Test
    void aRequestIsNotRepeatedWhileOneIsOutstanding() {
        for (Side side : Side.values()) {
            Recorder rec = new Recorder();
            OptionNegotiator n = new OptionNegotiator(acceptAll(), rec);
            assertTrue(n.enable(side, TelnetOption.LINEMODE));
            assertFalse(n.enable(side, TelnetOption.LINEMODE));
            assertFalse(n.enable(side, TelnetOption.LINEMODE));
            assertEquals(List.of(send(side, true, "LINEMODE")), rec.sent);
            assertTrue(n.isPending(side, TelnetOption.LINEMODE));
        }
    }

    // --- lenient mode ---

    @Test
    void lenientModeReacknowledgesOncePerStateThenIgnores() {
        for (Side side : Side.values()) {
            Recorder rec = new Recorder();
            OptionNegotiator n = new OptionNegotiator(acceptAll(), rec);
            n.setLenient(true);
            assertTrue(n.isLenient());
            n.receive(verb(side, true, false), TelnetOption.GMCP); // accepted: ENABLED
            for (int i = 0; i < 4; i++) {
                n.receive(verb(side, true, false), TelnetOption.GMCP);
            }
            assertEquals(List.of(send(side, true, "GMCP"), send(side, true, "GMCP")), rec.sent);
            assertEquals(List.of("ENABLED " + side + " GMCP", "REACKNOWLEDGED " + side + " GMCP",
                "REPEATED " + side + " GMCP", "REPEATED " + side + " GMCP", "REPEATED " + side + " GMCP"),
                rec.events);

            // The peer turns it off and on again: one more re-acknowledgement is allowed.
            rec.clear();
            n.receive(verb(side, false, false), TelnetOption.GMCP);
            n.receive(verb(side, true, false), TelnetOption.GMCP);
            n.receive(verb(side, true, false), TelnetOption.GMCP);
            n.receive(verb(side, true, false), TelnetOption.GMCP);
            assertEquals(List.of(send(side, false, "GMCP"), send(side, true, "GMCP"), send(side, true, "GMCP")),
                rec.sent);

            // So does a cycle we start ourselves.
            rec.clear();
            n.disable(side, TelnetOption.GMCP);
            n.receive(verb(side, false, false), TelnetOption.GMCP);
            n.enable(side, TelnetOption.GMCP);
            n.receive(verb(side, true, false), TelnetOption.GMCP);
            n.receive(verb(side, true, false), TelnetOption.GMCP);
            n.receive(verb(side, true, false), TelnetOption.GMCP);
            assertEquals(List.of(send(side, false, "GMCP"), send(side, true, "GMCP"), send(side, true, "GMCP")),
                rec.sent);
        }
    }

    @Test
    void lenientReacknowledgementIsKeptPerSideAndPerOption() {
        Recorder rec = new Recorder();
        OptionNegotiator n = new OptionNegotiator(acceptAll(), rec);
        n.setLenient(true);
        n.receive(TelnetCommand.DO, TelnetOption.ECHO);
        n.receive(TelnetCommand.WILL, TelnetOption.ECHO);
        n.receive(TelnetCommand.DO, TelnetOption.SGA);
        rec.clear();
        n.receive(TelnetCommand.DO, TelnetOption.ECHO);
        n.receive(TelnetCommand.WILL, TelnetOption.ECHO);
        n.receive(TelnetCommand.DO, TelnetOption.SGA);
        assertEquals(List.of("WILL ECHO", "DO ECHO", "WILL SGA"), rec.sent);
    }

    @Test
    void lenientModeStillIgnoresARepeatedDisable() {
        for (Side side : Side.values()) {
            Recorder rec = new Recorder();
            OptionNegotiator n = new OptionNegotiator(acceptAll(), rec);
            n.setLenient(true);
            n.receive(verb(side, false, false), TelnetOption.ECHO);
            n.receive(verb(side, false, false), TelnetOption.ECHO);
            assertEquals(List.of(), rec.sent);
            assertEquals(List.of("REPEATED " + side + " ECHO", "REPEATED " + side + " ECHO"), rec.events);
        }
    }

    @Test
    void switchingLenientOffStopsReacknowledging() {
        Recorder rec = new Recorder();
        OptionNegotiator n = new OptionNegotiator(acceptAll(), rec);
        n.setLenient(true);
        n.receive(TelnetCommand.DO, TelnetOption.ECHO);
        n.setLenient(false);
        assertFalse(n.isLenient());
        n.receive(TelnetCommand.DO, TelnetOption.ECHO);
        assertEquals(List.of("WILL ECHO"), rec.sent);
    }

    // --- the peer-request limit ---

    @Test
    void peerRequestsPastTheLimitAreIgnoredAndReportedOnce() {
        Recorder rec = new Recorder();
        OptionNegotiator n = new OptionNegotiator(acceptAll(), rec);
        n.setMaxPeerRequests(3);
        for (int option = 110; option < 120; option++) { // options with no name
            n.receive(TelnetCommand.DO, option);
        }
        n.receive(TelnetCommand.WILL, 130);
        assertEquals(List.of("WILL 110", "WILL 111", "WILL 112"), rec.sent);
        assertEquals(List.of("ENABLED LOCAL 110", "ENABLED LOCAL 111", "ENABLED LOCAL 112",
            "LIMIT_REACHED REMOTE -1"), rec.events);
        for (int option = 113; option < 120; option++) {
            assertEquals(OptionNegotiator.NO, n.state(Side.LOCAL, option));
        }
        assertEquals(OptionNegotiator.NO, n.state(Side.REMOTE, 130));
    }

    @Test
    void disablesAreHonouredPastTheLimit() {
        Recorder rec = new Recorder();
        OptionNegotiator n = new OptionNegotiator(acceptAll(), rec);
        n.setMaxPeerRequests(2);
        n.receive(TelnetCommand.DO, TelnetOption.ECHO);
        n.receive(TelnetCommand.WILL, TelnetOption.NAWS);
        n.receive(TelnetCommand.DO, TelnetOption.SGA); // over the limit
        rec.clear();
        n.receive(TelnetCommand.DONT, TelnetOption.ECHO);
        n.receive(TelnetCommand.WONT, TelnetOption.NAWS);
        assertEquals(List.of("WONT ECHO", "DONT NAWS"), rec.sent);
        assertEquals(List.of("DISABLED LOCAL ECHO", "DISABLED REMOTE NAWS"), rec.events);
        assertFalse(n.isLocalEnabled(TelnetOption.ECHO));
        assertFalse(n.isRemoteEnabled(TelnetOption.NAWS));
    }

    @Test
    void answersToOurOwnRequestsStillCountPastTheLimit() {
        Recorder rec = new Recorder();
        OptionNegotiator n = new OptionNegotiator(refuseAll(), rec);
        n.setMaxPeerRequests(1);
        n.receive(TelnetCommand.WILL, TelnetOption.ECHO); // declined, and counted
        n.receive(TelnetCommand.WILL, TelnetOption.SGA); // over the limit
        rec.clear();
        assertTrue(n.enable(Side.REMOTE, TelnetOption.TTYPE));
        assertTrue(n.enable(Side.LOCAL, TelnetOption.NAWS));
        n.receive(TelnetCommand.WILL, TelnetOption.TTYPE);
        n.receive(TelnetCommand.DONT, TelnetOption.NAWS);
        assertEquals(List.of("DO TTYPE", "WILL NAWS"), rec.sent);
        assertEquals(List.of("ENABLED REMOTE TTYPE", "REFUSED_BY_PEER LOCAL NAWS"), rec.events);
    }

    @Test
    void repeatedRequestsDoNotCountTowardTheLimitButReacknowledgementsDo() {
        Recorder rec = new Recorder();
        OptionNegotiator n = new OptionNegotiator(acceptAll(), rec);
        n.setMaxPeerRequests(2);
        n.receive(TelnetCommand.DO, TelnetOption.ECHO);
        for (int i = 0; i < 50; i++) {
            n.receive(TelnetCommand.DO, TelnetOption.ECHO); // REPEATED: free
        }
        n.receive(TelnetCommand.DO, TelnetOption.SGA);
        assertEquals(List.of("WILL ECHO", "WILL SGA"), rec.sent);

        Recorder rec2 = new Recorder();
        OptionNegotiator lenient = new OptionNegotiator(acceptAll(), rec2);
        lenient.setLenient(true);
        lenient.setMaxPeerRequests(2);
        lenient.receive(TelnetCommand.DO, TelnetOption.ECHO);
        lenient.receive(TelnetCommand.DO, TelnetOption.ECHO); // re-acknowledged: counted
        lenient.receive(TelnetCommand.DO, TelnetOption.SGA); // over the limit
        assertEquals(List.of("WILL ECHO", "WILL ECHO"), rec2.sent);
        assertTrue(rec2.events.contains("LIMIT_REACHED REMOTE -1"));
    }

    @Test
    void theDefaultLimitAllowsAThousandPeerRequests() {
        Recorder rec = new Recorder();
        OptionNegotiator n = new OptionNegotiator(acceptAll(), rec);
        for (int i = 0; i < OptionNegotiator.DEFAULT_MAX_PEER_REQUESTS + 5; i++) {
            n.receive(TelnetCommand.DO, TelnetOption.SGA); // counted
            n.receive(TelnetCommand.DONT, TelnetOption.SGA); // honoured, not counted
        }
        long wills = rec.sent.stream().filter(s -> s.equals("WILL SGA")).count();
        assertEquals(OptionNegotiator.DEFAULT_MAX_PEER_REQUESTS, wills);
        assertEquals(1, rec.events.stream().filter(e -> e.startsWith("LIMIT_REACHED")).count());
    }

    @Test
    void resetForgetsStatesAndTheRequestCount() {
        Recorder rec = new Recorder();
        OptionNegotiator n = new OptionNegotiator(acceptAll(), rec);
        n.setMaxPeerRequests(1);
        n.receive(TelnetCommand.DO, TelnetOption.ECHO);
        n.enable(Side.REMOTE, TelnetOption.NAWS);
        n.disable(Side.REMOTE, TelnetOption.NAWS);
        n.reset();
        for (int o = 0; o < 256; o++) {
            assertEquals(0, n.state(Side.LOCAL, o) + n.state(Side.REMOTE, o), "option " + o);
            assertFalse(n.isQueued(Side.LOCAL, o) || n.isQueued(Side.REMOTE, o), "option " + o);
        }
        rec.clear();
        n.receive(TelnetCommand.DO, TelnetOption.SGA);
        assertEquals(List.of("WILL SGA"), rec.sent);
    }

    @Test
    void theCapAppliesPerWindowAndIsReportedOncePerWindow() {
        Recorder rec = new Recorder();
        OptionNegotiator n = new OptionNegotiator(OptionSet.builder().local(TelnetOption.TM).build(), rec);
        long[] now = {5_000_000_000L};
        n.setClock(() -> now[0]);
        n.setMaxPeerRequests(2);
        n.setPeerRequestWindow(java.time.Duration.ofSeconds(60));
        for (int i = 0; i < 4; i++) {
            n.receive(TelnetCommand.DO, TelnetOption.TM); // the window opens at the first
        }
        now[0] += java.time.Duration.ofSeconds(59).toNanos();
        n.receive(TelnetCommand.DO, TelnetOption.TM); // same window: still ignored
        assertEquals(List.of("WILL TM", "WILL TM"), rec.sent);
        assertEquals(List.of("LIMIT_REACHED REMOTE -1"), rec.events);

        now[0] += java.time.Duration.ofSeconds(1).toNanos(); // 60 s after the window opened
        rec.clear();
        for (int i = 0; i < 3; i++) {
            n.receive(TelnetCommand.DO, TelnetOption.TM);
        }
        assertEquals(List.of("WILL TM", "WILL TM"), rec.sent);
        assertEquals(List.of("LIMIT_REACHED REMOTE -1"), rec.events);
    }

    @Test
    void aKeepAliveOnceAMinuteNeverRunsOutOfRequests() {
        Recorder rec = new Recorder();
        OptionNegotiator n = new OptionNegotiator(OptionSet.builder().local(TelnetOption.TM).build(), rec);
        long[] now = {0};
        n.setClock(() -> now[0]);
        int days = 3;
        int minutes = days * 24 * 60; // more than four times the default cap
        for (int i = 0; i < minutes; i++) {
            n.receive(TelnetCommand.DO, TelnetOption.TM);
            now[0] += java.time.Duration.ofMinutes(1).toNanos();
        }
        assertEquals(minutes, rec.sent.stream().filter(s -> s.equals("WILL TM")).count());
        assertTrue(rec.events.stream().noneMatch(e -> e.startsWith("LIMIT_REACHED")), rec.events.toString());
    }

    @Test
    void theWindowMustBePositive() {
        OptionNegotiator n = new OptionNegotiator(acceptAll(), new Recorder());
        assertThrows(IllegalArgumentException.class, () -> n.setPeerRequestWindow(java.time.Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
            () -> n.setPeerRequestWindow(java.time.Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> n.setPeerRequestWindow(null));
        n.setPeerRequestWindow(java.time.Duration.ofMillis(1));
    }

    @Test
    void theLimitMustBePositive() {
        OptionNegotiator n = new OptionNegotiator(acceptAll(), new Recorder());
        assertThrows(IllegalArgumentException.class, () -> n.setMaxPeerRequests(0));
        assertThrows(IllegalArgumentException.class, () -> n.setMaxPeerRequests(-5));
        n.setMaxPeerRequests(1);
    }

    // --- TIMING-MARK (RFC 860) ---

    @Test
    void doTimingMarkIsAnsweredEveryTimeAndLeavesNoState() {
        Recorder rec = new Recorder();
        OptionNegotiator n = new OptionNegotiator(OptionSet.builder().local(TelnetOption.TM).build(), rec);
        n.receive(TelnetCommand.DO, TelnetOption.TM);
        n.receive(TelnetCommand.DO, TelnetOption.TM);
        n.receive(TelnetCommand.DONT, TelnetOption.TM); // nothing to turn off
        n.receive(TelnetCommand.DO, TelnetOption.TM);
        assertEquals(List.of("WILL TM", "WILL TM", "WILL TM"), rec.sent);
        assertEquals(List.of(), rec.events);
        assertEquals(OptionNegotiator.NO, n.state(Side.LOCAL, TelnetOption.TM));
        assertFalse(n.isLocalEnabled(TelnetOption.TM));
    }

    @Test
    void doTimingMarkRefusedByPolicyIsAnsweredWont() {
        Recorder rec = new Recorder();
        OptionNegotiator n = new OptionNegotiator(refuseAll(), rec);
        n.receive(TelnetCommand.DO, TelnetOption.TM);
        n.receive(TelnetCommand.DO, TelnetOption.TM);
        assertEquals(List.of("WONT TM", "WONT TM"), rec.sent);
        assertEquals(OptionNegotiator.NO, n.state(Side.LOCAL, TelnetOption.TM));
    }

    @Test
    void ourTimingMarkCompletesWithEitherAnswer() {
        for (int answer : new int[] {TelnetCommand.WILL, TelnetCommand.WONT}) {
            Recorder rec = new Recorder();
            OptionNegotiator n = new OptionNegotiator(acceptAll(), rec);
            assertTrue(n.enable(Side.REMOTE, TelnetOption.TM));
            assertFalse(n.enable(Side.REMOTE, TelnetOption.TM)); // one mark outstanding at a time
            assertTrue(n.isPending(Side.REMOTE, TelnetOption.TM));
            n.receive(answer, TelnetOption.TM);
            assertEquals(List.of("DO TM"), rec.sent);
            assertEquals(List.of("TIMING_MARK REMOTE TM"), rec.events);
            assertEquals(OptionNegotiator.NO, n.state(Side.REMOTE, TelnetOption.TM));
            // and the next mark can be asked for
            assertTrue(n.enable(Side.REMOTE, TelnetOption.TM));
            assertEquals(List.of("DO TM", "DO TM"), rec.sent);
        }
    }

    @Test
    void aTimingMarkAnswerCompletesTheRequestEvenIfADisableWasQueued() {
        Recorder rec = new Recorder();
        OptionNegotiator n = new OptionNegotiator(acceptAll(), rec);
        n.enable(Side.REMOTE, TelnetOption.TM);
        n.disable(Side.REMOTE, TelnetOption.TM);
        n.receive(TelnetCommand.WILL, TelnetOption.TM);
        assertEquals(List.of("DO TM"), rec.sent); // no DONT TM: a mark is not a state to turn off
        assertEquals(List.of("TIMING_MARK REMOTE TM"), rec.events);
        assertEquals(OptionNegotiator.NO, n.state(Side.REMOTE, TelnetOption.TM));
        assertFalse(n.isQueued(Side.REMOTE, TelnetOption.TM));
    }

    @Test
    void unsolicitedTimingMarkAnswersAreRefusedOrIgnored() {
        Recorder rec = new Recorder();
        // Even a policy that accepts TM remotely: WILL TM we did not ask for is no mark of ours.
        OptionNegotiator n = new OptionNegotiator(OptionSet.builder().both(TelnetOption.TM).build(), rec);
        n.receive(TelnetCommand.WILL, TelnetOption.TM);
        n.receive(TelnetCommand.WONT, TelnetOption.TM);
        assertEquals(List.of("DONT TM"), rec.sent);
        assertEquals(List.of("DECLINED REMOTE TM"), rec.events);
        assertEquals(OptionNegotiator.NO, n.state(Side.REMOTE, TelnetOption.TM));
    }

    @Test
    void weCanSendWillTimingMarkAsOftenAsWeLike() {
        Recorder rec = new Recorder();
        OptionNegotiator n = new OptionNegotiator(acceptAll(), rec);
        assertTrue(n.enable(Side.LOCAL, TelnetOption.TM));
        assertTrue(n.enable(Side.LOCAL, TelnetOption.TM));
        assertEquals(List.of("WILL TM", "WILL TM"), rec.sent);
        assertEquals(OptionNegotiator.NO, n.state(Side.LOCAL, TelnetOption.TM));
    }

    @Test
    void timingMarkRequestsCountTowardTheLimit() {
        Recorder rec = new Recorder();
        OptionNegotiator n = new OptionNegotiator(acceptAll(), rec);
        n.setMaxPeerRequests(2);
        for (int i = 0; i < 5; i++) {
            n.receive(TelnetCommand.DO, TelnetOption.TM);
            n.receive(TelnetCommand.WILL, TelnetOption.TM);
        }
        assertEquals(List.of("WILL TM", "DONT TM"), rec.sent);
        assertEquals(List.of("DECLINED REMOTE TM", "LIMIT_REACHED REMOTE -1"), rec.events);
    }

    // --- construction and arguments ---

    @Test
    void argumentsAreChecked() {
        Recorder rec = new Recorder();
        assertThrows(NullPointerException.class, () -> new OptionNegotiator(null, rec));
        assertThrows(NullPointerException.class, () -> new OptionNegotiator(acceptAll(), null));
        OptionNegotiator n = new OptionNegotiator(acceptAll(), rec);
        assertThrows(NullPointerException.class, () -> n.setPolicy(null));
        for (int verb : new int[] {TelnetCommand.SB, TelnetCommand.IAC, TelnetCommand.NOP, 0}) {
            assertThrows(IllegalArgumentException.class, () -> n.receive(verb, TelnetOption.ECHO));
        }
        assertEquals(List.of(), rec.sent);
    }

    @Test
    void aNewPolicyAppliesToTheNextRequest() {
        Recorder rec = new Recorder();
        OptionNegotiator n = new OptionNegotiator(refuseAll(), rec);
        n.receive(TelnetCommand.DO, TelnetOption.ECHO);
        OptionSet echo = OptionSet.builder().local(TelnetOption.ECHO).build();
        n.setPolicy(echo);
        assertSame(echo, n.policy());
        n.receive(TelnetCommand.DO, TelnetOption.ECHO);
        assertEquals(List.of("WONT ECHO", "WILL ECHO"), rec.sent);
    }

    // --- table machinery ---

    /** One table row: {@code start input param | end sent events}. */
    private record Row(String start, String input, String param, String end, String sent, String events) {
        String endState() {
            return end;
        }

        List<String> expectedSent(Side side, int option) {
            if (sent.equals("-")) {
                return List.of();
            }
            return List.of(send(side, sent.equals("yes"), TelnetOption.name(option)));
        }

        List<String> expectedEvents(Side side, int option) {
            List<String> out = new ArrayList<>();
            if (!events.equals("-")) {
                for (String e : events.split(",")) {
                    out.add(e + " " + side + " " + TelnetOption.name(option));
                }
            }
            return out;
        }
    }

    private static List<Row> rows(String table) {
        List<Row> rows = new ArrayList<>();
        for (String line : table.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] halves = l.split("\\|");
            String[] in = halves[0].trim().split("\\s+");
            String[] out = halves[1].trim().split("\\s+");
            rows.add(new Row(in[0], in[1], in[2], out[0], out[1], out[2]));
        }
        return rows;
    }

    private static void assertCoversEveryStateAndVerb(List<Row> rows) {
        for (String s : STATES) {
            for (String v : new String[] {"positive", "negative"}) {
                assertTrue(rows.stream().anyMatch(r -> r.start.equals(s) && r.input.equals(v)), s + " " + v);
            }
        }
    }

    /** Drives one side of an option into a state through the public API, and checks it got there. */
    private static void arrive(OptionNegotiator n, Side side, int option, String state) {
        switch (state) {
            case "NO":
                break;
            case "YES":
                n.enable(side, option);
                n.receive(verb(side, true, false), option);
                break;
            case "WANTNO-EMPTY":
                arrive(n, side, option, "YES");
                n.disable(side, option);
                break;
            case "WANTNO-OPPOSITE":
                arrive(n, side, option, "WANTNO-EMPTY");
                n.enable(side, option);
                break;
            case "WANTYES-EMPTY":
                n.enable(side, option);
                break;
            case "WANTYES-OPPOSITE":
                n.enable(side, option);
                n.disable(side, option);
                break;
            default:
                throw new IllegalArgumentException(state);
        }
        assertState(n, side, option, state, "setting up " + side + " " + state);
    }

    private static void assertState(OptionNegotiator n, Side side, int option, String state, String where) {
        String[] parts = state.split("-");
        int expected = switch (parts[0]) {
            case "NO" -> OptionNegotiator.NO;
            case "YES" -> OptionNegotiator.YES;
            case "WANTNO" -> OptionNegotiator.WANTNO;
            case "WANTYES" -> OptionNegotiator.WANTYES;
            default -> throw new IllegalArgumentException(state);
        };
        boolean queued = parts.length > 1 && parts[1].equals("OPPOSITE");
        assertEquals(expected, n.state(side, option), "state, " + where);
        assertEquals(queued, n.isQueued(side, option), "queue bit, " + where);
        assertEquals(expected == OptionNegotiator.YES, n.isEnabled(side, option), "isEnabled, " + where);
        assertEquals(expected >= OptionNegotiator.WANTNO, n.isPending(side, option), "isPending, " + where);
        boolean sideEnabled = side == Side.LOCAL ? n.isLocalEnabled(option) : n.isRemoteEnabled(option);
        assertEquals(expected == OptionNegotiator.YES, sideEnabled, "isLocal/RemoteEnabled, " + where);
    }

    private static void assertOthersUntouched(OptionNegotiator n, int option) {
        for (int o = 0; o < 256; o++) {
            if (o != option) {
                assertEquals(OptionNegotiator.NO, n.state(Side.LOCAL, o), "option " + o);
                assertEquals(OptionNegotiator.NO, n.state(Side.REMOTE, o), "option " + o);
            }
        }
    }

    private static Side opposite(Side side) {
        return side == Side.LOCAL ? Side.REMOTE : Side.LOCAL;
    }

    /** The verb for a side: received (sent=false) or sent by us (sent=true). */
    private static int verb(Side side, boolean positive, boolean sent) {
        boolean will = (side == Side.LOCAL) == sent; // we send WILL/WONT about our side
        if (will) {
            return positive ? TelnetCommand.WILL : TelnetCommand.WONT;
        }
        return positive ? TelnetCommand.DO : TelnetCommand.DONT;
    }

    private static String verbName(Side side, String input) {
        return TelnetCommand.name(verb(side, input.equals("positive"), false));
    }

    private static String send(Side side, boolean positive, String option) {
        return TelnetCommand.name(verb(side, positive, true)) + " " + option;
    }

    private static OptionPolicy acceptAll() {
        int[] all = new int[256];
        for (int i = 0; i < 256; i++) {
            all[i] = i;
        }
        return OptionSet.builder().both(all).build();
    }

    private static OptionPolicy refuseAll() {
        return OptionPolicy.refuseAll();
    }

    /** Records what the negotiator sends and reports, as readable strings. */
    static final class Recorder implements NegotiationHandler {
        final List<String> sent = new ArrayList<>();
        final List<String> events = new ArrayList<>();

        @Override
        public void sendNegotiation(int verb, int option) {
            sent.add(TelnetCommand.name(verb) + " " + TelnetOption.name(option));
        }

        @Override
        public void onNegotiationEvent(NegotiationEvent event, Side side, int option) {
            events.add(event + " " + side + " " + (option < 0 ? "-1" : TelnetOption.name(option)));
        }

        void clear() {
            sent.clear();
            events.clear();
        }
    }
}
