package org.telnet4j.server;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.telnet4j.loop.OverflowPolicy;
import org.telnet4j.option.CharsetNegotiation;
import org.telnet4j.protocol.OptionSet;
import org.telnet4j.protocol.TelnetOption;

/** A server's configuration, fixed when it is built. Package-private: set through the builder. */
final class ServerSettings {
    String host;
    int port;
    int backlog;
    int maxConnections;
    int maxConnectionsPerAddress;
    long idleTimeoutNanos;
    int maxLineLength;
    int outputQueueCap;
    OverflowPolicy overflowPolicy;
    long negotiationDeadlineNanos;
    Charset encoding;
    boolean lineMode;
    boolean linemode;
    int linemodeMode = org.telnet4j.option.linemode.Linemode.EDIT | org.telnet4j.option.linemode.Linemode.TRAPSIG;
    boolean neverSendGa;
    int maxSubnegotiation;
    int maxQueuedLines;
    int maxHandOffTasks;
    int maxNegotiationRequests;
    Duration negotiationRequestWindow;
    boolean lenientNegotiation;
    SessionHandler handler;
    /** Bytes of input held for the application (queued lines, messages during negotiation). */
    int maxHeldInput;
    /** Largest socket read, and so the most input one connection holds back unparsed. */
    int maxReadSize;
    org.telnet4j.option.mud.InflateLimits inflateLimits;
    int maxEnvironVariables;
    int maxEnvironBytes;
    int maxCharsetOffers;
    int maxTerminalTypeLength;
    /** False until the builder's maxConnections is called: the default then follows the heap. */
    boolean maxConnectionsSet;
    boolean compression;
    /** Ask for BINARY both ways at connect (RFC 856), whatever the charset. */
    boolean forceBinary;
    /** A bytes shell: Latin-1, one character per byte, and no CHARSET or LANG switching. */
    boolean bytesOnly;
    int maxCompressedSessions;
    boolean gmcp;
    boolean msdp;
    java.util.function.Supplier<java.util.Map<String, java.util.List<String>>> mssp;
    int[] extraLocal = new int[0];
    int[] extraRemote = new int[0];
    /** Networks allowed to send a PROXY protocol header; null: the PROXY protocol is off. */
    List<org.telnet4j.proxy.Cidr> proxyTrusted;
    int proxyMaxHeader = org.telnet4j.proxy.ProxyHeaderDecoder.DEFAULT_MAX_HEADER;
    long proxyHeaderTimeoutNanos = java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
    /** TLS on the listening port; null: plain telnet only. */
    TlsSettings tls;
    private OptionSet policy;
    private List<String> offer;

    /** What the server agrees to when the client asks. */
    OptionSet policy() {
        if (policy == null) {
            OptionSet.Builder b = OptionSet.builder()
                .local(TelnetOption.BINARY, TelnetOption.SGA, TelnetOption.EOR,
                    TelnetOption.TM, TelnetOption.STATUS, TelnetOption.LOGOUT)
                .remote(TelnetOption.TTYPE, TelnetOption.NAWS, TelnetOption.NEW_ENVIRON,
                    TelnetOption.ENVIRON, TelnetOption.BINARY, TelnetOption.SGA,
                    TelnetOption.EOR, TelnetOption.STATUS, TelnetOption.TSPEED, TelnetOption.XDISPLOC,
                    TelnetOption.SNDLOC, TelnetOption.LFLOW)
                .local(extraLocal)
                .remote(extraRemote);
            if (!bytesOnly) { // a bytes shell has no charset to agree on
                b.local(TelnetOption.CHARSET).remote(TelnetOption.CHARSET);
            }
            if (!lineMode) {
                b.local(TelnetOption.ECHO);
            }
            if (linemode) {
                b.remote(TelnetOption.LINEMODE);
            }
            if (compression) {
                b.local(TelnetOption.MCCP2, TelnetOption.MCCP3);
            }
            if (gmcp) {
                b.local(TelnetOption.GMCP);
            }
            if (msdp) {
                b.local(TelnetOption.MSDP);
            }
            if (mssp != null) {
                b.local(TelnetOption.MSSP);
            }
            policy = b.build();
        }
        return policy;
    }

    /**
     * Objects every connection has however it behaves (session, connection, engine, parser,
     * decoder, option state): about 3 KiB by README's load-test figure (3,031 B per connection);
     * rounded up.
     */
    static final int BASE_BYTES_PER_CONNECTION = 4 * 1024;

    /**
     * The most heap one connection's input can take with these settings: its base objects, a
     * partial subnegotiation at the ceiling, a partial line at the ceiling (a StringBuilder in
     * UTF-16 with its growth slack: 2.25 bytes a character), the input held for the application, one read held back
     * unparsed, and the option state a peer fills (terminal types, environment). The output
     * queue ({@code outputQueueCap}) is on top of this, for a client that stops reading while
     * the application writes; MCCP adds about 52 KiB (44 of them native) to connections that
     * use it, at most {@code maxCompressedSessions} of them.
     */
    long worstCaseInputBytes() {
        return BASE_BYTES_PER_CONNECTION
            + maxSubnegotiation
            + (long) maxLineLength * 9 / 4
            + maxHeldInput
            + maxReadSize
            + (long) org.telnet4j.option.TerminalType.MAX_REPLIES * (2L * maxTerminalTypeLength + 48)
            + maxEnvironBytes + maxEnvironVariables * 128L;
    }

    /**
     * The connection limit to apply: the one set on the builder, or else the default 10,000
     * lowered to what fits three quarters of {@code maxHeap} at {@link #worstCaseInputBytes()}.
     */
    int effectiveMaxConnections(long maxHeap) {
        if (maxConnectionsSet) {
            return maxConnections;
        }
        long fit = maxHeap / 4 * 3 / worstCaseInputBytes();
        return (int) Math.max(1, Math.min(maxConnections, fit));
    }

    /** Charsets offered in a CHARSET REQUEST: the configured one first, then the usual list. */
    List<String> charsetOffer() {
        if (offer == null) {
            List<String> o = new ArrayList<>();
            o.add(encoding.name());
            for (String n : CharsetNegotiation.DEFAULT_OFFER) {
                if (!n.equalsIgnoreCase(encoding.name())) {
                    o.add(n);
                }
            }
            offer = List.copyOf(o);
        }
        return offer;
    }
}
