/**
 * Hosting programs in a pseudo-terminal: {@link org.telnet4j.pty.PtyShell}, a
 * {@link org.telnet4j.server.SessionHandler} that runs a program for each client, as
 * {@code telnet4j-server --pty-exec} does. Built on JetBrains' pty4j, an optional dependency:
 * nothing of it loads until a program starts. Linux.
 */
package org.telnet4j.pty;
