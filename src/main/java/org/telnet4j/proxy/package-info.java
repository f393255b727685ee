/**
 * The PROXY protocol (HAProxy's, versions 1 and 2): the header a load balancer puts in front of a
 * relayed TCP stream to tell the server who the real client is. No I/O: {@link
 * org.telnet4j.proxy.ProxyHeaderDecoder} takes bytes and yields a {@link
 * org.telnet4j.proxy.ProxyHeader}; {@link org.telnet4j.proxy.ProxyHeaderEncoder} writes one;
 * {@link org.telnet4j.proxy.Cidr} says which peers may send one.
 *
 * <p>Specification: HAProxy's {@code doc/proxy-protocol.txt} (2020-03-05 revision).
 */
package org.telnet4j.proxy;
