package org.telnet4j.fingerprint;

import java.util.regex.Pattern;

/**
 * The simple prompts a probe answers to get past a server's opening without logging in, and the
 * login prompts it never answers. Only the banner's last non-blank line is looked at, with ANSI
 * escape sequences removed: a prompt waits at the end of what the server sent.
 */
final class Prompts {
    /** What a prompt is and what the probe sends back (null for a login prompt: nothing). */
    enum Kind {
        /** A user name or password prompt: recorded, never answered. */
        LOGIN(null),
        /** "Do you want ANSI color?", "Color? (Y/n)". */
        COLOUR("y\r\n"),
        /** "(y/n)", "[Y/n]", "Continue? (yes/no)". */
        YES_NO("y\r\n"),
        /** "Press return", "press any key", "Hit ENTER". */
        PRESS_RETURN("\r\n");

        final String answer;

        Kind(String answer) {
            this.answer = answer;
        }

        String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A prompt found: its kind, the line it is on, and what to send. */
    record Match(Kind kind, String line, String answer) {
    }

    private static final Pattern ANSI = Pattern.compile("\u001b(\\[[0-?]*[ -/]*[@-~]|[@-Z\\\\-_])");
    private static final Pattern LOGIN = Pattern.compile(
        "(?i)\\b(login|user ?name|user ?id|password|passwd|passphrase)\\s*[:>?]?\\s*$"
            + "|\\b(user|account|name|handle|alias)\\s*[:>?]\\s*$");
    private static final Pattern YES_NO = Pattern.compile(
        "(?i)[(\\[<]\\s*(y|yes)\\s*/\\s*(n|no)\\s*[)\\]>]\\s*[?:]?\\s*$");
    private static final Pattern SPELLED = Pattern.compile("(?i)[(\\[<]\\s*yes\\s*/\\s*no\\s*[)\\]>]");
    private static final Pattern COLOUR = Pattern.compile("(?i)\\b(ansi|colou?rs?)\\b.*\\?");
    private static final Pattern PRESS = Pattern.compile(
        "(?i)\\b(press|hit|strike)\\b.{0,20}\\b(return|enter|any key|a key|<cr>|cr)\\b|[<\\[](return|enter|cr)[>\\]]\\s*$");
    private static final int MAX_LINE = 200;

    private Prompts() {
    }

    /** The prompt at the end of {@code text}, or null. */
    static Match find(String text) {
        String line = lastLine(ANSI.matcher(text).replaceAll(""));
        if (line.isEmpty()) {
            return null;
        }
        String shown = line.length() > MAX_LINE ? line.substring(line.length() - MAX_LINE) : line;
        if (LOGIN.matcher(line).find()) {
            return new Match(Kind.LOGIN, shown, null);
        }
        if (COLOUR.matcher(line).find()) {
            return new Match(Kind.COLOUR, shown, Kind.COLOUR.answer);
        }
        if (YES_NO.matcher(line).find()) {
            // A prompt that spells out "yes/no" often refuses a bare "y".
            return new Match(Kind.YES_NO, shown, SPELLED.matcher(line).find() ? "yes\r\n" : Kind.YES_NO.answer);
        }
        if (PRESS.matcher(line).find()) {
            return new Match(Kind.PRESS_RETURN, shown, Kind.PRESS_RETURN.answer);
        }
        return null;
    }

    private static String lastLine(String text) {
        String[] lines = text.split("[\r\n]+");
        for (int i = lines.length - 1; i >= 0; i--) {
            String l = lines[i].replaceAll("[\\x00-\\x08\\x0b-\\x1f\\x7f]", "").strip();
            if (!l.isEmpty()) {
                return l;
            }
        }
        return "";
    }
}
