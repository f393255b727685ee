package org.telnet4j.protocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The byte notation of our golden transcripts: quoted text with escapes ({@code \r \n \0 \t \\ \"
 * \xHH}), {@code 0xHH} or decimal bytes, command names ({@code IAC SB SE WILL DO NOP GA ...}),
 * {@code CR LF NUL}, and option names after WILL/WONT/DO/DONT/SB.
 */
public final class TelnetNotation {
    private TelnetNotation() {
    }

    public static byte[] parse(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean optionNext = false;
        for (String tok : tokens(text)) {
            if (tok.startsWith("\"")) {
                unquote(tok, out);
                optionNext = false;
                continue;
            }
            int b;
            if (tok.startsWith("0x") || tok.startsWith("0X")) {
                b = Integer.parseInt(tok.substring(2), 16);
            } else if (tok.chars().allMatch(Character::isDigit)) {
                b = Integer.parseInt(tok);
            } else if (optionNext && !tok.equals("IAC")) {
                b = TelnetOption.byName(tok);
            } else if (tok.equals("CR")) {
                b = '\r';
            } else if (tok.equals("LF")) {
                b = '\n';
            } else if (tok.equals("NUL")) {
                b = 0;
            } else {
                b = TelnetCommand.byName(tok);
            }
            if (b < 0 || b > 255) {
                throw new IllegalArgumentException("byte out of range: " + tok);
            }
            out.write(b);
            optionNext = TelnetCommand.isNegotiation(b) || b == TelnetCommand.SB;
        }
        return out.toByteArray();
    }

    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != '"') {
                    j += text.charAt(j) == '\\' ? 2 : 1;
                }
                if (j >= text.length()) {
                    throw new IllegalArgumentException("unterminated string in: " + text);
                }
                out.add(text.substring(i, j + 1));
                i = j + 1;
            } else {
                int j = i;
                while (j < text.length() && !Character.isWhitespace(text.charAt(j))) {
                    j++;
                }
                out.add(text.substring(i, j));
                i = j;
            }
        }
        return out;
    }

    private static void unquote(String tok, ByteArrayOutputStream out) {
        for (int i = 1; i < tok.length() - 1; i++) {
            char c = tok.charAt(i);
            if (c != '\\') {
                if (c > 0xFF) {
                    throw new IllegalArgumentException("use \\xHH for non-Latin-1 bytes: " + tok);
                }
                out.write(c);
                continue;
            }
            char e = tok.charAt(++i);
            switch (e) {
                case 'r': out.write('\r'); break;
                case 'n': out.write('\n'); break;
                case '0': out.write(0); break;
                case 't': out.write('\t'); break;
                case '\\': out.write('\\'); break;
                case '"': out.write('"'); break;
                case 'x':
                    out.write(Integer.parseInt(tok.substring(i + 1, i + 3), 16));
                    i += 2;
                    break;
                default: throw new IllegalArgumentException("bad escape \\" + e + " in " + tok);
            }
        }
    }

    /** Quoted, escaped text for data and payloads in event lines. */
    public static String quote(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xFF;
            switch (c) {
                case '\r': sb.append("\\r"); break;
                case '\n': sb.append("\\n"); break;
                case 0: sb.append("\\0"); break;
                case '\t': sb.append("\\t"); break;
                case '\\': sb.append("\\\\"); break;
                case '"': sb.append("\\\""); break;
                default:
                    if (c >= 0x20 && c < 0x7F) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02X", c));
                    }
            }
        }
        return sb.append('"').toString();
    }

    /** A readable rendering of raw telnet bytes, for failure messages. */
    public static String format(byte[] b) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            if (c == TelnetCommand.IAC && i + 1 < b.length) {
                int cmd = b[i + 1] & 0xFF;
                sb.append("IAC ").append(TelnetCommand.name(cmd)).append(' ');
                i += 2;
                if ((TelnetCommand.isNegotiation(cmd) || cmd == TelnetCommand.SB) && i < b.length) {
                    sb.append(TelnetOption.name(b[i] & 0xFF)).append(' ');
                    i++;
                }
                continue;
            }
            int j = i;
            while (j < b.length && (b[j] & 0xFF) != TelnetCommand.IAC) {
                j++;
            }
            if (j == i) {
                sb.append("IAC ");
                i++;
                continue;
            }
            sb.append(quote(b, i, j - i)).append(' ');
            i = j;
        }
        return sb.toString().trim();
    }
}
