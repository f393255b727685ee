package org.telnet4j.console;

/** An editing key, decoded by {@link KeyDecoder} from control characters and escape sequences. */
public enum Key {
    /** Return or Enter (CR, LF, CR LF, CR NUL, keypad Enter). */
    ENTER,
    /** Backspace (DEL or BS). */
    BACKSPACE,
    /** Delete the character under the cursor (ESC [ 3 ~). */
    DELETE,
    /** Cursor left (ESC [ D, ESC O D, Ctrl-B). */
    LEFT,
    /** Cursor right (ESC [ C, ESC O C, Ctrl-F). */
    RIGHT,
    /** History back (ESC [ A, ESC O A, Ctrl-P). */
    UP,
    /** History forward (ESC [ B, ESC O B, Ctrl-N). */
    DOWN,
    /** Start of line (ESC [ H, ESC O H, ESC [ 1 ~, ESC [ 7 ~, Ctrl-A). */
    HOME,
    /** End of line (ESC [ F, ESC O F, ESC [ 4 ~, ESC [ 8 ~, Ctrl-E). */
    END,
    /** One word left (Ctrl-Left, Alt-B). */
    WORD_LEFT,
    /** One word right (Ctrl-Right, Alt-F). */
    WORD_RIGHT,
    /** Delete to the end of line (Ctrl-K). */
    KILL_END,
    /** Delete to the start of line (Ctrl-U). */
    KILL_START,
    /** Delete the word before the cursor (Ctrl-W, Alt-Backspace). */
    KILL_WORD,
    /** Insert the text deleted last (Ctrl-Y). */
    YANK,
    /** Completion (Tab). */
    TAB,
    /** Reverse history search (Ctrl-R). */
    SEARCH,
    /** Abandon the line (Ctrl-C). */
    INTERRUPT,
    /** End of input on an empty line, otherwise delete under the cursor (Ctrl-D). */
    EOF,
    /** Cancel a search (Ctrl-G). */
    CANCEL,
    /** Clear the screen and redraw (Ctrl-L). */
    CLEAR,
    /** A lone Escape (no sequence followed in time). */
    ESCAPE,
    /** A key the editor does not use (function keys, Insert, Page Up...): ignored. */
    OTHER
}
