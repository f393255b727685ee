package org.telnet4j.proxy;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes PROXY protocol headers: what a client or relay sends first to a server that expects one. */
public final class ProxyHeaderEncoder {
    private ProxyHeaderEncoder() {
    }

    /**
     * A version 1 line for a TCP connection from {@code source} to {@code destination}; {@code
     * UNKNOWN} when the two are of different families (2.1 allows no mixed line).
     */
    public static byte[] v1(InetSocketAddress source, InetSocketAddress destination) {
        boolean v4 = source.getAddress() instanceof Inet4Address;
        if (v4 != destination.getAddress() instanceof Inet4Address) {
            return v1Unknown();
        }
        String line = "PROXY " + (v4 ? "TCP4 " : "TCP6 ") + host(source) + " " + host(destination) + " "
            + source.getPort() + " " + destination.getPort() + "\r\n";
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code PROXY UNKNOWN\r\n}: the receiver uses the connection's own endpoints. */
    public static byte[] v1Unknown() {
        return "PROXY UNKNOWN\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A version 2 PROXY header for a TCP connection from {@code source} to {@code destination},
     * with {@code tlvs} after the addresses. Mixed families are sent as IPv6, the IPv4 one mapped.
     */
    public static byte[] v2(InetSocketAddress source, InetSocketAddress destination, List<ProxyHeader.Tlv> tlvs) {
        boolean v4 = source.getAddress() instanceof Inet4Address
            && destination.getAddress() instanceof Inet4Address;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(raw(source, v4));
        body.writeBytes(raw(destination, v4));
        u16(body, source.getPort());
        u16(body, destination.getPort());
        for (ProxyHeader.Tlv t : tlvs) {
            body.write(t.type());
            u16(body, t.length());
            body.writeBytes(t.raw());
        }
        return frame(0x21, v4 ? 0x11 : 0x21, body.toByteArray());
    }

    /** A version 2 LOCAL header (a balancer's health check): no addresses. */
    public static byte[] v2Local() {
        return frame(0x20, 0x00, new byte[0]);
    }

    /**
     * The value of a {@code PP2_TYPE_SSL} TLV: {@code client} flags, {@code verify}, then the
     * version and cipher sub-TLVs (each left out when null).
     */
    public static ProxyHeader.Tlv ssl(int client, long verify, String version, String cipher) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.write(client);
        v.write((int) (verify >>> 24));
        v.write((int) (verify >>> 16));
        v.write((int) (verify >>> 8));
        v.write((int) verify);
        if (version != null) {
            sub(v, ProxyHeaderDecoder.PP2_SUBTYPE_SSL_VERSION, version);
        }
        if (cipher != null) {
            sub(v, ProxyHeaderDecoder.PP2_SUBTYPE_SSL_CIPHER, cipher);
        }
        return new ProxyHeader.Tlv(ProxyHeaderDecoder.PP2_TYPE_SSL, v.toByteArray());
    }

    private static void sub(ByteArrayOutputStream out, int type, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.write(type);
        u16(out, b.length);
        out.writeBytes(b);
    }

    private static byte[] frame(int verCmd, int famProto, byte[] body) {
        if (body.length > 65535) {
            throw new IllegalArgumentException("PROXY v2 header body over 65535 bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + body.length);
        out.writeBytes(ProxyHeaderDecoder.V2_SIGNATURE);
        out.write(verCmd);
        out.write(famProto);
        u16(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] raw(InetSocketAddress a, boolean v4) {
        byte[] b = a.getAddress().getAddress();
        if (v4 || b.length == 16) {
            return b;
        }
        byte[] mapped = new byte[16]; // ::ffff:a.b.c.d
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(b, 0, mapped, 12, 4);
        return mapped;
    }

    private static String host(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        int pct = h.indexOf('%'); // a scope id is local to this host: not part of the literal
        return a.getAddress() instanceof Inet6Address && pct >= 0 ? h.substring(0, pct) : h;
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }
}
