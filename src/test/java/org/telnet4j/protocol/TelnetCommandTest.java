package org.telnet4j.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Command bytes and their names, both ways (RFC 854, RFC 885 EOR, RFC 1184 EOF/SUSP/ABORT). */
class TelnetCommandTest {

    private static final Object[][] COMMANDS = {
        {236, TelnetCommand.EOF, "EOF"},
        {237, TelnetCommand.SUSP, "SUSP"},
        {238, TelnetCommand.ABORT, "ABORT"},
        {239, TelnetCommand.EOR, "EOR"},
        {240, TelnetCommand.SE, "SE"},
        {241, TelnetCommand.NOP, "NOP"},
        {242, TelnetCommand.DM, "DM"},
        {243, TelnetCommand.BRK, "BRK"},
        {244, TelnetCommand.IP, "IP"},
        {245, TelnetCommand.AO, "AO"},
        {246, TelnetCommand.AYT, "AYT"},
        {247, TelnetCommand.EC, "EC"},
        {248, TelnetCommand.EL, "EL"},
        {249, TelnetCommand.GA, "GA"},
        {250, TelnetCommand.SB, "SB"},
        {251, TelnetCommand.WILL, "WILL"},
        {252, TelnetCommand.WONT, "WONT"},
        {253, TelnetCommand.DO, "DO"},
        {254, TelnetCommand.DONT, "DONT"},
        {255, TelnetCommand.IAC, "IAC"},
    };

    @Test
    void everyCommandHasItsNumberAndName() {
        for (Object[] c : COMMANDS) {
            int number = (Integer) c[0];
            String name = (String) c[2];
            assertEquals(number, (int) (Integer) c[1], name);
            assertEquals(name, TelnetCommand.name(number));
            assertEquals(number, TelnetCommand.byName(name));
            assertEquals(number, TelnetCommand.byName(name.toLowerCase()));
        }
        assertEquals(TelnetCommand.EOF, TelnetCommand.FIRST_ASSIGNED);
    }

    @Test
    void unassignedBytesAreRenderedAsDecimal() {
        assertEquals("0", TelnetCommand.name(0));
        assertEquals("235", TelnetCommand.name(235));
        assertEquals("-1", TelnetCommand.name(-1));
        assertEquals("256", TelnetCommand.name(256));
    }

    @Test
    void everyByteSurvivesNameAndBack() {
        for (int b = 0; b < 256; b++) {
            assertEquals(b, TelnetCommand.byName(TelnetCommand.name(b)));
        }
    }

    @Test
    void lookupsIgnoreCaseAndSpaceAndAcceptDecimal() {
        assertEquals(TelnetCommand.GA, TelnetCommand.byName(" ga "));
        assertEquals(TelnetCommand.AYT, TelnetCommand.byName("Ayt"));
        assertEquals(241, TelnetCommand.byName("241"));
        assertEquals(7, TelnetCommand.byName("7"));
    }

    @Test
    void unknownNamesAreRejected() {
        for (String bad : new String[] {"FOO", "256", "-3", "", "GO-AHEAD"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TelnetCommand.byName(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void classification() {
        for (int b = -1; b <= 256; b++) {
            assertEquals(b >= 236 && b <= 255, TelnetCommand.isAssigned(b), "isAssigned " + b);
            assertEquals(b >= 251 && b <= 254, TelnetCommand.isNegotiation(b), "isNegotiation " + b);
        }
    }
}
