/**
 * Telnet options with a subnegotiation of their own: payload formats and the small state machines
 * around them (the terminal-type cycle, environment requests, charset selection). Like
 * {@code org.telnet4j.protocol}, nothing here does I/O: classes turn payload bytes into values and
 * values into payload bytes, and the server and client send them through a
 * {@link org.telnet4j.protocol.TelnetEngine}.
 */
package org.telnet4j.option;
