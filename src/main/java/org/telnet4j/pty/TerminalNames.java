package org.telnet4j.pty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Turns the terminal type a client announced (TTYPE, RFC 1091) into a {@code TERM} the host's
 * terminfo database has, so curses programs can draw.
 *
 * <p>The name is lowercased (RFC 1091 names are case-insensitive and usually upper case; terminfo
 * file names are lower case). If terminfo has it, it is used. Otherwise a family name is tried:
 * {@code xterm*}, {@code screen*} and {@code tmux*} become that family's {@code -256color} entry
 * when the name speaks of 256 colours, true colour or direct colour, else the family's base
 * entry; other colour names (MTTS's {@code ANSI-256COLOR}, {@code ANSI-TRUECOLOR}) become
 * {@code xterm-256color}; {@code ansi*} (BBS clients' {@code ANSI-BBS}) {@code ansi}; the DEC names
 * {@code vt52}..{@code vt5xx} and Windows telnet's {@code vtnt}, when missing, {@code vt100}. A
 * client that sent no type, or a name with characters terminfo file names never have, gets
 * {@code vt100}: every terminal emulator understands it, and it is in every terminfo
 * (Debian's ncurses-base).
 */
public final class TerminalNames {
    /** Where terminfo compiled entries live on Linux and the BSDs, searched in this order. */
    static final List<Path> TERMINFO_DIRS = List.of(Path.of("/etc/terminfo"), Path.of("/lib/terminfo"),
        Path.of("/usr/share/terminfo"), Path.of("/usr/lib/terminfo"), Path.of("/usr/share/lib/terminfo"));
    /** What a terminfo name may be made of: the name comes from the client, never a path. */
    private static final Pattern SAFE = Pattern.compile("[a-z0-9][a-z0-9.+_-]{0,63}");
    /** The fallback: the terminal type every emulator understands. */
    public static final String FALLBACK = "vt100";

    private final Predicate<String> known;

    /** Mapping against {@code known}, which tells whether terminfo has a name. */
    TerminalNames(Predicate<String> known) {
        this.known = known;
    }

    /** Mapping against this host's terminfo database. */
    public static TerminalNames system() {
        return new TerminalNames(TerminalNames::inSystemTerminfo);
    }

    /** The {@code TERM} for the client's terminal type ({@code null} or "unknown" when it sent none). */
    public String termFor(String terminalType) {
        if (terminalType == null) {
            return FALLBACK;
        }
        String t = terminalType.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.equals("unknown") || !SAFE.matcher(t).matches()) {
            return FALLBACK;
        }
        if (known.test(t)) {
            return t;
        }
        for (String family : families(t)) {
            if (known.test(family)) {
                return family;
            }
        }
        return FALLBACK;
    }

    private static List<String> families(String t) {
        boolean colors = t.contains("256color") || t.contains("truecolor") || t.contains("direct");
        for (String family : List.of("xterm", "screen", "tmux")) {
            if (t.startsWith(family)) {
                return colors ? List.of(family + "-256color", family) : List.of(family);
            }
        }
        if (colors) {
            return List.of("xterm-256color", "xterm");
        }
        if (t.startsWith("ansi")) {
            return List.of("ansi");
        }
        if (t.startsWith("vt")) {
            return List.of(FALLBACK);
        }
        return List.of();
    }

    /**
     * True if a compiled terminfo entry for {@code name} exists in one of {@link #TERMINFO_DIRS},
     * under its first letter (Linux) or that letter's hex code (macOS, some BSDs).
     */
    static boolean inSystemTerminfo(String name) {
        if (!SAFE.matcher(name).matches()) {
            return false;
        }
        String letter = name.substring(0, 1);
        String hex = Integer.toHexString(name.charAt(0));
        for (Path dir : TERMINFO_DIRS) {
            if (Files.isRegularFile(dir.resolve(letter).resolve(name))
                || Files.isRegularFile(dir.resolve(hex).resolve(name))) {
                return true;
            }
        }
        return false;
    }
}
