package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetNotation;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.protocol.TranscriptFile;

/**
 * Golden transcripts of the server's side ({@code src/test/resources/transcripts/server-*.txt}):
 * a whole {@link ServerProtocol}, no socket, fed the client's bytes whole, byte by byte and cut in
 * two at every boundary; every feed must give the same events and the same bytes sent. The format
 * is {@code TranscriptTest}'s, with {@code role server} and these directives:
 * <ul>
 * <li>{@code config KEY [VALUE]}: the server's settings, on top of encoding UTF-8: {@code encoding
 *     NAME}, {@code line-mode}, {@code linemode-option}, {@code compression}, {@code gmcp},
 *     {@code never-send-ga};
 * <li>{@code do ACTION}, run when the input fed so far reaches it: {@code deadline} (the
 *     negotiation deadline passes), {@code send "text"}, {@code prompt "text"},
 *     {@code password on|off}, {@code ttype} (a new terminal-type cycle).
 * </ul>
 * Events are what the application would see, as {@link Session} delivers them: {@code settled
 * ...} (what is known when the session starts: terminal types, window, charset, mode and the
 * environment), then {@code line "..."} and {@code message GMCP "..."} in order (those that came
 * during negotiation are held and follow {@code settled}), {@code command NAME}, {@code charset
 * NAME}, {@code window C R}, {@code ttype NAME}, {@code linemode N}; and what the transport is
 * asked to do: {@code compress on|off} (checked to come right after {@code IAC SB MCCP2 IAC SE}),
 * {@code decompress} (the rest of the input, counted in {@code compressed-input N}, is left to the
 * inflater), {@code synch-out}, {@code limit NAME}, {@code logout}.
 */
class ServerTranscriptTest {
    static final String[] FILES = {"server-opening.txt", "server-negotiation.txt"};

    @TestFactory
    Stream<DynamicNode> transcripts() throws IOException {
        List<DynamicNode> files = new ArrayList<>();
        for (String f : FILES) {
            List<DynamicNode> cases = new ArrayList<>();
            for (Case c : TranscriptFile.load(f, Case::new, Case::directive)) {
                c.input = c.in.toByteArray();
                if (!"server".equals(c.role)) {
                    throw new IOException(c.name + ": role server expected");
                }
                cases.add(TranscriptFile.everySplit(c.name, c.input.length, c::check));
            }
            files.add(DynamicContainer.dynamicContainer(f, cases));
        }
        return files.stream();
    }

    /** An action and the input offset it runs at. */
    record Action(int at, String[] words) {
    }

    static final class Case {
        final String name;
        final ByteArrayOutputStream in = new ByteArrayOutputStream();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final List<String> events = new ArrayList<>();
        final List<Action> actions = new ArrayList<>();
        final List<String[]> config = new ArrayList<>();
        String role;
        byte[] input;

        Case(String name) {
            this.name = name;
        }

        void directive(String line) {
            String[] w = line.split("\\s+", 2);
            String rest = w.length > 1 ? w[1] : "";
            switch (w[0]) {
                case "role": role = rest; break;
                case "config": config.add(rest.split("\\s+", 2)); break;
                case "do": actions.add(new Action(in.size(), rest.split("\\s+", 2))); break;
                case "in": in.writeBytes(TelnetNotation.parse(rest)); break;
                case "out": out.writeBytes(TelnetNotation.parse(rest)); break;
                case "event": events.add(rest); break;
                default: throw new IllegalArgumentException("unknown directive " + w[0]);
            }
        }

        ServerSettings settings() {
            TelnetServer.Builder b = TelnetServer.builder().encoding(StandardCharsets.UTF_8);
            for (String[] c : config) {
                switch (c[0]) {
                    case "encoding": b.encoding(Charset.forName(c[1])); break;
                    case "line-mode": b.lineMode(true); break;
                    case "linemode-option": b.linemodeOption(true); break;
                    case "compression": b.compression(true); break;
                    case "gmcp": b.gmcp(true); break;
                    case "never-send-ga": b.neverSendGa(true); break;
                    default: throw new IllegalArgumentException("unknown config " + c[0]);
                }
            }
            return b.settings();
        }

        void check(int[] cuts) {
            Driver d = new Driver(settings());
            TreeSet<Integer> stops = new TreeSet<>();
            for (int c : cuts) {
                stops.add(c);
            }
            for (Action a : actions) {
                stops.add(a.at);
            }
            stops.add(input.length);
            d.protocol.begin();
            int prev = 0;
            int next = 0;
            while (next < actions.size() && actions.get(next).at == 0) {
                d.act(actions.get(next++).words);
            }
            for (int stop : stops) {
                if (stop > prev && !d.decompressing) {
                    int n = d.protocol.receive(input, prev, stop - prev);
                    if (n < stop - prev) {
                        assertTrue(d.decompressing, "consumed less than given without MCCP3");
                        d.add("compressed-input " + (input.length - prev - n));
                    }
                    prev = stop;
                }
                while (next < actions.size() && actions.get(next).at == prev) {
                    d.act(actions.get(next++).words);
                }
            }
            String how = cuts.length == 0 ? "whole" : cuts.length == 1 ? "cut at " + cuts[0] : "byte by byte";
            assertEquals(String.join("\n", events), String.join("\n", d.events), name + " events, " + how);
            assertEquals(TelnetNotation.format(out.toByteArray()), TelnetNotation.format(d.sent.toByteArray()),
                name + " output, " + how);
        }
    }

