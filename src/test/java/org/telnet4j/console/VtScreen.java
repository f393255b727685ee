package org.telnet4j.console;

import java.util.ArrayList;
import java.util.List;

/**
 * A small VT100 screen for tests: a grid of cells, a cursor with xterm's pending-wrap rule (a
 * character written in the last column leaves the cursor there until the next one wraps), wide
 * characters in two cells, combining marks joined to the cell before, scrolling at the bottom,
 * and the CSI sequences the console editor sends (A, B, C, D, H, J, K). Anything else fails the
 * test, so an editor that sends a sequence a terminal might not know is caught.
 */
final class VtScreen {
    private final int cols;
    private final int rows;
    private final List<String[]> grid = new ArrayList<>();
    private int row;
    private int col;
    private boolean pendingWrap;
    private int esc = -1; // -1 text, 0 after ESC, 1 in CSI
    private final StringBuilder params = new StringBuilder();
    private char high;

    VtScreen(int cols, int rows) {
        this.cols = cols;
        this.rows = rows;
        for (int i = 0; i < rows; i++) {
            grid.add(blank());
        }
    }

    private String[] blank() {
        String[] r = new String[cols];
        java.util.Arrays.fill(r, " ");
        return r;
    }

    VtScreen write(String s) {
        for (int i = 0; i < s.length(); i++) {
            put(s.charAt(i));
        }
        return this;
    }

    int cursorRow() {
        return row;
    }

    int cursorCol() {
        return col;
    }

    /** The rows, trailing spaces and trailing empty rows removed, joined with '\n'. */
    String text() {
        List<String> out = new ArrayList<>();
        for (String[] r : grid) {
            StringBuilder b = new StringBuilder();
            for (String c : r) {
                if (c != null) {
                    b.append(c);
                }
            }
            out.add(b.toString().replaceAll(" +$", ""));
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return String.join("\n", out);
    }

    private void put(char c) {
        if (esc == 0) {
            if (c != '[') {
                throw new AssertionError("ESC " + c + " sent");
            }
            esc = 1;
            params.setLength(0);
            return;
        }
        if (esc == 1) {
            if (c >= 0x30 && c <= 0x3F) {
                params.append(c);
                return;
            }
            esc = -1;
            csi(c);
            return;
        }
        switch (c) {
            case 0x1B -> esc = 0;
            case '\r' -> {
                col = 0;
                pendingWrap = false;
            }
            case '\n' -> {
                pendingWrap = false;
                lineFeed();
            }
            case 0x07 -> { }
            case 0x08 -> {
                pendingWrap = false;
                col = Math.max(0, col - 1);
            }
            default -> {
                if (c < 0x20) {
                    throw new AssertionError("control " + (int) c + " sent");
                }
                if (Character.isHighSurrogate(c)) {
                    high = c;
                    return;
                }
                int cp = Character.isLowSurrogate(c) ? Character.toCodePoint(high, c) : c;
                glyph(cp);
            }
        }
    }

    private void glyph(int cp) {
        String s = new String(Character.toChars(cp));
        int w = DisplayWidth.of(cp);
        if (w == 0) {
            int c = pendingWrap ? col : col - 1;
            if (c >= 0 && grid.get(row)[c] == null && c > 0) {
                c--;
            }
            if (c >= 0) {
                grid.get(row)[c] = grid.get(row)[c] + s;
            }
            return;
        }
        if (pendingWrap || col + w > cols) {
            col = 0;
            pendingWrap = false;
            lineFeed();
        }
        grid.get(row)[col] = s;
        if (w == 2) {
            grid.get(row)[col + 1] = null;
        }
        col += w;
        if (col >= cols) {
            col = cols - 1;
            pendingWrap = true;
        }
    }

    private void lineFeed() {
        if (row == rows - 1) {
            grid.remove(0);
            grid.add(blank());
        } else {
            row++;
        }
    }

    private void csi(char f) {
        String p = params.toString();
        int n = p.isEmpty() ? 1 : Integer.parseInt(p.split(";")[0]);
        pendingWrap = false;
        switch (f) {
            case 'A' -> row = Math.max(0, row - n);
            case 'B' -> row = Math.min(rows - 1, row + n);
            case 'C' -> col = Math.min(cols - 1, col + n);
            case 'D' -> col = Math.max(0, col - n);
            case 'H' -> {
                row = 0;
                col = 0;
            }
            case 'J' -> {
                int from = p.equals("2") ? 0 : row;
                if (p.equals("2")) {
                    for (int r = 0; r < rows; r++) {
                        grid.set(r, blank());
                    }
                } else {
                    clearRow(row, col);
                    for (int r = from + 1; r < rows; r++) {
                        grid.set(r, blank());
                    }
                }
            }
            case 'K' -> clearRow(row, col);
            default -> throw new AssertionError("CSI " + p + f + " sent");
        }
    }

    private void clearRow(int r, int from) {
        String[] g = grid.get(r);
        for (int c = from; c < cols; c++) {
            g[c] = " ";
        }
        if (from > 0 && g[from - 1] == null) {
            g[from - 1] = " ";
        }
    }
}
