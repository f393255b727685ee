/**
 * The part of purejavacomm's {@code jtermios} API that pty4j 0.12.35 calls on Linux, written over
 * JNA for {@link org.telnet4j.pty.PtyShell}.
 *
 * <p>Why it is here: pty4j opens, reads, writes and polls its pseudo-terminal through
 * {@code jtermios.JTermios}, which lives in JetBrains' purejavacomm fork, and Maven Central does
 * not serve that artifact (the one Central has, {@code com.github.purejavacomm}, has a different,
 * incompatible API). telnet4j therefore excludes purejavacomm and supplies these few calls itself.
 * They bind the C library directly (open, close, read, write, poll, pipe, pipe2, tcgetattr, tcsetattr,
 * tcdrain) with Linux's constants and {@code struct termios} layout; nothing here is loaded unless
 * pty4j is. telnet4j's own reader of the terminal uses a few of them too (a read into native
 * memory, pipe2). Serial ports, purejavacomm's own subject, are not supported. An application that puts
 * the real purejavacomm on its class path ahead of telnet4j gets that one instead, which works too.
 */
package jtermios;
