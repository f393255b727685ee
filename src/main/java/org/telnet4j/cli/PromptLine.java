package org.telnet4j.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The server's unfinished last line (its prompt) as a terminal would show it on one row, split
 * into what the line editor can draw as its prompt and what only the terminal understands.
 *
 * <p>The editor redraws its prompt itself, so it needs printable text and colours (SGR, {@code
 * ESC [ ... m}) only. The line is therefore played onto one row: CR returns to column 0, BS
 * steps back, {@code ESC [ K} (erase to the end of the line) cuts the row at the cursor, and
 * later text overwrites earlier text, as on a terminal. Every other escape sequence (private
 * modes such as bracketed paste {@code ESC [ ? 2004 h}, keypad mode, window titles) changes the
 * terminal rather than the row: those are handed back to be written to the terminal as they are,
 * so nothing the server sends is lost or shown as text.
 *
 * <p>Free of I/O; {@link #of} is a pure function of the text.
 */
final class PromptLine {
    private static final char ESC = '\u001b';
    /** Longest escape sequence taken as one; a longer one is cut there (a peer could send MBs). */
    private static final int MAX_SEQUENCE = 256;

    /** Printable text and SGR sequences, for the editor's prompt. */
    final String prompt;
    /** Escape sequences for the terminal, in the order received. */
    final String controls;

    private PromptLine(String prompt, String controls) {
        this.prompt = prompt;
        this.controls = controls;
    }

    /** Plays {@code text} (no LF in it) onto one row. */
    static PromptLine of(String text) {
        List<String> cells = new ArrayList<>(); // one printable character each, with the SGR before it
        StringBuilder sgr = new StringBuilder(); // SGR waiting for the next character
        StringBuilder controls = new StringBuilder();
        int col = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == ESC) {
                int end = sequenceEnd(text, i);
                if (end < 0) {
                    break; // the rest of the sequence has not arrived yet: taken when it has
                }
                String seq = text.substring(i, end);
                char last = seq.charAt(seq.length() - 1);
                boolean csi = seq.length() >= 3 && seq.charAt(1) == '[';
                boolean privateCsi = csi && seq.charAt(2) >= '<' && seq.charAt(2) <= '?';
                if (csi && !privateCsi && last == 'm') {
                    sgr.append(seq);
                } else if (csi && !privateCsi && last == 'K') {
                    String arg = seq.substring(2, seq.length() - 1);
                    if (arg.isEmpty() || arg.equals("0")) { // to the end of the row
                        truncate(cells, col);
                    } else if (arg.equals("2")) { // the whole row (text after the cursor is padded)
                        truncate(cells, 0);
                    } else if (arg.equals("1")) { // up to and including the cursor
                        for (int k = 0; k <= col && k < cells.size(); k++) {
                            cells.set(k, " ");
                        }
                    }
                } else if (csi && !privateCsi && last == 'G') { // cursor to column N (1-based)
                    col = Math.max(0, parseOr(seq.substring(2, seq.length() - 1), 1) - 1);
                } else {
                    controls.append(seq);
                }
                i = end;
                continue;
            }
            i++;
            if (c == '\r') {
                col = 0;
            } else if (c == '\b') {
                col = Math.max(0, col - 1);
            } else if (c == '\t') {
                int to = (col / 8 + 1) * 8;
                while (col < to) {
                    put(cells, col++, sgr, ' ');
                }
            } else if (c >= ' ' && c != '\u007f') {
                put(cells, col++, sgr, c);
            } else if (c == '\u0007') {
                controls.append(c); // the bell rings on the terminal
            }
            // other C0 controls (NUL, ...) show nothing on a terminal
        }
        StringBuilder prompt = new StringBuilder();
        for (String cell : cells) {
            prompt.append(cell);
        }
        prompt.append(sgr); // e.g. a reset after the last character: it styles what is typed next
        return new PromptLine(prompt.toString(), controls.toString());
    }

    private static void put(List<String> cells, int col, StringBuilder sgr, char c) {
        while (cells.size() < col) {
            cells.add(" ");
        }
        String cell = sgr.length() == 0 ? String.valueOf(c) : sgr.toString() + c;
        sgr.setLength(0);
        if (col == cells.size()) {
            cells.add(cell);
        } else {
            cells.set(col, cell);
        }
    }

    private static void truncate(List<String> cells, int col) {
        while (cells.size() > col) {
            cells.remove(cells.size() - 1);
        }
    }

    private static int parseOr(String s, int otherwise) {
        try {
            return s.isEmpty() ? otherwise : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /**
     * The end of the escape sequence at {@code start} (ECMA-48): CSI up to its final byte
     * (0x40-0x7E), OSC up to BEL or ST, otherwise ESC and one more character; -1 if the text
     * ends before the sequence does. A sequence longer than {@value #MAX_SEQUENCE} ends there.
     */
    static int sequenceEnd(String s, int start) {
        int n = s.length();
        int limit = Math.min(n, start + MAX_SEQUENCE);
        int incomplete = limit == n ? -1 : limit;
        if (start + 1 >= n) {
            return -1;
        }
        char kind = s.charAt(start + 1);
        if (kind == '[') {
            for (int i = start + 2; i < limit; i++) {
                char c = s.charAt(i);
                if (c >= 0x40 && c <= 0x7e) {
                    return i + 1;
                }
            }
            return incomplete;
        }
        if (kind == ']' || kind == 'P' || kind == '_' || kind == '^') { // OSC, DCS, APC, PM: strings
            for (int i = start + 2; i < limit; i++) {
                char c = s.charAt(i);
                if (c == '\u0007') {
                    return i + 1;
                }
                if (c == ESC && i + 1 < n && s.charAt(i + 1) == '\\') {
                    return i + 2;
                }
            }
            return incomplete;
        }
        if (kind == '(' || kind == ')' || kind == '#' || kind == '%') { // designations: one more byte
            return start + 3 <= n ? start + 3 : -1;
        }
        return start + 2;
    }
}
