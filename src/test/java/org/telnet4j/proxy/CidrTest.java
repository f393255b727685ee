package org.telnet4j.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class CidrTest {
    private static InetAddress ip(String s) {
        return AddressLiterals.parse(s);
    }

    @Test
    void ipv4NetworksMatchTheirAddressesOnly() {
        Cidr c = Cidr.parse("10.1.0.0/16");
        assertTrue(c.contains(ip("10.1.0.0")));
        assertTrue(c.contains(ip("10.1.255.255")));
        assertFalse(c.contains(ip("10.2.0.1")));
        assertFalse(c.contains(ip("::1")));
        assertTrue(Cidr.parse("10.1.2.3/13").contains(ip("10.7.255.255")), "host bits are ignored");
        assertFalse(Cidr.parse("10.1.2.3/13").contains(ip("10.8.0.0")));
        assertTrue(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.1")));
    }

    @Test
    void bareAddressIsThatAddressAlone() {
        Cidr c = Cidr.parse("127.0.0.1");
        assertTrue(c.contains(ip("127.0.0.1")));
        assertFalse(c.contains(ip("127.0.0.2")));
        assertTrue(Cidr.parse("::1").contains(ip("::1")));
        assertFalse(Cidr.parse("::1").contains(ip("::2")));
    }

    @Test
    void ipv6NetworksAndMappedIpv4() {
        Cidr c = Cidr.parse("2001:db8::/32");
        assertTrue(c.contains(ip("2001:db8:ffff::1")));
        assertFalse(c.contains(ip("2001:db9::1")));
        assertTrue(Cidr.parse("192.168.0.0/24").contains(ip("::ffff:c0a8:0005")), "IPv4-mapped from a dual-stack socket");
        assertFalse(Cidr.parse("192.168.0.0/24").contains(ip("::ffff:c0a8:0105")));
    }

    @Test
    void listsAndErrors() {
        List<Cidr> l = Cidr.parseList("127.0.0.0/8, ::1 ,10.0.0.0/8");
        assertEquals(3, l.size());
        assertTrue(Cidr.anyContains(l, ip("10.9.9.9")));
        assertFalse(Cidr.anyContains(l, ip("192.0.2.1")));
        assertEquals("not an IP address: 'haproxy.local' in 'haproxy.local'",
            assertThrows(IllegalArgumentException.class, () -> Cidr.parse("haproxy.local")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("::/129"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/-1"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/x"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parseList(" , "));
    }
}
