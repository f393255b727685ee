/**
 * Character sets of retro computers and BBSes as real {@link java.nio.charset.Charset}s.
 *
 * <table>
 *   <caption>Charsets and their names</caption>
 *   <tr><th>Constant</th><th>Canonical name</th><th>Aliases</th></tr>
 *   <tr><td>{@link org.telnet4j.charset.RetroCharsets#ATASCII}</td><td>ATASCII</td>
 *       <td>atari8bit, atari_8bit, atascii</td></tr>
 *   <tr><td>{@link org.telnet4j.charset.RetroCharsets#PETSCII}</td><td>PETSCII</td>
 *       <td>cbm, commodore, c64, c128, petscii</td></tr>
 *   <tr><td>{@link org.telnet4j.charset.RetroCharsets#ATARI_ST}</td><td>ATARIST</td>
 *       <td>atari-st, atarist, atari</td></tr>
 *   <tr><td>{@link org.telnet4j.charset.RetroCharsets#BIG5_BBS}</td><td>BIG5BBS</td>
 *       <td>big5bbs, big5-bbs</td></tr>
 * </table>
 *
 * <p>{@link org.telnet4j.charset.RetroCharsetProvider} registers them with the JVM, so
 * {@code Charset.forName("c64")} works wherever this library is on the class path, and
 * {@link org.telnet4j.charset.RetroCharsets#lookup(String)} resolves any name, ours or the JVM's.
 *
 * <p>Common rules: graphics characters map to Unicode box drawing, block elements and, where
 * nothing older fits, the Unicode 13 Symbols for Legacy Computing block (outside the BMP, so such
 * characters are surrogate pairs in Java strings). Device control codes decode to the C0/C1
 * control with the same meaning, or else with the same byte value, so no control byte is lost.
 * Bad input never throws from a decoder or encoder: it is reported as malformed or unmappable and
 * handled by the caller's {@link java.nio.charset.CodingErrorAction}. Each charset class documents
 * its table and which bytes do not survive a decode/encode round trip.
 *
 * <p>For a client on a modern terminal talking to an ATASCII or PETSCII BBS,
 * {@link org.telnet4j.charset.RetroKeys} maps the terminal's keys (Enter, Backspace, arrows...) to
 * what that machine's keyboard sends, and {@link org.telnet4j.charset.RetroScreen} turns the
 * machine's screen-editor codes in received text into ANSI sequences. Both are free of I/O.
 */
package org.telnet4j.charset;
