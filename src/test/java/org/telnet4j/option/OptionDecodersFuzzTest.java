package org.telnet4j.option;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.telnet4j.protocol.NegotiationEvent;
import org.telnet4j.protocol.NegotiationHandler;
import org.telnet4j.protocol.OptionNegotiator;
import org.telnet4j.protocol.OptionPolicy;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.testing.FuzzPayloads;

/**
 * Coverage-guided fuzzing of the subnegotiation decoders of this package: NEW-ENVIRON, CHARSET,
 * TTYPE, NAWS and STATUS. Each input is a telnet stream (see {@link FuzzPayloads}); every payload
 * of the option, and the whole input as one payload, goes to the decoder, which must not throw,
 * must give no more than the payload holds, and must read back what its encoder writes.
 *
 * <p>Regression mode replays {@code src/test/resources/org/telnet4j/option/OptionDecodersFuzzTestInputs/<method>/}.
 */
class OptionDecodersFuzzTest {

    @FuzzTest
    void environ(byte[] input) {
        for (int option : new int[] {TelnetOption.NEW_ENVIRON, TelnetOption.ENVIRON}) {
            for (byte[] p : FuzzPayloads.of(input, option)) {
                Environ.Reply reply = Environ.parseReplyTyped(p, 0, p.length);
                Map<String, String> flat = Environ.parseReply(p, 0, p.length);
                assertTrue(textSize(reply.vars()) + textSize(reply.userVars()) <= p.length, "reply larger than its payload");
                assertTrue(flat.size() <= p.length);
                // Round trip: each kind encoded and parsed again is the same map.
                byte[] vars = Environ.reply(Environ.IS, reply.vars(), Set.of());
                assertEquals(reply.vars(), Environ.parseReplyTyped(vars, 0, vars.length).vars());
                byte[] user = Environ.reply(Environ.INFO, reply.userVars(), reply.userVars().keySet());
                assertEquals(reply.userVars(), Environ.parseReplyTyped(user, 0, user.length).userVars());

                List<Environ.Request> sends = Environ.parseSendTyped(p, 0, p.length);
                assertTrue(sends.size() <= p.length);
                List<String> names = Environ.parseSend(p, 0, p.length);
                assertEquals(sends.size(), names.size());
                List<String> named = new ArrayList<>();
                for (Environ.Request r : sends) {
                    assertTrue(r.type() == Environ.VAR || r.type() == Environ.USERVAR, "request type " + r.type());
                    if (!r.name().isEmpty()) {
                        named.add(r.name());
                    }
                }
                List<byte[]> requests;
                try {
                    requests = Environ.sendRequests(named, false);
                } catch (IllegalArgumentException e) {
                    continue; // documented: a name too long for one request
                }
                List<String> back = new ArrayList<>();
                for (byte[] r : requests) {
                    assertTrue(r.length <= Environ.MAX_REQUEST_PAYLOAD, "request of " + r.length + " bytes");
                    back.addAll(Environ.parseSend(r, 0, r.length));
                }
                assertEquals(named, back);

                // Old ENVIRON's reversed codes: the guesses never throw, and swapping twice is a no-op.
                Environ.sendIsReversed(p, 0, p.length);
                Environ.replyIsReversed(p, 0, p.length);
                if (p.length > 0) {
                    byte[] swapped = Environ.swapVarValue(p, 0, p.length);
                    assertArrayEquals(p, Environ.swapVarValue(swapped, 0, swapped.length));
                }
            }
        }
    }

    @FuzzTest
    void charset(byte[] input) {
        for (byte[] p : FuzzPayloads.of(input, TelnetOption.CHARSET)) {
            List<String> names = CharsetNegotiation.parseRequest(p, 0, p.length);
            int chars = 0;
            for (String n : names) {
                assertFalse(n.isEmpty());
                chars += n.length();
            }
            assertTrue(chars + names.size() <= p.length, "names larger than their payload");
            // Round trip for names the space-separated encoding can carry.
            List<String> plain = new ArrayList<>();
            for (String n : names) {
                if (n.indexOf(' ') < 0) {
                    plain.add(n);
                }
            }
            byte[] req = CharsetNegotiation.request(plain);
            assertEquals(plain, CharsetNegotiation.parseRequest(req, 0, req.length));
            // Lookups must not throw for any name a peer sends (a few: each is costly).
            for (String n : names.subList(0, Math.min(4, names.size()))) {
                CharsetNegotiation.lookup(n);
            }
            CharsetNegotiation.choose(names.subList(0, Math.min(4, names.size())));

            String accepted = CharsetNegotiation.parseAccepted(p, 0, p.length);
            if (p.length > 0 && p[0] == CharsetNegotiation.ACCEPTED) {
                assertNotNull(accepted);
                assertTrue(accepted.length() < p.length);
                byte[] again = CharsetNegotiation.accepted(accepted);
                assertEquals(accepted, CharsetNegotiation.parseAccepted(again, 0, again.length));
            } else {
                assertNull(accepted);
            }
        }
    }

