package org.telnet4j.option;

/**
 * SEND-LOCATION (RFC 779): after {@code WILL SNDLOC} from the user side and {@code DO SNDLOC} from
 * the server, the user side sends {@code IAC SB SNDLOC text IAC SE}, the terminal's location as
 * free text. There is no command byte and no request: the location goes out once the option is
 * agreed, and again whenever it changes.
 */
public final class SendLocation {
    private SendLocation() {
    }

    /** The payload: the location text. */
    public static byte[] payload(String location) {
        return SbText.encode(location);
    }

    /** The location in a payload. */
    public static String parse(byte[] buf, int off, int len) {
        return SbText.decode(buf, off, len);
    }
}
