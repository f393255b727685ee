package org.telnet4j.protocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Records engine and parser events as transcript lines. Adjacent data events are merged, since
 * how a data run is sliced depends on how the input was split.
 */
final class RecordingListener implements TelnetEngineListener, TelnetParserListener {
    final List<String> events = new ArrayList<>();
    private final ByteArrayOutputStream pendingData = new ByteArrayOutputStream();

    @Override
    public void onData(byte[] buf, int off, int len) {
        if (len <= 0) {
            throw new AssertionError("empty data event");
        }
        pendingData.write(buf, off, len);
    }

    @Override
    public void onCommand(int command) {
        add("command " + TelnetCommand.name(command));
    }

    @Override
    public void onNegotiation(int verb, int option) {
        add("negotiation " + TelnetCommand.name(verb) + " " + TelnetOption.name(option));
    }

    @Override
    public void onSubnegotiation(int option, byte[] buf, int off, int len) {
        add("sb " + TelnetOption.name(option) + " " + TelnetNotation.quote(buf, off, len));
    }

    @Override
    public void onNegotiationEvent(NegotiationEvent event, Side side, int option) {
        add("option " + event + " " + side + " " + (option < 0 ? "-1" : TelnetOption.name(option)));
    }

    @Override
    public void onProtocolWarning(ProtocolWarning warning, int detail) {
        String d;
        switch (warning) {
            case SUBNEGOTIATION_INTERRUPTED: d = " " + TelnetCommand.name(detail); break;
            case SUBNEGOTIATION_OVERFLOW: d = " " + TelnetOption.name(detail); break;
            case UNASSIGNED_COMMAND: d = " " + detail; break;
            default: d = "";
        }
        add("warning " + warning + d);
    }

    private void add(String line) {
        flushData();
        events.add(line);
    }

    /** Closes the current data run; call before reading {@link #events}. */
    List<String> finish() {
        flushData();
        return events;
    }

    private void flushData() {
        if (pendingData.size() > 0) {
            byte[] d = pendingData.toByteArray();
            events.add("data " + TelnetNotation.quote(d, 0, d.length));
            pendingData.reset();
        }
    }
}
