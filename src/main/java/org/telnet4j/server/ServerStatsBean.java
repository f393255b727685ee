package org.telnet4j.server;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@link ServerStatsMXBean} over a server's {@link TelnetServer#stats()}. */
final class ServerStatsBean implements ServerStatsMXBean {
    private final TelnetServer server;

    ServerStatsBean(TelnetServer server) {
        this.server = server;
    }

    @Override
    public int getConnections() {
        return server.stats().connections();
    }

    @Override
    public long getAccepted() {
        return server.stats().accepted();
    }

    @Override
    public long getRefused() {
        return server.stats().refused();
    }

    @Override
    public long getProxyRefused() {
        return server.stats().proxyRefused();
    }

    @Override
    public Map<String, Long> getClosed() {
        Map<String, Long> m = new LinkedHashMap<>();
        server.stats().closed().forEach((k, v) -> m.put(k.name(), v));
        return m;
    }

    @Override
    public long getBytesIn() {
        return server.stats().bytesIn();
    }

    @Override
    public long getBytesOut() {
        return server.stats().bytesOut();
    }

    @Override
    public Map<String, Long> getLimitsHit() {
        Map<String, Long> m = new LinkedHashMap<>();
        server.stats().limitsHit().forEach((k, v) -> m.put(k.name(), v));
        return m;
    }

    @Override
    public long getNegotiations() {
        return server.stats().negotiations();
    }

    @Override
    public double getNegotiationSeconds() {
        return server.stats().negotiationSeconds();
    }
}
