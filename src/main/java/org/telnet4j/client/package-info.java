/**
 * The telnet client: an I/O-free {@link org.telnet4j.client.ClientProtocol} (negotiation, text
 * decoding) driven three ways: {@link org.telnet4j.client.TelnetClient} on an event loop,
 * {@link org.telnet4j.client.BlockingTelnetClient} on the caller's thread, and
 * {@link org.telnet4j.client.Telnet}, modelled on Python's {@code telnetlib}. None of them starts
 * a hidden thread per connection. A {@link org.telnet4j.client.ClientShell} scripts a session
 * with blocking reads and writes ({@link org.telnet4j.client.TelnetClient#runShell}).
 */
package org.telnet4j.client;
