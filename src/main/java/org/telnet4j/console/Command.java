package org.telnet4j.console;

import java.util.List;
import java.util.Objects;

/**
 * A command of a {@link CommandShell}: its name, a one-line usage ({@code "set KEY VALUE"}), a
 * line of help, what it does, and optionally how its arguments complete.
 *
 * @param name what the user types; no spaces
 * @param usage the arguments, for {@code help} and usage errors ({@code "KEY VALUE"}; "" for none)
 * @param help one line saying what the command does
 * @param action what runs, on the shell's thread
 * @param arguments completion of the arguments (the line and cursor as the editor has them); null for none
 */
public record Command(String name, String usage, String help, Action action, Completer arguments) {

    /** What a command does. */
    @FunctionalInterface
    public interface Action {
        /**
         * Runs the command. Throw {@link CommandException} for a one-line error shown to the user
         * (a wrong argument, a failed operation); any other exception is also shown as one line
         * and logged with its stack trace.
         *
         * @param out where to print, and the session and user
         * @param args the words after the command name (quotes removed)
         */
        void run(CommandContext out, List<String> args) throws Exception;
    }

    /** Checks the name and texts. */
    public Command {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a command name is one word, was '" + name + "'");
        }
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(action, "action");
    }

    /** A command without argument completion. */
    public static Command of(String name, String usage, String help, Action action) {
        return new Command(name, usage, help, action, null);
    }

    /** The same command with argument completion from {@code completer}. */
    public Command completing(Completer completer) {
        return new Command(name, usage, help, action, completer);
    }

    /** The same command completing its arguments from a fixed list of words. */
    public Command completing(List<String> words) {
        List<String> w = List.copyOf(words);
        return completing((line, cursor) -> {
            String word = line.substring(line.lastIndexOf(' ', cursor - 1) + 1, cursor);
            return w.stream().filter(s -> s.startsWith(word)).toList();
        });
    }
}
