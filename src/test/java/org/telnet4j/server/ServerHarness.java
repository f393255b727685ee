package org.telnet4j.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.telnet4j.option.Status;
import org.telnet4j.protocol.NegotiationEvent;
import org.telnet4j.protocol.Side;
import org.telnet4j.protocol.TelnetCommand;
import org.telnet4j.protocol.TelnetNotation;
import org.telnet4j.protocol.TelnetOption;

/**
 * A {@link ServerProtocol} without a socket, for byte tests of the server's protocol logic: feed
 * the client's bytes, then take what the server sent and what it reported. Events are strings in
 * order ({@code settled}, {@code line "..."}, {@code command IP}, {@code window 100 50},
 * {@code ttype X}, {@code charset X}, {@code linemode N}, {@code limit X}, {@code synch-out},
 * {@code synch}, {@code logout}, {@code status [...]}, {@code tspeed 9600,4800}, {@code xdisplay X},
 * {@code location X}, {@code message GMCP "..."}); option changes too when {@link #options} is set.
 * {@link #everySplit} feeds one input whole, byte by byte and cut in two at every boundary.
 */
final class ServerHarness implements ServerProtocol.Listener {
    final ServerProtocol protocol;
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final List<String> events = new ArrayList<>();
    /** Record {@code option EVENT SIDE NAME} events as well. */
    boolean options;
    /** Runs on each line after it is recorded, as an application's onLine would. */
    Consumer<String> lineHook = line -> { };
    /** Runs on each command after it is recorded, as an application's onCommand would. */
    IntConsumer commandHook = command -> { };
    /** How often the protocol asked for a wait for a timing mark ({@code onMarkWait}). */
    int markWaits;

    ServerHarness(TelnetServer.Builder b) {
        protocol = new ServerProtocol(b.settings(), sent::write, this, new ServerProtocol.Scratch());
    }

    /** A server's settings with UTF-8, as the transcripts use. */
    static TelnetServer.Builder utf8() {
        return TelnetServer.builder().encoding(StandardCharsets.UTF_8);
    }

    /** Begun, and started by the deadline with nothing answered; output and events cleared. */
    static ServerHarness started(TelnetServer.Builder b) {
        ServerHarness h = new ServerHarness(b);
        h.protocol.begin();
        h.protocol.deadline();
        h.clear();
        return h;
    }

    /**
     * Begun, and started in character mode: the client refuses every opening request but agrees
     * to our WILL SGA and WILL ECHO. Output and events cleared.
     */
    static ServerHarness characterMode(TelnetServer.Builder b) {
        ServerHarness h = new ServerHarness(b);
        h.protocol.begin();
        h.feed("IAC WONT TTYPE IAC WONT NAWS IAC WONT NEW-ENVIRON IAC WONT CHARSET IAC DONT EOR IAC DO SGA"
            + " IAC WONT ENVIRON IAC DO ECHO");
        // Session.isCharacterMode: WILL ECHO and WILL SGA both agreed
        if (!h.protocol.isStarted() || !h.protocol.engine().isLocalEnabled(TelnetOption.ECHO)
            || !h.protocol.engine().isLocalEnabled(TelnetOption.SGA)) {
            throw new AssertionError("not started in character mode: " + h.events);
        }
        h.clear();
        return h;
    }

    /** Feeds one read. */
    ServerHarness feed(byte[] b) {
        protocol.receive(b, 0, b.length);
        return this;
    }

    /** Feeds one read written in {@link TelnetNotation}. */
    ServerHarness feed(String notation) {
        return feed(TelnetNotation.parse(notation));
    }

    /** Everything sent since the last take. */
    byte[] takeOutput() {
        byte[] b = sent.toByteArray();
        sent.reset();
        return b;
    }

    /** {@link #takeOutput} in {@link TelnetNotation#format}'s rendering. */
    String takeOutputText() {
        return TelnetNotation.format(takeOutput());
    }

    /** Every event since the last take. */
    List<String> takeEvents() {
        List<String> e = List.copyOf(events);
        events.clear();
        return e;
    }

    void clear() {
        sent.reset();
        events.clear();
    }

