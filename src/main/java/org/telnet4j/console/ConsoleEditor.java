package org.telnet4j.console;

import java.util.List;
import java.util.Objects;

/**
 * A line editor for a remote terminal, with no I/O: characters the client typed go in through
 * {@link #feed}, the bytes to send back (echo, cursor moves, redraws) come out of
 * {@link #takeOutput}, and finished lines go to the {@link Listener}. The server echoes (character
 * mode), so every change on screen is drawn from here with VT100 cursor movement ({@code CSI n A},
 * {@code CSI n B}, {@code CSI n C}, CR) and erase-below ({@code CSI J}), which every terminal the
 * console is used from (xterm, VT220, PuTTY, the Linux console, tmux, screen) understands.
 *
 * <p>Keys: Left/Right, Home/End, Ctrl-A/E/B/F, Ctrl-K/U/W/Y, Backspace, Delete under the cursor,
 * insertion anywhere, Up/Down (Ctrl-P/N) through the {@link History}, Ctrl-R reverse search
 * (typing extends the search, Ctrl-R again finds an older match, Enter accepts, Ctrl-G cancels,
 * other keys leave the search with the match in the line), Tab through the {@link Completer},
 * Ctrl-C abandons the line, Ctrl-D on an empty line is end of input, Ctrl-L redraws.
 *
 * <p>Layout: the editor knows the window width ({@link #setColumns}, from NAWS) and where the
 * terminal's cursor is relative to the start of the prompt, so lines longer than the window wrap
 * and redraw correctly, and a resize redraws the line at the new width (for terminals that reflow
 * wrapped lines on resize, as tmux, VTE and kitty do). Characters are kept whole: a wide character
 * (CJK, emoji) takes two columns and moves to the next row whole when one column is left; a
 * combining mark, variation selector or zero-width-joiner sequence stays with the character before
 * it, and the cursor steps over such a cluster as one.
 *
 * <p>Between lines (after Enter, before the next {@link #start}) input is kept as type-ahead and
 * edited when the next line starts, so nothing typed during a slow command is lost;
 * {@link #typeaheadFull()} tells the driver to stop reading. Single-threaded: the driver calls it
 * from one thread (the session's event-loop thread).
 */
public final class ConsoleEditor {
    /** Default longest line, in UTF-16 units. */
    public static final int DEFAULT_MAX_LINE = 4096;
    /** Default type-ahead kept between lines before the driver should stop reading. */
    public static final int DEFAULT_MAX_TYPEAHEAD = 4096;
    /** Candidates listed at most for one Tab. */
    public static final int MAX_LISTED = 200;

    private static final String CSI = "\033[";

    /** What the editor tells its driver. */
    public interface Listener {
        /** A line was entered (without its end of line). The editor is idle until the next start. */
        void onLine(String line);

        /** Ctrl-D on an empty line. The editor is idle. */
        void onEof();

        /** The line reached the longest allowed; the extra input was refused with a bell. */
        default void onLineTooLong(int max) {
        }
    }

    private final Listener listener;
    private final KeyDecoder keys;
    private final int maxLine;
    private final int maxTypeahead;
    private final StringBuilder out = new StringBuilder();
    private final StringBuilder typeahead = new StringBuilder();
    private History history = History.inMemory(500);
    private Completer completer;
    private int columns = 80;

    private boolean reading;
    private boolean masked;
    private String prompt = "";
    private final StringBuilder buf = new StringBuilder();
    private int cursor;
    private int curRow;
    private int curCol;
    private char pendingHigh;
    private boolean tooLongReported;
    private String killed = "";

    private List<String> past = List.of();
    private int pastIndex;
    private String savedLine = "";

    private boolean searching;
    private final StringBuilder query = new StringBuilder();
    private String lastQuery = "";
    private int searchIndex;
    private boolean searchFailed;
    private String beforeSearch;
    private int beforeSearchCursor;

    /** An editor with the default limits. */
    public ConsoleEditor(Listener listener) {
        this(listener, DEFAULT_MAX_LINE, DEFAULT_MAX_TYPEAHEAD);
    }

    /**
     * An editor.
     *
     * @param maxLine longest line (UTF-16 units); more input rings the bell
     * @param maxTypeahead type-ahead between lines after which {@link #typeaheadFull()} is true
     */
    public ConsoleEditor(Listener listener, int maxLine, int maxTypeahead) {
        if (maxLine < 1 || maxTypeahead < 1) {
            throw new IllegalArgumentException("limits must be positive: maxLine " + maxLine
                + ", maxTypeahead " + maxTypeahead);
        }
        this.listener = Objects.requireNonNull(listener, "listener");
        this.maxLine = maxLine;
        this.maxTypeahead = maxTypeahead;
        this.keys = new KeyDecoder(new KeyDecoder.Sink() {
            @Override
            public void onText(char c) {
                text(c);
            }

            @Override
            public void onKey(Key key) {
                key(key);
            }
        });
    }

