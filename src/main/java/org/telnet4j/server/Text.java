package org.telnet4j.server;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Text helpers for sessions: encoding without exceptions, word wrap. */
final class Text {
    private Text() {
    }

    /** Encodes, replacing what the charset cannot represent; never throws. */
    static byte[] encode(String s, Charset cs) {
        if (cs == StandardCharsets.UTF_8 || cs == StandardCharsets.ISO_8859_1) {
            return s.getBytes(cs); // these replace unmappables by themselves
        }
        try {
            ByteBuffer b = cs.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .encode(CharBuffer.wrap(s));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException | UnsupportedOperationException e) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }
    }

    /**
     * Wraps text at word boundaries to lines of at most {@code width} characters; existing line
     * breaks are kept and words longer than a line are cut.
     */
    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        String[] paragraphs = text.split("\r?\n", -1);
        for (int p = 0; p < paragraphs.length; p++) {
            if (p > 0) {
                out.append('\n');
            }
            int col = 0;
            for (String word : paragraphs[p].split(" +")) {
                if (word.isEmpty()) {
                    continue;
                }
                while (word.length() > width) {
                    if (col > 0) {
                        out.append('\n');
                        col = 0;
                    }
                    out.append(word, 0, width).append('\n');
                    word = word.substring(width);
                }
                if (col > 0 && col + 1 + word.length() > width) {
                    out.append('\n');
                    col = 0;
                } else if (col > 0) {
                    out.append(' ');
                    col++;
                }
                out.append(word);
                col += word.length();
            }
        }
        return out.toString();
    }
}
