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
    int maxNegotiationRequests;
    Duration negotiationRequestWindow;
    boolean lenientNegotiation;
    SessionHandler handler;
    boolean compression;
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
    private OptionSet policy;
    private List<String> offer;

    /** What the server agrees to when the client asks. */
    OptionSet policy() {
        if (policy == null) {
            OptionSet.Builder b = OptionSet.builder()
                .local(TelnetOption.BINARY, TelnetOption.SGA, TelnetOption.EOR, TelnetOption.CHARSET,
                    TelnetOption.TM, TelnetOption.STATUS, TelnetOption.LOGOUT)
                .remote(TelnetOption.TTYPE, TelnetOption.NAWS, TelnetOption.NEW_ENVIRON,
                    TelnetOption.ENVIRON, TelnetOption.CHARSET, TelnetOption.BINARY, TelnetOption.SGA,
                    TelnetOption.EOR, TelnetOption.STATUS, TelnetOption.TSPEED, TelnetOption.XDISPLOC,
                    TelnetOption.SNDLOC, TelnetOption.LFLOW)
                .local(extraLocal)
                .remote(extraRemote);
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