    /** The history Up/Down and Ctrl-R read and Enter adds to; default 500 lines of its own. */
    public void setHistory(History history) {
        this.history = Objects.requireNonNull(history, "history");
    }

    /** The history in use. */
    public History history() {
        return history;
    }

    /** Tab completion; null (the default) rings the bell on Tab. */
    public void setCompleter(Completer completer) {
        this.completer = completer;
    }

    /** The window width in columns (from NAWS); a change while a line is edited redraws it. */
    public void setColumns(int cols) {
        int c = Math.max(4, cols);
        if (c == columns) {
            return;
        }
        columns = c;
        if (reading) {
            // A terminal that reflows has moved the cursor with the text: it is where the
            // layout at the new width puts it.
            int[] p = cursorPos();
            curRow = p[0];
            curCol = p[1];
            redraw();
        }
    }

    /** The window width the layout uses. */
    public int columns() {
        return columns;
    }

    /**
     * Starts editing a line: draws {@code prompt} (the terminal's cursor must be at the start of
     * a row) and edits the type-ahead kept since the last line.
     *
     * @param mask true for a password: nothing typed is shown and the line is not remembered
     */
    public void start(String prompt, boolean mask) {
        this.prompt = Objects.requireNonNull(prompt, "prompt");
        this.masked = mask;
        reading = true;
        buf.setLength(0);
        cursor = 0;
        curRow = 0;
        curCol = 0;
        tooLongReported = false;
        past = mask ? List.of() : history.lines();
        pastIndex = past.size();
        drawAll();
        if (typeahead.length() > 0) {
            String t = typeahead.toString();
            typeahead.setLength(0);
            for (int i = 0; i < t.length(); i++) {
                feed(t.charAt(i));
            }
        }
    }

    /** True while a line is being edited (between {@link #start} and Enter or Ctrl-D). */
    public boolean isReading() {
        return reading;
    }

    /** The line as typed so far. */
    public String line() {
        return buf.toString();
    }

    /** The cursor's index in {@link #line()}. */
    public int cursor() {
        return cursor;
    }

    /** One character from the client (already decoded from the session's charset). */
    public void feed(char c) {
        if (reading) {
            keys.feed(c);
        } else {
            typeahead.append(c);
        }
    }

