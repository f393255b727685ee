/**
 * LINEMODE (RFC 1184, option 34): the client edits lines itself and the two sides agree on the
 * editing mode, the special characters and which characters end a line early.
 *
 * <p>Like the rest of {@code org.telnet4j.option}, nothing here does I/O. {@link
 * org.telnet4j.option.linemode.Linemode} takes the payload of a received
 * {@code IAC SB LINEMODE ... IAC SE} (already unescaped by the parser) and returns the payloads to
 * send back; the caller frames them with {@code TelnetEngine.sendSubnegotiation}, which doubles
 * any 0xFF. {@link org.telnet4j.option.linemode.SlcTable} is the special-character table and the
 * exchange of RFC 1184 section 5, {@link org.telnet4j.option.linemode.ForwardMask} the
 * FORWARDMASK bit set, and {@link org.telnet4j.option.linemode.LineBuffer} the client's local
 * line editor for MODE EDIT.
 */
package org.telnet4j.option.linemode;