    /** A {@link ServerProtocol} whose listener records what an application and a transport see. */
    static final class Driver implements ServerProtocol.Listener {
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        final List<String> events = new ArrayList<>();
        final List<String> held = new ArrayList<>();
        final ServerProtocol protocol;
        boolean started;
        boolean decompressing;
        /** Prompted with on every IAC IP once started, as a shell does; null: nothing. */
        String interruptPrompt;

        Driver(ServerSettings settings) {
            protocol = new ServerProtocol(settings, sent::write, this, new ServerProtocol.Scratch());
        }

        void act(String[] w) {
            String arg = w.length > 1 ? w[1] : "";
            switch (w[0]) {
                case "deadline": protocol.deadline(); break;
                case "send": protocol.sendText(text(arg)); break;
                case "prompt": protocol.prompt(text(arg)); break;
                case "password": protocol.setPasswordMode(arg.equals("on")); break;
                case "ttype": protocol.requestTerminalType(); break;
                default: throw new IllegalArgumentException("unknown action " + w[0]);
            }
        }

        private static String text(String quoted) {
            return new String(TelnetNotation.parse(quoted), StandardCharsets.UTF_8);
        }

        void add(String event) {
            if (started) {
                events.add(event);
            } else {
                held.add(event);
            }
        }

        /** Transport requests are not held: the transport acts on them at once. */
        void now(String event) {
            events.add(event);
        }

        @Override
        public void onSettled() {
            started = true;
            StringBuilder s = new StringBuilder("settled ttype=")
                .append(String.join(",", protocol.terminalTypes().names()))
                .append(" window=").append(protocol.columns()).append('x').append(protocol.rows())
                .append(" charset=").append(protocol.charset().name())
                .append(" echo=").append(protocol.engine().isLocalEnabled(TelnetOption.ECHO) ? "on" : "off")
                .append(" sga=").append(protocol.engine().isLocalEnabled(TelnetOption.SGA) ? "on" : "off");
            if (protocol.terminalTypes().mttsBits() >= 0) {
                s.append(" mtts=").append(protocol.terminalTypes().mttsBits());
            }
            Map<String, String> env = protocol.environment();
            if (!env.isEmpty()) {
                s.append(" env=").append(env);
            }
            events.add(s.toString());
            events.addAll(held);
            held.clear();
        }

        @Override
        public void onLine(String line) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            add("line " + TelnetNotation.quote(b, 0, b.length));
        }

        @Override
        public void onCommand(int command) {
            if (started) {
                add("command " + TelnetCommand.name(command));
                if (command == TelnetCommand.IP && interruptPrompt != null) {
                    protocol.prompt(interruptPrompt);
                }
            }
        }

        @Override
        public void onSubnegotiation(int option, byte[] buf, int off, int len) {
            if (started) {
                add("sb " + TelnetOption.name(option) + " " + TelnetNotation.quote(buf, off, len));
            }
        }

        @Override
        public void onMessage(int option, byte[] buf, int off, int len) {
            add("message " + TelnetOption.name(option) + " " + TelnetNotation.quote(buf, off, len));
        }

        @Override
        public void onTerminalType(String terminalType) {
            add("ttype " + terminalType);
        }

        @Override
        public void onWindowSize(int columns, int rows) {
            add("window " + columns + " " + rows);
        }

        @Override
        public void onEnvironment(Map<String, String> environment) {
            add("environ " + environment);
        }

        @Override
        public void onCharset(Charset charset) {
            add("charset " + charset.name());
        }

        @Override
        public void onLinemode(int mode) {
            add("linemode " + mode);
        }

        @Override
        public void onLimit(ServerLimit limit) {
            now("limit " + limit);
        }

        @Override
        public void onCompressOutput(boolean on) {
            if (on) {
                byte[] b = sent.toByteArray();
                byte[] mark = {(byte) TelnetCommand.IAC, (byte) TelnetCommand.SB, (byte) TelnetOption.MCCP2,
                    (byte) TelnetCommand.IAC, (byte) TelnetCommand.SE};
                assertTrue(b.length >= mark.length
                    && Arrays.equals(b, b.length - mark.length, b.length, mark, 0, mark.length),
                    "compression must start right after IAC SB MCCP2 IAC SE");
            }
            now("compress " + (on ? "on" : "off"));
        }

        @Override
        public boolean onDecompressInput() {
            decompressing = true;
            now("decompress");
            return true;
        }

        @Override
        public void sendSynch() {
            now("synch-out");
        }

        @Override
        public void onLogout() {
            now("logout");
        }
    }
}
