package org.telnet4j.console;

/** A command failed in a way the user should read as one line, such as a wrong argument. */
public class CommandException extends Exception {
    private static final long serialVersionUID = 1L;

    /** An error with the line to show. */
    public CommandException(String message) {
        super(message);
    }
}
