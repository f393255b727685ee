/**
 * Telnet options beyond a yes or no: payload formats and the small state machines around them.
 * {@link org.telnet4j.option.TerminalType} (RFC 930/1091 cycle and MTTS),
 * {@link org.telnet4j.option.WindowSize} (NAWS, RFC 1073), {@link org.telnet4j.option.Environ}
 * (NEW-ENVIRON, RFC 1572, and the old ENVIRON of RFC 1408 with RFC 1571's reversal tests),
 * {@link org.telnet4j.option.CharsetNegotiation} (RFC 2066), {@link org.telnet4j.option.Status}
 * (RFC 859), {@link org.telnet4j.option.TextOption} (TERMINAL-SPEED, RFC 1079, and
 * X-DISPLAY-LOCATION, RFC 1096), {@link org.telnet4j.option.SendLocation} (RFC 779) and
 * {@link org.telnet4j.option.FlowControl} (RFC 1372). {@link org.telnet4j.option.TelnetOptions}
 * ties the per-connection ones (STATUS, TIMING-MARK requests, LOGOUT, SEND-LOCATION, TSPEED,
 * XDISPLOC, LFLOW, Synch and prompt marks) to a {@link org.telnet4j.protocol.TelnetEngine} for a
 * server or a client.
 *
 * <p>Like {@code org.telnet4j.protocol}, nothing here does I/O: classes turn payload bytes into
 * values and values into payload bytes, and the server and client send them through a
 * {@link org.telnet4j.protocol.TelnetEngine}. None of it is on the parser's data path.
 */
package org.telnet4j.option;
