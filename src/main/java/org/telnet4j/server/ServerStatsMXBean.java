package org.telnet4j.server;

import java.util.Map;

/**
 * A {@link TelnetServer}'s counters as a JMX MXBean (see {@link TelnetServer#registerMBean()}),
 * for jconsole, VisualVM or a JMX exporter.
 */
public interface ServerStatsMXBean {
    /** @return open connections */
    int getConnections();

    /** @return connections accepted since start */
    long getAccepted();

    /** @return connections refused at the connection limit */
    long getRefused();

    /** @return connections refused by the PROXY protocol */
    long getProxyRefused();

    /** @return sessions closed since start, by reason name */
    Map<String, Long> getClosed();

    /** @return bytes received from clients */
    long getBytesIn();

    /** @return bytes sent to clients */
    long getBytesOut();

    /** @return how often clients ran into each limit, by limit name */
    Map<String, Long> getLimitsHit();

    /** @return sessions started (negotiation done or timed out) */
    long getNegotiations();

    /** @return time from connect to session start, summed, in seconds */
    double getNegotiationSeconds();
}
