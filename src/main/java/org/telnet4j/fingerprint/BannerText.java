package org.telnet4j.fingerprint;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A banner's bytes decoded, with the encoding chosen and why: the negotiated charset if there is
 * one, else UTF-8 when the bytes are valid UTF-8, else CP437 (the usual BBS code page).
 *
 * @param text     the decoded text
 * @param encoding the charset's name
 * @param evidence why that charset was chosen
 */
public record BannerText(String text, String encoding, String evidence) {

    /** Decodes {@code bytes}; {@code negotiated} is the charset agreed by CHARSET, or null. */
    public static BannerText decode(byte[] bytes, Charset negotiated) {
        if (negotiated != null) {
            return new BannerText(new String(bytes, negotiated), negotiated.name(),
                "negotiated with CHARSET (RFC 2066)");
        }
        int high = 0;
        for (byte b : bytes) {
            if (b < 0) {
                high++;
            }
        }
        if (high == 0) {
            return new BannerText(new String(bytes, StandardCharsets.US_ASCII), "UTF-8",
                "no CHARSET negotiated; all " + bytes.length + " bytes are ASCII");
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
            return new BannerText(s, "UTF-8", "no CHARSET negotiated; valid UTF-8 with " + high
                + " bytes above 0x7F");
        } catch (CharacterCodingException e) {
            Charset cp437 = Charset.forName("IBM437");
            return new BannerText(new String(bytes, cp437), "IBM437",
                "no CHARSET negotiated; " + high + " bytes above 0x7F that are not valid UTF-8");
        }
    }
}
