package org.telnet4j.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Strict IPv4 and IPv6 literal parsing without name lookups. {@link InetAddress#getByName} would
 * accept host names (and so do DNS queries on input a peer controls), octal-looking parts and
 * IPv4-mapped forms that the PROXY protocol does not allow.
 */
final class AddressLiterals {
    private AddressLiterals() {
    }

    /**
     * Four decimal numbers 0..255 joined by dots, no leading zeros (proxy-protocol.txt 2.1: "to
     * avoid any possible confusion with octal numbers"); null if {@code s} is not one.
     */
    static byte[] ipv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int i = 0;
        int n = s.length();
        while (part < 4) {
            int start = i;
            int v = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                v = v * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || v > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return null;
            }
            out[part++] = (byte) v;
            if (part < 4) {
                if (i >= n || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == n ? out : null;
    }

    /**
     * Eight groups of one to four hex digits joined by colons, one {@code ::} allowed in place of
     * one or more zero groups; null if {@code s} is not one. Dotted IPv4 tails are refused: the
     * specification counts only hex groups.
     */
    static byte[] ipv6(String s) {
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        int[] head;
        int[] tail;
        if (dbl < 0) {
            head = groups(s);
            tail = new int[0];
            if (head == null || head.length != 8) {
                return null;
            }
        } else {
            head = dbl == 0 ? new int[0] : groups(s.substring(0, dbl));
            tail = dbl + 2 == s.length() ? new int[0] : groups(s.substring(dbl + 2));
            if (head == null || tail == null || head.length + tail.length > 7) {
                return null;
            }
        }
        byte[] out = new byte[16];
        for (int g = 0; g < head.length; g++) {
            out[2 * g] = (byte) (head[g] >> 8);
            out[2 * g + 1] = (byte) head[g];
        }
        for (int g = 0; g < tail.length; g++) {
            int at = 8 - tail.length + g;
            out[2 * at] = (byte) (tail[g] >> 8);
            out[2 * at + 1] = (byte) tail[g];
        }
        return out;
    }

    private static int[] groups(String s) {
        String[] parts = s.split(":", -1);
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                int d = Character.digit(p.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                v = v * 16 + d;
            }
            out[i] = v;
        }
        return out;
    }

    /** The address for 4 or 16 bytes; IPv6 stays IPv6 even when IPv4-mapped. */
    static InetAddress of(byte[] raw) {
        try {
            if (raw.length == 16) {
                return java.net.Inet6Address.getByAddress(null, raw, -1);
            }
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e); // only for a wrong length, which callers rule out
        }
    }

    /** An IPv4 or IPv6 literal, or null. */
    static InetAddress parse(String s) {
        byte[] raw = s.indexOf(':') >= 0 ? ipv6(s) : ipv4(s);
        return raw == null ? null : of(raw);
    }
}
