package org.telnet4j.option.linemode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.testing.FuzzPayloads;

/**
 * Coverage-guided fuzzing of LINEMODE (RFC 1184): {@link SlcTable} and {@link Linemode} on both
 * sides, fed every LINEMODE payload of the input in order (see {@link FuzzPayloads}). Nothing may
 * throw; every answer is well formed (SLC answers are the SLC byte and whole triplets) and
 * bounded; the table stays within its levels; a server's and a client's state stay in range.
 *
 * <p>Regression mode replays {@code src/test/resources/org/telnet4j/option/linemode/LinemodeFuzzTestInputs/<method>/}.
 */
class LinemodeFuzzTest {

    @FuzzTest
    void slcTable(byte[] input) {
        for (boolean server : new boolean[] {true, false}) {
            SlcTable table = SlcTable.bsd(server);
            int answered = 0;
            for (byte[] p : FuzzPayloads.of(input, TelnetOption.LINEMODE)) {
                // The whole input as SLC triplets, and SLC payloads (after their SLC byte).
                int off = p.length > 0 && p[0] == Linemode.SLC ? 1 : 0;
                byte[] answer = table.receive(p, off, p.length - off);
                if (answer != null) {
                    assertEquals(Linemode.SLC, answer[0]);
                    assertEquals(1, answer.length % 3, "SLC answer of " + answer.length + " bytes");
                    answered += answer.length / 3;
                    // One answer per triplet, or the whole table for a reset.
                    assertTrue(answer.length / 3 <= Math.max((p.length - off) / 3, 1) * (Slc.NSLC + 1),
                        "answer of " + answer.length / 3 + " triplets to " + (p.length - off) / 3);
                    assertNotNull(Slc.describe(answer, 1, answer.length - 1));
                }
                for (int f = 1; f <= Slc.NSLC; f++) {
                    int level = table.level(f);
                    assertTrue(level >= Slc.NOSUPPORT && level <= Slc.DEFAULT, "level " + level);
                    int value = table.value(f); // -1 exactly when NOSUPPORT
                    assertTrue(level == Slc.NOSUPPORT ? value == -1 : value >= 0 && value <= 0xFF,
                        "level " + level + ", value " + value);
                }
                assertNotNull(Slc.describe(p, 0, p.length));
            }
            // MAX_ANSWERS caps what a peer can make us send; one payload may overshoot it once.
            assertTrue(answered <= SlcTable.MAX_ANSWERS + input.length * (Slc.NSLC + 1));
            assertNotNull(table.toString());
        }
    }

    @FuzzTest
    void linemode(byte[] input) {
        int all = Linemode.EDIT | Linemode.TRAPSIG | Linemode.SOFT_TAB | Linemode.LIT_ECHO;
        Linemode[] sides = {
            Linemode.server(SlcTable.bsd(true), all),
            Linemode.server(SlcTable.bsd(true), Linemode.EDIT),
            Linemode.client(SlcTable.bsd(false), all, true),
            Linemode.client(SlcTable.bsd(false), Linemode.EDIT | Linemode.TRAPSIG, false),
        };
        for (Linemode lm : sides) {
            for (byte[] p : FuzzPayloads.of(input, TelnetOption.LINEMODE)) {
                assertNotNull(Linemode.describe(p, 0, p.length));
                List<byte[]> replies = lm.receive(p, 0, p.length);
                assertTrue(replies.size() <= 1, replies.size() + " replies to one payload");
                for (byte[] r : replies) {
                    assertTrue(r.length >= 2, "reply of " + r.length + " bytes");
                    assertNotNull(Linemode.describe(r, 0, r.length));
                }
                assertEquals(0, lm.mode() & ~Linemode.ALL_MODES, "mode " + lm.mode());
                assertTrue(lm.pendingMode() == -1 || (lm.pendingMode() & ~Linemode.ALL_MODES) == 0);
                for (int ch = 0; ch < 256; ch += 17) {
                    lm.commandFor(ch);
                }
            }
            lm.reset();
            assertEquals(0, lm.mode() & ~Linemode.ALL_MODES);
        }
    }
}
