package org.telnet4j.option.mud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GMCP, MSDP and MSSP payloads as bytes. */
class MudCodecTest {

    @Test
    void gmcpFramesNameAndJson() {
        byte[] p = Gmcp.encode("Char.Vitals", "{\"hp\":10,\"maxhp\":20}");
        assertEquals("Char.Vitals {\"hp\":10,\"maxhp\":20}", new String(p, StandardCharsets.UTF_8));
        Gmcp.Message m = Gmcp.parse(p, 0, p.length);
        assertEquals("Char.Vitals", m.name());
        assertEquals("{\"hp\":10,\"maxhp\":20}", m.json());
        Gmcp.Message bare = Gmcp.parse("Core.Ping".getBytes(StandardCharsets.UTF_8), 0, 9);
        assertEquals("Core.Ping", bare.name());
        assertEquals("", bare.json());
        assertArrayEquals("Core.Ping".getBytes(StandardCharsets.UTF_8), Gmcp.encode("Core.Ping", null));
    }

    @Test
    void gmcpNameIsTrimmedWithOrWithoutData() {
        // Found by MudDecodersFuzzTest: a name was trimmed only when no data followed, so
        // "Core.Ping\r {}" and "Core.Ping\r" gave different names.
        byte[] p = "\tCore.Ping\r {}".getBytes(StandardCharsets.UTF_8);
        assertEquals("Core.Ping", Gmcp.parse(p, 0, p.length).name());
        byte[] bare = "\tCore.Ping\r".getBytes(StandardCharsets.UTF_8);
        assertEquals("Core.Ping", Gmcp.parse(bare, 0, bare.length).name());
    }

    @Test
    void msdpNestedValuesRoundTrip() {
        Map<String, Object> room = new LinkedHashMap<>();
        room.put("VNUM", "6008");
        room.put("NAME", "The Forest Path");
        room.put("EXITS", Map.of("n", "6011"));
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("ROOM", room);
        vars.put("REPORTABLE_VARIABLES", List.of("HEALTH", "MANA", List.of("nested")));
        vars.put("HEALTH", "100");
        byte[] p = Msdp.encode(vars);
        assertEquals(vars, Msdp.parse(p, 0, p.length));
    }

    @Test
    void msdpMessagesNestedWithSeveralValuesPerVariableEncodeAgain() {
        // Found by MudDecodersFuzzTest: VAR a VAL {table} VAL x makes a list around the table,
        // a level the parser did not count, so 32 wire levels became 64 and encode refused them.
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (int level = 0; level < 40; level++) {
            b.writeBytes(new byte[] {Msdp.VAR, 'a', Msdp.VAL, Msdp.TABLE_OPEN});
        }
        for (int level = 0; level < 40; level++) {
            b.writeBytes(new byte[] {Msdp.TABLE_CLOSE, Msdp.VAL, 'x'});
        }
        byte[] p = b.toByteArray();
        Map<String, Object> vars = Msdp.parse(p, 0, p.length);
        byte[] again = Msdp.encode(vars);
        assertEquals(vars, Msdp.parse(again, 0, again.length));
    }

    @Test
    void msdpWireFormatMatchesTheSpecificationExample() {
        // MSDP_VAR "LIST" MSDP_VAL "COMMANDS", as a client asks for the command list.
        byte[] p = {1, 'L', 'I', 'S', 'T', 2, 'C', 'O', 'M', 'M', 'A', 'N', 'D', 'S'};
        assertEquals(Map.of("LIST", "COMMANDS"), Msdp.parse(p, 0, p.length));
        assertArrayEquals(p, Msdp.encode(Map.of("LIST", "COMMANDS")));
        // Several VALs for one VAR read as an array.
        byte[] multi = {1, 'R', 'E', 'P', 'O', 'R', 'T', 2, 'H', 'P', 2, 'M', 'P'};
        assertEquals(Map.of("REPORT", List.of("HP", "MP")), Msdp.parse(multi, 0, multi.length));
    }

    @Test
    void msdpSurvivesGarbageAndDeepNesting() {
        byte[] deep = new byte[200];
        deep[0] = 1;
        deep[1] = 'X';
        for (int i = 2; i < deep.length; i += 2) {
            deep[i] = 2;
            deep[i + 1] = 3;
        }
        Map<String, Object> m = Msdp.parse(deep, 0, deep.length);
        assertEquals(1, m.size());
        byte[] junk = {6, 4, 2, 9, 1};
        Msdp.parse(junk, 0, junk.length); // no exception
    }

    @Test
    void msspVariablesWithSeveralValues() {
        Map<String, List<String>> vars = new LinkedHashMap<>();
        vars.put("NAME", List.of("Tiny MUD"));
        vars.put("PLAYERS", List.of("3"));
        vars.put("PORT", List.of("4000", "4001"));
        byte[] p = Mssp.encode(vars);
        assertEquals(vars, Mssp.parse(p, 0, p.length));
        assertEquals(1, p[0]);
    }
}
