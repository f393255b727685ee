package org.telnet4j.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.telnet4j.client.ClientConfig;
import org.telnet4j.client.ClientProtocol;
import org.telnet4j.option.FlowControl;
import org.telnet4j.option.Status;
import org.telnet4j.option.TelnetOptions;

/**
 * Golden transcripts for option-level behaviour ({@code src/test/resources/transcripts/options-*.txt}),
 * in {@link TranscriptTest}'s format and with its three feeds: whole, byte by byte, and cut in two
 * at every boundary. A case plays one role:
 * <ul>
 * <li>{@code role server}: a {@link TelnetEngine} with {@link TelnetOptions} in the server role,
 *     and the policy given by {@code policy} lines;
 * <li>{@code role client}: a whole {@link ClientProtocol} (started, so its offers go out first),
 *     configured by {@code config} lines: {@code ttype A,B}, {@code window 80 24},
 *     {@code tspeed 9600 9600}, {@code xdisplay host:0.0}, {@code location text},
 *     {@code environ "NAME" "VALUE"}, {@code accept UTF-8,ISO-8859-1}, {@code will OPTION}.
 * </ul>
 * {@code do ACTION} lines run when the input fed so far reaches the point where they appear:
 * {@code enable|disable SIDE OPTION}, {@code status}, {@code send-status}, {@code timing-mark},
 * {@code logout}, {@code flow N}, {@code location TEXT}, {@code tspeed}, {@code xdisplay},
 * {@code charset A,B}. Events besides the engine's: {@code text "..."} (merged like data),
 * {@code status [differences]}, {@code logout}, {@code location "..."}, {@code tspeed TX RX},
 * {@code xdisplay "..."}, {@code flow NAME on|off any|xon}, {@code synch}, {@code prompt GA|EOR},
 * {@code charset NAME}, {@code charset-rejected}, {@code timing-mark done}.
 */
class OptionTranscriptTest {
    static final String[] FILES = {"options-status.txt", "options-commands.txt", "options-text.txt",
        "options-environ.txt", "options-charset.txt", "options-ttype-naws.txt"};

    @TestFactory
    Stream<DynamicNode> transcripts() throws IOException {
        List<DynamicNode> files = new ArrayList<>();
        for (String f : FILES) {
            List<DynamicNode> cases = new ArrayList<>();
            for (Case c : load(f)) {
                cases.add(TranscriptFile.everySplit(c.name, c.input.length, c::check));
            }
            files.add(DynamicContainer.dynamicContainer(f, cases));
        }
        return files.stream();
    }

