package org.telnet4j.client;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.telnet4j.charset.LocaleCharset;
import org.telnet4j.protocol.OptionSet;
import org.telnet4j.protocol.TelnetOption;
import org.telnet4j.protocol.TelnetParser;

/**
 * What a telnet client says about itself and agrees to. Immutable; made by {@link #builder()}.
 *
 * <p>By default the client agrees to what terminal clients agree to: it will send its terminal
 * type, window size, terminal speed, environment and charset (TTYPE, NAWS, TSPEED, NEW-ENVIRON,
 * CHARSET; the old ENVIRON of RFC 1408 only with {@code alwaysWill(ENVIRON)}: a BSD telnetd offered
 * both waits forever for an old-ENVIRON reply it never asks for), its option status (STATUS) and flow-control commands (LFLOW), and it lets
 * the server echo, suppress go-ahead, send binary, mark records, report status and announce a
 * logout (ECHO, SGA, BINARY, EOR, STATUS, LOGOUT), and compress its output (MCCP2). The environment it discloses is an allow-list: only variables named there
 * are ever sent, whatever the server asks.
 */
public final class ClientConfig {
    /** Default of {@link Builder#maxBufferedText}: 1 Mi characters (1,048,576). */
    public static final int DEFAULT_MAX_BUFFERED_TEXT = 1 << 20;

    /** Variables disclosed by default, when set in this process's environment. */
    public static final Set<String> DEFAULT_ENVIRON = Set.of("TERM", "LANG", "COLUMNS", "LINES", "COLORTERM");

    final List<String> terminalTypes;
    final int columns;
    final int rows;
    final String terminalSpeed;
    final String xdisplay;
    final String location;
    final Map<String, String> environ;
    final Charset encoding;
    final List<String> acceptCharsets;
    final Duration connectTimeout;
    final javax.net.ssl.SSLContext tlsContext;
    final String tlsServerName;
    final boolean tlsVerifyHostname;
    final Duration tlsHandshakeTimeout;
    final int proxyHeaderVersion;
    final int maxSubnegotiation;
    final int maxCharsetOffers;
    final org.telnet4j.option.mud.InflateLimits inflateLimits;
    final int outputQueueCap;
    final int maxBufferedText;
    final OptionSet policy;
    final int[] offerLocal;
    final int[] offerRemote;
    final String gmcpHello;
    final String gmcpSupports;
    final boolean linemode;
    final java.nio.charset.CodingErrorAction decodeErrors;

