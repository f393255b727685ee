package org.telnet4j.option.mud;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MSDP (option 69): typed, nested variables. {@code MSDP_VAR name MSDP_VAL value}, where a value
 * is text, a table ({@code MSDP_TABLE_OPEN ... MSDP_TABLE_CLOSE} of VAR/VAL pairs) or an array
 * ({@code MSDP_ARRAY_OPEN ... MSDP_ARRAY_CLOSE} of VALs). In Java a value is a {@link String}, a
 * {@code Map<String, Object>} or a {@code List<Object>}, nested freely.
 */
public final class Msdp {
    /** Starts a variable name. */
    public static final int VAR = 1;
    /** Starts a value. */
    public static final int VAL = 2;
    /** Opens a table. */
    public static final int TABLE_OPEN = 3;
    /** Closes a table. */
    public static final int TABLE_CLOSE = 4;
    /** Opens an array. */
    public static final int ARRAY_OPEN = 5;
    /** Closes an array. */
    public static final int ARRAY_CLOSE = 6;
    /** Deepest nesting accepted from a peer. */
    public static final int MAX_DEPTH = 32;

    private Msdp() {
    }

    /** Encodes variables; values are strings, numbers (as text), maps or lists. */
    public static byte[] encode(Map<String, ?> vars) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Map.Entry<String, ?> e : vars.entrySet()) {
            b.write(VAR);
            text(b, e.getKey());
            value(b, e.getValue(), 0);
        }
        return b.toByteArray();
    }

    private static void value(ByteArrayOutputStream b, Object v, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("MSDP value nested deeper than " + MAX_DEPTH);
        }
        b.write(VAL);
        if (v instanceof Map) {
            b.write(TABLE_OPEN);
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                b.write(VAR);
                text(b, String.valueOf(e.getKey()));
                value(b, e.getValue(), depth + 1);
            }
            b.write(TABLE_CLOSE);
        } else if (v instanceof List) {
            b.write(ARRAY_OPEN);
            for (Object item : (List<?>) v) {
                value(b, item, depth + 1);
            }
            b.write(ARRAY_CLOSE);
        } else {
            text(b, v == null ? "" : String.valueOf(v));
        }
    }

    private static void text(ByteArrayOutputStream b, String s) {
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            if (x >= VAR && x <= ARRAY_CLOSE || x == 0 || x == (byte) 0xFF) {
                continue; // MSDP has no escape: these bytes cannot appear in text
            }
            b.write(x);
        }
    }

    /**
     * Decodes a payload into variables in order. Malformed input gives what could be read; it
     * never throws. Nesting deeper than {@link #MAX_DEPTH} is cut off (a table or array that
     * deep comes out empty), counted as {@link #encode} counts it, so what this returns can
     * always be encoded again.
     */
    public static Map<String, Object> parse(byte[] buf, int off, int len) {
        Parser p = new Parser(buf, off, off + len);
        Map<String, Object> out = new LinkedHashMap<>();
        p.table(out, TABLE_CLOSE, 0);
        out.replaceAll((k, v) -> fit(v, 0));
        return out;
    }

    /**
     * Cuts {@code v}, a value at {@code depth}, to {@link #MAX_DEPTH}. The parser counts the
     * levels of the wire's tables and arrays, but several VALs for one VAR also make a list, one
     * level the encoder counts too: without this, such lists let a peer's message nest deeper
     * than {@link #encode} accepts.
     */
    @SuppressWarnings("unchecked")
    private static Object fit(Object v, int depth) {
        if (v instanceof Map) {
            Map<String, Object> m = (Map<String, Object>) v;
            if (depth >= MAX_DEPTH) {
                m.clear();
            } else {
                m.replaceAll((k, x) -> fit(x, depth + 1));
            }
        } else if (v instanceof List) {
            List<Object> l = (List<Object>) v;
            if (depth >= MAX_DEPTH) {
                l.clear();
            } else {
                l.replaceAll(x -> fit(x, depth + 1));
            }
        }
        return v;
    }

    private static final class Parser {
        private final byte[] b;
        private int i;
        private final int end;

        Parser(byte[] b, int i, int end) {
            this.b = b;
            this.i = i;
            this.end = end;
        }

        /** Reads VAR name VAL value pairs until {@code close} or the end. */
        void table(Map<String, Object> into, int close, int depth) {
            while (i < end) {
                int c = b[i];
                if (c == close) {
                    i++;
                    return;
                }
                if (c != VAR) {
                    i++; // stray byte: skip
                    continue;
                }
                i++;
                String name = text();
                List<Object> values = new ArrayList<>(1);
                while (i < end && b[i] == VAL) {
                    i++;
                    values.add(value(depth));
                }
                // Several VALs for one VAR form an array (a shorthand MSDP allows).
                into.put(name, values.isEmpty() ? "" : values.size() == 1 ? values.get(0) : values);
            }
        }

        private Object value(int depth) {
            if (i < end && b[i] == TABLE_OPEN) {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                if (depth < MAX_DEPTH) {
                    table(m, TABLE_CLOSE, depth + 1);
                } else {
                    skipTo(TABLE_CLOSE);
                }
                return m;
            }
            if (i < end && b[i] == ARRAY_OPEN) {
                i++;
                List<Object> l = new ArrayList<>();
                while (i < end && b[i] != ARRAY_CLOSE) {
                    if (b[i] == VAL) {
                        i++;
                        if (depth < MAX_DEPTH) {
                            l.add(value(depth + 1));
                        } else {
                            l.add(text());
                        }
                    } else {
                        i++;
                    }
                }
                if (i < end) {
                    i++; // ARRAY_CLOSE
                }
                return l;
            }
            return text();
        }

        private void skipTo(int close) {
            int nest = 0;
            while (i < end) {
                int c = b[i++];
                if (c == TABLE_OPEN || c == ARRAY_OPEN) {
                    nest++;
                } else if ((c == TABLE_CLOSE || c == ARRAY_CLOSE) && nest-- == 0) {
                    return;
                }
            }
        }

        private String text() {
            int start = i;
            while (i < end && (b[i] < VAR || b[i] > ARRAY_CLOSE)) {
                i++;
            }
            return new String(b, start, i - start, StandardCharsets.UTF_8);
        }
    }
}
