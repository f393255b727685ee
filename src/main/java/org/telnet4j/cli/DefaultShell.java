package org.telnet4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.server.Session;
import org.telnet4j.server.Shell;
import org.telnet4j.server.ShellReader;
import org.telnet4j.server.ShellWriter;

/**
 * The shell {@code bin/telnet4j-server} runs by default: a banner, a prompt, and commands to
 * look at and change the connection ({@code help}, {@code status}, {@code toggle}, {@code quit}).
 */
public final class DefaultShell implements Shell {
    /** The prompt, marked with GA or EOR as the client expects. */
    public static final String PROMPT = "telnet4j> ";

    @Override
    public void run(ShellReader in, ShellWriter out) throws Exception {
        out.println("Welcome to telnet4j. Type 'help' for commands.");
        out.prompt(PROMPT);
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split("\\s+");
            String cmd = words[0].toLowerCase(Locale.ROOT);
            switch (cmd) {
                case "":
                    break;
                case "help":
                case "?":
                    out.println("commands: help, status, toggle [echo|sga|binary], quit");
                    break;
                case "quit":
                case "exit":
                case "logout":
                    out.println("Goodbye.");
                    out.close();
                    return;
                case "status":
                    out.write(status(out.session()));
                    break;
                case "toggle":
                    out.println(toggle(out.session(), words.length > 1 ? words[1] : ""));
                    break;
                default:
                    out.println(unknown(words[0], line.length(), out.session().maxLineLength()));
                    break;
            }
            out.prompt(PROMPT);
        }
    }

    /** Names an unknown command; a very long one by its length, not by echoing it all back. */
    static String unknown(String word, int lineLength, int maxLineLength) {
        if (word.length() <= 40) {
            return "no such command: " + word + " (try 'help')";
        }
        String cut = lineLength >= maxLineLength
            ? "; input lines are cut at " + maxLineLength + " characters" : "";
        return "no such command: " + word.substring(0, 20) + "... (" + word.length()
            + " characters" + cut + "; try 'help')";
    }

    /** A report of the connection's state, one item a line. */
    static String status(Session s) {
        StringBuilder b = new StringBuilder();
        b.append("peer:      ").append(s.addrport()).append('\n');
        b.append("security:  ").append(security(s)).append('\n');
        b.append("terminal:  ").append(s.terminalType());
        if (s.terminalTypes().size() > 1) {
            b.append(" (cycle: ").append(String.join(", ", s.terminalTypes())).append(')');
        }
        b.append('\n');
        b.append("size:      ").append(s.columns()).append('x').append(s.rows()).append('\n');
        b.append("encoding:  ").append(s.charset().name()).append('\n');
        b.append("mode:      ").append(s.isCharacterMode() ? "character (server echoes)" : "line").append('\n');
        b.append("we will:   ").append(enabled(s, Side.LOCAL)).append('\n');
        b.append("peer will: ").append(enabled(s, Side.REMOTE)).append('\n');
        Map<String, String> env = s.environment();
        if (!env.isEmpty()) {
            b.append("environ:   ").append(env).append('\n');
        }
        b.append("connected: ").append(s.duration().toSeconds()).append(" s\n");
        return b.toString();
    }

    /** {@code "TLSv1.3 TLS_AES_128_GCM_SHA256, client CN=..."}, or "plain (not encrypted)". */
    private static String security(Session s) {
        if (!s.isSecure()) {
            return "plain (not encrypted)";
        }
        StringBuilder b = new StringBuilder(String.valueOf(s.tlsProtocol()));
        if (s.tlsCipherSuite() != null) {
            b.append(' ').append(s.tlsCipherSuite());
        } else {
            b.append(" (ended by the load balancer)");
        }
        java.security.cert.X509Certificate peer = s.peerCertificate();
        if (peer != null) {
            b.append(", client ").append(peer.getSubjectX500Principal().getName());
        }
        return b.toString();
    }

    private static String enabled(Session s, Side side) {
        List<String> names = new ArrayList<>();
        for (int opt = 0; opt < 256; opt++) {
            if (side == Side.LOCAL ? s.isLocalEnabled(opt) : s.isRemoteEnabled(opt)) {
                names.add(TelnetOption.name(opt));
            }
        }
        return names.isEmpty() ? "(none)" : String.join(" ", names);
    }

    /** Flips an option and says what was asked; the peer's answer shows in the next status. */
    static String toggle(Session s, String what) {
        switch (what.toLowerCase(Locale.ROOT)) {
            case "echo":
                return flip(s, Side.LOCAL, TelnetOption.ECHO);
            case "sga":
                return flip(s, Side.LOCAL, TelnetOption.SGA);
            case "binary": {
                String a = flip(s, Side.LOCAL, TelnetOption.BINARY);
                String b = flip(s, Side.REMOTE, TelnetOption.BINARY);
                return a + "; " + b;
            }
            default:
                return "toggle what? echo, sga or binary (echo is "
                    + onOff(s.isLocalEnabled(TelnetOption.ECHO)) + ", sga "
                    + onOff(s.isLocalEnabled(TelnetOption.SGA)) + ", binary "
                    + onOff(s.isLocalEnabled(TelnetOption.BINARY)) + "/"
                    + onOff(s.isRemoteEnabled(TelnetOption.BINARY)) + ")";
        }
    }

    private static String flip(Session s, Side side, int option) {
        boolean on = side == Side.LOCAL ? s.isLocalEnabled(option) : s.isRemoteEnabled(option);
        if (on) {
            s.disable(side, option);
        } else {
            s.enable(side, option);
        }
        String verb = side == Side.LOCAL ? (on ? "WONT" : "WILL") : (on ? "DONT" : "DO");
        return TelnetOption.name(option).toLowerCase(Locale.ROOT) + " " + (on ? "off" : "on")
            + " (sent " + verb + " " + TelnetOption.name(option) + ")";
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }
}
