package org.telnet4j.cli;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;

/** Charset names from the command line, with a clear error for unknown ones. */
final class Charsets {
    private Charsets() {
    }

    static Charset forName(String name) {
        try {
            return Charset.forName(name);
        } catch (UnsupportedCharsetException | IllegalCharsetNameException e) {
            throw new IllegalArgumentException("--encoding: unknown charset '" + name
                + "' (any Java charset name works, e.g. UTF-8, cp437, ISO-8859-1, petscii, atascii)");
        }
    }
}
