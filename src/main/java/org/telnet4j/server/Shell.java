package org.telnet4j.server;

/**
 * A blocking program for one connection, like telnetlib3's {@code shell(reader, writer)}: the
 * server runs it on a thread of its own (a virtual thread on JVMs that have them) once negotiation
 * is over, and closes the connection when it returns or throws.
 *
 * <pre>{@code
 * Shell hello = (in, out) -> {
 *     out.prompt("Name? ");
 *     String name = in.readLine();
 *     if (name != null) {
 *         out.println("Hello, " + name + "!");
 *     }
 * };
 * TelnetServer.builder().shell(hello).build().bind();
 * }</pre>
 *
 * <p>A class named on the command line ({@code --shell}) needs a public no-argument constructor.
 */
@FunctionalInterface
public interface Shell {

    /**
     * Talks to one client until done.
     *
     * @param in lines the client types; {@code readLine()} returns null once it disconnects
     * @param out text to the client, and the session for its terminal type, size and options
     */
    void run(ShellReader in, ShellWriter out) throws Exception;
}
