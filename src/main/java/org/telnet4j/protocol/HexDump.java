package org.telnet4j.protocol;

/** Renders bytes for trace logs: hex, with telnet commands and printable ASCII spelled out. */
public final class HexDump {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private HexDump() {
    }

    /**
     * Formats {@code buf[off, off+len)} as {@code "48 69 ff fb 01 | Hi<IAC WILL ECHO>"}: the bytes
     * in hex, then a reading of them in which IAC sequences are named and other non-printable
     * bytes shown as dots.
     */
    public static String format(byte[] buf, int off, int len) {
        StringBuilder out = new StringBuilder(len * 4 + 4);
        int end = off + len;
        for (int i = off; i < end; i++) {
            int b = buf[i] & 0xFF;
            if (i > off) {
                out.append(' ');
            }
            out.append(HEX[b >>> 4]).append(HEX[b & 15]);
        }
        out.append(" | ");
        for (int i = off; i < end; i++) {
            int b = buf[i] & 0xFF;
            if (b == TelnetCommand.IAC && i + 1 < end) {
                int cmd = buf[++i] & 0xFF;
                out.append("<IAC ").append(TelnetCommand.name(cmd));
                if ((TelnetCommand.isNegotiation(cmd) || cmd == TelnetCommand.SB) && i + 1 < end) {
                    out.append(' ').append(TelnetOption.name(buf[++i] & 0xFF));
                }
                out.append('>');
            } else {
                out.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
            }
        }
        return out.toString();
    }
}