    private ClientConfig(Builder b) {
        this.terminalTypes = List.copyOf(b.terminalTypes);
        this.columns = b.columns;
        this.rows = b.rows;
        this.terminalSpeed = b.terminalSpeed;
        this.xdisplay = b.xdisplay;
        this.location = b.location;
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : b.environAllow) {
            String v = b.environValues.containsKey(name) ? b.environValues.get(name) : null;
            if (v != null) {
                env.put(name, v);
            }
        }
        this.environ = java.util.Collections.unmodifiableMap(env);
        this.encoding = b.encoding;
        List<String> accept = new ArrayList<>(b.acceptCharsets);
        if (accept.isEmpty()) {
            accept.add(b.encoding.name());
            if (!b.encoding.name().equalsIgnoreCase("UTF-8")) {
                accept.add("UTF-8");
            }
        }
        this.acceptCharsets = List.copyOf(accept);
        this.connectTimeout = b.connectTimeout;
        this.tlsContext = b.tlsContext;
        this.tlsServerName = b.tlsServerName;
        this.tlsVerifyHostname = b.tlsVerifyHostname;
        this.tlsHandshakeTimeout = b.tlsHandshakeTimeout;
        this.proxyHeaderVersion = b.proxyHeaderVersion;
        this.maxSubnegotiation = b.maxSubnegotiation;
        this.maxCharsetOffers = b.maxCharsetOffers;
        this.inflateLimits = b.inflateLimits;
        this.outputQueueCap = b.outputQueueCap;
        this.maxBufferedText = b.maxBufferedText;
        OptionSet.Builder p = OptionSet.builder()
            .local(TelnetOption.TTYPE, TelnetOption.NAWS, TelnetOption.TSPEED, TelnetOption.NEW_ENVIRON,
                TelnetOption.CHARSET, TelnetOption.BINARY, TelnetOption.SGA,
                TelnetOption.TM, TelnetOption.STATUS, TelnetOption.LFLOW)
            .remote(TelnetOption.ECHO, TelnetOption.SGA, TelnetOption.BINARY, TelnetOption.EOR,
                TelnetOption.CHARSET, TelnetOption.STATUS, TelnetOption.LOGOUT, TelnetOption.MCCP2);
        if (b.xdisplay != null) {
            p.local(TelnetOption.XDISPLOC);
        }
        if (b.location != null) {
            p.local(TelnetOption.SNDLOC);
        }
        if (b.linemode) {
            p.local(TelnetOption.LINEMODE);
        }
        p.local(toArray(b.alwaysLocal)).remote(toArray(b.alwaysRemote));
        p.refuseLocal(toArray(b.neverLocal)).refuseRemote(toArray(b.neverRemote));
        this.policy = p.build();
        Set<Integer> offers = new LinkedHashSet<>(b.offerLocal);
        if (b.location != null) {
            offers.add(TelnetOption.SNDLOC); // RFC 779: the user side offers WILL SNDLOC
        }
        this.offerLocal = toArray(offers);
        this.offerRemote = toArray(b.offerRemote);
        this.gmcpHello = b.gmcpHello;
        this.gmcpSupports = b.gmcpSupports;
        this.linemode = b.linemode;
        this.decodeErrors = b.decodeErrors;
    }

    private static int[] toArray(Set<Integer> s) {
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A builder with the defaults: terminal type from {@code TERM} (else "xterm"), 80x24. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults. */
    public static ClientConfig defaults() {
        return builder().build();
    }

    /**
     * The defaults for a program rather than a person: the server is not let echo (it gets
     * {@code DONT ECHO}), so what {@link BlockingTelnetClient#writeLine} sends does not come back
     * as the first line read. With {@link #defaults()} a character-mode server (telnet4j's
     * default shell, most telnetds) echoes every line, and the next {@code readLine} returns the
     * command itself. A telnetd that runs a shell on a pseudo-terminal may still echo through it.
     */
    public static ClientConfig forScripts() {
        return builder().neverDo(TelnetOption.ECHO).build();
    }

    /** Terminal type names answered in turn to the server's TTYPE SEND (RFC 1091). */
    public List<String> terminalTypes() {
        return terminalTypes;
    }

    /** Initial window width. */
    public int columns() {
        return columns;
    }

    /** Initial window height. */
    public int rows() {
        return rows;
    }

    /** Text encoding until negotiated otherwise. */
    public Charset encoding() {
        return encoding;
    }

    /** The environment that may be disclosed: allow-listed and set. */
    public Map<String, String> environ() {
        return environ;
    }

    /** The option policy (what we agree to when asked). */
    public OptionSet policy() {
        return policy;
    }

    /** Connect timeout. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The TLS context when the client speaks TLS (telnets), else null. */
    public javax.net.ssl.SSLContext tlsContext() {
        return tlsContext;
    }

    /** The name sent as SNI and checked against the certificate; null: the host connected to. */
    public String tlsServerName() {
        return tlsServerName;
    }

    /** True (the default) when the server's certificate must name the host (RFC 2818/6125 rules). */
    public boolean tlsVerifyHostname() {
        return tlsVerifyHostname;
    }

    /** How long the TLS handshake may take. */
    public Duration tlsHandshakeTimeout() {
        return tlsHandshakeTimeout;
    }

    /** The PROXY protocol header version sent first on connecting (1 or 2), or 0 for none. */
    public int proxyHeaderVersion() {
        return proxyHeaderVersion;
    }

    /** Builds a {@link ClientConfig}; not thread-safe. */
    public static final class Builder {
        private List<String> terminalTypes;
        private int columns = 80;
        private int rows = 24;
        private String terminalSpeed = "38400,38400";
        private String xdisplay;
        private String location;
        private final Set<String> environAllow = new LinkedHashSet<>(DEFAULT_ENVIRON);
        private final Map<String, String> environValues = new LinkedHashMap<>();
        private Charset encoding = LocaleCharset.get();
        private final List<String> acceptCharsets = new ArrayList<>();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private javax.net.ssl.SSLContext tlsContext;
        private String tlsServerName;
        private boolean tlsVerifyHostname = true;
        private Duration tlsHandshakeTimeout = Duration.ofSeconds(10);
        private int proxyHeaderVersion;
        private int maxSubnegotiation = TelnetParser.DEFAULT_MAX_SUBNEGOTIATION;
        private int maxCharsetOffers = org.telnet4j.option.CharsetNegotiation.DEFAULT_MAX_OFFERS;
        private org.telnet4j.option.mud.InflateLimits inflateLimits = org.telnet4j.option.mud.InflateLimits.DEFAULT;
        private int outputQueueCap = 1 << 20;
        private int maxBufferedText = DEFAULT_MAX_BUFFERED_TEXT;
        private final Set<Integer> alwaysLocal = new LinkedHashSet<>();
        private final Set<Integer> alwaysRemote = new LinkedHashSet<>();
        private final Set<Integer> neverLocal = new LinkedHashSet<>();
        private final Set<Integer> neverRemote = new LinkedHashSet<>();
        private final Set<Integer> offerLocal = new LinkedHashSet<>();
        private final Set<Integer> offerRemote = new LinkedHashSet<>();
        private String gmcpHello;
        private String gmcpSupports;
        private boolean linemode;
        private java.nio.charset.CodingErrorAction decodeErrors = java.nio.charset.CodingErrorAction.REPLACE;

        private Builder() {
            String term = System.getenv("TERM");
            terminalTypes = List.of(term == null || term.isEmpty() ? "xterm" : term);
            for (String name : DEFAULT_ENVIRON) {
                String v = System.getenv(name);
                if (v != null) {
                    environValues.put(name, v);
                }
            }
        }

        /** The terminal type, e.g. {@code "xterm-256color"}. */
        public Builder terminalType(String name) {
            return terminalTypes(name);
        }

        /**
         * Several terminal types, answered in turn; the last repeats to end the cycle. An MTTS
         * client gives {@code client name, terminal type, "MTTS <bits>"}.
         */
        public Builder terminalTypes(String... names) {
            if (names.length == 0) {
                throw new IllegalArgumentException("at least one terminal type");
            }
            terminalTypes = Arrays.asList(names.clone());
            return this;
        }

        /** The initial window size sent with NAWS. */
        public Builder windowSize(int columns, int rows) {
            if (columns < 0 || rows < 0 || columns > 0xFFFF || rows > 0xFFFF) {
                throw new IllegalArgumentException("window size must be 0..65535, was " + columns + "x" + rows);
            }
            this.columns = columns;
            this.rows = rows;
            return this;
        }

        /** TSPEED answer, {@code "transmit,receive"} in bits per second (RFC 1079). */
        public Builder terminalSpeed(int transmit, int receive) {
            this.terminalSpeed = transmit + "," + receive;
            return this;
        }

        /** X display location ({@code "host:0.0"}, RFC 1096); null (default) refuses XDISPLOC. */
        public Builder xdisplay(String display) {
            this.xdisplay = display;
            return this;
        }

        /**
         * The terminal's location, sent with SEND-LOCATION (RFC 779): the client offers
         * WILL SNDLOC at connect and sends the text once the server agrees. Null (default): the
         * option is refused.
         */
        public Builder location(String location) {
            this.location = location;
            return this;
        }

        /** Discloses {@code name} with {@code value} (adds it to the allow-list). */
        public Builder environ(String name, String value) {
            environAllow.add(Objects.requireNonNull(name));
            environValues.put(name, Objects.requireNonNull(value));
            return this;
        }

        /** Replaces the allow-list: only these variables are ever disclosed. */
        public Builder environAllowList(Set<String> names) {
            environAllow.clear();
            environAllow.addAll(names);
            return this;
        }

        /** Text encoding until negotiated otherwise; default the locale's, else UTF-8. */
        public Builder encoding(Charset charset) {
            this.encoding = Objects.requireNonNull(charset);
            return this;
        }

        /**
         * Charsets accepted from a server's CHARSET REQUEST, in order of preference; default:
         * the configured encoding, then UTF-8.
         */
        public Builder acceptCharsets(String... names) {
            acceptCharsets.clear();
            acceptCharsets.addAll(Arrays.asList(names));
            return this;
        }

        /** Connect timeout; default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /**
         * Speaks TLS (telnets) with {@code context}: the handshake comes first, with SNI and the
         * server's certificate checked against the context's trust (the system's trust store for
         * {@code SSLContext.getDefault()}) and the host name (as HTTPS does, RFC 2818). The
         * session's negotiation waits for the handshake. Null: plain telnet (the default).
         */
        public Builder tls(javax.net.ssl.SSLContext context) {
            this.tlsContext = context;
            return this;
        }

        /** The server name for SNI and the host-name check; default: the host connected to. */
        public Builder tlsServerName(String name) {
            this.tlsServerName = name;
            return this;
        }

        /**
         * Whether the certificate must name the host; default true. Off only with a context that
         * trusts nothing in particular either (a test, {@code --ssl-no-verify}).
         */
        public Builder tlsVerifyHostname(boolean verify) {
            this.tlsVerifyHostname = verify;
            return this;
        }

        /** Longest TLS handshake; default 10 s. */
        public Builder tlsHandshakeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("tlsHandshakeTimeout must be positive");
            }
            this.tlsHandshakeTimeout = timeout;
            return this;
        }

        /** Largest subnegotiation accepted; default 16 KiB. */
        public Builder maxSubnegotiation(int bytes) {
            this.maxSubnegotiation = bytes;
            return this;
        }

        /**
         * Charset names looked at in one CHARSET REQUEST from the server; default 32. The rest
         * of a longer list is ignored, with a log line.
         */
        public Builder maxCharsetOffers(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxCharsetOffers must be positive, was " + max);
            }
            this.maxCharsetOffers = max;
            return this;
        }

        /**
         * Ceilings on MCCP2 decompression; default {@link org.telnet4j.option.mud.InflateLimits#DEFAULT}
         * (100:1, 8 MiB a second, 16 KiB per pass). A server stream past them ends the session
         * with a message that says so.
         */
        public Builder inflateLimits(org.telnet4j.option.mud.InflateLimits limits) {
            this.inflateLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Most characters of received text buffered unread ({@link BlockingTelnetClient}, and the
         * reader of a {@link ClientShell}); default {@link ClientConfig#DEFAULT_MAX_BUFFERED_TEXT}.
         * A read that needs more (a line longer than this, a {@code readUntil} whose match has not
         * come within it) fails with {@link BufferLimitException} on the blocking client, and
         * ends the session, delivering what arrived, for a shell; either is logged.
         */
        public Builder maxBufferedText(int chars) {
            if (chars < 1) {
                throw new IllegalArgumentException("maxBufferedText must be positive, was " + chars);
            }
            this.maxBufferedText = chars;
            return this;
        }

        /** Output queue cap on an event loop; default 1 MiB. */
        public Builder outputQueueCap(int bytes) {
            this.outputQueueCap = bytes;
            return this;
        }

        /**
         * MCCP3: compress what we send when the server offers it (WILL MCCP3); default off.
         * MCCP2 (the server compressing) is accepted by default.
         */
        public Builder compressOutput(boolean on) {
            if (on) {
                alwaysDo(TelnetOption.MCCP3);
            } else {
                alwaysRemote.remove(TelnetOption.MCCP3);
            }
            return this;
        }

        /**
         * Accepts GMCP and, as soon as the server enables it, introduces the client with
         * {@code Core.Hello {"client": name, "version": version}} and
         * {@code Core.Supports.Set [packages]} (e.g. {@code "Char 1", "Room 1"}).
         */
        public Builder gmcp(String clientName, String version, String... packages) {
            alwaysDo(TelnetOption.GMCP);
            gmcpHello = "{\"client\":\"" + jsonEscape(clientName) + "\",\"version\":\"" + jsonEscape(version) + "\"}";
            StringBuilder list = new StringBuilder("[");
            for (int i = 0; i < packages.length; i++) {
                list.append(i > 0 ? "," : "").append('"').append(jsonEscape(packages[i])).append('"');
            }
            gmcpSupports = list.append(']').toString();
            return this;
        }

        private static String jsonEscape(String s) {
            StringBuilder b = new StringBuilder();
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }

        /**
         * RFC 1184 LINEMODE; default off (a terminal that goes raw edits nothing itself). When on,
         * the client agrees to {@code DO LINEMODE}, sends its special characters (BSD's: ^C
         * interrupt, DEL erase, ^U kill...), acknowledges the server's MODE, and while the mode
         * has EDIT edits lines locally: see {@link ClientProtocol#isLocalEditing()} and
         * {@link ClientProtocol#type(char)}.
         */
        public Builder linemode(boolean on) {
            this.linemode = on;
            return this;
        }

        /**
         * What to do with received bytes that are not text in the session's charset:
         * {@code REPLACE} (the default) shows U+FFFD, {@code IGNORE} drops them, {@code REPORT}
         * closes the connection, logging why (strict decoding).
         */
        public Builder decodeErrors(java.nio.charset.CodingErrorAction action) {
            this.decodeErrors = Objects.requireNonNull(action, "action");
            return this;
        }

        /** Always agree to enable these options on our side (DO from the server). */
        public Builder alwaysWill(int... options) {
            for (int o : options) {
                alwaysLocal.add(o);
                neverLocal.remove(o);
            }
            return this;
        }

        /** Always agree to let the server enable these (WILL from the server). */
        public Builder alwaysDo(int... options) {
            for (int o : options) {
                alwaysRemote.add(o);
                neverRemote.remove(o);
            }
            return this;
        }

        /** Never enable these on our side, whatever else says so. */
        public Builder neverWill(int... options) {
            for (int o : options) {
                neverLocal.add(o);
                alwaysLocal.remove(o);
            }
            return this;
        }

        /** Never let the server enable these. */
        public Builder neverDo(int... options) {
            for (int o : options) {
                neverRemote.add(o);
                alwaysRemote.remove(o);
            }
            return this;
        }

        /** Send WILL for these at connect, without waiting to be asked (also agrees to them). */
        public Builder offerWill(int... options) {
            alwaysWill(options);
            for (int o : options) {
                offerLocal.add(o);
            }
            return this;
        }

        /** Send DO for these at connect (also agrees to them). */
        public Builder offerDo(int... options) {
            alwaysDo(options);
            for (int o : options) {
                offerRemote.add(o);
            }
            return this;
        }

        /**
         * Sends a PROXY protocol header (HAProxy's, {@code version} 1 or 2; 0 for none, the
         * default) before any telnet byte, naming this socket's local address as the client and
         * the server's as the destination: for a server or balancer that expects one from us.
         */
        public Builder sendProxyHeader(int version) {
            if (version < 0 || version > 2) {
                throw new IllegalArgumentException("PROXY protocol version must be 1 or 2 (0: none), was " + version);
            }
            this.proxyHeaderVersion = version;
            return this;
        }

        /** The configuration. */
        public ClientConfig build() {
            return new ClientConfig(this);
        }
    }
}