    /** Output expected in notation, compared as rendered bytes for a readable failure. */
    static String render(String notation) {
        return TelnetNotation.format(TelnetNotation.parse(notation));
    }

    /**
     * Feeds {@code input} to a fresh harness from {@code fresh} whole, byte by byte and cut in two
     * at every boundary, and runs {@code check} on each after the feed; a failure names the feed.
     */
    static void everySplit(Supplier<ServerHarness> fresh, byte[] input, Consumer<ServerHarness> check) {
        List<int[]> feeds = new ArrayList<>();
        feeds.add(new int[0]);
        int[] all = new int[Math.max(0, input.length - 1)];
        java.util.Arrays.setAll(all, k -> k + 1);
        feeds.add(all);
        for (int k = 1; k < input.length; k++) {
            feeds.add(new int[] {k});
        }
        for (int[] cuts : feeds) {
            ServerHarness h = fresh.get();
            int prev = 0;
            for (int c : cuts) {
                h.protocol.receive(input, prev, c - prev);
                prev = c;
            }
            h.protocol.receive(input, prev, input.length - prev);
            String how = cuts.length == 0 ? "whole" : cuts.length == 1 ? "cut at " + cuts[0] : "byte by byte";
            try {
                check.accept(h);
            } catch (AssertionError e) {
                throw new AssertionError("fed " + how + ": " + e.getMessage(), e);
            }
        }
    }

    /** {@link #everySplit} for a check of the output and events alone. */
    static void everySplit(Supplier<ServerHarness> fresh, byte[] input, String output, List<String> events) {
        String want = TelnetNotation.format(TelnetNotation.parse(output));
        everySplit(fresh, input, h -> {
            assertEquals(want, h.takeOutputText(), "output");
            assertEquals(events, h.takeEvents(), "events");
        });
    }

    // ---------------------------------------------------------------- ServerProtocol.Listener

    @Override
    public void onSettled() {
        events.add("settled");
    }

    @Override
    public void onLine(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        events.add("line " + TelnetNotation.quote(b, 0, b.length));
        lineHook.accept(line);
    }

    @Override
    public void onCommand(int command) {
        events.add("command " + TelnetCommand.name(command));
        commandHook.accept(command);
    }

    @Override
    public void onMarkWait() {
        markWaits++;
    }

    @Override
    public void onOptionChange(NegotiationEvent event, Side side, int option) {
        if (options) {
            events.add("option " + event + " " + side + " " + TelnetOption.name(option));
        }
    }

    @Override
    public void onSubnegotiation(int option, byte[] buf, int off, int len) {
        events.add("sb " + TelnetOption.name(option) + " " + TelnetNotation.quote(buf, off, len));
    }

    @Override
    public void onMessage(int option, byte[] buf, int off, int len) {
        events.add("message " + TelnetOption.name(option) + " " + TelnetNotation.quote(buf, off, len));
    }

    @Override
    public void onTerminalType(String terminalType) {
        events.add("ttype " + terminalType);
    }

    @Override
    public void onWindowSize(int columns, int rows) {
        events.add("window " + columns + " " + rows);
    }

    @Override
    public void onEnvironment(Map<String, String> environment) {
        events.add("environ " + environment);
    }

    @Override
    public void onCharset(Charset charset) {
        events.add("charset " + charset.name());
    }

    @Override
    public void onLinemode(int mode) {
        events.add("linemode " + mode);
    }

    @Override
    public void onLimit(ServerLimit limit) {
        events.add("limit " + limit);
    }

    @Override
    public void sendSynch() {
        events.add("synch-out");
    }

    @Override
    public void onSynch() {
        events.add("synch");
    }

    @Override
    public void onLogout() {
        events.add("logout");
    }

    @Override
    public void onStatus(Status.Report report, List<Status.Difference> differences) {
        events.add("status " + differences);
    }

    @Override
    public void onTerminalSpeed(int transmit, int receive) {
        events.add("tspeed " + transmit + "," + receive);
    }

    @Override
    public void onXDisplay(String display) {
        events.add("xdisplay " + display);
    }

    @Override
    public void onLocation(String location) {
        events.add("location " + location);
    }
}
