package org.telnet4j.proxy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a PROXY protocol header said: who the real client is (when the balancer relayed one), and
 * for version 2 the TLVs, among them the TLS details when the balancer terminated TLS.
 *
 * <p>For {@link Command#LOCAL} (a balancer's own health check), v1 {@code UNKNOWN} and the
 * {@code UNSPEC} family, {@link #source()} is null: the connection's own endpoints apply
 * (proxy-protocol.txt 2.1 and 2.2).
 */
public final class ProxyHeader {
    /** Version 2's command (its 13th byte, low nibble); version 1 is always PROXY. */
    public enum Command {
        /** The balancer opened the connection on its own behalf (a health check). */
        LOCAL,
        /** The connection is relayed for the client whose addresses follow. */
        PROXY
    }

    /** The relayed connection's address family (version 2's 14th byte, high nibble). */
    public enum Family {
        /** Unknown or unsupported; addresses are ignored. */
        UNSPEC,
        /** IPv4. */
        INET,
        /** IPv6. */
        INET6,
        /** A UNIX socket; the addresses are paths. */
        UNIX
    }

    /** The relayed connection's transport (version 2's 14th byte, low nibble). */
    public enum Transport {
        /** Unknown or unsupported. */
        UNSPEC,
        /** TCP or UNIX stream. */
        STREAM,
        /** UDP or UNIX datagram. */
        DGRAM
    }

    /** One TLV of a version 2 header, as received. */
    public static final class Tlv {
        private final int type;
        private final byte[] value;

        /**
         * @param type the type byte, 0..255
         * @param value the value, at most 65535 bytes
         */
        public Tlv(int type, byte[] value) {
            if (type < 0 || type > 255 || value.length > 65535) {
                throw new IllegalArgumentException("TLV type must be 0..255 and value at most 65535 bytes");
            }
            this.type = type;
            this.value = value.clone();
        }

        /** The type byte ({@code PP2_TYPE_*}). */
        public int type() {
            return type;
        }

        /** A copy of the value. */
        public byte[] value() {
            return value.clone();
        }

        /** The value as UTF-8 text. */
        public String text() {
            return new String(value, StandardCharsets.UTF_8);
        }

        int length() {
            return value.length;
        }

        byte[] raw() {
            return value;
        }
    }

    /** The {@code PP2_TYPE_SSL} TLV: how the client reached the balancer over TLS. */
    public static final class Ssl {
        private final int client;
        private final long verify;
        private final String version;
        private final String cipher;
        private final String commonName;
        private final String signatureAlgorithm;
        private final String keyAlgorithm;

        Ssl(int client, long verify, String version, String cipher, String commonName,
            String signatureAlgorithm, String keyAlgorithm) {
            this.client = client;
            this.verify = verify;
            this.version = version;
            this.cipher = cipher;
            this.commonName = commonName;
            this.signatureAlgorithm = signatureAlgorithm;
            this.keyAlgorithm = keyAlgorithm;
        }

        /** The {@code client} bit field ({@code PP2_CLIENT_SSL} 0x01, CERT_CONN 0x02, CERT_SESS 0x04). */
        public int clientFlags() {
            return client;
        }

        /** True when the client connected over TLS ({@code PP2_CLIENT_SSL}). */
        public boolean isTls() {
            return (client & 0x01) != 0;
        }

        /** True when the client presented a certificate on this connection. */
        public boolean hasClientCertificate() {
            return (client & 0x02) != 0;
        }

        /** The {@code verify} field: zero when a client certificate was presented and verified. */
        public long verify() {
            return verify;
        }

        /** The TLS version, e.g. {@code "TLSv1.3"} ({@code PP2_SUBTYPE_SSL_VERSION}), or null. */
        public String version() {
            return version;
        }

        /** The cipher name ({@code PP2_SUBTYPE_SSL_CIPHER}), or null. */
        public String cipher() {
            return cipher;
        }

        /** The client certificate's common name ({@code PP2_SUBTYPE_SSL_CN}), or null. */
        public String commonName() {
            return commonName;
        }

        /** The signature algorithm of the balancer's certificate ({@code PP2_SUBTYPE_SSL_SIG_ALG}), or null. */
        public String signatureAlgorithm() {
            return signatureAlgorithm;
        }

        /** The key algorithm of the balancer's certificate ({@code PP2_SUBTYPE_SSL_KEY_ALG}), or null. */
        public String keyAlgorithm() {
            return keyAlgorithm;
        }

        @Override
        public String toString() {
            return "Ssl[" + (isTls() ? "tls" : "plain") + (version != null ? " " + version : "")
                + (cipher != null ? " " + cipher : "") + (commonName != null ? " cn=" + commonName : "")
                + " verify=" + verify + "]";
        }
    }

    private final int version;
    private final Command command;
    private final Family family;
    private final Transport transport;
    private final InetSocketAddress source;
    private final InetSocketAddress destination;
    private final String sourcePath;
    private final String destinationPath;
    private final List<Tlv> tlvs;
    private final Ssl ssl;
    private final int length;

    ProxyHeader(int version, Command command, Family family, Transport transport,
        InetSocketAddress source, InetSocketAddress destination, String sourcePath,
        String destinationPath, List<Tlv> tlvs, Ssl ssl, int length) {
        this.version = version;
        this.command = command;
        this.family = family;
        this.transport = transport;
        this.source = source;
        this.destination = destination;
        this.sourcePath = sourcePath;
        this.destinationPath = destinationPath;
        this.tlvs = List.copyOf(tlvs);
        this.ssl = ssl;
        this.length = length;
    }

    /** 1 (text) or 2 (binary). */
    public int version() {
        return version;
    }

    /** PROXY, or LOCAL for a balancer's own connection. */
    public Command command() {
        return command;
    }

    /** The relayed connection's family; UNSPEC for v1 {@code UNKNOWN}. */
    public Family family() {
        return family;
    }

    /** The relayed connection's transport; STREAM for v1 TCP4/TCP6. */
    public Transport transport() {
        return transport;
    }

    /** The real client's address and port, or null when the header names none (see class doc). */
    public InetSocketAddress source() {
        return source;
    }

    /** The address and port the client connected to (the balancer's front), or null. */
    public InetSocketAddress destination() {
        return destination;
    }

    /** For {@link Family#UNIX}: the client's socket path (may be empty), else null. */
    public String sourcePath() {
        return sourcePath;
    }

    /** For {@link Family#UNIX}: the socket path the client connected to, else null. */
    public String destinationPath() {
        return destinationPath;
    }

    /** Every TLV in the order received (version 2; empty for version 1). */
    public List<Tlv> tlvs() {
        return tlvs;
    }

    /** The first TLV of {@code type}, or null. */
    public Tlv tlv(int type) {
        for (Tlv t : tlvs) {
            if (t.type() == type) {
                return t;
            }
        }
        return null;
    }

    /** The SSL TLV, or null when the balancer sent none. */
    public Ssl ssl() {
        return ssl;
    }

    /** True when the balancer reports that the client reached it over TLS. */
    public boolean isTls() {
        return ssl != null && ssl.isTls();
    }

    /** The ALPN TLV as text, or null. */
    public String alpn() {
        Tlv t = tlv(ProxyHeaderDecoder.PP2_TYPE_ALPN);
        return t == null ? null : t.text();
    }

    /** The AUTHORITY TLV (the TLS SNI host name, typically), or null. */
    public String authority() {
        Tlv t = tlv(ProxyHeaderDecoder.PP2_TYPE_AUTHORITY);
        return t == null ? null : t.text();
    }

    /** The UNIQUE_ID TLV's bytes, or null. */
    public byte[] uniqueId() {
        Tlv t = tlv(ProxyHeaderDecoder.PP2_TYPE_UNIQUE_ID);
        return t == null ? null : t.value();
    }

    /** The header's size on the wire, in bytes. */
    public int length() {
        return length;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ProxyHeader[v").append(version).append(' ').append(command)
            .append(' ').append(family).append(' ').append(transport);
        if (source != null) {
            b.append(' ').append(format(source)).append(" -> ").append(format(destination));
        }
        if (sourcePath != null) {
            b.append(" '").append(sourcePath).append("' -> '").append(destinationPath).append('\'');
        }
        if (ssl != null) {
            b.append(' ').append(ssl);
        }
        if (!tlvs.isEmpty()) {
            b.append(" tlvs=").append(tlvs.size());
        }
        return b.append(']').toString();
    }

    /** {@code ip:port}, IPv6 in brackets. */
    static String format(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
