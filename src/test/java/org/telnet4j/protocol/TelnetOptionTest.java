package org.telnet4j.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Option numbers and their names, both ways, for the IANA registry and the MUD protocols. */
class TelnetOptionTest {

    /** number, constant, name: the registry numbers and the MUD protocols' de facto numbers. */
    private static final Object[][] KNOWN = {
        {0, TelnetOption.BINARY, "BINARY"},
        {1, TelnetOption.ECHO, "ECHO"},
        {3, TelnetOption.SGA, "SGA"},
        {5, TelnetOption.STATUS, "STATUS"},
        {6, TelnetOption.TM, "TM"},
        {24, TelnetOption.TTYPE, "TTYPE"},
        {25, TelnetOption.EOR, "EOR"},
        {31, TelnetOption.NAWS, "NAWS"},
        {32, TelnetOption.TSPEED, "TSPEED"},
        {33, TelnetOption.LFLOW, "LFLOW"},
        {34, TelnetOption.LINEMODE, "LINEMODE"},
        {35, TelnetOption.XDISPLOC, "XDISPLOC"},
        {36, TelnetOption.ENVIRON, "ENVIRON"},
        {37, TelnetOption.AUTHENTICATION, "AUTHENTICATION"},
        {38, TelnetOption.ENCRYPT, "ENCRYPT"},
        {39, TelnetOption.NEW_ENVIRON, "NEW_ENVIRON"},
        {40, TelnetOption.TN3270E, "TN3270E"},
        {42, TelnetOption.CHARSET, "CHARSET"},
        {44, TelnetOption.COM_PORT_OPTION, "COM_PORT_OPTION"},
        {46, TelnetOption.START_TLS, "START_TLS"},
        {69, TelnetOption.MSDP, "MSDP"},
        {70, TelnetOption.MSSP, "MSSP"},
        {85, TelnetOption.MCCP1, "MCCP1"},
        {86, TelnetOption.MCCP2, "MCCP2"},
        {87, TelnetOption.MCCP3, "MCCP3"},
        {90, TelnetOption.MSP, "MSP"},
        {91, TelnetOption.MXP, "MXP"},
        {93, TelnetOption.ZMP, "ZMP"},
        {102, TelnetOption.AARDWOLF, "AARDWOLF"},
        {200, TelnetOption.ATCP, "ATCP"},
        {201, TelnetOption.GMCP, "GMCP"},
        {255, TelnetOption.EXOPL, "EXOPL"},
    };

    @Test
    void constantsHaveTheirAssignedNumbersAndNames() {
        for (Object[] k : KNOWN) {
            int number = (Integer) k[0];
            String name = (String) k[2];
            assertEquals(number, (int) (Integer) k[1], name);
            assertTrue(TelnetOption.isKnown(number), name);
            assertEquals(name, TelnetOption.name(number));
            assertEquals(number, TelnetOption.byName(name));
        }
    }

    @Test
    void unnamedNumbersAreRenderedAsDecimal() {
        assertFalse(TelnetOption.isKnown(150));
        assertEquals("150", TelnetOption.name(150));
        assertEquals("123", TelnetOption.name(123));
        assertEquals("-1", TelnetOption.name(-1));
        assertEquals("256", TelnetOption.name(256));
        assertFalse(TelnetOption.isKnown(-1));
        assertFalse(TelnetOption.isKnown(256));
    }

    @Test
    void everyNumberSurvivesNameAndBackAndNamesAreUnique() {
        Set<String> names = new HashSet<>();
        for (int o = 0; o < 256; o++) {
            String name = TelnetOption.name(o);
            assertEquals(o, TelnetOption.byName(name), name);
            assertTrue(names.add(name), "duplicate name " + name);
        }
    }

    @Test
    void lookupsIgnoreCaseSeparatorsAndSurroundingSpace() {
        assertEquals(201, TelnetOption.byName("gmcp"));
        assertEquals(201, TelnetOption.byName("Gmcp"));
        assertEquals(39, TelnetOption.byName("new-environ"));
        assertEquals(39, TelnetOption.byName("NEW_ENVIRON"));
        assertEquals(39, TelnetOption.byName("New Environ"));
        assertEquals(44, TelnetOption.byName("com-port-option"));
        assertEquals(46, TelnetOption.byName(" start-tls "));
    }

    @Test
    void longNamesAndAliasesAreAccepted() {
        assertEquals(TelnetOption.TTYPE, TelnetOption.byName("TERMINAL-TYPE"));
        assertEquals(TelnetOption.SGA, TelnetOption.byName("suppress-go-ahead"));
        assertEquals(TelnetOption.TM, TelnetOption.byName("timing-mark"));
        assertEquals(TelnetOption.EOR, TelnetOption.byName("END-OF-RECORD"));
        assertEquals(TelnetOption.NAWS, TelnetOption.byName("window-size"));
        assertEquals(TelnetOption.TSPEED, TelnetOption.byName("terminal-speed"));
        assertEquals(TelnetOption.XDISPLOC, TelnetOption.byName("X-DISPLAY-LOCATION"));
        assertEquals(TelnetOption.SNDLOC, TelnetOption.byName("send-location"));
        assertEquals(TelnetOption.LFLOW, TelnetOption.byName("remote-flow-control"));
        assertEquals(TelnetOption.MCCP2, TelnetOption.byName("mccp"));
    }

    @Test
    void decimalNumbersAreAcceptedInRange() {
        assertEquals(0, TelnetOption.byName("0"));
        assertEquals(201, TelnetOption.byName("201"));
        assertEquals(42, TelnetOption.byName(" 42 "));
        assertEquals(255, TelnetOption.byName("255"));
    }

    @Test
    void unknownNamesAndOutOfRangeNumbersAreRejectedWithTheInputInTheMessage() {
        for (String bad : new String[] {"FOO", "256", "-1", "", "GMCPX", "0x20"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TelnetOption.byName(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
