package org.telnet4j.proxy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads one PROXY protocol header, version 1 or 2, from bytes fed as they arrive, and stops at
 * its last byte: what follows belongs to the relayed stream. No I/O.
 *
 * <p>Invariants: {@link #feed} consumes bytes only up to the header's end, so a caller hands the
 * rest of its buffer to the next layer; nothing is decoded before the whole header is in
 * (proxy-protocol.txt 2.1 "must wait for the CRLF", 2.2 "must not start to parse an address before
 * the whole address block is received"); a wrong byte fails as soon as it is seen, so a peer that
 * is not a balancer is refused on its first bytes, not at the deadline.
 *
 * <pre>{@code
 * ProxyHeaderDecoder d = new ProxyHeaderDecoder(4096);
 * int used = d.feed(buf, off, len);      // throws ProxyHeaderException on a bad header
 * if (d.isDone()) { ProxyHeader h = d.header(); pass(buf, off + used, len - used); }
 * }</pre>
 */
public final class ProxyHeaderDecoder {
    /** Longest version 1 line including CRLF (2.1: the worst case, UNKNOWN with IPv6 fields). */
    public static final int V1_MAX_LINE = 107;
    /** Default cap on a version 2 header (its length field allows 16 + 65535 bytes). */
    public static final int DEFAULT_MAX_HEADER = 4096;
    /** Smallest cap allowed: a version 2 header with two UNIX addresses and no TLV. */
    public static final int MIN_MAX_HEADER = 16 + 216;

    /** TLV type: Application-Layer Protocol Negotiation. */
    public static final int PP2_TYPE_ALPN = 0x01;
    /** TLV type: the host name the client asked for (TLS SNI). */
    public static final int PP2_TYPE_AUTHORITY = 0x02;
    /** TLV type: CRC32c of the whole header. */
    public static final int PP2_TYPE_CRC32C = 0x03;
    /** TLV type: padding, ignored. */
    public static final int PP2_TYPE_NOOP = 0x04;
    /** TLV type: an opaque connection id of up to 128 bytes. */
    public static final int PP2_TYPE_UNIQUE_ID = 0x05;
    /** TLV type: TLS details, with sub-TLVs. */
    public static final int PP2_TYPE_SSL = 0x20;
    /** SSL sub-TLV: the TLS version as text. */
    public static final int PP2_SUBTYPE_SSL_VERSION = 0x21;
    /** SSL sub-TLV: the client certificate's common name. */
    public static final int PP2_SUBTYPE_SSL_CN = 0x22;
    /** SSL sub-TLV: the cipher name. */
    public static final int PP2_SUBTYPE_SSL_CIPHER = 0x23;
    /** SSL sub-TLV: the signature algorithm of the balancer's certificate. */
    public static final int PP2_SUBTYPE_SSL_SIG_ALG = 0x24;
    /** SSL sub-TLV: the key algorithm of the balancer's certificate. */
    public static final int PP2_SUBTYPE_SSL_KEY_ALG = 0x25;
    /** TLV type: the network namespace name. */
    public static final int PP2_TYPE_NETNS = 0x30;

    static final byte[] V2_SIGNATURE = {
        0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final int UNIX_PATH = 108;

    private final int maxHeader;
    private byte[] buf = new byte[V1_MAX_LINE];
    private int size;
    /** Version 2: the whole header's length once bytes 15-16 are in; else 0. */
    private int need;
    private ProxyHeader header;
    private ProxyHeaderException failure;

    /**
     * @param maxHeaderBytes the largest version 2 header accepted; at least {@link #MIN_MAX_HEADER}
     */
    public ProxyHeaderDecoder(int maxHeaderBytes) {
        if (maxHeaderBytes < MIN_MAX_HEADER) {
            throw new IllegalArgumentException("PROXY header limit must be at least " + MIN_MAX_HEADER
                + " bytes, was " + maxHeaderBytes);
        }
        this.maxHeader = maxHeaderBytes;
    }

    /** A decoder with the {@link #DEFAULT_MAX_HEADER} limit. */
    public ProxyHeaderDecoder() {
        this(DEFAULT_MAX_HEADER);
    }

    /**
     * Feeds bytes. Returns how many belong to the header: all of {@code len} until it is complete,
     * then the count up to its last byte, then 0.
     *
     * @throws ProxyHeaderException when the bytes are not a valid header or pass the size limit;
     *     every later call throws the same
     */
    public int feed(byte[] in, int off, int len) throws ProxyHeaderException {
        if (failure != null) {
            throw failure;
        }
        if (header != null) {
            return 0;
        }
        try {
            return consume(in, off, len);
        } catch (ProxyHeaderException e) {
            failure = e;
            throw e;
        }
    }

    /** True once a whole, valid header has been read. */
    public boolean isDone() {
        return header != null;
    }

    /** The header, or null until {@link #isDone()}. */
    public ProxyHeader header() {
        return header;
    }

    /** Header bytes received so far. */
    public int bytesRead() {
        return size;
    }

    private int consume(byte[] in, int off, int len) throws ProxyHeaderException {
        int i = 0;
        while (i < len && header == null) {
            if (need > 0) { // version 2 body: copy what is missing in one go
                int n = Math.min(len - i, need - size);
                System.arraycopy(in, off + i, buf, size, n);
                size += n;
                i += n;
                if (size == need) {
                    header = parseV2();
                }
                continue;
            }
            byte b = in[off + i++];
            if (size == 0 && b != 'P' && b != V2_SIGNATURE[0]) {
                throw new ProxyHeaderException("not a PROXY protocol header: first byte " + hex(b));
            }
            buf[size++] = b;
            if (buf[0] == 'P') {
                v1Byte(b);
            } else {
                v2Byte(b);
            }
        }
        return i;
    }

    private void v1Byte(byte b) throws ProxyHeaderException {
        int at = size - 1;
        if (at < V1_PREFIX.length && b != V1_PREFIX[at]) {
            throw new ProxyHeaderException("not a PROXY protocol header: expected \"PROXY \", got \""
                + printable(0, size) + "\"");
        }
        if (at > 0 && buf[at - 1] == '\r' && b != '\n') {
            throw new ProxyHeaderException("PROXY v1 line has a CR not followed by LF");
        }
        if (b == '\n') {
            if (at == 0 || buf[at - 1] != '\r') { // 2.1: a lone LF must not end the line
                throw new ProxyHeaderException("PROXY v1 line ends in LF without CR");
            }
            header = parseV1();
            return;
        }
        if (size == V1_MAX_LINE) {
            throw new ProxyHeaderException("PROXY v1 line has no CRLF within " + V1_MAX_LINE + " bytes");
        }
    }

    private void v2Byte(byte b) throws ProxyHeaderException {
        int at = size - 1;
        if (at < V2_SIGNATURE.length) {
            if (b != V2_SIGNATURE[at]) {
                throw new ProxyHeaderException("not a PROXY protocol header: v2 signature differs at byte "
                    + (at + 1) + " (" + hex(b) + ")");
            }
        } else if (at == 12) {
            if ((b & 0xF0) != 0x20) { // 2.2: "the receiver must only accept this value"
                throw new ProxyHeaderException("PROXY v2 header has version " + ((b & 0xF0) >> 4)
                    + ", not 2");
            }
            if ((b & 0x0F) > 1) {
                throw new ProxyHeaderException("PROXY v2 header has unknown command " + (b & 0x0F));
            }
        } else if (at == 15) {
            int total = 16 + ((buf[14] & 0xFF) << 8 | (buf[15] & 0xFF));
            if (total > maxHeader) {
                throw new ProxyHeaderException("PROXY v2 header of " + total + " bytes exceeds the limit of "
                    + maxHeader);
            }
            if (total == 16) {
                header = parseV2();
                return;
            }
            if (buf.length < total) {
                buf = java.util.Arrays.copyOf(buf, total);
            }
            need = total;
        }
    }

    private ProxyHeader parseV1() throws ProxyHeaderException {
        String line = new String(buf, 0, size - 2, StandardCharsets.US_ASCII);
        String[] f = line.split(" ", -1);
        if (f.length >= 2 && f[1].equals("UNKNOWN")) {
            // 2.1: "the receiver must ignore anything presented before the CRLF"
            return new ProxyHeader(1, ProxyHeader.Command.PROXY, ProxyHeader.Family.UNSPEC,
                ProxyHeader.Transport.UNSPEC, null, null, null, null, List.of(), null, size);
        }
        boolean v4 = f.length >= 2 && f[1].equals("TCP4");
        boolean v6 = f.length >= 2 && f[1].equals("TCP6");
        if (!v4 && !v6) {
            throw new ProxyHeaderException("PROXY v1 line names no known protocol: \"" + printable(0, size - 2)
                + "\"");
        }
        if (f.length != 6) {
            throw new ProxyHeaderException("PROXY v1 line needs 6 fields separated by single spaces, has "
                + f.length + ": \"" + printable(0, size - 2) + "\"");
        }
        byte[] src = v4 ? AddressLiterals.ipv4(f[2]) : AddressLiterals.ipv6(f[2]);
        byte[] dst = v4 ? AddressLiterals.ipv4(f[3]) : AddressLiterals.ipv6(f[3]);
        if (src == null || dst == null) {
            throw new ProxyHeaderException("PROXY v1 line has a bad " + (v4 ? "IPv4" : "IPv6") + " address: \""
                + (src == null ? f[2] : f[3]) + "\"");
        }
        int sp = port(f[4]);
        int dp = port(f[5]);
        return new ProxyHeader(1, ProxyHeader.Command.PROXY,
            v4 ? ProxyHeader.Family.INET : ProxyHeader.Family.INET6, ProxyHeader.Transport.STREAM,
            new InetSocketAddress(AddressLiterals.of(src), sp), new InetSocketAddress(AddressLiterals.of(dst), dp),
            null, null, List.of(), null, size);
    }

    /** A decimal port 0..65535 without leading zeros (2.1). */
    private static int port(String s) throws ProxyHeaderException {
        boolean ok = !s.isEmpty() && s.length() <= 5 && !(s.length() > 1 && s.charAt(0) == '0');
        int v = 0;
        for (int i = 0; ok && i < s.length(); i++) {
            char c = s.charAt(i);
            ok = c >= '0' && c <= '9';
            v = v * 10 + (c - '0');
        }
        if (!ok || v > 65535) {
            throw new ProxyHeaderException("PROXY v1 line has a bad port: \"" + s + "\"");
        }
        return v;
    }

    private ProxyHeader parseV2() throws ProxyHeaderException {
        int total = size;
        if ((buf[12] & 0x0F) == 0) {
            // 2.2 LOCAL: use the real endpoints, discard the block "including the family"
            return new ProxyHeader(2, ProxyHeader.Command.LOCAL, ProxyHeader.Family.UNSPEC,
                ProxyHeader.Transport.UNSPEC, null, null, null, null, List.of(), null, total);
        }
        int fam = (buf[13] & 0xF0) >> 4;
        int proto = buf[13] & 0x0F;
        if (fam > 3 || proto > 2) { // 2.2: "must be rejected as invalid by receivers"
            throw new ProxyHeaderException("PROXY v2 header has unknown family/protocol byte " + hex(buf[13]));
        }
        ProxyHeader.Family family = ProxyHeader.Family.values()[fam];
        ProxyHeader.Transport transport = ProxyHeader.Transport.values()[proto];
        int addrLen = family == ProxyHeader.Family.INET ? 12 : family == ProxyHeader.Family.INET6 ? 36
            : family == ProxyHeader.Family.UNIX ? 2 * UNIX_PATH : 0;
        if (total - 16 < addrLen) {
            throw new ProxyHeaderException("PROXY v2 header's address block has " + (total - 16)
                + " bytes; " + family + " needs " + addrLen);
        }
        if (family == ProxyHeader.Family.UNSPEC) {
            // 2.2: "The receiver should ignore address information"; without a family there is
            // no telling where TLVs would start, so the rest is skipped too.
            return new ProxyHeader(2, ProxyHeader.Command.PROXY, family, transport, null, null, null, null,
                List.of(), null, total);
        }
        InetSocketAddress src = null;
        InetSocketAddress dst = null;
        String srcPath = null;
        String dstPath = null;
        if (family == ProxyHeader.Family.UNIX) {
            srcPath = path(16);
            dstPath = path(16 + UNIX_PATH);
        } else if (transport != ProxyHeader.Transport.UNSPEC) {
            int a = family == ProxyHeader.Family.INET ? 4 : 16;
            byte[] s = java.util.Arrays.copyOfRange(buf, 16, 16 + a);
            byte[] d = java.util.Arrays.copyOfRange(buf, 16 + a, 16 + 2 * a);
            src = new InetSocketAddress(AddressLiterals.of(s), u16(16 + 2 * a));
            dst = new InetSocketAddress(AddressLiterals.of(d), u16(16 + 2 * a + 2));
        }
        List<ProxyHeader.Tlv> tlvs = tlvs(16 + addrLen, total, "TLV");
        ProxyHeader.Ssl ssl = null;
        for (ProxyHeader.Tlv t : tlvs) {
            if (t.type() == PP2_TYPE_CRC32C) {
                checkCrc(tlvs, t);
            } else if (t.type() == PP2_TYPE_SSL && ssl == null) {
                ssl = ssl(t);
            }
        }
        return new ProxyHeader(2, ProxyHeader.Command.PROXY, family, transport, src, dst, srcPath, dstPath,
            tlvs, ssl, total);
    }

    /** TLVs in {@code buf[from, to)}; 2.2: type, 16-bit length, value. */
    private List<ProxyHeader.Tlv> tlvs(int from, int to, String what) throws ProxyHeaderException {
        List<ProxyHeader.Tlv> out = new ArrayList<>();
        int p = from;
        while (p < to) {
            if (to - p < 3) {
                throw new ProxyHeaderException("PROXY v2 header has " + (to - p) + " stray bytes where a "
                    + what + " should start");
            }
            int type = buf[p] & 0xFF;
            int len = u16(p + 1);
            if (p + 3 + len > to) {
                throw new ProxyHeaderException("PROXY v2 " + what + " " + hex((byte) type) + " of " + len
                    + " bytes runs past the end of the header");
            }
            out.add(new ProxyHeader.Tlv(type, java.util.Arrays.copyOfRange(buf, p + 3, p + 3 + len)));
            p += 3 + len;
        }
        return out;
    }

    /** 2.2.3: the checksum of the whole header with the checksum field zeroed. */
    private void checkCrc(List<ProxyHeader.Tlv> tlvs, ProxyHeader.Tlv crc) throws ProxyHeaderException {
        if (crc.length() != 4) {
            throw new ProxyHeaderException("PROXY v2 CRC32C TLV has " + crc.length() + " bytes, not 4");
        }
        int at = 16 + addrLenOf(buf[13]);
        for (ProxyHeader.Tlv t : tlvs) {
            if (t == crc) {
                break;
            }
            at += 3 + t.length();
        }
        byte[] copy = java.util.Arrays.copyOf(buf, size);
        java.util.Arrays.fill(copy, at + 3, at + 7, (byte) 0);
        CRC32C c = new CRC32C();
        c.update(copy, 0, copy.length);
        byte[] v = crc.raw();
        long got = (v[0] & 0xFFL) << 24 | (v[1] & 0xFF) << 16 | (v[2] & 0xFF) << 8 | (v[3] & 0xFF);
        if (got != c.getValue()) {
            throw new ProxyHeaderException("PROXY v2 header fails its CRC32C check");
        }
    }

    private static int addrLenOf(byte famProto) {
        switch ((famProto & 0xF0) >> 4) {
            case 1: return 12;
            case 2: return 36;
            case 3: return 2 * UNIX_PATH;
            default: return 0;
        }
    }

    /** 2.2.6: client flags, verify, then sub-TLVs. */
    private ProxyHeader.Ssl ssl(ProxyHeader.Tlv t) throws ProxyHeaderException {
        byte[] v = t.raw();
        if (v.length < 5) {
            throw new ProxyHeaderException("PROXY v2 SSL TLV has " + v.length + " bytes; it needs at least 5");
        }
        long verify = (v[1] & 0xFFL) << 24 | (v[2] & 0xFF) << 16 | (v[3] & 0xFF) << 8 | (v[4] & 0xFF);
        byte[] saved = buf;
        int savedSize = size;
        buf = v; // reuse the TLV walker on the value
        List<ProxyHeader.Tlv> sub;
        try {
            sub = tlvs(5, v.length, "SSL sub-TLV");
        } finally {
            buf = saved;
            size = savedSize;
        }
        String version = null;
        String cipher = null;
        String cn = null;
        String sig = null;
        String key = null;
        for (ProxyHeader.Tlv s : sub) {
            switch (s.type()) {
                case PP2_SUBTYPE_SSL_VERSION: version = s.text(); break;
                case PP2_SUBTYPE_SSL_CIPHER: cipher = s.text(); break;
                case PP2_SUBTYPE_SSL_CN: cn = s.text(); break;
                case PP2_SUBTYPE_SSL_SIG_ALG: sig = s.text(); break;
                case PP2_SUBTYPE_SSL_KEY_ALG: key = s.text(); break;
                default: break;
            }
        }
        return new ProxyHeader.Ssl(v[0] & 0xFF, verify, version, cipher, cn, sig, key);
    }

    /** A UNIX socket path: up to the first NUL of its 108 bytes. */
    private String path(int from) {
        int end = from;
        while (end < from + UNIX_PATH && buf[end] != 0) {
            end++;
        }
        return new String(buf, from, end - from, StandardCharsets.UTF_8);
    }

    private int u16(int at) {
        return (buf[at] & 0xFF) << 8 | (buf[at + 1] & 0xFF);
    }

    private String printable(int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            int c = buf[i] & 0xFF;
            if (c >= 0x20 && c < 0x7F) {
                b.append((char) c);
            } else {
                b.append(String.format("\\x%02x", c));
            }
        }
        return b.toString();
    }

    private static String hex(byte b) {
        return String.format("0x%02x", b & 0xFF);
    }
}
