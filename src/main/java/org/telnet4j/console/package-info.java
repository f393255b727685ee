/**
 * Embedded consoles: a telnet command line inside a running JVM (a game server's admin shell, a
 * device's maintenance port) that feels like a good local shell and is safe to leave running.
 *
 * <ul>
 *   <li>{@link org.telnet4j.console.ConsoleEditor}: the line editor, with no I/O (characters in,
 *       bytes to draw and finished lines out): cursor keys of xterm, VT100/VT220, PuTTY and the
 *       Linux console ({@link org.telnet4j.console.KeyDecoder}), history
 *       ({@link org.telnet4j.console.History}), Ctrl-R, Tab completion
 *       ({@link org.telnet4j.console.Completer}), output shown above the line being typed, wide
 *       and combining characters ({@link org.telnet4j.console.DisplayWidth}), wrapping at the
 *       NAWS width.</li>
 *   <li>{@link org.telnet4j.console.ConsoleSession}: drives the editor for one session on the
 *       event loop, without threads (the event-driven path, for game servers);
 *       {@link org.telnet4j.console.ConsoleIO}: its blocking face for a shell thread.</li>
 *   <li>{@link org.telnet4j.console.CommandShell} and {@link org.telnet4j.console.Command}: named
 *       commands with usage, help and completion.</li>
 *   <li>{@link org.telnet4j.console.Console}: the server that puts them together, bound to
 *       127.0.0.1 by default, with an optional login ({@link org.telnet4j.console.Authenticator},
 *       {@link org.telnet4j.console.PasswordFile}, {@link org.telnet4j.console.LoginGuard}).</li>
 * </ul>
 *
 * <h2>Why not JLine's LineReader</h2>
 * JLine can run a {@code LineReader} on a terminal built over a connection's streams, and it edits
 * well. We wrote our own editor instead, because: (1) the core of telnet4j depends on slf4j only
 * and JLine is an optional dependency, so a console that needs JLine would not be available to
 * every user of the library; (2) a {@code LineReader} blocks a thread per session, and the
 * event-driven path (game servers with thousands of sessions on one loop thread) must keep
 * working without threads; (3) JLine reads the window size and key bindings from a terminal it
 * owns, while here they arrive as telnet events (NAWS, IP, EC, EL) that the session already
 * decodes; and (4) an editor without I/O is tested as golden transcripts: bytes in, the screen of
 * a VT model out, split at every byte boundary, with no threads or sockets in the test. The price
 * is a smaller feature set than JLine's (no vi mode, no multi-line buffers, no syntax colours).
 *
 * <h2>Logins and TLS</h2>
 * The password is read with the server echoing (WILL ECHO, RFC 857) and nothing drawn for it.
 * TLS client certificates, the other way in, come with the TLS support: the seam is
 * {@link org.telnet4j.console.Authenticator#preauthenticated}, which will map a verified
 * certificate to a user and skip the password prompt.
 *
 * <p>Layering: this package uses {@code server}, {@code loop}, {@code protocol} and
 * {@code charset}; nothing below it uses it.
 */
package org.telnet4j.console;
