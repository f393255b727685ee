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
    /** Variables kept per connection by default. */
    public static final int DEFAULT_MAX_VARIABLES = 32;

    /** Bytes of names and values (in characters) kept per connection by default. */
    public static final int DEFAULT_MAX_BYTES = 2048;

    /**
     * Merges a reply's variables into {@code into} (a null value removes the variable, RFC 1572),
     * within a bound on the number of variables and on the characters of their names and values.
     * Variables that would go past it are not added; changes to ones already kept always apply
     * when the new value fits.
     *
     * @return how many variables were dropped
     */
    public static int mergeBounded(Map<String, String> into, Map<String, String> vars, int maxVariables,
                                   int maxChars) {
        long used = 0;
        for (Map.Entry<String, String> e : into.entrySet()) {
            used += cost(e.getKey(), e.getValue());
        }
        int dropped = 0;
        for (Map.Entry<String, String> e : vars.entrySet()) {
            String name = e.getKey();
            String old = into.get(name);
            boolean had = into.containsKey(name);
            if (e.getValue() == null) {
                if (had) {
                    into.remove(name);
                    used -= cost(name, old);
                }
                continue;
            }
            long after = used - (had ? cost(name, old) : 0) + cost(name, e.getValue());
            if ((!had && into.size() >= maxVariables) || after > maxChars) {
                dropped++;
                continue;
            }
            into.put(name, e.getValue());
            used = after;
        }
        return dropped;
    }

    private static long cost(String name, String value) {
        return name.length() + (value == null ? 0 : value.length());
    }

    public static Map<String, String> parseReply(byte[] buf, int off, int len) {
        Map<String, String> vars = new LinkedHashMap<>();
        parseItems(buf, off, len, (kind, name, value) -> vars.put(name, value));
        return vars;
    }

    /** Receives one variable of a reply: its type (VAR or USERVAR), name and value (or null). */
    @FunctionalInterface
    private interface ItemSink {
        void item(int kind, String name, String value);
    }

    /** Walks the items of an IS or INFO payload (command byte included), ESC-unescaped. */
    private static void parseItems(byte[] buf, int off, int len, ItemSink sink) {
        if (len < 1 || (buf[off] != IS && buf[off] != INFO)) {
            return;
        }
        StringBuilder name = null;
        StringBuilder value = null;
        StringBuilder target = null;
        int kind = VAR;
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
                emit(sink, kind, name, value);
                name = new StringBuilder();
                value = null;
                target = name;
                kind = b;
            } else if (b == VALUE) {
                if (name != null) {
                    value = new StringBuilder();
                    target = value;
                }
            } else if (target != null) {
                target.append((char) b);
            }
        }
        emit(sink, kind, name, value);
    }

    private static void emit(ItemSink sink, int kind, StringBuilder name, StringBuilder value) {
        if (name != null && name.length() > 0) {
            sink.item(kind, name.toString(), value == null ? null : value.toString());
        }
    }


    /**
     * Parses a SEND payload into the names asked for; a bare VAR or USERVAR (asking for all of
     * that kind) appears as {@code "*VAR"} or {@code "*USERVAR"}.
     */
    public static List<String> parseSend(byte[] buf, int off, int len) {
        List<String> names = new ArrayList<>();
        for (Request r : parseSendTyped(buf, off, len)) {
            names.add(!r.name().isEmpty() ? r.name() : r.type() == VAR ? "*VAR" : "*USERVAR");
        }
        return names;
    }


    /** One name asked for in a SEND: its type (VAR or USERVAR) and name ("" for "all of them"). */
    public record Request(int type, String name) {
    }

    /** Parses a SEND payload into typed requests, in order. */
    public static List<Request> parseSendTyped(byte[] buf, int off, int len) {
        List<Request> out = new ArrayList<>();
        if (len < 1 || buf[off] != SEND) {
            return out;
        }
        StringBuilder cur = null;
        int kind = -1;
        int end = off + len;
        for (int i = off + 1; i < end; i++) {
            int b = buf[i] & 0xFF;
            if (b == ESC && i + 1 < end) {
                i++;
                if (cur != null) {
                    cur.append((char) (buf[i] & 0xFF));
                }
                continue;
            }
            if (b == VAR || b == USERVAR) {
                if (cur != null) {
                    out.add(new Request(kind, cur.toString()));
                }
                cur = new StringBuilder();
                kind = b;
            } else if (cur != null) {
                cur.append((char) b);
            }
        }
        if (cur != null) {
            out.add(new Request(kind, cur.toString()));
        }
        return out;
    }

    /** The variables RFC 1572 section 5 calls well known. */
    public static final java.util.Set<String> WELL_KNOWN = java.util.Set.of("USER", "JOB", "ACCT",
        "PRINTER", "SYSTEMTYPE", "DISPLAY");

    /**
     * Parses an IS or INFO payload keeping VAR and USERVAR apart.
     *
     * @return the well-known ({@code VAR}) and user ({@code USERVAR}) variables, in order; a
     *     variable without VALUE maps to null
     */
    public static Reply parseReplyTyped(byte[] buf, int off, int len) {
        Map<String, String> vars = new LinkedHashMap<>();
        Map<String, String> user = new LinkedHashMap<>();
        parseItems(buf, off, len, (kind, name, value) -> (kind == VAR ? vars : user).put(name, value));
        return new Reply(vars, user);
    }


    /** An IS or INFO reply: well-known and user variables, each in order. */
    public record Reply(Map<String, String> vars, Map<String, String> userVars) {
        /** Both kinds in one map, user variables after well-known ones. */
        public Map<String, String> all() {
            Map<String, String> m = new LinkedHashMap<>(vars);
            m.putAll(userVars);
            return m;
        }
    }

    /**
     * RFC 1571 section 2, for the old ENVIRON option (36): a SEND holds only VAR and USERVAR, so
     * a VALUE (1) in it, with no VAR (0), means the server uses BSD's reversed codes (VAR 1,
     * VALUE 0). A SEND with both is malformed and read as correct.
     */
    public static boolean sendIsReversed(byte[] buf, int off, int len) {
        boolean var = false;
        boolean value = false;
        for (int i = off + 1, end = off + len; i < end; i++) {
            int b = buf[i] & 0xFF;
            if (b == ESC) {
                i++;
            } else if (b == VAR) {
                var = true;
            } else if (b == VALUE) {
                value = true;
            }
        }
        return value && !var;
    }

    /**
     * RFC 1571 section 3, for the old ENVIRON option (36): does this IS or INFO come from a
     * client with VAR and VALUE reversed? The tests, in the RFC's order: what follows the command
     * byte; two VALUEs in a row or an empty VAR (reversed) against two VARs in a row or an empty
     * VALUE (correct); the counts of each type; well-known names after VAR or after VALUE. When
     * all are silent the client is taken as correct.
     */
    public static boolean replyIsReversed(byte[] buf, int off, int len) {
        int end = off + len;
        if (len < 2) {
            return false;
        }
        int first = buf[off + 1] & 0xFF;
        if (first == VAR) {
            return false;
        }
        if (first == VALUE) {
            return true;
        }
        // Split into (type, text) items.
        List<int[]> types = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        StringBuilder cur = null;
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
            if (b <= USERVAR && b != ESC) {
                if (cur != null) {
                    texts.add(cur.toString());
                }
                types.add(new int[] {b});
                cur = new StringBuilder();
            } else if (cur != null) {
                cur.append((char) b);
            }
        }
        if (cur != null) {
            texts.add(cur.toString());
        }
        int vars = 0;
        int values = 0;
        int users = 0;
        for (int k = 0; k < types.size(); k++) {
            int t = types.get(k)[0];
            boolean empty = texts.get(k).isEmpty();
            if (k > 0 && types.get(k - 1)[0] == t) {
                if (t == VAR) {
                    return false;
                }
                if (t == VALUE) {
                    return true;
                }
            }
            if (empty && t == VALUE) {
                return false;
            }
            if (empty && t == VAR) {
                return true;
            }
            if (t == VAR) {
                vars++;
            } else if (t == VALUE) {
                values++;
            } else {
                users++;
            }
        }
        if (users + vars == values) {
            return false;
        }
        if (users + values == vars) {
            return true;
        }
        for (int k = 0; k < types.size(); k++) {
            if (types.get(k)[0] == VAR && WELL_KNOWN.contains(texts.get(k))) {
                return false;
            }
        }
        for (int k = 0; k < types.size(); k++) {
            if (types.get(k)[0] == VALUE && WELL_KNOWN.contains(texts.get(k))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A copy of a payload with the VAR and VALUE type bytes swapped (escaped bytes and the command
     * byte left alone): turns a reversed old-ENVIRON payload into the RFC's codes, or back.
     */
    public static byte[] swapVarValue(byte[] buf, int off, int len) {
        byte[] out = java.util.Arrays.copyOfRange(buf, off, off + len);
        for (int i = 1; i < out.length; i++) {
            int b = out[i] & 0xFF;
            if (b == ESC) {
                i++;
            } else if (b == VAR) {
                out[i] = VALUE;
            } else if (b == VALUE) {
                out[i] = VAR;
            }
        }
        return out;
    }
}
