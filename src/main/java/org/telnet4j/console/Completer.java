package org.telnet4j.console;

import java.util.List;

/**
 * Tab completion: the words that could stand at the cursor. The editor replaces the word being
 * typed (from the last space before the cursor to the cursor) with the only candidate and a space,
 * or with the candidates' longest common prefix and lists them all when there are several.
 * Called on the event-loop thread: it must be quick.
 */
@FunctionalInterface
public interface Completer {

    /**
     * Candidates for the word that ends at {@code cursor}.
     *
     * @param line the whole line typed so far
     * @param cursor where the cursor is, as an index into {@code line}
     * @return full replacements for the word before the cursor; empty if none
     */
    List<String> complete(String line, int cursor);
}
