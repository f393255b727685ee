package org.telnet4j.client;

/**
 * A blocking script for one client connection, like telnetlib3's client {@code shell(reader,
 * writer)}: it runs on the caller's thread while the event loop reads and negotiates, and the
 * connection is closed when it returns or throws.
 *
 * <pre>{@code
 * ClientShell hello = (in, out) -> {
 *     in.readUntil("login: ", Duration.ofSeconds(10));
 *     out.println("guest");
 *     System.out.println(in.readLine(Duration.ofSeconds(5)));
 * };
 * TelnetClient.runShell(loop, "localhost", 6023, ClientConfig.defaults(), hello);
 * }</pre>
 *
 * <p>A class named on the command line ({@code bin/telnet4j-client --shell CLASS}) needs a public
 * no-argument constructor.
 */
@FunctionalInterface
public interface ClientShell {

    /**
     * Talks to the server until done.
     *
     * @param in text from the server; the read methods return null once it has closed
     * @param out text to the server, and the session for its options and encoding
     */
    void run(ClientReader in, ClientWriter out) throws Exception;
}
