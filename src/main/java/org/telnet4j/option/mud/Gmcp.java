package org.telnet4j.option.mud;

import java.nio.charset.StandardCharsets;

/**
 * GMCP (option 201): {@code IAC SB GMCP "Package.Name" [SP json] IAC SE}, the text in UTF-8.
 * This class frames and splits messages; the JSON itself is left to the application (the core
 * library has no JSON dependency), as a string.
 */
public final class Gmcp {
    private Gmcp() {
    }

    /** A received message: its package name and its JSON text ("" when it had none). */
    public static final class Message {
        private final String name;
        private final String json;

        Message(String name, String json) {
            this.name = name;
            this.json = json;
        }

        /** The package and message name, e.g. {@code "Char.Vitals"}. */
        public String name() {
            return name;
        }

        /** The JSON text, or "" if the message had no data. */
        public String json() {
            return json;
        }

        @Override
        public String toString() {
            return json.isEmpty() ? name : name + " " + json;
        }
    }

    /** The payload for {@code name} with {@code json} (null or empty: no data). */
    public static byte[] encode(String name, String json) {
        if (name == null || name.isEmpty() || name.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("GMCP package name must be non-empty without spaces: " + name);
        }
        String text = json == null || json.isEmpty() ? name : name + " " + json;
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Splits a payload into name and JSON text, each without surrounding white space and control
     * characters, whether or not the message has data.
     */
    public static Message parse(byte[] buf, int off, int len) {
        String text = new String(buf, off, len, StandardCharsets.UTF_8);
        int sp = text.indexOf(' ');
        return sp < 0 ? new Message(text.trim(), "")
            : new Message(text.substring(0, sp).trim(), text.substring(sp + 1).trim());
    }
}
