package org.telnet4j.proxy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A network given as {@code address/prefix} ({@code 10.0.0.0/8}, {@code ::1/128}); a bare
 * address means that address alone. An IPv4 network also matches the IPv4-mapped IPv6 form of
 * its addresses ({@code ::ffff:10.1.2.3}), which a dual-stack socket reports.
 */
public final class Cidr {
    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /**
     * Parses one network.
     *
     * @throws IllegalArgumentException with a one-line message when {@code s} is not a network
     */
    public static Cidr parse(String s) {
        String t = s.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        InetAddress a = AddressLiterals.parse(addr);
        if (a == null) {
            throw new IllegalArgumentException("not an IP address: '" + addr + "' in '" + s + "'");
        }
        byte[] raw = a.getAddress();
        int bits = raw.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            try {
                prefix = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits || !p.matches("[0-9]{1,3}")) {
                throw new IllegalArgumentException("prefix length must be 0.." + bits + ": '" + s + "'");
            }
        }
        byte[] net = raw.clone();
        for (int i = 0; i < net.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            net[i] &= (byte) (0xFF << (8 - keep));
        }
        return new Cidr(net, prefix, t);
    }

    /** Parses a comma-separated list, e.g. {@code "127.0.0.1,10.0.0.0/8"}. */
    public static List<Cidr> parseList(String s) {
        List<Cidr> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(parse(part));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no network given: '" + s + "'");
        }
        return out;
    }

    /** True if {@code address} lies in this network. */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length == 16 && network.length == 4 && address instanceof Inet6Address && isMapped(a)) {
            a = java.util.Arrays.copyOfRange(a, 12, 16);
        }
        if (a.length != network.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            if (keep == 0) {
                break;
            }
            int mask = 0xFF << (8 - keep) & 0xFF;
            if ((a[i] & mask) != (network[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** True if any network in {@code list} contains {@code address}. */
    public static boolean anyContains(List<Cidr> list, InetAddress address) {
        for (Cidr c : list) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** True for an IPv4 network. */
    public boolean isIpv4() {
        return network.length == 4;
    }

    private static boolean isMapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr && ((Cidr) o).prefix == prefix
            && java.util.Arrays.equals(((Cidr) o).network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefix;
    }
}
