package org.telnet4j.charset;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;

/** Small helpers shared by the charset tests. */
final class CharsetTestSupport {

    private CharsetTestSupport() {
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static CharsetDecoder strictDecoder(Charset cs) {
        return cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    static CharsetEncoder strictEncoder(Charset cs) {
        return cs.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** Decodes, throwing on any malformed or unmappable input. */
    static String decodeStrict(Charset cs, byte... input) throws CharacterCodingException {
        return strictDecoder(cs).decode(ByteBuffer.wrap(input)).toString();
    }

    /** Encodes, throwing on any malformed or unmappable input. */
    static byte[] encodeStrict(Charset cs, String input) throws CharacterCodingException {
        ByteBuffer bb = strictEncoder(cs).encode(CharBuffer.wrap(input));
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        return out;
    }

    static String decodeReplacing(Charset cs, byte... input) throws CharacterCodingException {
        return cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .decode(ByteBuffer.wrap(input)).toString();
    }

    static byte[] encodeReplacing(Charset cs, String input) throws CharacterCodingException {
        ByteBuffer bb = cs.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .encode(CharBuffer.wrap(input));
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        return out;
    }

    static String codePoints(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> sb.append(sb.length() == 0 ? "" : " ").append(String.format("U+%04X", cp)));
        return sb.toString();
    }
}