    @FuzzTest
    void terminalType(byte[] input) {
        List<byte[]> payloads = FuzzPayloads.of(input, TelnetOption.TTYPE);
        // Two cycles: the whole input as one reply, and the input's TTYPE replies in order.
        replyCycle(payloads.subList(0, 1));
        replyCycle(payloads.subList(1, payloads.size()));
    }

    private static void replyCycle(List<byte[]> replies) {
        TerminalType cycle = new TerminalType();
        int continued = 0;
        int chars = 0;
        for (byte[] p : replies) {
            chars += p.length;
            boolean wasDone = cycle.isDone();
            boolean more = cycle.onReply(p, 0, p.length);
            if (more) {
                continued++;
                assertFalse(cycle.isDone());
            }
            assertFalse(wasDone && more, "the cycle went on after it ended");
            assertTrue(cycle.names().size() <= TerminalType.MAX_REPLIES, "more names than MAX_REPLIES");
            assertEquals(cycle.hasReply(), cycle.terminalType() != null);
            assertTrue(cycle.mttsBits() >= -1, "MTTS bits " + cycle.mttsBits());
            assertEquals(cycle.mttsBits() >= 0, cycle.clientName() != null);
            int kept = 0;
            for (String n : cycle.names()) {
                assertFalse(n.isEmpty());
                kept += n.length();
            }
            assertTrue(kept <= chars, "names larger than the replies");
            cycle.isMudClient();
        }
        assertTrue(continued <= TerminalType.MAX_REPLIES);
    }

    @FuzzTest
    void windowSize(byte[] input) {
        for (byte[] p : FuzzPayloads.of(input, TelnetOption.NAWS)) {
            long packed = WindowSize.parse(p, 0, p.length);
            if (p.length != WindowSize.PAYLOAD_LENGTH) {
                assertEquals(-1, packed);
                continue;
            }
            assertTrue(packed >= 0);
            int cols = WindowSize.columns(packed);
            int rows = WindowSize.rows(packed);
            assertTrue(cols >= 0 && cols <= 0xFFFF && rows >= 0 && rows <= 0xFFFF);
            assertArrayEquals(p, WindowSize.payload(cols, rows));
        }
    }

    @FuzzTest
    void status(byte[] input) {
        // A negotiator that accepts every option, driven by the input's bytes as WILL/DO requests.
        OptionPolicy all = new OptionPolicy() {
            @Override
            public boolean acceptLocal(int option) {
                return true;
            }

            @Override
            public boolean acceptRemote(int option) {
                return true;
            }
        };
        OptionNegotiator ours = new OptionNegotiator(all, new NegotiationHandler() {
            @Override
            public void sendNegotiation(int verb, int option) {
            }

            @Override
            public void onNegotiationEvent(NegotiationEvent event, Side side, int option) {
            }
        });
        ours.setMaxPeerRequests(Integer.MAX_VALUE);
        for (int i = 0; i + 1 < input.length && i < 64; i += 2) {
            ours.receive(TelnetCommand.WILL + (input[i] & 3), input[i + 1] & 0xFF);
        }
        for (byte[] p : FuzzPayloads.of(input, TelnetOption.STATUS)) {
            Status.Report report = Status.parse(p, 0, p.length);
            if (p.length == 0 || p[0] != Status.IS) {
                assertNull(report);
                continue;
            }
            assertNotNull(report);
            for (Status.Difference d : report.compare(ours)) {
                assertNotNull(d.toString());
            }
        }
        // Round trip: what we say in IS is what a peer reading it sees.
        byte[] is = Status.isPayload(ours);
        Status.Report back = Status.parse(is, 0, is.length);
        for (int o = 0; o < 256; o++) {
            assertEquals(ours.isLocalEnabled(o), back.senderWill(o), "WILL " + o);
            assertEquals(ours.isRemoteEnabled(o), back.senderDo(o), "DO " + o);
        }
    }

    private static int textSize(Map<String, String> m) {
        int n = 0;
        for (Map.Entry<String, String> e : m.entrySet()) {
            n += e.getKey().length() + 1 + (e.getValue() == null ? 0 : e.getValue().length() + 1);
        }
        return n;
    }
}