    /** Every character of {@code s}, as {@link #feed(char)}. */
    public void feed(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            feed(s.charAt(i));
        }
    }

    /** True while an escape sequence (or a lone ESC) is incomplete: call {@link #flushEscape} if no more input comes soon. */
    public boolean hasPendingEscape() {
        return reading && keys.isPending();
    }

    /** No more input came after an ESC: it was the Escape key (an incomplete sequence is dropped). */
    public void flushEscape() {
        keys.flush();
    }

    /** True when the type-ahead kept between lines reached its limit: stop reading. */
    public boolean typeaheadFull() {
        return typeahead.length() >= maxTypeahead;
    }

    /**
     * Text from the application. While a line is edited it appears above it, as output does in a
     * local shell: the line is erased, the text written, and the prompt and line drawn again below.
     * LF becomes CR LF; a missing last line end is added while a line is edited.
     */
    public void print(String text) {
        String t = text.replace("\r\n", "\n").replace("\n", "\r\n");
        if (!reading) {
            out.append(t);
            return;
        }
        moveTo(0, 0);
        out.append(CSI).append('J').append(t);
        if (!t.endsWith("\r\n")) {
            out.append("\r\n");
        }
        curRow = 0;
        curCol = 0;
        drawAll();
    }

    /**
     * Something other than the editor wrote to the terminal and left its cursor at the start of
     * a fresh row (the server's answer to AYT, say): draw the prompt and line again there.
     */
    public void redrawOnFreshRow() {
        if (reading) {
            curRow = 0;
            curCol = 0;
            drawAll();
        }
    }

    /** The bytes to send to the client since the last call, as text; empties the buffer. */
    public String takeOutput() {
        String s = out.toString();
        out.setLength(0);
        return s;
    }

    /** True if there is output to take. */
    public boolean hasOutput() {
        return out.length() > 0;
    }

    // ---- input ----

    private void text(char c) {
        if (Character.isHighSurrogate(c)) {
            pendingHigh = c;
            return;
        }
        String s;
        if (Character.isLowSurrogate(c)) {
            if (pendingHigh == 0) {
                return; // a lone low surrogate: not a character
            }
            s = new String(new char[] {pendingHigh, c});
        } else {
            s = String.valueOf(c);
        }
        pendingHigh = 0;
        if (searching) {
            query.append(s);
            search(Math.min(searchIndex, past.size() - 1));
            return;
        }
        insert(s);
    }

    private void insert(String s) {
        if (buf.length() + s.length() > maxLine) {
            out.append('\007');
            if (!tooLongReported) {
                tooLongReported = true;
                listener.onLineTooLong(maxLine);
            }
            return;
        }
        boolean atEnd = cursor == buf.length();
        int before = buf.length();
        buf.insert(cursor, s);
        cursor += s.length();
        if (atEnd && !masked && prevBoundary(buf.length()) == before
                && DisplayWidth.of(s.codePointAt(0)) > 0) {
            // Typing at the end: echo the character and let the terminal wrap.
            out.append(s);
            int[] p = endPos();
            placeAfterDrawing(p);
            return;
        }
        redraw();
    }

    private void key(Key k) {
        if (searching && searchKey(k)) {
            return;
        }
        switch (k) {
            case ENTER -> enter();
            case BACKSPACE -> {
                if (cursor > 0) {
                    int p = prevBoundary(cursor);
                    buf.delete(p, cursor);
                    cursor = p;
                    redraw();
                }
            }
            case DELETE -> deleteUnder();
            case LEFT -> moveCursor(cursor > 0 ? prevBoundary(cursor) : 0);
            case RIGHT -> moveCursor(cursor < buf.length() ? nextBoundary(cursor) : cursor);
            case HOME -> moveCursor(0);
            case END -> moveCursor(buf.length());
            case WORD_LEFT -> moveCursor(wordStart(cursor));
            case WORD_RIGHT -> moveCursor(wordEnd(cursor));
            case KILL_END -> {
                if (cursor < buf.length()) {
                    killed = buf.substring(cursor);
                    buf.setLength(cursor);
                    redraw();
                }
            }
            case KILL_START -> {
                if (cursor > 0) {
                    killed = buf.substring(0, cursor);
                    buf.delete(0, cursor);
                    cursor = 0;
                    redraw();
                }
            }
            case KILL_WORD -> {
                int w = wordStart(cursor);
                if (w < cursor) {
                    killed = buf.substring(w, cursor);
                    buf.delete(w, cursor);
                    cursor = w;
                    redraw();
                }
            }
            case YANK -> {
                if (!killed.isEmpty()) {
                    insert(killed);
                }
            }
            case UP -> recall(-1);
            case DOWN -> recall(1);
            case TAB -> complete();
            case SEARCH -> startSearch();
            case INTERRUPT -> interrupt();
            case EOF -> {
                if (buf.length() == 0) {
                    moveTo(0, 0);
                    out.append("\r\n");
                    endLine();
                    listener.onEof();
                } else {
                    deleteUnder();
                }
            }
            case CLEAR -> {
                out.append(CSI).append('H').append(CSI).append("2J");
                curRow = 0;
                curCol = 0;
                drawAll();
            }
            case CANCEL -> out.append('\007');
            case ESCAPE, OTHER -> { }
            default -> throw new AssertionError(k);
        }
    }

    private void enter() {
        int[] end = cursorPos(visible().length());
        moveTo(end[0], end[1]);
        if (endPos()[1] < columns) { // a full last row has already put the cursor on a new row
            out.append("\r\n");
        }
        String line = buf.toString();
        if (!masked && !line.isBlank() && (past.isEmpty() || !past.get(past.size() - 1).equals(line))) {
            history.add(line);
        }
        endLine();
        listener.onLine(line);
    }

    private void endLine() {
        reading = false;
        searching = false;
        buf.setLength(0);
        cursor = 0;
        curRow = 0;
        curCol = 0;
    }

    private void interrupt() {
        searching = false;
        int[] end = cursorPos(visible().length());
        moveTo(end[0], end[1]);
        out.append("^C\r\n");
        buf.setLength(0);
        cursor = 0;
        curRow = 0;
        curCol = 0;
        pastIndex = past.size();
        drawAll();
    }

    private void deleteUnder() {
        if (cursor < buf.length()) {
            buf.delete(cursor, nextBoundary(cursor));
            redraw();
        }
    }

    private void moveCursor(int to) {
        cursor = to;
        int[] p = cursorPos();
        moveTo(p[0], p[1]);
    }

    private void recall(int dir) {
        if (masked) {
            return;
        }
        if (pastIndex == past.size()) { // not yet browsing: see lines other sessions added since
            past = history.lines();
            pastIndex = past.size();
        }
        int to = pastIndex + dir;
        if (to < 0 || to > past.size()) {
            out.append('\007');
            return;
        }
        if (pastIndex == past.size()) {
            savedLine = buf.toString();
        }
        pastIndex = to;
        buf.setLength(0);
        buf.append(to == past.size() ? savedLine : past.get(to));
        cursor = buf.length();
        redraw();
    }

    // ---- completion ----

    private void complete() {
        if (completer == null || masked) {
            out.append('\007');
            return;
        }
        String line = buf.toString();
        int ws = line.lastIndexOf(' ', cursor - 1) + 1;
        String word = line.substring(ws, cursor);
        List<String> c = completer.complete(line, cursor);
        if (c == null || c.isEmpty()) {
            out.append('\007');
            return;
        }
        if (c.size() == 1) {
            String rep = c.get(0);
            boolean spaceNext = cursor < buf.length() && buf.charAt(cursor) == ' ';
            replaceWord(ws, spaceNext ? rep : rep + " ");
            if (spaceNext) {
                cursor++;
                int[] p = cursorPos();
                moveTo(p[0], p[1]);
            }
            return;
        }
        String prefix = commonPrefix(c);
        if (prefix.length() > word.length() && prefix.startsWith(word)) {
            replaceWord(ws, prefix);
            return;
        }
        list(c);
    }

    private void replaceWord(int ws, String rep) {
        if (buf.length() - (cursor - ws) + rep.length() > maxLine) {
            out.append('\007');
            return;
        }
        buf.replace(ws, cursor, rep);
        cursor = ws + rep.length();
        redraw();
    }

    private void list(List<String> c) {
        int[] end = cursorPos(visible().length());
        moveTo(end[0], end[1]);
        out.append("\r\n");
        int n = Math.min(c.size(), MAX_LISTED);
        int width = 1;
        for (int i = 0; i < n; i++) {
            width = Math.max(width, DisplayWidth.of(c.get(i)));
        }
        width += 2;
        int perRow = Math.max(1, columns / width);
        for (int i = 0; i < n; i++) {
            String s = c.get(i);
            boolean last = (i + 1) % perRow == 0 || i == n - 1;
            out.append(s);
            if (last) {
                out.append("\r\n");
            } else {
                out.append(" ".repeat(width - DisplayWidth.of(s)));
            }
        }
        if (c.size() > n) {
            out.append("(").append(c.size() - n).append(" more)\r\n");
        }
        curRow = 0;
        curCol = 0;
        drawAll();
    }

    private static String commonPrefix(List<String> c) {
        String p = c.get(0);
        for (String s : c) {
            int i = 0;
            while (i < p.length() && i < s.length() && p.charAt(i) == s.charAt(i)) {
                i++;
            }
            p = p.substring(0, i);
        }
        return p;
    }

    // ---- reverse search ----

    private void startSearch() {
        if (masked) {
            return;
        }
        searching = true;
        past = history.lines();
        pastIndex = past.size();
        query.setLength(0);
        searchFailed = false;
        searchIndex = past.size();
        beforeSearch = buf.toString();
        beforeSearchCursor = cursor;
        redraw();
    }

    /** A key while searching; false if the search ended and the key is for the line. */
    private boolean searchKey(Key k) {
        switch (k) {
            case SEARCH -> {
                if (query.length() == 0) {
                    query.append(lastQuery);
                }
                search(searchIndex - 1);
                return true;
            }
            case BACKSPACE -> {
                if (query.length() > 0) {
                    query.setLength(query.length() - 1);
                }
                search(past.size() - 1);
                return true;
            }
            case CANCEL, INTERRUPT -> {
                searching = false;
                buf.setLength(0);
                buf.append(beforeSearch);
                cursor = beforeSearchCursor;
                redraw();
                return true;
            }
            case ESCAPE -> {
                leaveSearch();
                return true;
            }
            default -> {
                leaveSearch();
                return false;
            }
        }
    }

    private void leaveSearch() {
        if (query.length() > 0) {
            lastQuery = query.toString();
        }
        searching = false;
        pastIndex = past.size();
        redraw();
    }

    /** Finds the newest line at or before {@code from} that holds the query, and shows it. */
    private void search(int from) {
        String q = query.toString();
        if (q.isEmpty()) {
            searchFailed = false;
            searchIndex = past.size();
            buf.setLength(0);
            buf.append(beforeSearch);
            cursor = beforeSearchCursor;
            redraw();
            return;
        }
        for (int i = Math.min(from, past.size() - 1); i >= 0; i--) {
            int at = past.get(i).lastIndexOf(q);
            if (at >= 0) {
                searchIndex = i;
                searchFailed = false;
                buf.setLength(0);
                buf.append(past.get(i));
                cursor = at;
                redraw();
                return;
            }
        }
        searchFailed = true;
        redraw();
    }

    // ---- drawing ----

    private String shownPrompt() {
        if (!searching) {
            return prompt;
        }
        return (searchFailed ? "(failed reverse-i-search)'" : "(reverse-i-search)'") + query + "': ";
    }

    private CharSequence visible() {
        return masked ? "" : buf;
    }

    /** Moves to the start of the prompt and draws everything again. */
    private void redraw() {
        moveTo(0, 0);
        drawAll();
    }

    /** Draws prompt and line from the start of the prompt (where the cursor must be). */
    private void drawAll() {
        out.append(shownPrompt()).append(visible());
        placeAfterDrawing(endPos());
        out.append(CSI).append('J');
        int[] p = cursorPos();
        moveTo(p[0], p[1]);
    }

    /** After drawing up to {@code p}: a full last row leaves the cursor pending; move it down. */
    private void placeAfterDrawing(int[] p) {
        if (p[1] >= columns) {
            out.append("\r\n");
            curRow = p[0] + 1;
            curCol = 0;
        } else {
            curRow = p[0];
            curCol = p[1];
        }
    }

    /** Row and column just after the last character drawn (column may equal the width). */
    private int[] endPos() {
        return layout(visible().length(), false);
    }

    /** Row and column of the cursor. */
    private int[] cursorPos() {
        return cursorPos(masked ? 0 : cursor);
    }

    private int[] cursorPos(int index) {
        return layout(index, true);
    }

    /**
     * Where the terminal puts the text up to {@code index} of the visible line, after the prompt:
     * a character that does not fit in what is left of a row starts the next one.
     *
     * @param asCursor true for the cursor's cell: on the next character's cell, never past the edge
     */
    private int[] layout(int index, boolean asCursor) {
        int row = 0;
        int col = 0;
        String p = shownPrompt();
        CharSequence v = visible();
        int total = p.length() + index;
        for (int i = 0; i < total; ) {
            CharSequence s = i < p.length() ? p : v;
            int j = i < p.length() ? i : i - p.length();
            int cp = Character.codePointAt(s, j);
            int w = DisplayWidth.of(cp);
            if (w > 0) {
                if (col + w > columns) {
                    row++;
                    col = 0;
                }
                col += w;
            }
            i += Character.charCount(cp);
        }
        if (asCursor) {
            int next = 1;
            if (index < v.length()) {
                next = Math.max(1, DisplayWidth.of(Character.codePointAt(v, index)));
            }
            if (col + next > columns) {
                row++;
                col = 0;
            }
        }
        return new int[] {row, col};
    }

    /** Moves the terminal's cursor from where it is to {@code row}, {@code col}. */
    private void moveTo(int row, int col) {
        if (row < curRow) {
            out.append(CSI).append(curRow - row).append('A');
        } else if (row > curRow) {
            out.append(CSI).append(row - curRow).append('B');
        }
        if (col != curCol || row != curRow) {
            out.append('\r');
            if (col > 0) {
                out.append(CSI).append(col).append('C');
            }
        }
        curRow = row;
        curCol = col;
    }

    // ---- clusters and words ----

    /** Index after the character cluster that starts at {@code i}. */
    private int nextBoundary(int i) {
        int n = buf.length();
        int cp = buf.codePointAt(i);
        i += Character.charCount(cp);
        boolean joined = cp == 0x200D;
        while (i < n) {
            int next = buf.codePointAt(i);
            if (joined || DisplayWidth.isZeroWidth(next) || next >= 0x1F3FB && next <= 0x1F3FF) {
                joined = next == 0x200D;
                i += Character.charCount(next);
            } else {
                break;
            }
        }
        return i;
    }

    /** Start of the cluster that ends at {@code i}. */
    private int prevBoundary(int i) {
        int b = 0;
        while (b < i) {
            int n = nextBoundary(b);
            if (n >= i) {
                return b;
            }
            b = n;
        }
        return b;
    }

    private int wordStart(int i) {
        while (i > 0 && buf.charAt(i - 1) == ' ') {
            i--;
        }
        while (i > 0 && buf.charAt(i - 1) != ' ') {
            i--;
        }
        return i;
    }

    private int wordEnd(int i) {
        int n = buf.length();
        while (i < n && buf.charAt(i) == ' ') {
            i++;
        }
        while (i < n && buf.charAt(i) != ' ') {
            i = nextBoundary(i);
        }
        return i;
    }
}
