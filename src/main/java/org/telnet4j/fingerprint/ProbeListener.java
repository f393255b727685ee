package org.telnet4j.fingerprint;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.telnet4j.protocol.ProtocolWarning;
import org.telnet4j.protocol.TelnetParserListener;

/**
 * What both probes do with the parser's events: negotiations go to the {@link ProbeNegotiation},
 * protocol warnings are kept (at most {@link #MAX_WARNINGS}, each logged once to the probe's own
 * logger), commands are passed over. A probe adds what it does with data and subnegotiations.
 */
abstract class ProbeListener implements TelnetParserListener {
    /** Protocol warnings kept (and logged); a stream of violations needs no more than this. */
    static final int MAX_WARNINGS = 32;

    private final ProbeNegotiation negotiation;
    private final Logger log;
    private final String warningMessage;
    private final List<String> warnings = new ArrayList<>();

    /**
     * @param log the probe's logger
     * @param warningMessage the log message of a warning, with two {} for the warning and its detail
     */
    ProbeListener(ProbeNegotiation negotiation, Logger log, String warningMessage) {
        this.negotiation = negotiation;
        this.log = log;
        this.warningMessage = warningMessage;
    }

    /** The protocol warnings kept, as "WARNING detail". */
    final List<String> warnings() {
        return warnings;
    }

    @Override
    public void onCommand(int command) {
        // A command (NOP, AYT, ...) says nothing of how the peer negotiates.
    }

    @Override
    public void onNegotiation(int verb, int option) {
        negotiation.receive(verb, option);
    }

    @Override
    public final void onProtocolWarning(ProtocolWarning warning, int detail) {
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(warning + " " + detail);
            log.info(warningMessage, warning, detail);
        }
    }
}
