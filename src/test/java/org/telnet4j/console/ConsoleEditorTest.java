package org.telnet4j.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.telnet4j.charset.StreamDecoder;

/**
 * Golden transcripts for the console editor: the bytes a terminal sends go in (UTF-8, as the
 * session decodes them), the editor's output is applied to a VT100 screen model, and the screen
 * and the line entered must be as written here. Each case runs with the input whole and split
 * in two at every byte boundary.
 */
class ConsoleEditorTest {
    private static final String UP = "\033[A";
    private static final String DOWN = "\033[B";
    private static final String RIGHT = "\033[C";
    private static final String LEFT = "\033[D";
    private static final List<String> COMMANDS = List.of("help", "history", "halt", "quit");

    /** One transcript: window width, history, input, then the screen and the lines entered. */
    record Case(String name, int cols, List<String> past, String input, String screen, List<String> lines) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("insert in the middle", 40, List.of(), "abc" + LEFT + LEFT + "X\r", "> aXbc", List.of("aXbc")));
        for (String home : List.of("\033[H", "\033OH", "\033[1~", "\033[7~", "\001")) {
            c.add(new Case("home " + printable(home), 40, List.of(), "world" + home + "hello \r",
                "> hello world", List.of("hello world")));
        }
        for (String end : List.of("\033[F", "\033OF", "\033[4~", "\033[8~", "\005")) {
            c.add(new Case("end " + printable(end), 40, List.of(), "ac\001" + end + "d\r", "> acd", List.of("acd")));
        }
        c.add(new Case("ss3 arrows (application cursor keys)", 40, List.of(), "ac\033OD" + "b\033OC!\r", "> abc!", List.of("abc!")));
        c.add(new Case("delete under the cursor", 40, List.of(), "abc\001\033[3~\r", "> bc", List.of("bc")));
        c.add(new Case("ctrl-d deletes under the cursor", 40, List.of(), "abc\001\004\r", "> bc", List.of("bc")));
        c.add(new Case("ctrl-k", 40, List.of(), "hello world\001" + RIGHT + RIGHT + "\013\r", "> he", List.of("he")));
        c.add(new Case("ctrl-u", 40, List.of(), "hello world" + LEFT + LEFT + "\025\r", "> ld", List.of("ld")));
        c.add(new Case("ctrl-w", 40, List.of(), "hello big world\027\r", "> hello big", List.of("hello big ")));
        c.add(new Case("ctrl-y yanks", 40, List.of(), "abc\025\031\031\r", "> abcabc", List.of("abcabc")));
        c.add(new Case("backspace both kinds", 40, List.of(), "abcd\177\010\r", "> ab", List.of("ab")));
        c.add(new Case("ctrl-left word", 40, List.of(), "one two\033[1;5D>\r", "> one >two", List.of("one >two")));
        c.add(new Case("alt-b word", 40, List.of(), "one two\033b>\r", "> one >two", List.of("one >two")));
        c.add(new Case("ignored keys", 40, List.of(), "a\033[2~\033[[A\033[5~\033[15~\033OPb\r", "> ab", List.of("ab")));
        c.add(new Case("overlong sequence dropped whole", 40, List.of(), "a\033[" + "1;".repeat(30) + "Cb\r", "> ab", List.of("ab")));
        c.add(new Case("history up", 40, List.of("one", "two"), UP + UP + "\r", "> one", List.of("one")));
        c.add(new Case("history up down", 40, List.of("one", "two"), UP + UP + DOWN + "\r", "> two", List.of("two")));
        c.add(new Case("history keeps the typed line", 40, List.of("one"), "x" + UP + DOWN + "!\r", "> x!", List.of("x!")));
        c.add(new Case("history then edit", 40, List.of("ls -l"), "\020\001#\r", "> #ls -l", List.of("#ls -l")));
        List<String> past = List.of("make test", "git status", "make clean");
        c.add(new Case("ctrl-r", 40, past, "\022make\r", "> make clean", List.of("make clean")));
        c.add(new Case("ctrl-r twice", 40, past, "\022make\022\r", "> make test", List.of("make test")));
        c.add(new Case("ctrl-r then edit", 40, past, "\022git\005!\r", "> git status!", List.of("git status!")));
        c.add(new Case("ctrl-r cancelled", 40, past, "xy\022git\007\r", "> xy", List.of("xy")));
        c.add(new Case("ctrl-r shown", 40, past, "\022sta", "(reverse-i-search)'sta': git status", List.of()));
        c.add(new Case("ctrl-r fails", 40, past, "\022zz", "(failed reverse-i-search)'zz':", List.of()));
        c.add(new Case("tab one match", 40, List.of(), "q\t\r", "> quit", List.of("quit ")));
        c.add(new Case("tab common prefix", 40, List.of(), "hi\t\r", "> history", List.of("history ")));
        c.add(new Case("tab lists", 40, List.of(), "h\t", "> h\nhelp     history  halt\n> h", List.of()));
        c.add(new Case("tab in the middle", 40, List.of(), "qu 1\001" + RIGHT + RIGHT + "\t\r", "> quit 1", List.of("quit 1")));
        c.add(new Case("wide characters", 40, List.of(), "日本語\r", "> 日本語", List.of("日本語")));
        c.add(new Case("wide backspace", 40, List.of(), "日本\177\r", "> 日", List.of("日")));
        c.add(new Case("wide insert", 40, List.of(), "日本" + LEFT + "x\r", "> 日x本", List.of("日x本")));
        c.add(new Case("wide insert pushes one to the next row", 9, List.of(), "日本語" + LEFT + LEFT + LEFT + "xy", "> xy日本\n語", List.of()));
        c.add(new Case("wide wraps whole", 9, List.of(), "日本語日本", "> 日本語\n日本", List.of()));
        c.add(new Case("wide insert wraps", 9, List.of(), "日本語" + LEFT + LEFT + LEFT + "x", "> x日本語", List.of()));
        c.add(new Case("combining kept whole", 40, List.of(), "e\u0301a" + LEFT + LEFT + "X\r", "> Xe\u0301a", List.of("Xe\u0301a")));
        c.add(new Case("combining backspace", 40, List.of(), "ae\u0301\177\r", "> a", List.of("a")));
        c.add(new Case("emoji", 40, List.of(), "a\uD83D\uDE00b" + LEFT + LEFT + "\177\r", "> \uD83D\uDE00b", List.of("\uD83D\uDE00b")));
        c.add(new Case("long line wraps", 10, List.of(), "abcdefghijklmnop", "> abcdefgh\nijklmnop", List.of()));
        c.add(new Case("long line insert at start", 10, List.of(), "abcdefghijklmnop\001X", "> Xabcdefg\nhijklmnop", List.of()));
        c.add(new Case("long line delete", 10, List.of(), "abcdefghijklmnop\001\033[3~\033[3~", "> cdefghij\nklmnop", List.of()));
        c.add(new Case("exactly full row", 10, List.of(), "abcdefgh\r", "> abcdefgh", List.of("abcdefgh")));
        c.add(new Case("exactly full then edit", 10, List.of(), "abcdefgh" + LEFT + "\177", "> abcdefh", List.of()));
        c.add(new Case("long line enter", 10, List.of(), "abcdefghijkl\001\rz", "> abcdefgh\nijkl\n> z", List.of("abcdefghijkl")));
        c.add(new Case("ctrl-c", 40, List.of(), "abc\003d\r", "> abc^C\n> d", List.of("d")));
        c.add(new Case("escape then a key", 40, List.of(), "a\033xb\r", "> axb", List.of("axb")));
        c.add(new Case("cr lf is one enter", 40, List.of(), "a\r\nb\r\000c\n", "> a\n> b\n> c\n>", List.of("a", "b", "c")));
        c.add(new Case("type-ahead after enter", 40, List.of(), "one\rtwo\r", "> one\n> two\n>", List.of("one", "two")));
        return c.stream().map(Arguments::of);
    }

    private static String printable(String s) {
        return s.replace("\033", "ESC").replace("\001", "^A").replace("\005", "^E");
    }

    /** Runs the editor: prompt "> ", restarting after each line, on a screen of cols x 10. */
    private static final class Run implements ConsoleEditor.Listener {
        final ConsoleEditor ed;
        final VtScreen screen;
        final List<String> lines = new ArrayList<>();
        final StreamDecoder dec = new StreamDecoder(StandardCharsets.UTF_8);
        final StreamDecoder.Scratch scratch = new StreamDecoder.Scratch();
        int tooLong;
        boolean eof;

        Run(int cols, List<String> past) {
            ed = new ConsoleEditor(this, 30, 100);
            ed.setColumns(cols);
            History h = History.inMemory(100);
            past.forEach(h::add);
            ed.setHistory(h);
            ed.setCompleter((line, cursor) -> {
                String word = line.substring(line.lastIndexOf(' ', cursor - 1) + 1, cursor);
                return COMMANDS.stream().filter(w -> w.startsWith(word)).toList();
            });
            screen = new VtScreen(cols, 10);
            ed.start("> ", false);
            drain();
        }

        void bytes(byte[] b, int off, int len) {
            dec.decode(b, off, len, scratch, ed::feed);
            drain();
        }

        void drain() {
            screen.write(ed.takeOutput());
        }

        @Override
        public void onLine(String line) {
            lines.add(line);
            ed.start("> ", false);
        }

        @Override
        public void onEof() {
            eof = true;
        }

        @Override
        public void onLineTooLong(int max) {
            tooLong++;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void transcript(Case c) {
        byte[] in = c.input().getBytes(StandardCharsets.UTF_8);
        // After a last Enter the next prompt is drawn on the row below.
        boolean enterLast = c.input().endsWith("\r") || c.input().endsWith("\n");
        String expected = enterLast && !c.screen().endsWith("\n>") ? c.screen() + "\n>" : c.screen();
        Run whole = new Run(c.cols(), c.past());
        whole.bytes(in, 0, in.length);
        assertEquals(expected, whole.screen.text(), "screen, input whole");
        assertEquals(c.lines(), whole.lines, "lines, input whole");
        for (int k = 1; k < in.length; k++) {
            Run split = new Run(c.cols(), c.past());
            split.bytes(in, 0, k);
            split.bytes(in, k, in.length - k);
            assertEquals(expected, split.screen.text(), "screen, input split at byte " + k);
            assertEquals(c.lines(), split.lines, "lines, input split at byte " + k);
            assertEquals(whole.screen.cursorCol(), split.screen.cursorCol(), "cursor, split at " + k);
        }
    }

    @Test
    void cursorSitsWhereTheEditIs() {
        Run r = new Run(10, List.of());
        r.bytes("abcdefghijklmnop\001X".getBytes(StandardCharsets.UTF_8), 0, 18);
        assertEquals(0, r.screen.cursorRow());
        assertEquals(3, r.screen.cursorCol());
        r.bytes("\005".getBytes(StandardCharsets.UTF_8), 0, 1);
        assertEquals(1, r.screen.cursorRow());
        assertEquals(9, r.screen.cursorCol());
    }

    @Test
    void outputWhileTypingAppearsAboveTheLine() {
        Run r = new Run(20, List.of());
        r.bytes("abc".getBytes(StandardCharsets.UTF_8), 0, 3);
        r.ed.print("news\nmore news");
        r.drain();
        r.bytes(LEFT.getBytes(StandardCharsets.UTF_8), 0, 3);
        r.bytes("X\r".getBytes(StandardCharsets.UTF_8), 0, 2);
        assertEquals("news\nmore news\n> abXc\n>", r.screen.text());
        assertEquals(List.of("abXc"), r.lines);
    }

    @Test
    void aForeignLineBelowGetsTheLineDrawnAgain() {
        Run r = new Run(20, List.of());
        r.bytes("abc".getBytes(StandardCharsets.UTF_8), 0, 3);
        r.screen.write("\r\n[Yes]\r\n"); // what the session sends for AYT
        r.ed.redrawOnFreshRow();
        r.drain();
        assertEquals("> abc\n[Yes]\n> abc", r.screen.text());
        r.bytes("\177d\r".getBytes(StandardCharsets.UTF_8), 0, 3);
        assertEquals(List.of("abd"), r.lines);
    }

    @Test
    void loneEscapeIsFlushedNotSwallowed() {
        Run r = new Run(20, List.of());
        r.bytes("ab\033".getBytes(StandardCharsets.UTF_8), 0, 3);
        assertTrue(r.ed.hasPendingEscape());
        r.ed.flushEscape();
        assertFalse(r.ed.hasPendingEscape());
        r.bytes("c\r".getBytes(StandardCharsets.UTF_8), 0, 2);
        assertEquals(List.of("abc"), r.lines);
    }

    @Test
    void escapeLeavesSearchWithTheMatch() {
        Run r = new Run(40, List.of("git status"));
        r.bytes("\022git".getBytes(StandardCharsets.UTF_8), 0, 4);
        r.bytes("\033".getBytes(StandardCharsets.UTF_8), 0, 1);
        r.ed.flushEscape();
        r.drain();
        assertEquals("> git status", r.screen.text());
    }

    @Test
    void passwordIsNotShownNorRemembered() {
        Run r = new Run(40, List.of());
        r.lines.clear();
        r.ed.takeOutput();
        r.ed.start("Password: ", true);
        r.drain();
        r.bytes("secrex\177t\r".getBytes(StandardCharsets.UTF_8), 0, 9);
        assertEquals(List.of("secret"), r.lines);
        assertFalse(r.screen.text().contains("secr"), r.screen.text());
        assertTrue(r.ed.history().lines().isEmpty());
    }

    @Test
    void tooLongLineRingsAndReportsOnce() {
        Run r = new Run(80, List.of());
        String s = "x".repeat(40) + "\r";
        r.bytes(s.getBytes(StandardCharsets.UTF_8), 0, s.length());
        assertEquals(List.of("x".repeat(30)), r.lines);
        assertEquals(1, r.tooLong);
    }

    @Test
    void ctrlDOnAnEmptyLineIsEndOfInput() {
        Run r = new Run(40, List.of());
        r.bytes(new byte[] {4}, 0, 1);
        assertTrue(r.eof);
        assertFalse(r.ed.isReading());
    }

    @Test
    void typeaheadIsBounded() {
        ConsoleEditor ed = new ConsoleEditor(new ConsoleEditor.Listener() {
            @Override
            public void onLine(String line) {
            }

            @Override
            public void onEof() {
            }
        }, 30, 10);
        ed.feed("x".repeat(9));
        assertFalse(ed.typeaheadFull());
        ed.feed("x");
        assertTrue(ed.typeaheadFull());
    }

    @Test
    void aSharedHistoryIsSeenByOtherSessions() {
        History shared = History.inMemory(10);
        Run a = new Run(40, List.of());
        Run b = new Run(40, List.of());
        a.ed.setHistory(shared);
        b.ed.setHistory(shared);
        a.bytes("from a\r".getBytes(StandardCharsets.UTF_8), 0, 7);
        b.bytes((UP + "!\r").getBytes(StandardCharsets.UTF_8), 0, 5);
        assertEquals(List.of("from a!"), b.lines);
        assertEquals(List.of("from a", "from a!"), shared.lines());
    }

    @Test
    void historySkipsBlankAndRepeatedLines() {
        Run r = new Run(40, List.of());
        String s = "a\r\r  \ra\rb\r";
        r.bytes(s.getBytes(StandardCharsets.UTF_8), 0, s.length());
        assertEquals(List.of("a", "b"), r.ed.history().lines());
    }

}
