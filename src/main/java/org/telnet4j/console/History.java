package org.telnet4j.console;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Lines entered before, oldest first, for Up/Down and Ctrl-R. Each console session has its own by
 * default; an application that wants one history for every session (or one that outlives the
 * process) passes its own, which must then be thread-safe: sessions run on the event loop.
 */
public interface History {

    /** Remembers a line just entered (the editor leaves out blank lines and repeats). */
    void add(String line);

    /** The remembered lines, oldest first; a snapshot the caller may keep. */
    List<String> lines();

    /** A history in memory keeping the newest {@code max} lines; thread-safe. */
    static History inMemory(int max) {
        return new Bounded(max);
    }

    /** The in-memory history: a bounded deque under a lock. */
    final class Bounded implements History {
        private final int max;
        private final ArrayDeque<String> lines = new ArrayDeque<>();

        Bounded(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("history size must be at least 1, was " + max);
            }
            this.max = max;
        }

        @Override
        public synchronized void add(String line) {
            if (lines.size() == max) {
                lines.removeFirst();
            }
            lines.addLast(line);
        }

        @Override
        public synchronized List<String> lines() {
            return new ArrayList<>(lines);
        }
    }
}