    static List<Case> load(String file) throws IOException {
        List<Case> cases = TranscriptFile.load(file, Case::new, Case::directive);
        for (Case c : cases) {
            c.input = c.in.toByteArray();
            if (c.role == null) {
                throw new IOException(c.name + ": no role");
            }
        }
        return cases;
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
        OptionSet.Builder policy = OptionSet.builder();
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
                case "policy":
                    TranscriptFile.policy(rest, policy);
                    break;
                case "config": config.add(rest.split("\\s+", 2)); break;
                case "do": actions.add(new Action(in.size(), rest.split("\\s+", 2))); break;
                case "in": in.writeBytes(TelnetNotation.parse(rest)); break;
                case "out": out.writeBytes(TelnetNotation.parse(rest)); break;
                case "event": events.add(rest); break;
                default: throw new IllegalArgumentException("unknown directive " + w[0]);
            }
        }

        void check(int[] cuts) {
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            Recorder rec = new Recorder();
            Driver d = role.equals("server") ? new ServerDriver(policy.build(), sent, rec)
                : new ClientDriver(clientConfig(), sent, rec);
            rec.driver = d;
            TreeSet<Integer> stops = new TreeSet<>();
            for (int c : cuts) {
                stops.add(c);
            }
            for (Action a : actions) {
                stops.add(a.at);
            }
            stops.add(input.length);
            int prev = 0;
            int next = 0;
            for (int stop : stops) {
                if (stop > prev) {
                    int n = d.receive(input, prev, stop - prev);
                    assertEquals(stop - prev, n, "consumed less than given");
                    prev = stop;
                }
                while (next < actions.size() && actions.get(next).at == prev) {
                    d.act(actions.get(next++).words, rec);
                }
            }
            String how = cuts.length == 0 ? "whole" : cuts.length == 1 ? "cut at " + cuts[0] : "byte by byte";
            assertEquals(String.join("\n", events), String.join("\n", rec.finish()), name + " events, " + how);
            assertEquals(TelnetNotation.format(out.toByteArray()), TelnetNotation.format(sent.toByteArray()),
                name + " output, " + how);
        }

        ClientConfig clientConfig() {
            ClientConfig.Builder b = ClientConfig.builder().terminalType("xterm")
                .encoding(StandardCharsets.US_ASCII).environAllowList(Set.of());
            for (String[] c : config) {
                String v = c.length > 1 ? c[1] : "";
                switch (c[0]) {
                    case "ttype": b.terminalTypes(v.split(",")); break;
                    case "window": {
                        String[] n = v.split("\\s+");
                        b.windowSize(Integer.parseInt(n[0]), Integer.parseInt(n[1]));
                        break;
                    }
                    case "tspeed": {
                        String[] n = v.split("\\s+");
                        b.terminalSpeed(Integer.parseInt(n[0]), Integer.parseInt(n[1]));
                        break;
                    }
                    case "xdisplay": b.xdisplay(v); break;
                    case "location": b.location(v); break;
                    case "environ": {
                        String[] kv = v.split("\"\\s+\"", 2); // "NAME" "VALUE"
                        b.environ(unescape(kv[0] + "\""), unescape("\"" + kv[1]));
                        break;
                    }
                    case "accept": b.acceptCharsets(v.split(",")); break;
                    case "will": b.alwaysWill(TelnetOption.byName(v)); break;
                    default: throw new IllegalArgumentException("unknown config " + c[0]);
                }
            }
            return b.build();
        }
    }

    static String unescape(String quoted) {
        byte[] b = TelnetNotation.parse(quoted);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    interface Driver {
        int receive(byte[] buf, int off, int len);

        TelnetOptions options();

        TelnetEngine engine();

        default void act(String[] w, Recorder rec) {
            String arg = w.length > 1 ? w[1] : "";
            switch (w[0]) {
                case "enable":
                case "disable": {
                    String[] p = arg.split("\\s+");
                    Side side = Side.valueOf(p[0]);
                    int opt = TelnetOption.byName(p[1]);
                    if (w[0].equals("enable")) {
                        engine().enable(side, opt);
                    } else {
                        engine().disable(side, opt);
                    }
                    break;
                }
                case "status": options().requestStatus(); break;
                case "send-status": options().sendStatus(); break;
                case "timing-mark":
                    options().timingMark().whenComplete((v, e) -> rec.add(e == null ? "timing-mark done" : "timing-mark failed"));
                    break;
                case "logout": options().requestLogout(); break;
                case "flow": options().sendFlowControl(Integer.parseInt(arg)); break;
                case "location": options().setLocation(unescape(arg)); break;
                case "tspeed": options().requestTerminalSpeed(); break;
                case "xdisplay": options().requestXDisplay(); break;
                default: extra(w[0], arg);
            }
        }

        default void extra(String action, String arg) {
            throw new IllegalArgumentException("unknown action " + action);
        }
    }

    static final class ServerDriver implements Driver, TelnetEngineListener {
        final TelnetEngine engine;
        final TelnetOptions options;
        final Recorder rec;

        ServerDriver(OptionPolicy policy, ByteArrayOutputStream sent, Recorder rec) {
            this.rec = rec;
            this.engine = new TelnetEngine(policy, sent::write, this);
            this.options = TelnetOptions.server(engine, rec);
        }

        @Override
        public int receive(byte[] buf, int off, int len) {
            return engine.receive(buf, off, len);
        }

        @Override
        public TelnetOptions options() {
            return options;
        }

        @Override
        public TelnetEngine engine() {
            return engine;
        }

        @Override
        public void onData(byte[] buf, int off, int len) {
            rec.onData(buf, off, len);
        }

        @Override
        public void onCommand(int command) {
            rec.onCommand(command);
            options.onCommand(command);
        }

        @Override
        public void onSubnegotiation(int option, byte[] buf, int off, int len) {
            if (!options.onSubnegotiation(option, buf, off, len)) {
                rec.onSubnegotiation(option, buf, off, len);
            }
        }

        @Override
        public void onNegotiationEvent(NegotiationEvent event, Side side, int option) {
            rec.onNegotiationEvent(event, side, option);
            options.onNegotiationEvent(event, side, option);
        }
    }

    static final class ClientDriver implements Driver {
        final ClientProtocol protocol;

        ClientDriver(ClientConfig config, ByteArrayOutputStream sent, Recorder rec) {
            this.protocol = new ClientProtocol(config, sent::write, rec);
            protocol.start();
        }

        @Override
        public int receive(byte[] buf, int off, int len) {
            return protocol.receive(buf, off, len);
        }

        @Override
        public TelnetOptions options() {
            return protocol.options();
        }

        @Override
        public TelnetEngine engine() {
            return protocol.engine();
        }

        @Override
        public void extra(String action, String arg) {
            if (action.equals("charset")) {
                protocol.requestCharset(List.of(arg.split(",")));
            } else {
                throw new IllegalArgumentException("unknown action " + action);
            }
        }
    }

    /** Records events of either role as transcript lines; data and text runs are merged. */
    static final class Recorder implements ClientProtocol.Listener {
        final RecordingListener engineEvents = new RecordingListener();
        final List<String> lines = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        Driver driver;

        void add(String line) {
            flushText();
            lines.addAll(engineEvents.finish());
            engineEvents.events.clear();
            lines.add(line);
        }

        void onData(byte[] buf, int off, int len) {
            flushText();
            engineEvents.onData(buf, off, len);
        }

        void onNegotiationEvent(NegotiationEvent event, Side side, int option) {
            flushText();
            engineEvents.onNegotiationEvent(event, side, option);
        }

        private void flushText() {
            if (text.length() > 0) {
                byte[] b = text.toString().getBytes(StandardCharsets.ISO_8859_1);
                text.setLength(0);
                lines.addAll(engineEvents.finish());
                engineEvents.events.clear();
                lines.add("text " + TelnetNotation.quote(b, 0, b.length));
            }
        }

        List<String> finish() {
            flushText();
            lines.addAll(engineEvents.finish());
            engineEvents.events.clear();
            return lines;
        }

        @Override
        public void onText(String s) {
            lines.addAll(engineEvents.finish());
            engineEvents.events.clear();
            text.append(s);
        }

        @Override
        public void onCommand(int command) {
            flushText();
            engineEvents.onCommand(command);
        }

        @Override
        public void onOptionChange(NegotiationEvent event, Side side, int option) {
            onNegotiationEvent(event, side, option);
        }

        @Override
        public void onSubnegotiation(int option, byte[] buf, int off, int len) {
            flushText();
            engineEvents.onSubnegotiation(option, buf, off, len);
        }

        @Override
        public void onCharset(Charset charset) {
            add("charset " + charset.name());
        }

        @Override
        public void onCharsetRejected() {
            add("charset-rejected");
        }

        @Override
        public void onStatus(Status.Report report, List<Status.Difference> differences) {
            add("status " + differences);
        }

        @Override
        public void onLogout() {
            add("logout");
        }

        @Override
        public void onLocation(String location) {
            byte[] b = location.getBytes(StandardCharsets.ISO_8859_1);
            add("location " + TelnetNotation.quote(b, 0, b.length));
        }

        @Override
        public void onTerminalSpeed(int transmit, int receive) {
            add("tspeed " + transmit + " " + receive);
        }

        @Override
        public void onXDisplay(String display) {
            byte[] b = display.getBytes(StandardCharsets.ISO_8859_1);
            add("xdisplay " + TelnetNotation.quote(b, 0, b.length));
        }

        @Override
        public void onFlowControl(int command) {
            FlowControl.State s = driver.options().flowControl();
            add("flow " + FlowControl.name(command) + " " + (s.isEnabled() ? "on" : "off") + " "
                + (s.isRestartAny() ? "any" : "xon"));
        }

        @Override
        public void onSynch() {
            add("synch");
        }

        @Override
        public void onPrompt(int command) {
            add("prompt " + TelnetCommand.name(command));
        }
    }
}
