package org.telnet4j.option.mud;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MSSP (option 70), the MUD Server Status Protocol: a server publishes variables such as NAME,
 * PLAYERS and UPTIME to crawlers as {@code MSSP_VAR name MSSP_VAL value [MSSP_VAL value...]}.
 */
public final class Mssp {
    /** Starts a variable name. */
    public static final int VAR = 1;
    /** Starts a value. */
    public static final int VAL = 2;

    private Mssp() {
    }

    /** Encodes variables; a variable may have several values. */
    public static byte[] encode(Map<String, List<String>> vars) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Map.Entry<String, List<String>> e : vars.entrySet()) {
            b.write(VAR);
            text(b, e.getKey());
            for (String v : e.getValue()) {
                b.write(VAL);
                text(b, v);
            }
        }
        return b.toByteArray();
    }

    private static void text(ByteArrayOutputStream b, String s) {
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            if (x != VAR && x != VAL && x != 0 && x != (byte) 0xFF) {
                b.write(x); // no escape exists: drop the bytes MSSP reserves
            }
        }
    }

    /** Decodes a payload; never throws. */
    public static Map<String, List<String>> parse(byte[] buf, int off, int len) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        int i = off;
        int end = off + len;
        List<String> current = null;
        while (i < end) {
            int c = buf[i++];
            int start = i;
            while (i < end && buf[i] != VAR && buf[i] != VAL) {
                i++;
            }
            String text = new String(buf, start, i - start, StandardCharsets.UTF_8);
            if (c == VAR) {
                current = out.computeIfAbsent(text, k -> new ArrayList<>());
            } else if (c == VAL && current != null) {
                current.add(text);
            }
        }
        return out;
    }
}
