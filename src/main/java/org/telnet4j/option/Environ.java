package org.telnet4j.option;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NEW-ENVIRON (RFC 1572) payloads: {@code SEND} requests, {@code IS} and {@code INFO} replies.
 *
 * <p>A payload is a command byte followed by a list of {@code VAR name [VALUE value]} and
 * {@code USERVAR name [VALUE value]} items. Any of the four type bytes (0..3) inside a name or
 * value is preceded by {@code ESC} (RFC 1572, section 2). In a SEND, a {@code VAR} or
 * {@code USERVAR} with no name asks for every variable of that kind.
 *
 * <p>Requests are split so that no payload exceeds {@link #MAX_REQUEST_PAYLOAD} bytes: Windows
 * telnet crashes on larger ones and GNU inetutils keeps only 256 bytes of a subnegotiation.
 */
public final class Environ {
    /** Command: the sender's variables (reply to SEND). */
    public static final int IS = 0;
    /** Command: please send these variables. */
    public static final int SEND = 1;
    /** Command: unsolicited update of variables. */
    public static final int INFO = 2;
    /** Type: a well-known variable follows. */
    public static final int VAR = 0;
    /** Type: a value follows. */
    public static final int VALUE = 1;
    /** Type: the next byte is literal. */
    public static final int ESC = 2;
    /** Type: a user-defined variable follows. */
    public static final int USERVAR = 3;
    /** The largest request payload we send in one subnegotiation. */
    public static final int MAX_REQUEST_PAYLOAD = 240;

    /** What a server asks for by default: the variables telnet clients commonly send. */
    public static final List<String> DEFAULT_REQUEST = List.of("USER", "LOGNAME", "DISPLAY", "LANG",
        "TERM", "TERM_PROGRAM", "COLUMNS", "LINES", "COLORTERM", "EDITOR", "IPADDRESS", "CHARSET",
        "CLIENT_NAME", "CLIENT_VERSION", "MTTS", "TERMINAL_TYPE");

    private Environ() {
    }

    /**
     * Builds SEND payloads asking for {@code names}, each at most {@link #MAX_REQUEST_PAYLOAD}
     * bytes. With {@code anyOthers}, the last payload ends with a bare {@code VAR} and
     * {@code USERVAR}: "and whatever else you want to tell".
     */
    public static List<byte[]> sendRequests(List<String> names, boolean anyOthers) {
        List<byte[]> out = new ArrayList<>();
        ByteArrayOutputStream cur = new ByteArrayOutputStream();
        cur.write(SEND);
        for (String name : names) {
            ByteArrayOutputStream item = new ByteArrayOutputStream();
            item.write(VAR);
            writeEscaped(item, name);
            if (item.size() + 1 > MAX_REQUEST_PAYLOAD) {
                throw new IllegalArgumentException("variable name too long for one request: " + name);
            }
            if (cur.size() + item.size() > MAX_REQUEST_PAYLOAD) {
                out.add(cur.toByteArray());
                cur.reset();
                cur.write(SEND);
            }
            cur.writeBytes(item.toByteArray());
        }
        if (anyOthers) {
            if (cur.size() + 2 > MAX_REQUEST_PAYLOAD) {
                out.add(cur.toByteArray());
                cur.reset();
                cur.write(SEND);
            }
            cur.write(VAR);
            cur.write(USERVAR);
        }
        if (cur.size() > 1 || out.isEmpty()) {
            out.add(cur.toByteArray());
        }
        return out;
    }

    /**
     * Builds an IS (or INFO) payload from variables; names in {@code userVars} are sent as
     * USERVAR, the others as VAR. A null value is sent as a name without VALUE (undefined).
     */
    public static byte[] reply(int command, Map<String, String> vars, java.util.Set<String> userVars) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(command);
        for (Map.Entry<String, String> e : vars.entrySet()) {
            b.write(userVars.contains(e.getKey()) ? USERVAR : VAR);
            writeEscaped(b, e.getKey());
            if (e.getValue() != null) {
                b.write(VALUE);
                writeEscaped(b, e.getValue());
            }
        }
        return b.toByteArray();
    }

    private static void writeEscaped(ByteArrayOutputStream b, String s) {
        for (byte x : SbText.encode(s)) {
            if (x >= 0 && x <= USERVAR) {
                b.write(ESC);
            }
            b.write(x);
        }
    }

    /**
     * Parses the variables of an IS or INFO payload (the command byte included). A variable sent
     * without VALUE maps to null; an empty VALUE maps to "". Later duplicates win.
     *
     * @return the variables in order; empty if the payload is not IS or INFO
     */
    public static Map<String, String> parseReply(byte[] buf, int off, int len) {
        Map<String, String> vars = new LinkedHashMap<>();
        if (len < 1 || (buf[off] != IS && buf[off] != INFO)) {
            return vars;
        }
        StringBuilder name = null;
        StringBuilder value = null;
        StringBuilder target = null;
        int end = off + len;
        for (int i = off + 1; i < end; i++) {
            int b = buf[i] & 0xFF;
            if (b == ESC && i + 1 < end) {
                b = buf[++i] & 0xFF;
                if (target != null) {
                    target.append((char) b);
                }
                continue;
            }
            if (b == VAR || b == USERVAR) {
                put(vars, name, value);
                name = new StringBuilder();
                value = null;
                target = name;
            } else if (b == VALUE) {
                if (name != null) {
                    value = new StringBuilder();
                    target = value;
                }
            } else if (target != null) {
                target.append((char) b);
            }
        }
        put(vars, name, value);
        return vars;
    }

    private static void put(Map<String, String> vars, StringBuilder name, StringBuilder value) {
        if (name != null && name.length() > 0) {
            vars.put(name.toString(), value == null ? null : value.toString());
        }
    }

    /**
     * Parses a SEND payload into the names asked for; a bare VAR or USERVAR (asking for all of
     * that kind) appears as {@code "*VAR"} or {@code "*USERVAR"}.
     */
    public static List<String> parseSend(byte[] buf, int off, int len) {
        List<String> names = new ArrayList<>();
        if (len < 1 || buf[off] != SEND) {
            return names;
        }
        StringBuilder cur = null;
        int kind = -1;
        int end = off + len;
        for (int i = off + 1; i < end; i++) {
            int b = buf[i] & 0xFF;
            if (b == ESC && i + 1 < end) {
                if (cur != null) {
                    cur.append((char) (buf[++i] & 0xFF));
                } else {
                    i++;
                }
                continue;
            }
            if (b == VAR || b == USERVAR) {
                addName(names, cur, kind);
                cur = new StringBuilder();
                kind = b;
            } else if (cur != null) {
                cur.append((char) b);
            }
        }
        addName(names, cur, kind);
        return names;
    }

    private static void addName(List<String> names, StringBuilder cur, int kind) {
        if (cur == null) {
            return;
        }
        names.add(cur.length() > 0 ? cur.toString() : kind == VAR ? "*VAR" : "*USERVAR");
    }
}
