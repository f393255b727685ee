package org.telnet4j.examples;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The command line of the runnable examples ({@code [PORT] [HOST]}, {@code --help}) with one-line
 * errors instead of stack traces: bad usage exits 2, a port that cannot be listened on exits 1 and
 * names the address.
 */
final class ExampleArgs {
    final String host;
    final int port;
    private final String program;

    private ExampleArgs(String program, String host, int port) {
        this.program = program;
        this.host = host;
        this.port = port;
    }

    /**
     * Parses {@code args}; on {@code --help} prints {@code usage} and exits 0, on anything wrong
     * prints one line and exits 2.
     */
    static ExampleArgs parse(String program, String usage, String[] args, int defaultPort, boolean takesHost) {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(usage);
            System.exit(0);
        }
        int max = takesHost ? 2 : 1;
        if (args.length > max) {
            fail(program, "too many arguments (usage: " + usage.lines().findFirst().orElse("") + ")");
        }
        for (String a : args) {
            if (a.startsWith("-")) {
                fail(program, "unknown option '" + a + "' (try --help)");
            }
        }
        int port = defaultPort;
        if (args.length > 0) {
            try {
                port = Integer.parseInt(args[0]);
            } catch (NumberFormatException e) {
                fail(program, "PORT must be a number 0..65535, was '" + args[0] + "'");
            }
            if (port < 0 || port > 65535) {
                fail(program, "PORT must be 0..65535, was " + port);
            }
        }
        String host = args.length > 1 ? args[1] : "localhost";
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            fail(program, "cannot resolve host '" + host + "'");
        }
        return new ExampleArgs(program, host, port);
    }

    /** Says that the port could not be listened on, naming the address, and exits 1. */
    void cannotListen(IOException e) {
        String why = e instanceof BindException && e.getMessage() != null ? e.getMessage() : e.toString();
        System.err.println(program + ": cannot listen on " + host + ":" + port + ": " + why);
        System.exit(1);
    }

    private static void fail(String program, String message) {
        System.err.println(program + ": " + message);
        System.exit(2);
    }
}
