package org.telnet4j.console;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command line for consoles: commands registered by name, {@code help} listing them (and
 * {@code help NAME} for one), {@code exit} and {@code quit} to leave, and Tab completing command
 * names and then the command's own arguments. Words are split on spaces; double or single quotes
 * keep spaces in one word. Every error reaches the user as one line ({@code name: message}); an
 * unexpected exception is also logged with its stack trace.
 *
 * <p>Thread-safe to register commands at any time; {@link #run} is called once per session on
 * the session's shell thread.
 */
public final class CommandShell {
    private static final Logger LOG = LoggerFactory.getLogger(CommandShell.class);

    private final Map<String, Command> commands = Collections.synchronizedMap(new TreeMap<>());
    private volatile String prompt = "> ";
    private volatile String banner;

    /** A shell with only the built-in commands. */
    public CommandShell() {
        add(Command.of("help", "[COMMAND]", "list the commands, or show one", (ctx, args) -> help(ctx, args))
            .completing((line, cursor) -> names(line.substring(line.lastIndexOf(' ', cursor - 1) + 1, cursor))));
        add(Command.of("exit", "", "close the console", (ctx, args) -> ctx.io().close()));
        add(Command.of("quit", "", "close the console", (ctx, args) -> ctx.io().close()));
    }

    /** Registers a command, replacing one of the same name. */
    public CommandShell add(Command command) {
        commands.put(command.name(), Objects.requireNonNull(command, "command"));
        return this;
    }

    /** The prompt; default {@code "> "}. */
    public CommandShell prompt(String prompt) {
        this.prompt = Objects.requireNonNull(prompt, "prompt");
        return this;
    }

    /** A line shown when the shell starts, or null for none. */
    public CommandShell banner(String banner) {
        this.banner = banner;
        return this;
    }

    /** The command named {@code name}, or null. */
    public Command command(String name) {
        return commands.get(name);
    }

    /** Completion for the console's editor: command names first, then the command's arguments. */
    public Completer completer() {
        return (line, cursor) -> {
            String before = line.substring(0, cursor);
            int firstSpace = before.indexOf(' ');
            if (firstSpace < 0 || before.substring(0, firstSpace).isBlank()) {
                return names(before.strip());
            }
            Command c = commands.get(before.substring(0, firstSpace));
            return c == null || c.arguments() == null ? List.of() : c.arguments().complete(line, cursor);
        };
    }

    private List<String> names(String prefix) {
        synchronized (commands) {
            return commands.keySet().stream().filter(n -> n.startsWith(prefix)).toList();
        }
    }

    /**
     * Reads and runs commands until the user leaves or disconnects.
     *
     * @param user the user who logged in, or null
     */
    public void run(ConsoleIO io, String user) throws InterruptedException {
        io.console().session().connection().loop().execute(
            () -> io.console().editor().setCompleter(completer()));
        if (banner != null) {
            io.println(banner);
        }
        CommandContext ctx = new CommandContext(io, user);
        String line;
        while ((line = io.readLine(prompt)) != null) {
            List<String> words;
            try {
                words = split(line);
            } catch (CommandException e) {
                io.println(e.getMessage());
                continue;
            }
            if (words.isEmpty()) {
                continue;
            }
            String name = words.get(0);
            Command c = commands.get(name);
            if (c == null) {
                io.println("unknown command '" + name + "'; 'help' lists them");
                continue;
            }
            try {
                c.action().run(ctx, words.subList(1, words.size()));
            } catch (CommandException e) {
                io.println(name + ": " + e.getMessage());
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception | Error e) {
                LOG.warn("{} console command '{}' failed", io.session().addrport(), line, e);
                String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                io.println(name + ": failed: " + msg.lines().findFirst().orElse(""));
            }
            if (!io.session().isActive()) {
                return;
            }
        }
    }

    private void help(CommandContext ctx, List<String> args) throws Exception {
        if (!args.isEmpty()) {
            Command c = commands.get(args.get(0));
            if (c == null) {
                throw new CommandException("no command '" + args.get(0) + "'");
            }
            ctx.println(usageLine(c) + "  " + c.help());
            return;
        }
        List<Command> all;
        synchronized (commands) {
            all = new ArrayList<>(commands.values());
        }
        int width = all.stream().mapToInt(c -> usageLine(c).length()).max().orElse(0);
        for (Command c : all) {
            String u = usageLine(c);
            ctx.println(u + " ".repeat(width - u.length() + 2) + c.help());
        }
    }

    private static String usageLine(Command c) {
        return c.usage().isEmpty() ? c.name() : c.name() + " " + c.usage();
    }

    /** Splits a line into words; quotes keep spaces. */
    static List<String> split(String line) throws CommandException {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new CommandException("unterminated " + quote + " quote");
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }
}
